"""Events: the list of upcoming events, the event card, RSVP / cancel / waitlist, the map
pin, the calendar file, the rating after, and event links
(t.me/<bot>?start=ev-<id>-src-<tag>)."""

from __future__ import annotations

import html
import re

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock
from bot.delivery.timezones import format_when
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.services.events import EventService, EventView, Outcome, Standing
from bot.services.users import COORDINATOR
from bot.settings import Settings
from handlers.render import show
from keyboards.callbacks import EvAction, EvCb, MenuCb, MenuItem
from keyboards.community import event_card_kb, events_kb
from storage.models import UserRow

LINK_RE = re.compile(r"^ev-(\d{1,9})(?:-src-([a-z0-9_]{1,32}))?$")

RESULT_TEXT = {
    Outcome.going: "ev-going",
    Outcome.waitlisted: "ev-waitlisted",
    Outcome.already_going: "ev-already-going",
    Outcome.already_waitlisted: "ev-already-waitlisted",
    Outcome.left: "ev-left",
}


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(events_command, Command("events"))
    r.callback_query.register(events_menu, MenuCb.filter(F.item == MenuItem.events))
    r.callback_query.register(event_cb, EvCb.filter())
    return r


def parse_link(payload: str | None) -> tuple[int, str] | None:
    """ev-12 or ev-12-src-instagram -> (12, "instagram")."""
    m = LINK_RE.match(payload or "")
    return (int(m.group(1)), m.group(2) or "") if m else None


class EventScreens:
    """Event screens in her language and time zone."""

    def __init__(self, t: Translator, locale: str, geo: Geography, user: UserRow | None,
                 settings: Settings, clock: Clock) -> None:
        self.t, self.locale, self.geo, self.user, self.clock = t, locale, geo, user, clock
        self.tz = user.timezone if user and user.timezone else settings.timezone
        self.default_tz = settings.timezone

    def when(self, view: EventView) -> str:
        return format_when(view.starts_at, self.tz, self.default_tz) if view.starts_at else ""

    def place(self, view: EventView, going: bool) -> str:
        t, r = self.t, view.row
        if view.online:
            return t("ev-place-online", link=r.link or "") if going else t(
                "ev-place-online-hidden")
        city = self.geo.city_name(r.region, r.city, self.locale) or ""
        return t("ev-place-venue", venue=r.venue_name or "", address=r.venue_address or "",
                 city=city)

    def card(self, view: EventView, standing: Standing, open_: bool,
             notice: str | None = None) -> tuple[str, InlineKeyboardMarkup]:
        t, r = self.t, view.row
        lines = [f"<b>{html.escape(view.title(self.locale), quote=False)}</b>",
                 t("ev-kind-line", kind=t(f"ev-kind-{r.kind}"),
                   language=LANGUAGE_NAMES.get(r.language, r.language))]
        description = view.description(self.locale)
        if description:
            lines += ["", html.escape(description, quote=False)]
        lines += ["", t("ev-when-line", when=self.when(view))]
        if r.speaker:
            lines.append(t("ev-speaker-line", speaker=r.speaker))
        lines.append(self.place(view, standing.status == "going"))
        if r.seats is None:
            lines.append(t("ev-seats-unlimited", going=standing.going))
        else:
            lines.append(t("ev-seats-left", left=standing.seats_left or 0, total=r.seats))
        lines.append("")
        if standing.status == "going":
            lines.append(t("ev-standing-going"))
        elif standing.status == "waitlisted":
            lines.append(t("ev-standing-waitlisted", position=standing.position or 1))
        elif not open_:
            lines.append(t("ev-closed"))
        text = "\n".join(lines).rstrip()
        if notice:
            text = f"{notice}\n\n{text}"
        coordinator = self.user is not None and self.user.has_role(COORDINATOR)
        return text, event_card_kb(t, view.id, standing.status, open_=open_,
                                   venue=not view.online and r.lat is not None,
                                   coordinator=coordinator)


def _screens(t: Translator, locale: str, geo: Geography, user: UserRow | None,
             settings: Settings, clock: Clock) -> EventScreens:
    return EventScreens(t, locale, geo, user, settings, clock)


async def render_list(events: EventService, screens: EventScreens, user_id: int,
                      page: int) -> tuple[str, InlineKeyboardMarkup]:
    t = screens.t
    found = await events.upcoming(user_id, page)
    if found.total == 0:
        text = t("ev-list-empty")
    else:
        text = t("ev-list-title", count=found.total, page=found.page + 1, pages=found.pages)
    marks = {"going": "✅ ", "waitlisted": "⏳ "}
    items = [(v.id, f"{marks.get(status or '', '')}{screens.when(v)[:10]} · "
                    f"{v.title(screens.locale)}") for v, status in found.items]
    return text, events_kb(t, items, found.page, found.pages)


async def show_card(target: Message | CallbackQuery, events: EventService,
                    screens: EventScreens, event_id: int, bot: Bot,
                    notice: str | None = None) -> bool:
    view = await events.get(event_id)
    if view is None:
        return False
    user_id = target.from_user.id if target.from_user else 0
    standing = await events.standing(user_id, event_id)
    text, kb = screens.card(view, standing, events.is_open(view), notice)
    if isinstance(target, CallbackQuery):
        await show(target, bot, text, kb)
    else:
        await target.answer(text, reply_markup=kb)
    return True


# --- handlers ------------------------------------------------------------------------------
async def events_command(message: Message, events: EventService, t: Translator, locale: str,
                         geo: Geography, user: UserRow | None, settings: Settings,
                         clock: Clock) -> None:
    assert message.from_user is not None
    text, kb = await render_list(events, _screens(t, locale, geo, user, settings, clock),
                                 message.from_user.id, 0)
    await message.answer(text, reply_markup=kb)


async def events_menu(cq: CallbackQuery, events: EventService, t: Translator, locale: str,
                      geo: Geography, user: UserRow | None, settings: Settings, clock: Clock,
                      bot: Bot) -> None:
    await cq.answer()
    text, kb = await render_list(events, _screens(t, locale, geo, user, settings, clock),
                                 cq.from_user.id, 0)
    await show(cq, bot, text, kb)


async def event_cb(cq: CallbackQuery, callback_data: EvCb, events: EventService,
                   state: FSMContext, t: Translator, locale: str, geo: Geography,
                   user: UserRow | None, settings: Settings, clock: Clock, bot: Bot) -> None:
    """Every participant's event button; the service re-checks each action."""
    screens = _screens(t, locale, geo, user, settings, clock)
    action, event_id, uid = callback_data.action, callback_data.event_id, cq.from_user.id
    if action == EvAction.list:
        await cq.answer()
        text, kb = await render_list(events, screens, uid, callback_data.value)
        await show(cq, bot, text, kb)
        return
    if action == EvAction.open:
        if not await show_card(cq, events, screens, event_id, bot):
            await cq.answer(t("ev-not-found"), show_alert=True)
            return
        await cq.answer()
        return
    if action == EvAction.map:
        await _send_map(cq, events, event_id, bot, t)
        return
    if action == EvAction.ics:
        await _send_calendar(cq, events, event_id, bot, t, locale)
        return
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    if action == EvAction.rate:
        result = await events.rate(uid, event_id, callback_data.value)
        if result.outcome != Outcome.rated:
            await cq.answer(t("button-expired"), show_alert=True)
            return
        await cq.answer(t("ev-rated", stars=callback_data.value))
        if cq.message is not None and isinstance(cq.message, Message):
            await show(cq, bot, t("ev-rated-text", title=result.event.title(locale)  # type: ignore[union-attr]
                                  if result.event else "", stars=callback_data.value))
        return
    if action == EvAction.rsvp:
        sources = (await state.get_data()).get("event_sources", {})
        result = await events.rsvp(uid, event_id, sources.get(str(event_id)))
    else:
        result = await events.leave(uid, event_id)
    if result.outcome not in RESULT_TEXT or result.event is None:
        refusal = {Outcome.closed: "ev-closed-alert", Outcome.not_going: "ev-not-going"}
        await cq.answer(t(refusal.get(result.outcome, "button-expired")), show_alert=True)
        return
    position = result.standing.position if result.standing else None
    notice = t(RESULT_TEXT[result.outcome], title=result.event.title(locale),
               position=position or 1)
    await cq.answer()
    await show_card(cq, events, screens, event_id, bot, notice)
    if result.outcome == Outcome.going and not result.event.online:
        await _pin(bot, uid, result.event)


async def _pin(bot: Bot, chat_id: int, view: EventView) -> None:
    r = view.row
    if r.lat is None or r.lon is None:
        return
    await bot.send_venue(chat_id, r.lat, r.lon, title=(r.venue_name or "")[:100],
                         address=(r.venue_address or "")[:100])


async def _send_map(cq: CallbackQuery, events: EventService, event_id: int, bot: Bot,
                    t: Translator) -> None:
    view = await events.get(event_id)
    if view is None or view.online or view.row.lat is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer()
    await _pin(bot, cq.from_user.id, view)


async def _send_calendar(cq: CallbackQuery, events: EventService, event_id: int, bot: Bot,
                         t: Translator, locale: str) -> None:
    found = await events.calendar_file(event_id, locale)
    view = await events.get(event_id)
    if found is None or view is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer()
    name, data = found
    await bot.send_document(cq.from_user.id, BufferedInputFile(data, filename=name),
                            caption=t("ev-ics-caption", title=view.title(locale)))


async def open_from_link(message: Message, payload: str, *, events: EventService,
                         state: FSMContext, screens: EventScreens, bot: Bot) -> bool:
    """An event link: remember where she came from and show the card (after onboarding,
    for someone who has not finished it). False if the event is unknown."""
    link = parse_link(payload)
    if link is None:
        return False
    event_id, source = link
    if await events.get(event_id) is None:
        return False
    new_user = screens.user is None or not screens.user.onboarded
    await events.record_visit(event_id, source, new_user=new_user)
    data = await state.get_data()
    sources = dict(data.get("event_sources", {}))
    if source:
        sources[str(event_id)] = source
    await state.update_data(event_sources=sources)
    if new_user:
        await state.update_data(open_event=event_id)
        return True
    await show_card(message, events, screens, event_id, bot)
    return True
