"""Composing a broadcast: the message in one or more languages (formatting and a picture
kept), the audience with a live count, a preview, urgent or not, now or later, then one
confirmation. The progress message is the confirmation screen itself, edited in place."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock, to_db
from bot.content import TAG_RE
from bot.delivery.timezones import format_when, zone
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Markup, Translator
from bot.profile import AGE_GROUPS, STATUSES, label_key
from bot.services.broadcasts import (
    ACTIVE_CHOICES,
    CAPTION_MAX,
    MAX_AHEAD,
    TEXT_MAX,
    BroadcastService,
    Draft,
)
from bot.services.courses import CourseService
from bot.services.users import COORDINATOR, MENTOR, PARTICIPANT
from bot.settings import LANGUAGES, Settings
from handlers.access import Coordinator
from handlers.render import DATE_FORMAT, show
from keyboards.admin import (
    active_kb,
    choices_kb,
    confirm_kb,
    dimensions_kb,
    draft_kb,
    write_kb,
)
from keyboards.callbacks import AdminAction, AdminCb, BcAction, BcCb, parse_id
from storage.models import UserRow
from storage.segments import Segment

# filter kinds: the letter in button data -> the Segment field
KINDS = {"l": "languages", "r": "regions", "a": "age_groups", "o": "roles", "s": "statuses",
         "e": "enrolled", "f": "finished"}
LETTERS = {v: k for k, v in KINDS.items()}


class Compose(StatesGroup):
    text = State()  # waiting for the message in `writing`
    when = State()  # waiting for a typed date and time
    ready = State()  # the draft screen


def router() -> Router:
    r = Router(name=__name__)
    gate = Coordinator("broadcast")
    r.callback_query.register(start, AdminCb.filter(F.action == AdminAction.broadcast), gate)
    r.callback_query.register(cancel_running, BcCb.filter(F.action == BcAction.cancel), gate)
    r.callback_query.register(pressed, BcCb.filter(F.action != BcAction.cancel), gate)
    r.message.register(message_written, StateFilter(Compose.text), gate)
    r.message.register(time_typed, StateFilter(Compose.when), F.text, gate)
    r.message.register(time_not_text, StateFilter(Compose.when), gate)
    return r


def _zone(user: UserRow | None, settings: Settings) -> str:
    return user.timezone if user and user.timezone else settings.timezone


async def _draft(state: FSMContext) -> Draft:
    return Draft.from_memory(await state.get_data())


async def _save(state: FSMContext, draft: Draft, **extra: object) -> None:
    await state.update_data(**draft.to_memory(), **extra)


async def start(cq: CallbackQuery, state: FSMContext, t: Translator, bot: Bot) -> None:
    await cq.answer()
    await state.clear()
    await state.set_state(Compose.ready)
    await show(cq, bot, t("bc-choose-language"), write_kb(t, []))


# --- the draft screen ---------------------------------------------------------------------
class Screens:
    def __init__(self, t: Translator, locale: str, geo: Geography, courses: CourseService,
                 broadcasts: BroadcastService, zone_name: str, default_zone: str) -> None:
        self.t, self.locale, self.geo, self.courses = t, locale, geo, courses
        self.broadcasts = broadcasts
        self.zone, self.default_zone = zone_name, default_zone

    async def options(self, kind: str) -> list[tuple[str, str]]:
        t = self.t
        if kind == "languages":
            return [(c, LANGUAGE_NAMES[c]) for c in LANGUAGES]
        if kind == "regions":
            return [(r.code, r.name(self.locale)) for r in self.geo.regions]
        if kind == "age_groups":
            return [(a, t(label_key("age", a))) for a in AGE_GROUPS]
        if kind == "statuses":
            return [(s, t(label_key("status", s))) for s in STATUSES]
        if kind == "roles":
            return [(r, t(f"bc-role-{r}")) for r in (PARTICIPANT, MENTOR, COORDINATOR)]
        views = await self.courses.every()
        return [(str(v.id), html.unescape(TAG_RE.sub("", v.course.title.get(self.locale))))
                for v in views]

    async def audience(self, segment: Segment) -> str:
        if segment.is_everyone:
            return self.t("bc-audience-everyone")
        parts = []
        for kind in KINDS.values():
            chosen: frozenset[object] = getattr(segment, kind)
            if chosen:
                labels = dict(await self.options(kind))
                names = ", ".join(labels.get(str(v), str(v)) for v in sorted(chosen, key=str))
                parts.append(f"{self.t(f'bc-dim-{kind}')}: {html.escape(names)}")
        if segment.active_days:
            parts.append(self.t("bc-active-days", days=segment.active_days))
        return "\n".join(parts)

    async def draft(self, d: Draft) -> tuple[str, object]:
        t = self.t
        reach = await self.broadcasts.reach(d.segment, d.urgent)
        languages = ", ".join(LANGUAGE_NAMES[lang] for lang in LANGUAGES if lang in d.texts)
        missing = [LANGUAGE_NAMES[lang] for lang in LANGUAGES if lang not in d.texts]
        when = (format_when(datetime.fromisoformat(d.send_at.replace("Z", "+00:00")),
                            self.zone, self.default_zone) if d.send_at else t("bc-when-now"))
        text = t("bc-draft", languages=languages,
                 missing=", ".join(missing) or t("bc-none-missing"),
                 picture=t("bc-yes") if d.photo else t("bc-no"),
                 audience=Markup(await self.audience(d.segment)), reach=reach,
                 urgent=t("bc-yes") if d.urgent else t("bc-no"), when=when)
        return text, draft_kb(t, d.urgent)


async def _screens(t: Translator, locale: str, geo: Geography, courses: CourseService,
                   broadcasts: BroadcastService, user: UserRow | None,
                   settings: Settings) -> Screens:
    return Screens(t, locale, geo, courses, broadcasts, _zone(user, settings), settings.timezone)


async def pressed(cq: CallbackQuery, callback_data: BcCb, state: FSMContext, t: Translator,
                  locale: str, geo: Geography, courses: CourseService,
                  broadcasts: BroadcastService, user: UserRow | None, settings: Settings,
                  clock: Clock, bot: Bot) -> None:
    """Every button of the composer. Without a draft in progress, buttons are stale."""
    current = await state.get_state()
    if current not in (Compose.text.state, Compose.when.state, Compose.ready.state):
        await cq.answer(t("button-expired"), show_alert=True)
        return
    draft = await _draft(state)
    screens = await _screens(t, locale, geo, courses, broadcasts, user, settings)
    action, value = callback_data.action, callback_data.value

    if action == BcAction.write:
        if value in LANGUAGES:
            await cq.answer()
            await state.set_state(Compose.text)
            await state.update_data(writing=value)
            limit = CAPTION_MAX if draft.photo else TEXT_MAX
            await show(cq, bot, t("bc-write", language=LANGUAGE_NAMES[value], limit=limit))
            return
        await cq.answer()
        await state.set_state(Compose.ready)
        await show(cq, bot, t("bc-choose-language"), write_kb(t, list(draft.texts)))
        return
    if not draft.texts:  # nothing written yet: only choosing a language makes sense
        await cq.answer(t("bc-write-first"), show_alert=True)
        return
    await state.set_state(Compose.ready)
    if action == BcAction.toggle:
        letter, _, raw = value.partition(".")
        kind = KINDS.get(letter)
        known = dict(await screens.options(kind)) if kind else {}
        if kind is None or raw not in known:
            await cq.answer(t("button-expired"), show_alert=True)
            return
        chosen: object = int(raw) if kind in ("enrolled", "finished") else raw
        draft.segment = draft.segment.toggle(kind, chosen)
        await _save(state, draft)
        await cq.answer()
        await _show_choices(cq, bot, t, screens, draft, kind)
        return
    if action == BcAction.dimension:
        await cq.answer()
        if value == "active":
            await show(cq, bot, t("bc-dim-active"),
                       active_kb(t, ACTIVE_CHOICES, draft.segment.active_days))
        elif value in LETTERS:
            await _show_choices(cq, bot, t, screens, draft, value)
        else:
            await _show_audience(cq, bot, t, screens, draft)
        return
    if action == BcAction.active:
        digits = value.isascii() and value.isdigit()
        days = int(value) if digits and int(value) in ACTIVE_CHOICES else None
        draft.segment = Segment(**{**draft.segment.__dict__, "active_days": days})
        await _save(state, draft)
        await cq.answer()
        await _show_audience(cq, bot, t, screens, draft)
        return
    if action == BcAction.everyone:
        draft.segment = Segment()
        await _save(state, draft)
        await cq.answer()
        await _show_audience(cq, bot, t, screens, draft)
        return
    if action == BcAction.audience:
        await cq.answer()
        await _show_audience(cq, bot, t, screens, draft)
        return
    if action == BcAction.urgent:
        draft.urgent = not draft.urgent
        await _save(state, draft)
    if action == BcAction.preview:
        await cq.answer(t("bc-preview-sent"))
        for lang in LANGUAGES:
            if lang in draft.texts:
                await _preview(bot, cq.from_user.id, draft, lang, t)
        text, kb = await screens.draft(draft)
        await bot.send_message(cq.from_user.id, text, reply_markup=kb)  # type: ignore[arg-type]
        return
    if action == BcAction.discard:
        await state.clear()
        await cq.answer()
        await show(cq, bot, t("bc-discarded"))
        return
    if action == BcAction.later:
        await cq.answer()
        await state.set_state(Compose.when)
        now = clock.now().astimezone(zone(screens.zone, screens.default_zone))
        example = (now + timedelta(days=1)).replace(hour=10, minute=0).strftime(DATE_FORMAT)
        await show(cq, bot, t("bc-when-ask", example=example))
        return
    if action == BcAction.now:
        draft.send_at = None
        await _save(state, draft)
        await cq.answer()
        await _show_confirm(cq, bot, t, screens, draft)
        return
    if action == BcAction.confirm:
        await _confirm(cq, state, draft, t, broadcasts, screens, bot)
        return
    await cq.answer()
    text, kb = await screens.draft(draft)
    await show(cq, bot, text, kb)  # type: ignore[arg-type]


async def _show_audience(cq: CallbackQuery, bot: Bot, t: Translator, screens: Screens,
                         draft: Draft) -> None:
    reach = await screens.broadcasts.reach(draft.segment, draft.urgent)
    text = t("bc-audience", audience=Markup(await screens.audience(draft.segment)),
             reach=reach)
    await show(cq, bot, text, dimensions_kb(t, list(KINDS.values())))


async def _show_choices(cq: CallbackQuery, bot: Bot, t: Translator, screens: Screens,
                        draft: Draft, kind: str) -> None:
    chosen = {str(v) for v in getattr(draft.segment, kind)}
    options = [(code, label, code in chosen) for code, label in await screens.options(kind)]
    reach = await screens.broadcasts.reach(draft.segment, draft.urgent)
    text = t("bc-choices", kind=t(f"bc-dim-{kind}"), reach=reach)
    if not options:
        text += "\n\n" + t("bc-no-options")
    await show(cq, bot, text, choices_kb(t, LETTERS[kind], options))


async def _show_confirm(cq: CallbackQuery, bot: Bot, t: Translator, screens: Screens,
                        draft: Draft) -> None:
    reach = await screens.broadcasts.reach(draft.segment, draft.urgent)
    if draft.send_at:
        when = format_when(datetime.fromisoformat(draft.send_at.replace("Z", "+00:00")),
                           screens.zone, screens.default_zone)
        text = t("bc-confirm-later", reach=reach, when=when)
    else:
        text = t("bc-confirm-now", reach=reach)
    if draft.urgent:
        text += "\n" + t("bc-confirm-urgent")
    await show(cq, bot, text, confirm_kb(t))


async def _preview(bot: Bot, chat_id: int, draft: Draft, lang: str, t: Translator) -> None:
    header = t("bc-preview-header", language=LANGUAGE_NAMES[lang])
    await bot.send_message(chat_id, header)
    if draft.photo:
        await bot.send_photo(chat_id, draft.photo, caption=draft.texts[lang] or None)
    else:
        await bot.send_message(chat_id, draft.texts[lang])


async def _confirm(cq: CallbackQuery, state: FSMContext, draft: Draft, t: Translator,
                   broadcasts: BroadcastService, screens: Screens, bot: Bot) -> None:
    if not isinstance(cq.message, Message):
        await cq.answer(t("button-expired"), show_alert=True)
        return
    too_long = draft.too_long()
    if too_long:
        limit = CAPTION_MAX if draft.photo else TEXT_MAX
        await cq.answer(t("bc-too-long", language=LANGUAGE_NAMES[too_long], limit=limit),
                        show_alert=True)
        return
    found = await broadcasts.confirm(cq.from_user.id, draft, chat_id=cq.from_user.id,
                                     message_id=cq.message.message_id)
    if found is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await state.clear()
    await cq.answer(t("bc-started"))
    # the confirmation screen becomes the progress message; the monitor edits it from here
    await show(cq, bot, t("bc-progress-starting", id=found.id, total=found.recipients))


async def cancel_running(cq: CallbackQuery, callback_data: BcCb, t: Translator,
                         broadcasts: BroadcastService) -> None:
    bid = parse_id(callback_data.value)
    stopped = await broadcasts.cancel(cq.from_user.id, bid) if bid is not None else None
    if stopped is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer(t("bc-cancelled", count=stopped), show_alert=True)


# --- typed input --------------------------------------------------------------------------
async def message_written(message: Message, state: FSMContext, t: Translator, locale: str,
                          geo: Geography, courses: CourseService,
                          broadcasts: BroadcastService, user: UserRow | None,
                          settings: Settings) -> None:
    data = await state.get_data()
    lang = data.get("writing")
    draft = Draft.from_memory(data)
    if message.text and message.text.startswith("/"):
        return await _back_to_draft(message, state, draft, t, locale, geo, courses,
                                    broadcasts, user, settings)
    if lang not in LANGUAGES:
        await state.set_state(Compose.ready)
        await message.answer(t("bc-choose-language"), reply_markup=write_kb(t, list(draft.texts)))
        return
    if message.photo:
        draft.photo = message.photo[-1].file_id
        draft.texts[lang] = message.html_text if message.caption else ""
    elif message.text:
        draft.texts[lang] = message.html_text
    else:
        await message.answer(t("bc-only-text-or-photo"))
        return
    if not any(draft.texts.values()):
        await message.answer(t("bc-caption-needed"))
        return
    too_long = draft.too_long()
    if too_long:
        limit = CAPTION_MAX if draft.photo else TEXT_MAX
        await message.answer(t("bc-too-long", language=LANGUAGE_NAMES[too_long], limit=limit))
        if too_long == lang:
            return  # she writes it again, shorter; the rest of the draft is kept
    await _back_to_draft(message, state, draft, t, locale, geo, courses, broadcasts, user,
                         settings)


async def _back_to_draft(message: Message, state: FSMContext, draft: Draft, t: Translator,
                         locale: str, geo: Geography, courses: CourseService,
                         broadcasts: BroadcastService, user: UserRow | None,
                         settings: Settings) -> None:
    await _save(state, draft)
    await state.set_state(Compose.ready)
    if not draft.texts:
        await message.answer(t("bc-choose-language"), reply_markup=write_kb(t, []))
        return
    screens = await _screens(t, locale, geo, courses, broadcasts, user, settings)
    text, kb = await screens.draft(draft)
    await message.answer(text, reply_markup=kb)  # type: ignore[arg-type]


async def time_typed(message: Message, state: FSMContext, t: Translator, locale: str,
                     geo: Geography, courses: CourseService, broadcasts: BroadcastService,
                     user: UserRow | None, settings: Settings, clock: Clock) -> None:
    draft = await _draft(state)
    raw = (message.text or "").strip()
    if raw.startswith("/"):
        return await _back_to_draft(message, state, draft, t, locale, geo, courses,
                                    broadcasts, user, settings)
    tz = zone(_zone(user, settings), settings.timezone)
    try:
        when = datetime.strptime(raw, DATE_FORMAT).replace(tzinfo=tz)
    except ValueError:
        await message.answer(t("bc-when-invalid"))
        return
    now = clock.now()
    if when <= now or when - now > MAX_AHEAD:
        await message.answer(t("bc-when-range"))
        return
    draft.send_at = to_db(when)
    await _save(state, draft)
    await state.set_state(Compose.ready)
    screens = await _screens(t, locale, geo, courses, broadcasts, user, settings)
    reach = await broadcasts.reach(draft.segment, draft.urgent)
    text = t("bc-confirm-later", reach=reach,
             when=format_when(when, screens.zone, screens.default_zone))
    if draft.urgent:
        text += "\n" + t("bc-confirm-urgent")
    await message.answer(text, reply_markup=confirm_kb(t))


async def time_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("bc-when-invalid"))
