"""Mentorship: applications and their vetting, requests, automatic matching with offers that
time out, hand-off to coordinators, and manual matches. Every rule in one short transaction;
everything anyone is told goes through the outbox in that transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.clock import Clock, from_db, to_db
from bot.delivery.outbox import Button, Notification, Outbox
from bot.profile import INTERESTS, label_key
from bot.services.matching import MentorInfo, Need, rank
from bot.services.mentoring import MentoringService
from bot.services.onboarding import LINK_RE
from bot.services.users import COORDINATOR, MENTOR
from bot.settings import LANGUAGES
from keyboards.callbacks import (
    AppAction,
    AppCb,
    MshipAction,
    MshipCb,
    OfferAction,
    OfferCb,
    RelayAction,
    RelayCb,
)
from storage import Database, Tx
from storage.mentors import MentorRow, RequestRow

MAX_TRIES = 3
FORMATS = ("online", "offline", "both")
REGIONS = ("TJ-DU", "TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA")
GOAL_MAX = 500
BIO_MIN, BIO_MAX = 10, 500


class Outcome(StrEnum):
    ok = "ok"
    invalid = "invalid"
    forbidden = "forbidden"
    already = "already"  # decided, matched or answered before
    gone = "gone"  # expired, withdrawn or no longer there
    full = "full"  # the mentor has no free place


@dataclass(frozen=True)
class Application:
    expertise: list[str]
    languages: list[str]
    format: str
    region: str | None
    bio: str
    workplace: str
    capacity: int


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    hint: str | None = None
    copies: list[tuple[int, int]] = field(default_factory=list)  # coordinator messages
    by: int | None = None
    request: RequestRow | None = None


def app_prefix(mentor_id: int) -> str:
    return f"mentor:app:{mentor_id}:"


def offer_prefix(offer_id: int) -> str:
    return f"mentor:offer:{offer_id}:"


def keys(kind: str, codes: list[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """Labels rendered in the reader's language at send time."""
    return {"$keys": [label_key(kind, c) for c in codes]}


class MentorshipService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, mentoring: MentoringService,
                 *, offer_hours: float = 48) -> None:
        self.db = db
        self.mentoring = mentoring
        self.clock = clock
        self.outbox = outbox
        self.offer_window = timedelta(hours=offer_hours)

    # --- applications -------------------------------------------------------------------
    def check_application(self, a: Application) -> str | None:
        if not a.expertise or not set(a.expertise) <= set(INTERESTS):
            return "mentor-pick-topic"
        if not a.languages or not set(a.languages) <= set(LANGUAGES):
            return "mentor-pick-language"
        if a.format not in FORMATS:
            return "hint-use-buttons"
        if a.format != "online" and a.region not in REGIONS:
            return "hint-use-buttons"
        if not 1 <= a.capacity <= 5:
            return "hint-use-buttons"
        if not 2 <= len(a.workplace) <= 100 or LINK_RE.search(a.workplace):
            return "mentor-workplace-invalid"
        if not BIO_MIN <= len(a.bio) <= BIO_MAX:
            return "mentor-bio-invalid"
        return None

    async def mentor(self, user_id: int) -> MentorRow | None:
        async with self.db.read() as tx:
            return await tx.mentors.get(user_id)

    async def apply(self, user_id: int, a: Application) -> Result:
        hint = self.check_application(a)
        if hint:
            return Result(Outcome.invalid, hint)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded:
                return Result(Outcome.forbidden)
            existing = await tx.mentors.get(user_id)
            if existing is not None and existing.status in ("pending", "approved"):
                return Result(Outcome.already)
            if await tx.mentoring.is_suspended(user_id):
                return Result(Outcome.forbidden)
            stamp = to_db(now)
            await tx.mentors.apply(user_id, expertise=a.expertise, languages=a.languages,
                                   format=a.format, region=a.region if a.format != "online"
                                   else None, bio=a.bio, workplace=a.workplace,
                                   capacity=a.capacity, now=stamp)
            args = {"name": user.name or "", "expertise": keys("interest", a.expertise),
                    "languages": keys("language", a.languages),
                    "format": keys("mentor-format", [a.format]), "workplace": a.workplace,
                    "bio": a.bio, "capacity": a.capacity}
            buttons = ((Button("btn-approve", AppCb(action=AppAction.approve,
                                                    user_id=user_id).pack()),
                        Button("btn-reject", AppCb(action=AppAction.reject,
                                                   user_id=user_id).pack())),)
            for coordinator in await tx.users.with_role(COORDINATOR):
                await self.outbox.enqueue(tx, Notification(
                    user_id=coordinator, kind="mentor.application",
                    template="mentor-application", args=args, buttons=buttons, due_at=now,
                    priority=4, dedup_key=f"{app_prefix(user_id)}{stamp}:{coordinator}"))
        return Result(Outcome.ok)

    async def decide(self, coordinator_id: int, mentor_id: int, approve: bool) -> Result:
        """The first coordinator's decision wins; returns every coordinator's copy to edit."""
        now = self.clock.now()
        async with self.db.transaction() as tx:
            me = await tx.users.get(coordinator_id)
            if me is None or not me.has_role(COORDINATOR):
                return Result(Outcome.forbidden)
            mentor = await tx.mentors.get(mentor_id)
            if mentor is None:
                return Result(Outcome.gone)
            copies = await tx.outbox.sent_copies(f"{app_prefix(mentor_id)}{mentor.applied_at}:")
            status = "approved" if approve else "rejected"
            if not await tx.mentors.decide(mentor_id, status, coordinator_id, to_db(now)):
                return Result(Outcome.already, copies=copies, by=mentor.decided_by)
            if approve:
                await tx.users.add_role(mentor_id, MENTOR, to_db(now))
            await tx.audit.add(to_db(now), coordinator_id, f"mentor.{status}",
                               f"user:{mentor_id}")
            await self.outbox.enqueue(tx, Notification(
                user_id=mentor_id, kind="mentor.decision",
                template="mentor-approved" if approve else "mentor-rejected", due_at=now,
                priority=3, dedup_key=f"mentor:decision:{mentor_id}:{mentor.applied_at}"))
        return Result(Outcome.ok, copies=copies, by=coordinator_id)

    async def set_paused(self, mentor_id: int, paused: bool) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            mentor = await tx.mentors.get(mentor_id)
            if mentor is None or mentor.status != "approved" or (
                    await tx.mentoring.is_suspended(mentor_id)):
                return Result(Outcome.forbidden)
            await tx.mentors.set_paused(mentor_id, paused)
            if paused:  # nobody waits on her: her open offer goes to the next mentor
                offer = await tx.mentors.open_offer_of_mentor(mentor_id)
                if offer is not None:
                    await tx.mentors.answer_offer(offer.id, "withdrawn", to_db(now))
                    await self.outbox.cancel_prefix(tx, offer_prefix(offer.id))
                    await self._advance(tx, offer.request_id, now)
        return Result(Outcome.ok)

    async def set_capacity(self, mentor_id: int, capacity: int) -> Result:
        if not 1 <= capacity <= 5:
            return Result(Outcome.invalid)
        async with self.db.transaction() as tx:
            mentor = await tx.mentors.get(mentor_id)
            if mentor is None or mentor.status != "approved":
                return Result(Outcome.forbidden)
            await tx.mentors.set_capacity(mentor_id, capacity)
        return Result(Outcome.ok)

    # --- requests -----------------------------------------------------------------------
    async def current_request(self, user_id: int) -> RequestRow | None:
        async with self.db.read() as tx:
            return await tx.mentors.open_request(user_id)

    async def request(self, user_id: int, topic: str, goal: str, language: str,
                      format: str) -> Result:
        goal = " ".join(goal.split())
        if topic not in INTERESTS or language not in LANGUAGES or format not in (
                "online", "offline"):
            return Result(Outcome.invalid, "hint-use-buttons")
        if not 10 <= len(goal) <= GOAL_MAX:
            return Result(Outcome.invalid, "mentor-goal-invalid")
        now = self.clock.now()
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded:
                return Result(Outcome.forbidden)
            if await tx.mentors.open_request(user_id) is not None:
                return Result(Outcome.already)
            request_id = await tx.mentors.add_request(user_id, topic, goal, language, format,
                                                      to_db(now))
            await self._advance(tx, request_id, now)
            return Result(Outcome.ok, request=await tx.mentors.request(request_id))

    async def withdraw(self, user_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            request = await tx.mentors.open_request(user_id)
            if request is None:
                return Result(Outcome.gone)
            offer = await tx.mentors.open_offer_of_request(request.id)
            if offer is not None:
                await tx.mentors.answer_offer(offer.id, "withdrawn", to_db(now))
                await self.outbox.cancel_prefix(tx, offer_prefix(offer.id))
            await tx.mentors.close_request(request.id, "withdrawn", to_db(now))
        return Result(Outcome.ok)

    async def _advance(self, tx: Tx, request_id: int, now: datetime) -> None:
        """Offer the request to the best mentor not tried yet, or hand it to coordinators."""
        request = await tx.mentors.request(request_id)
        if request is None or request.status != "open":
            return
        tried = await tx.mentors.tried(request_id)
        mentee = await tx.users.get(request.user_id)
        best = None
        if len(tried) < MAX_TRIES and mentee is not None:
            need = Need(request.topic, request.language, request.format, mentee.region,
                        frozenset(tried | {request.user_id}))
            infos = [MentorInfo(m.user_id, frozenset(m.languages), frozenset(m.expertise),
                                m.format, m.region, m.capacity, load, has_offer, answered,
                                expired, last)
                     for m, load, has_offer, answered, expired, last
                     in await tx.mentors.available()]
            ranked = rank(need, infos)
            best = ranked[0] if ranked else None
        if best is None or mentee is None:
            await tx.mentors.close_request(request_id, "unmatched", to_db(now))
            await self._hand_off(tx, request, now)
            return
        expires = now + self.offer_window
        offer_id = await tx.mentors.add_offer(request_id, best.user_id, to_db(now),
                                              to_db(expires))
        args = {"name": mentee.name or "", "age": keys("age", [mentee.age_group or ""]),
                "region": {"$region": mentee.region or ""},
                "topic": keys("interest", [request.topic]), "goal": request.goal,
                "until": {"$when": to_db(expires)}}
        buttons = ((Button("btn-accept", OfferCb(action=OfferAction.accept,
                                                 offer_id=offer_id).pack()),
                    Button("btn-decline", OfferCb(action=OfferAction.decline,
                                                  offer_id=offer_id).pack())),)
        prefix = offer_prefix(offer_id)
        await self.outbox.enqueue(tx, Notification(
            user_id=best.user_id, kind="mentor.offer", template="mentor-offer", args=args,
            buttons=buttons, due_at=now, expires_at=expires, priority=3,
            dedup_key=f"{prefix}offer"))
        await self.outbox.enqueue(tx, Notification(
            user_id=best.user_id, kind="mentor.offer_reminder",
            template="mentor-offer-reminder", args=args, buttons=buttons,
            due_at=now + self.offer_window / 2, expires_at=expires, priority=3,
            dedup_key=f"{prefix}reminder"))

    async def _hand_off(self, tx: Tx, request: RequestRow, now: datetime) -> None:
        await self.outbox.enqueue(tx, Notification(
            user_id=request.user_id, kind="mentor.unmatched", template="mentor-request-waiting",
            due_at=now, priority=4, dedup_key=f"mentor:req:{request.id}:waiting"))
        for coordinator in await tx.users.with_role(COORDINATOR):
            await self.outbox.enqueue(tx, Notification(
                user_id=coordinator, kind="mentor.unmatched_coordinator",
                template="mentor-request-unmatched",
                args={"topic": keys("interest", [request.topic])}, due_at=now, priority=4,
                dedup_key=f"mentor:req:{request.id}:coordinator:{coordinator}"))

    # --- offers -------------------------------------------------------------------------
    async def answer_offer(self, mentor_id: int, offer_id: int, accept: bool) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            offer = await tx.mentors.offer(offer_id)
            if offer is None or offer.mentor_id != mentor_id:
                return Result(Outcome.forbidden)
            if offer.status != "open":
                return Result(Outcome.already if offer.status in ("accepted", "declined")
                              else Outcome.gone)
            if from_db(offer.expires_at) <= now:
                return Result(Outcome.gone)
            await self.outbox.cancel_prefix(tx, offer_prefix(offer_id))
            if not accept:
                await tx.mentors.answer_offer(offer_id, "declined", to_db(now))
                await self._advance(tx, offer.request_id, now)
                return Result(Outcome.ok)
            mentor = await tx.mentors.get(mentor_id)
            if mentor is None or await tx.mentors.load(mentor_id) >= mentor.capacity:
                await tx.mentors.answer_offer(offer_id, "withdrawn", to_db(now))
                await self._advance(tx, offer.request_id, now)
                return Result(Outcome.full)
            await tx.mentors.answer_offer(offer_id, "accepted", to_db(now))
            request = await self._match(tx, offer.request_id, mentor_id, None, now)
        return Result(Outcome.ok, request=request)

    async def _match(self, tx: Tx, request_id: int, mentor_id: int, by: int | None,
                     now: datetime) -> RequestRow | None:
        request = await tx.mentors.request(request_id)
        if request is None:
            return None
        mentorship_id = await tx.mentors.add_mentorship(request_id, mentor_id, request.user_id,
                                                        by, to_db(now))
        await tx.mentors.close_request(request_id, "matched", to_db(now))
        mentor, mentee = await tx.users.get(mentor_id), await tx.users.get(request.user_id)
        topic = keys("interest", [request.topic])
        buttons = ((Button("btn-relay-write", RelayCb(action=RelayAction.write,
                                                      mentorship_id=mentorship_id).pack()),
                    Button("btn-mentorship-open", MshipCb(action=MshipAction.open,
                                                          mentorship_id=mentorship_id).pack())),)
        await self.outbox.enqueue(tx, Notification(
            user_id=request.user_id, kind="mentor.matched", template="mentor-matched-mentee",
            args={"name": mentor.name if mentor else "", "topic": topic}, due_at=now,
            buttons=buttons, priority=2, dedup_key=f"mentor:req:{request_id}:matched:mentee"))
        await self.outbox.enqueue(tx, Notification(
            user_id=mentor_id, kind="mentor.matched", template="mentor-matched-mentor",
            args={"name": mentee.name if mentee else "", "topic": topic}, due_at=now,
            buttons=buttons, priority=2, dedup_key=f"mentor:req:{request_id}:matched:mentor"))
        await self.mentoring.schedule_checkins(tx, mentorship_id, now, now)
        return request

    async def expire_offers(self, now: datetime | None = None) -> int:
        """Offers nobody answered in time pass to the next mentor."""
        now = now or self.clock.now()
        async with self.db.transaction() as tx:
            expired = await tx.mentors.expired_offers(to_db(now))
            for offer in expired:
                await tx.mentors.answer_offer(offer.id, "expired", to_db(now))
                await self._advance(tx, offer.request_id, now)
        return len(expired)

    # --- coordinators -------------------------------------------------------------------
    async def is_coordinator(self, user_id: int) -> bool:
        async with self.db.read() as tx:
            user = await tx.users.get(user_id)
        return user is not None and user.has_role(COORDINATOR)

    async def queue(self) -> tuple[list[MentorRow], list[RequestRow]]:
        async with self.db.read() as tx:
            return await tx.mentors.pending(), await tx.mentors.unmatched()

    async def candidates(self, request_id: int) -> list[MentorRow]:
        """Mentors a coordinator may pick by hand: approved, a shared language, free place."""
        async with self.db.read() as tx:
            request = await tx.mentors.request(request_id)
            if request is None:
                return []
            return [m for m, load, *_ in await tx.mentors.available()
                    if request.language in m.languages and load < m.capacity
                    and m.user_id != request.user_id]

    async def match_by_hand(self, coordinator_id: int, request_id: int,
                            mentor_id: int) -> Result:
        now = self.clock.now()
        async with self.db.transaction() as tx:
            me = await tx.users.get(coordinator_id)
            if me is None or not me.has_role(COORDINATOR):
                return Result(Outcome.forbidden)
            request = await tx.mentors.request(request_id)
            if request is None or request.status not in ("open", "unmatched"):
                return Result(Outcome.already)
            mentor = await tx.mentors.get(mentor_id)
            if mentor is None or mentor.status != "approved" or mentor_id == request.user_id \
                    or await tx.mentoring.is_suspended(mentor_id):
                return Result(Outcome.invalid)
            if await tx.mentors.load(mentor_id) >= mentor.capacity:
                return Result(Outcome.full)
            offer = await tx.mentors.open_offer_of_request(request_id)
            if offer is not None:
                await tx.mentors.answer_offer(offer.id, "withdrawn", to_db(now))
                await self.outbox.cancel_prefix(tx, offer_prefix(offer.id))
            matched = await self._match(tx, request_id, mentor_id, coordinator_id, now)
            await tx.audit.add(to_db(now), coordinator_id, "mentor.match",
                               f"request:{request_id}", {"mentor": mentor_id})
        return Result(Outcome.ok, request=matched)


