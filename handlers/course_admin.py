"""Coordinators change an offline course from the bot: seats, a session's date, its venue.
Every step is re-checked in CourseService (a participant's forged button changes nothing)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.delivery.timezones import format_when
from bot.geo import Geography
from bot.i18n import Translator
from bot.services.courses import CourseService, CourseView, Outcome, Result, venue_of
from bot.settings import Settings
from handlers.courses import CourseScreens, show_card
from handlers.render import show, typed_time, user_zone
from keyboards.callbacks import EditCb, EditWhat
from keyboards.courses import edit_kb, skip_pin_kb
from storage.models import UserRow


class Editing(StatesGroup):
    seats = State()
    date = State()
    venue = State()
    pin = State()


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(edit_cb, EditCb.filter())
    r.message.register(seats_typed, StateFilter(Editing.seats), F.text)
    r.message.register(date_typed, StateFilter(Editing.date), F.text)
    r.message.register(venue_typed, StateFilter(Editing.venue), F.text)
    r.message.register(pin_sent, StateFilter(Editing.pin), F.location)
    r.message.register(not_understood, StateFilter(Editing), ~F.text.startswith("/"))
    return r



def edit_screen(t: Translator, view: CourseView, locale: str,
                enrolled: int) -> tuple[str, object]:
    text = t("edit-course-title", title=view.course.title.get(locale),
             seats=view.capacity or 0, enrolled=enrolled)
    return text, edit_kb(t, view, locale)


async def edit_cb(cq: CallbackQuery, callback_data: EditCb, courses: CourseService,
                  state: FSMContext, t: Translator, locale: str, user: UserRow | None,
                  settings: Settings, clock: Clock, geo: Geography, bot: Bot) -> None:
    course_id = callback_data.course_id
    if not await courses.can_edit(cq.from_user.id, course_id):
        await cq.answer(t("edit-forbidden"), show_alert=True)
        return
    view = await courses.get(course_id)
    assert view is not None
    standing = await courses.standing(cq.from_user.id, course_id)
    enrolled = (view.capacity or 0) - (standing.seats_left or 0)
    what = callback_data.what
    session = next((s for s in view.sessions if s.id == callback_data.session), None)
    await cq.answer()
    if what == EditWhat.menu:
        await state.clear()
        text, kb = edit_screen(t, view, locale, enrolled)
        await show(cq, bot, text, kb)  # type: ignore[arg-type]
        return
    if what == EditWhat.seats:
        await state.set_state(Editing.seats)
        await state.set_data({"course": course_id})
        await show(cq, bot, t("edit-seats-ask", seats=view.capacity or 0, enrolled=enrolled))
        return
    if session is None:
        await show(cq, bot, t("button-expired"))
        return
    await state.set_data({"course": course_id, "session": session.id})
    if what == EditWhat.date:
        await state.set_state(Editing.date)
        tz = user_zone(user, settings)
        await show(cq, bot, t("edit-date-ask", session=session.session.title.get(locale),
                              zone=tz, when=format_when(session.starts_at, tz,
                                                        settings.timezone)))
    elif what == EditWhat.venue:
        await state.set_state(Editing.venue)
        await show(cq, bot, t("edit-venue-ask", session=session.session.title.get(locale)))
    else:  # keep the old pin
        result = await _save_venue(cq.from_user.id, state, courses, None)
        await state.clear()
        if result is None:
            await show(cq, bot, t("button-expired"))
            return
        screens = CourseScreens(t, locale, geo, user, settings, clock)
        await show_card(cq, courses, screens, course_id, bot, notice=t("edit-saved"))


async def _done(message: Message, result: Result, state: FSMContext, courses: CourseService,
                t: Translator, locale: str, geo: Geography, user: UserRow | None,
                settings: Settings, clock: Clock, bot: Bot, notice_key: str) -> None:
    await state.clear()
    if result.course is None:
        await message.answer(t("edit-forbidden"))
        return
    screens = CourseScreens(t, locale, geo, user, settings, clock)
    await show_card(message, courses, screens, result.course.id, bot,
                    notice=t(notice_key, **result.args))


async def seats_typed(message: Message, state: FSMContext, courses: CourseService,
                      t: Translator, locale: str, geo: Geography, user: UserRow | None,
                      settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    text = message.text.strip()
    if not (text.isascii() and text.isdigit()):
        await message.answer(t("edit-seats-invalid"))
        return
    result = await courses.set_seats(message.from_user.id, int(data["course"]), int(text))
    if result.outcome == Outcome.refused:
        await message.answer(t("edit-seats-refused", **result.args))
        return
    if result.outcome == Outcome.invalid and result.course is not None:
        await message.answer(t("edit-seats-invalid"))
        return
    await _done(message, result, state, courses, t, locale, geo, user, settings, clock, bot,
                "edit-seats-saved")


async def date_typed(message: Message, state: FSMContext, courses: CourseService,
                     t: Translator, locale: str, geo: Geography, user: UserRow | None,
                     settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    when = typed_time(message.text, user, settings)
    if when is None:
        await message.answer(t("edit-date-invalid"))
        return
    result = await courses.move_session(message.from_user.id, int(data["course"]),
                                        str(data["session"]), when)
    if result.outcome == Outcome.refused:
        await message.answer(t("edit-date-invalid"))
        return
    await _done(message, result, state, courses, t, locale, geo, user, settings, clock, bot,
                "edit-saved")


async def venue_typed(message: Message, state: FSMContext, t: Translator,
                      courses: CourseService) -> None:
    assert message.text is not None
    lines = [line.strip() for line in message.text.strip().splitlines() if line.strip()]
    if len(lines) < 2 or any(len(line) > 100 for line in lines[:2]):
        await message.answer(t("edit-venue-invalid"))
        return
    data = await state.get_data()
    view = await courses.get(int(data["course"]))
    session = next((s for s in view.sessions if s.id == data.get("session")), None) if (
        view) else None
    if view is None or session is None:
        await state.clear()
        await message.answer(t("button-expired"))
        return
    await state.update_data(name=lines[0], address=" ".join(lines[1:]))
    await state.set_state(Editing.pin)
    await message.answer(t("edit-venue-pin"), reply_markup=skip_pin_kb(t, view.id, session))


async def pin_sent(message: Message, state: FSMContext, courses: CourseService,
                   t: Translator, locale: str, geo: Geography, user: UserRow | None,
                   settings: Settings, clock: Clock, bot: Bot) -> None:
    assert message.location is not None and message.from_user is not None
    pin = (message.location.latitude, message.location.longitude)
    result = await _save_venue(message.from_user.id, state, courses, pin)
    if result is None:
        await state.clear()
        await message.answer(t("button-expired"))
        return
    await _done(message, result, state, courses, t, locale, geo, user, settings, clock, bot,
                "edit-saved")


async def _save_venue(by: int, state: FSMContext, courses: CourseService,
                      pin: tuple[float, float] | None) -> Result | None:
    """The venue typed before, with the pin just sent (or the old pin). None if stale."""
    data = await state.get_data()
    if await state.get_state() != Editing.pin.state or "name" not in data:
        return None
    view = await courses.get(int(data["course"]))
    session = next((s for s in view.sessions if s.id == data["session"]), None) if view else None
    if view is None or session is None:
        return None
    if pin is None:
        pin = (session.venue.lat, session.venue.lon) if session.venue else (0.0, 0.0)
    return await courses.change_venue(by, view.id, session.id,
                                      venue_of(data["name"], data["address"], *pin))


async def not_understood(message: Message, state: FSMContext, t: Translator) -> None:
    current = await state.get_state()
    key = {Editing.seats.state: "edit-seats-invalid", Editing.date.state: "edit-date-invalid",
           Editing.venue.state: "edit-venue-invalid", Editing.pin.state: "edit-venue-pin"}
    await message.answer(t(key.get(current or "", "edit-venue-invalid")))
