"""Coordinators draft, edit, publish and cancel events from the bot, see who is going and
write to them. Every button passes the `Coordinator` filter, and EventService checks the role
again (a participant's forged button changes nothing)."""

from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock, to_db
from bot.delivery.timezones import format_when
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.services.events import KINDS, EventService, EventView, Outcome, Result
from bot.settings import LANGUAGES, Settings
from handlers.access import Coordinator
from handlers.render import show, typed_time, user_zone
from keyboards.callbacks import EaAction, EaCb
from keyboards.community import (
    back_to_event_kb,
    cancel_event_kb,
    city_kb,
    edit_event_kb,
    manage_list_kb,
    place_kb,
)
from storage.models import UserRow

TEXT_FIELDS = ("title", "description")


class Drafting(StatesGroup):
    text = State()  # a title or description in one language
    when = State()
    speaker = State()
    seats = State()
    duration = State()
    link = State()
    venue = State()
    pin = State()
    message = State()


TYPED = {"when": Drafting.when, "speaker": Drafting.speaker, "seats": Drafting.seats,
         "duration": Drafting.duration}


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.callback_query.register(manage_cb, EaCb.filter(), Coordinator("events"))
    typed = (F.text, ~F.text.startswith("/"), Coordinator("events"))
    r.message.register(text_typed, StateFilter(Drafting.text), *typed)
    r.message.register(when_typed, StateFilter(Drafting.when), *typed)
    r.message.register(speaker_typed, StateFilter(Drafting.speaker), *typed)
    r.message.register(seats_typed, StateFilter(Drafting.seats), *typed)
    r.message.register(duration_typed, StateFilter(Drafting.duration), *typed)
    r.message.register(link_typed, StateFilter(Drafting.link), *typed)
    r.message.register(venue_typed, StateFilter(Drafting.venue), *typed)
    r.message.register(pin_sent, StateFilter(Drafting.pin), F.location, Coordinator("events"))
    r.message.register(message_typed, StateFilter(Drafting.message), *typed)
    r.message.register(not_understood, StateFilter(Drafting), ~F.text.startswith("/"),
                       Coordinator("events"))
    return r



def edit_screen(t: Translator, view: EventView, locale: str, geo: Geography, tz: str,
                default_tz: str, bot_name: str, started: bool,
                notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
    r, none = view.row, t("eva-none")

    def texts(values: dict[str, str]) -> str:
        return "\n".join(f"  {LANGUAGE_NAMES[lang]}: {html.escape(values[lang], quote=False)}"
                         for lang in LANGUAGES if values.get(lang)) or f"  {none}"

    if view.online:
        place = t("eva-place-online", link=r.link) if r.link else none
    else:
        city = geo.city_name(r.region, r.city, locale) or ""
        place = t("eva-place-venue", venue=r.venue_name or "", address=r.venue_address or "",
                  city=city, pin=t("eva-pin-yes" if r.lat is not None else "eva-pin-no"))
    status = {"draft": "eva-status-draft", "published": "eva-status-published"}.get(
        r.status, "eva-status-draft")
    lines = [
        t("eva-screen-head", status=t(status)),
        t("eva-line-titles"), texts(r.title),
        t("eva-line-descriptions"), texts({k: v[:80] for k, v in r.description.items()}),
        t("eva-line-kind", kind=t(f"ev-kind-{r.kind}")),
        t("eva-line-language", language=LANGUAGE_NAMES.get(r.language, r.language)),
        t("eva-line-when", when=format_when(view.starts_at, tz, default_tz)
          if view.starts_at else none),
        t("eva-line-duration", minutes=r.duration_min),
        t("eva-line-place", place=place),
        t("eva-line-speaker", speaker=r.speaker or none),
        t("eva-line-seats", seats=str(r.seats) if r.seats else t("eva-seats-none")),
    ]
    if r.status == "published":
        lines.append(t("eva-line-link", link=f"https://t.me/{bot_name}?start=ev-{r.id}"))
    text = "\n".join(lines)
    if notice:
        text = f"{notice}\n\n{text}"
    return text, edit_event_kb(t, r.id, kind=r.kind, language=r.language,
                               published=r.status == "published", started=started)


class Ctx:
    """What every step needs to show the edit screen again."""

    def __init__(self, t: Translator, locale: str, geo: Geography, user: UserRow | None,
                 settings: Settings, bot: Bot, clock: Clock) -> None:
        self.t, self.locale, self.geo, self.bot, self.clock = t, locale, geo, bot, clock
        self.tz, self.default_tz = user_zone(user, settings), settings.timezone

    async def screen(self, view: EventView,
                     notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
        me = await self.bot.me()
        started = view.starts_at is not None and view.starts_at <= self.clock.now()
        return edit_screen(self.t, view, self.locale, self.geo, self.tz, self.default_tz,
                           me.username or "", started, notice)


def _event_list(t: Translator, views: list[EventView], ctx: Ctx,
                events: EventService) -> tuple[str, InlineKeyboardMarkup]:
    items = []
    for v in views:
        title = v.title(ctx.locale) or t("eva-untitled")
        when = format_when(v.starts_at, ctx.tz, ctx.default_tz)[:10] if v.starts_at else "—"
        mark = "📝 " if v.row.status == "draft" else "🏁 " if events.has_ended(v) else ""
        items.append((v.id, f"{mark}{when} · {title}"))
    return t("eva-list-title"), manage_list_kb(t, items)


async def _refused(cq: CallbackQuery, t: Translator) -> None:
    await cq.answer(t("button-expired"), show_alert=True)


async def manage_cb(cq: CallbackQuery, callback_data: EaCb, events: EventService,
                    state: FSMContext, t: Translator, locale: str, geo: Geography,
                    user: UserRow | None, settings: Settings, clock: Clock, bot: Bot) -> None:
    ctx = Ctx(t, locale, geo, user, settings, bot, clock)
    uid, action, event_id = cq.from_user.id, callback_data.action, callback_data.event_id
    if action == EaAction.list:
        views = await events.managed(uid)
        if views is None:
            await _refused(cq, t)
            return
        await cq.answer()
        await state.clear()
        text, kb = _event_list(t, views, ctx, events)
        await show(cq, bot, text, kb)
        return
    if action == EaAction.new:
        result = await events.create(uid, locale)
        if result.event is None:
            await _refused(cq, t)
            return
        await cq.answer()
        await state.clear()
        await show(cq, bot, *await ctx.screen(result.event, t("eva-created")))
        return
    view = await events.editable(uid, event_id)
    if view is None:
        await _refused(cq, t)
        return
    value = callback_data.value
    if action == EaAction.open:
        await cq.answer()
        await state.clear()
        await show(cq, bot, *await ctx.screen(view))
    elif action == EaAction.field:
        await _ask_field(cq, state, view, value, ctx)
    elif action == EaAction.kind:
        nxt = KINDS[(KINDS.index(view.row.kind) + 1) % len(KINDS)]
        await _saved(cq, await events.edit(uid, event_id, kind=nxt), ctx)
    elif action == EaAction.lang:
        nxt = LANGUAGES[(LANGUAGES.index(view.row.language) + 1) % len(LANGUAGES)]  # type: ignore[arg-type]
        await _saved(cq, await events.edit(uid, event_id, language=nxt), ctx)
    elif action == EaAction.online:
        await cq.answer()
        await state.set_state(Drafting.link)
        await state.set_data({"event": event_id})
        await show(cq, bot, t("eva-ask-link"), back_to_event_kb(t, event_id))
    elif action == EaAction.region:
        region = geo.region(value)
        await cq.answer()
        if region is None:
            await show(cq, bot, t("eva-ask-place"), place_kb(t, event_id, geo, locale))
        elif len(region.cities) > 1:
            await state.set_data({"event": event_id, "region": region.code})
            cities = [(c.code, c.name(locale)) for c in region.cities]
            await show(cq, bot, t("eva-ask-city"), city_kb(t, event_id, cities))
        else:
            city = region.cities[0].code if region.cities else None
            await _ask_venue(cq, state, event_id, region.code, city, ctx)
    elif action == EaAction.city:
        data = await state.get_data()
        region = geo.region(data.get("region"))
        if region is None or region.city(value) is None or data.get("event") != event_id:
            await _refused(cq, t)
            return
        await cq.answer()
        await _ask_venue(cq, state, event_id, region.code, value, ctx)
    elif action == EaAction.publish:
        await _published(cq, await events.publish(uid, event_id), ctx)
    elif action == EaAction.cancel_ask:
        await cq.answer()
        await show(cq, bot, t("eva-cancel-ask", title=view.title(locale) or t("eva-untitled")),
                   cancel_event_kb(t, event_id))
    elif action == EaAction.cancel:
        result = await events.cancel_event(uid, event_id)
        if result.outcome != Outcome.cancelled:
            await _refused(cq, t)
            return
        await cq.answer()
        views = await events.managed(uid) or []
        text, kb = _event_list(t, views, ctx, events)
        await show(cq, bot, t("eva-cancelled", count=result.args["count"]) + "\n\n" + text, kb)
    elif action == EaAction.people:
        await _people(cq, events, view, ctx)
    elif action == EaAction.message:
        standing = await events.standing(uid, event_id)
        await cq.answer()
        await state.set_state(Drafting.message)
        await state.set_data({"event": event_id})
        await show(cq, bot, t("eva-ask-message", count=standing.going),
                   back_to_event_kb(t, event_id))


async def _ask_field(cq: CallbackQuery, state: FSMContext, view: EventView, value: str,
                     ctx: Ctx) -> None:
    t = ctx.t
    name, _, lang = value.partition(".")
    if name in TEXT_FIELDS and lang in LANGUAGES:
        await state.set_state(Drafting.text)
        await state.set_data({"event": view.id, "field": name, "lang": lang})
        key = "eva-ask-title" if name == "title" else "eva-ask-description"
        prompt = t(key, language=LANGUAGE_NAMES[lang])
    elif name in TYPED:
        await state.set_state(TYPED[name])
        await state.set_data({"event": view.id})
        prompt = {"when": t("eva-ask-when", zone=ctx.tz), "speaker": t("eva-ask-speaker"),
                  "seats": t("eva-ask-seats"), "duration": t("eva-ask-duration")}[name]
    else:
        await _refused(cq, t)
        return
    await cq.answer()
    await show(cq, ctx.bot, prompt, back_to_event_kb(t, view.id))


async def _ask_venue(cq: CallbackQuery, state: FSMContext, event_id: int, region: str,
                     city: str | None, ctx: Ctx) -> None:
    await state.set_state(Drafting.venue)
    await state.set_data({"event": event_id, "region": region, "city": city})
    await show(cq, ctx.bot, ctx.t("eva-ask-venue"), back_to_event_kb(ctx.t, event_id))


def _problem(t: Translator, result: Result) -> str:
    if result.outcome == Outcome.invalid and "problem" in result.args:
        return t(result.args["problem"])
    return t("button-expired")


async def _saved(cq: CallbackQuery, result: Result, ctx: Ctx) -> None:
    if result.outcome != Outcome.saved or result.event is None:
        await cq.answer(_problem(ctx.t, result), show_alert=True)
        return
    await cq.answer(ctx.t("eva-saved"))
    await show(cq, ctx.bot, *await ctx.screen(result.event))


async def _published(cq: CallbackQuery, result: Result, ctx: Ctx) -> None:
    t = ctx.t
    if result.outcome == Outcome.incomplete:
        missing = ", ".join(t(key) for key in result.args["missing"])
        await cq.answer(t("eva-incomplete", missing=missing), show_alert=True)
        return
    if result.outcome != Outcome.published or result.event is None:
        await _refused(cq, t)
        return
    await cq.answer()
    await show(cq, ctx.bot, *await ctx.screen(result.event, t("eva-published")))


async def _people(cq: CallbackQuery, events: EventService, view: EventView, ctx: Ctx) -> None:
    t = ctx.t
    result = await events.attendees(cq.from_user.id, view.id)
    if result.outcome != Outcome.saved:
        await _refused(cq, t)
        return
    going, waiting = result.args["going"], result.args["waiting"]
    await cq.answer()
    text = t("eva-people", title=view.title(ctx.locale) or t("eva-untitled"),
             going_count=len(going), waiting_count=len(waiting),
             going=", ".join(going) or t("eva-none"), waiting=", ".join(waiting) or t("eva-none"),
             ratings=result.args["ratings"], average=f"{result.args['average']:.1f}")
    await show(cq, ctx.bot, text, back_to_event_kb(t, view.id))


# --- typed steps ------------------------------------------------------------------------------
async def _after_typed(message: Message, state: FSMContext, result: Result, ctx: Ctx) -> None:
    if result.outcome == Outcome.invalid and result.event is not None:
        await message.answer(_problem(ctx.t, result))
        return  # the same question stays open
    await state.clear()
    if result.event is None or result.outcome != Outcome.saved:
        await message.answer(ctx.t("button-expired"))
        return
    text, kb = await ctx.screen(result.event, ctx.t("eva-saved"))
    await message.answer(text, reply_markup=kb)


def _ctx(t: Translator, locale: str, geo: Geography, user: UserRow | None, settings: Settings,
         bot: Bot, clock: Clock) -> Ctx:
    return Ctx(t, locale, geo, user, settings, bot, clock)


async def text_typed(message: Message, state: FSMContext, events: EventService,
                     t: Translator, locale: str, geo: Geography, user: UserRow | None,
                     settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    text = message.text.strip()
    result = await events.edit(message.from_user.id, int(data["event"]),
                               **{data["field"]: {data["lang"]: text}})
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def when_typed(message: Message, state: FSMContext, events: EventService,
                     t: Translator, locale: str, geo: Geography, user: UserRow | None,
                     settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    when = typed_time(message.text, user, settings)
    if when is None:
        await message.answer(t("eva-when-invalid"))
        return
    result = await events.edit(message.from_user.id, int(data["event"]), starts_at=to_db(when))
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def speaker_typed(message: Message, state: FSMContext, events: EventService,
                        t: Translator, locale: str, geo: Geography, user: UserRow | None,
                        settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    result = await events.edit(message.from_user.id, int(data["event"]),
                               speaker=message.text.strip())
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def seats_typed(message: Message, state: FSMContext, events: EventService,
                      t: Translator, locale: str, geo: Geography, user: UserRow | None,
                      settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    text = message.text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 5:
        await message.answer(t("eva-seats-invalid"))
        return
    data = await state.get_data()
    seats = int(text) or None  # 0: no limit
    result = await events.edit(message.from_user.id, int(data["event"]), seats=seats)
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def duration_typed(message: Message, state: FSMContext, events: EventService,
                         t: Translator, locale: str, geo: Geography, user: UserRow | None,
                         settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    text = message.text.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 4:
        await message.answer(t("eva-duration-invalid"))
        return
    data = await state.get_data()
    result = await events.edit(message.from_user.id, int(data["event"]),
                               duration_min=int(text))
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def link_typed(message: Message, state: FSMContext, events: EventService,
                     t: Translator, locale: str, geo: Geography, user: UserRow | None,
                     settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    result = await events.edit(message.from_user.id, int(data["event"]),
                               link=message.text.strip(), region=None, city=None,
                               venue_name=None, venue_address=None, lat=None, lon=None)
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def venue_typed(message: Message, state: FSMContext, t: Translator) -> None:
    assert message.text is not None
    lines = [line.strip() for line in message.text.strip().splitlines() if line.strip()]
    if len(lines) < 2 or any(len(line) > 100 for line in lines[:2]):
        await message.answer(t("eva-venue-invalid"))
        return
    await state.update_data(name=lines[0], address=" ".join(lines[1:])[:100])
    await state.set_state(Drafting.pin)
    await message.answer(t("eva-ask-pin"))


async def pin_sent(message: Message, state: FSMContext, events: EventService,
                   t: Translator, locale: str, geo: Geography, user: UserRow | None,
                   settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.location is not None and message.from_user is not None
    data = await state.get_data()
    if "name" not in data:
        await state.clear()
        await message.answer(t("button-expired"))
        return
    result = await events.edit(
        message.from_user.id, int(data["event"]), link=None, region=data["region"],
        city=data.get("city"), venue_name=data["name"], venue_address=data["address"],
        lat=message.location.latitude, lon=message.location.longitude)
    await _after_typed(message, state, result, _ctx(t, locale, geo, user, settings, bot, clock))


async def message_typed(message: Message, state: FSMContext, events: EventService,
                        t: Translator, locale: str, geo: Geography, user: UserRow | None,
                        settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    result = await events.message_attendees(message.from_user.id, int(data["event"]),
                                            message.text)
    if result.outcome == Outcome.invalid:
        await message.answer(t("eva-too-long"))
        return
    await state.clear()
    if result.outcome != Outcome.sent or result.event is None:
        await message.answer(t("button-expired"))
        return
    text, kb = await _ctx(t, locale, geo, user, settings, bot, clock).screen(
        result.event, t("eva-message-sent", count=result.args["count"]))
    await message.answer(text, reply_markup=kb)


async def not_understood(message: Message, state: FSMContext, t: Translator) -> None:
    current = await state.get_state()
    key = {Drafting.when.state: "eva-when-invalid", Drafting.seats.state: "eva-seats-invalid",
           Drafting.duration.state: "eva-duration-invalid",
           Drafting.venue.state: "eva-venue-invalid", Drafting.pin.state: "eva-ask-pin",
           Drafting.link.state: "eva-link-invalid"}
    await message.answer(t(key.get(current or "", "eva-text-only")))
