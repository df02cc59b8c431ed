"""The onboarding dialog and profile edits: what each answer may be, what comes next, what is
stored when. No Telegram here: handlers pass answers in and render the step that comes out.

Nothing is stored in the users table before she agrees to the privacy notice: until then her
language lives only in the dialog memory, and declining erases that too. After consent every
answer is saved as soon as it is given, so nothing is lost if she stops half way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any

from bot.clock import Clock, to_db
from bot.delivery.outbox import Notification, Outbox
from bot.geo import ABROAD, CAPITAL, Geography
from bot.profile import AGE_GROUPS, GOALS, INTERESTS, LEVELS, MINOR_AGE_GROUPS, STATUSES, UNDER_13
from bot.services.privacy import PrivacyService
from bot.services.users import PARTICIPANT
from bot.settings import LANGUAGES
from storage import Database
from storage.models import UserRow


class Step(StrEnum):
    language = "language"
    consent = "consent"
    name = "name"
    age = "age"
    guardian = "guardian"
    region = "region"
    city = "city"
    city_text = "city_text"
    status = "status"
    interests = "interests"
    level = "level"
    goal = "goal"


class Mode(StrEnum):
    onboarding = "onboarding"
    settings = "settings"


# answers given with buttons
YES, NO, OTHER, DONE, TG_NAME = "yes", "no", "other", "done", "tg"
TEXT_STEPS = frozenset({Step.name, Step.city_text})
SETTINGS_FIELDS = (Step.language, Step.name, Step.age, Step.region, Step.status, Step.interests,
                   Step.level)

REMINDER_AFTER = timedelta(hours=24)
REMINDER_UNTIL = timedelta(days=7)

NAME_MIN, NAME_MAX = 2, 50
CITY_MIN, CITY_MAX = 2, 60
LINK_RE = re.compile(
    r"(https?://|www\.|t\.me/|telegram\.(me|dog)|@\w|\b[\w-]+\.(com|ru|tj|org|net|me|io|uz)\b)",
    re.IGNORECASE,
)


def reminder_key(user_id: int) -> str:
    return f"onboarding:{user_id}:reminder"


@dataclass(frozen=True)
class Outcome:
    """What the handler shows next."""

    step: Step | None = None  # the question to ask next; None: the dialog is over
    hint: str | None = None  # wrong answer: this hint, then the same question again
    farewell: str | None = None  # the dialog ended and nothing about her is kept
    notice: str | None = None  # a short note shown with the next screen
    memory: dict[str, Any] = field(default_factory=dict)  # dialog memory to merge
    user: UserRow | None = None


SOURCE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


def clean_source(raw: object) -> str:
    """The source tag of the link she came through, if it is a well-formed one."""
    return raw if isinstance(raw, str) and SOURCE_RE.match(raw) else ""


def check_text(raw: str | None, *, kind: str, low: int, high: int, extra: str = "") -> (
    tuple[str | None, str | None]
):
    """(clean text, None) or (None, hint key) for a typed name or city."""
    if raw is None:
        return None, f"{kind}-text-only"
    text = " ".join(raw.split())
    if LINK_RE.search(text):
        return None, f"{kind}-no-links"
    if len(text) > high:
        return None, f"{kind}-too-long"
    if any(ch.isdigit() for ch in text):
        return None, f"{kind}-no-digits"
    if len(text) < low:
        return None, f"{kind}-too-short"
    if not all(ch.isalpha() or ch in " -'’." + extra for ch in text) or not any(
        ch.isalpha() for ch in text
    ):
        return None, f"{kind}-letters-only"
    return text, None


def check_name(raw: str | None) -> tuple[str | None, str | None]:
    return check_text(raw, kind="name", low=NAME_MIN, high=NAME_MAX)


def check_city(raw: str | None) -> tuple[str | None, str | None]:
    return check_text(raw, kind="city", low=CITY_MIN, high=CITY_MAX, extra=",()")


class OnboardingService:
    def __init__(self, db: Database, clock: Clock, privacy: PrivacyService,
                 geo: Geography, outbox: Outbox) -> None:
        self.db = db
        self.clock = clock
        self.privacy = privacy
        self.geo = geo
        self.outbox = outbox

    async def get(self, user_id: int) -> UserRow | None:
        async with self.db.read() as tx:
            return await tx.users.get(user_id)

    # --- where she is ------------------------------------------------------------------
    async def resume(self, user_id: int, memory: dict[str, Any]) -> Step | None:
        """The step to ask when she comes back without a dialog in progress."""
        user = await self.get(user_id)
        if user is None:
            return Step.consent if memory.get("language") in LANGUAGES else Step.language
        return self.first_missing(user)

    def first_missing(self, user: UserRow) -> Step | None:
        if user.onboarded:
            return None
        if not user.language:  # a coordinator's row exists from her first message
            return Step.language
        if user.consent_at is None:
            return Step.consent
        if not user.name:
            return Step.name
        if not user.age_group:
            return Step.age
        if user.age_group in MINOR_AGE_GROUPS and user.guardian_consent_at is None:
            return Step.guardian
        if not user.region:
            return Step.region
        if not user.city and user.region != CAPITAL:
            return Step.city_text if user.region == ABROAD else Step.city
        if not user.status:
            return Step.status
        if not user.interests:
            return Step.interests
        if not user.level:
            return Step.level
        return Step.goal

    def back(self, step: Step, user: UserRow | None, mode: Mode) -> Step | None:
        """The step before this one; None in settings mode means the settings screen."""
        region = user.region if user else None
        if step == Step.city_text:
            return Step.region if region == ABROAD else Step.city
        if step == Step.city:
            return Step.region
        if step == Step.guardian:
            return Step.age
        if mode == Mode.settings:
            return None
        previous = {
            Step.consent: Step.language,
            Step.name: Step.consent,
            Step.age: Step.name,
            Step.level: Step.interests,
            Step.interests: Step.status,
            Step.goal: Step.level,
        }
        if step in previous:
            return previous[step]
        if step == Step.region:
            return Step.age
        if step == Step.status:
            if region == CAPITAL:
                return Step.region
            if region == ABROAD or (user and user.city and self._typed_city(user)):
                return Step.city_text
            return Step.city
        return None  # the first step has nothing before it

    def _typed_city(self, user: UserRow) -> bool:
        region = self.geo.region(user.region)
        return region is None or region.city(user.city or "") is None

    # --- answers -----------------------------------------------------------------------
    async def answer(self, user_id: int, step: Step, value: str | None, *, mode: Mode,
                     memory: dict[str, Any], tg_first_name: str | None = None) -> Outcome:
        """Apply one answer. Unknown or forged values get a hint, never an exception."""
        handler = getattr(self, f"_answer_{step.value}")
        outcome: Outcome = await handler(user_id, value, mode, memory, tg_first_name)
        if outcome.user is None and outcome.farewell is None:
            # the next screen may depend on her profile (her region's cities, her interests)
            outcome = replace(outcome, user=await self.get(user_id))
        return outcome

    async def _next(self, user_id: int, mode: Mode, after: Step | None = None,
                    **kw: Any) -> Outcome:
        """Onboarding goes on to the first unanswered step; settings to `after` or back to
        the settings screen, saying the change was saved."""
        user = await self.get(user_id)
        if mode == Mode.settings:
            if after is None:
                kw.setdefault("notice", "settings-saved")
            return Outcome(step=after, user=user, **kw)
        return Outcome(step=self.first_missing(user) if user else Step.language, user=user, **kw)

    async def _answer_language(self, user_id: int, value: str | None, mode: Mode,
                               memory: dict[str, Any], _: str | None) -> Outcome:
        if value not in LANGUAGES:
            return Outcome(step=Step.language, hint="hint-use-buttons")
        async with self.db.transaction() as tx:
            exists = await tx.users.get(user_id) is not None
            if exists:
                await tx.users.update_fields(user_id, language=value)
        if not exists:
            return Outcome(step=Step.consent, memory={"language": value})
        user = await self.get(user_id)
        if mode == Mode.settings or (user and user.onboarded):
            return Outcome(step=None, user=user, notice="settings-saved")
        return await self._next(user_id, mode)

    async def _answer_consent(self, user_id: int, value: str | None, mode: Mode,
                              memory: dict[str, Any], _: str | None) -> Outcome:
        if value == NO:
            await self.privacy.erase(user_id)
            return Outcome(farewell="consent-declined")
        if value != YES:
            return Outcome(step=Step.consent, hint="hint-use-buttons")
        language = memory.get("language")
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is not None and user.consent_at is None:
                await tx.users.update_fields(user_id, consent_at=to_db(self.clock.now()))
            if user is None:
                now = self.clock.now()
                stamp = to_db(now)
                await tx.users.create(user_id, stamp,
                                      language if language in LANGUAGES else None)
                await tx.users.update_fields(user_id, consent_at=stamp,
                                             source=clean_source(memory.get("source")))
                # one gentle reminder if she stops half way; cancelled when she finishes
                await self.outbox.enqueue(tx, Notification(
                    user_id=user_id, kind="onboarding.reminder", template="onboarding-reminder",
                    due_at=now + REMINDER_AFTER, expires_at=now + REMINDER_UNTIL,
                    dedup_key=reminder_key(user_id), priority=8))
        return await self._next(user_id, mode)

    async def _answer_name(self, user_id: int, value: str | None, mode: Mode,
                           memory: dict[str, Any], tg_first_name: str | None) -> Outcome:
        if value == TG_NAME:
            value = tg_first_name
        name, hint = check_name(value)
        if name is None:
            return Outcome(step=Step.name, hint=hint)
        await self._save(user_id, name=name)
        return await self._next(user_id, mode)

    async def _answer_age(self, user_id: int, value: str | None, mode: Mode,
                          memory: dict[str, Any], _: str | None) -> Outcome:
        if value == UNDER_13 and mode == Mode.onboarding:
            await self.privacy.erase(user_id)
            return Outcome(farewell="age-too-young")
        if value not in AGE_GROUPS:
            return Outcome(step=Step.age, hint="hint-use-buttons")
        user = await self.get(user_id)
        if value in MINOR_AGE_GROUPS and (user is None or user.guardian_consent_at is None):
            # the age group is kept only once a parent or guardian agrees
            return Outcome(step=Step.guardian, memory={"pending_age": value}, user=user)
        await self._save(user_id, age_group=value)
        return await self._next(user_id, mode)

    async def _answer_guardian(self, user_id: int, value: str | None, mode: Mode,
                               memory: dict[str, Any], _: str | None) -> Outcome:
        pending = memory.get("pending_age")
        if pending not in MINOR_AGE_GROUPS:
            return await self._next(user_id, mode, after=Step.age)
        if value == NO:
            if mode == Mode.onboarding:
                await self.privacy.erase(user_id)
                return Outcome(farewell="guardian-declined")
            return await self._next(user_id, mode, notice="age-not-changed",
                                    memory={"pending_age": None})
        if value != YES:
            return Outcome(step=Step.guardian, hint="hint-use-buttons")
        await self._save(user_id, age_group=pending,
                         guardian_consent_at=to_db(self.clock.now()))
        return await self._next(user_id, mode, memory={"pending_age": None})

    async def _answer_region(self, user_id: int, value: str | None, mode: Mode,
                             memory: dict[str, Any], _: str | None) -> Outcome:
        region = self.geo.region(value)
        if region is None:
            return Outcome(step=Step.region, hint="hint-use-buttons")
        city = region.cities[0].code if region.code == CAPITAL else None
        await self._save(user_id, region=region.code, city=city)
        if region.code == CAPITAL:
            return await self._next(user_id, mode)
        return await self._next(user_id, mode,
                                after=Step.city_text if region.code == ABROAD else Step.city)

    async def _answer_city(self, user_id: int, value: str | None, mode: Mode,
                           memory: dict[str, Any], _: str | None) -> Outcome:
        user = await self.get(user_id)
        region = self.geo.region(user.region if user else None)
        if region is None:
            return Outcome(step=Step.region, user=user)
        if value == OTHER:
            return Outcome(step=Step.city_text, user=user)
        if region.city(value or "") is None:
            return Outcome(step=Step.city, hint="hint-use-buttons", user=user)
        await self._save(user_id, city=value)
        return await self._next(user_id, mode)

    async def _answer_city_text(self, user_id: int, value: str | None, mode: Mode,
                                memory: dict[str, Any], _: str | None) -> Outcome:
        city, hint = check_city(value)
        if city is None:
            return Outcome(step=Step.city_text, hint=hint)
        await self._save(user_id, city=city)
        return await self._next(user_id, mode)

    async def _answer_status(self, user_id: int, value: str | None, mode: Mode,
                             memory: dict[str, Any], _: str | None) -> Outcome:
        if value not in STATUSES:
            return Outcome(step=Step.status, hint="hint-use-buttons")
        await self._save(user_id, status=value)
        return await self._next(user_id, mode)

    async def _answer_interests(self, user_id: int, value: str | None, mode: Mode,
                                memory: dict[str, Any], _: str | None) -> Outcome:
        user = await self.get(user_id)
        chosen = set(user.interests) if user else set()
        if value == DONE:
            if not chosen:
                return Outcome(step=Step.interests, hint="interests-pick-one", user=user)
            return await self._next(user_id, mode)
        if value not in INTERESTS:
            return Outcome(step=Step.interests, hint="hint-use-buttons", user=user)
        chosen ^= {value}
        async with self.db.transaction() as tx:
            if await tx.users.get(user_id) is not None:
                await tx.users.set_interests(user_id, chosen)
        return Outcome(step=Step.interests, user=await self.get(user_id))

    async def _answer_level(self, user_id: int, value: str | None, mode: Mode,
                            memory: dict[str, Any], _: str | None) -> Outcome:
        if value not in LEVELS:
            return Outcome(step=Step.level, hint="hint-use-buttons")
        await self._save(user_id, level=value)
        return await self._next(user_id, mode)

    async def _answer_goal(self, user_id: int, value: str | None, mode: Mode,
                           memory: dict[str, Any], _: str | None) -> Outcome:
        if value not in GOALS:
            return Outcome(step=Step.goal, hint="hint-use-buttons")
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None:
                return Outcome(step=Step.language)
            stamp = to_db(self.clock.now())
            await tx.users.update_fields(user_id, wants=value)
            if user.onboarded_at is None and self.first_missing(user) == Step.goal:
                await tx.users.update_fields(user_id, onboarded_at=stamp)
                await tx.users.add_role(user_id, PARTICIPANT, stamp)
                await self.outbox.cancel(tx, reminder_key(user_id))
        notice = "onboarding-done-mentor" if value == "mentor" else "onboarding-done"
        return await self._next(user_id, mode, notice=notice)

    async def _save(self, user_id: int, **fields: Any) -> None:
        async with self.db.transaction() as tx:
            if await tx.users.get(user_id) is not None:
                await tx.users.update_fields(user_id, **fields)
