"""Mentorship after the match: her view of one mentorship, writing through the relay,
planning meetings, feedback, check-ins, ending, reports, and coordinators' decisions on
reports."""

from __future__ import annotations

import html
from datetime import date, datetime, timedelta

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.delivery.timezones import format_when, local_time, zone
from bot.i18n import Translator
from bot.profile import label_key
from bot.relay import outgoing
from bot.services.mentoring import MentoringService, Outcome, Side
from bot.settings import Settings
from handlers.access import Coordinator
from handlers.render import show
from keyboards import mentoring as kbs
from keyboards.callbacks import (
    FeedbackCb,
    FeedbackKind,
    MeetAction,
    MeetCb,
    MshipAction,
    MshipCb,
    RelayAction,
    RelayCb,
    ReportAction,
    ReportCb,
)
from storage.models import UserRow


class Writing(StatesGroup):
    relay = State()  # data: mentorship


class Feedback(StatesGroup):
    comment = State()  # data: kind ("r" a meeting, "m" a mentorship), id


class Reporting(StatesGroup):
    details = State()  # data: report


STATE_ANSWERS = {Outcome.paused: "relay-paused", Outcome.ended: "relay-ended",
                 Outcome.forbidden: "mship-not-active"}


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.callback_query.register(mentorship_cb, MshipCb.filter())
    r.callback_query.register(relay_cb, RelayCb.filter())
    r.callback_query.register(meeting_cb, MeetCb.filter())
    r.callback_query.register(feedback_cb, FeedbackCb.filter())
    r.callback_query.register(report_decision, ReportCb.filter(),
                              Coordinator("mentor report decision"))
    not_command = ~F.text.startswith("/")
    r.message.register(relay_message, StateFilter(Writing.relay), not_command)
    r.message.register(comment_typed, StateFilter(Feedback.comment), F.text, not_command)
    r.message.register(details_typed, StateFilter(Reporting.details), F.text, not_command)
    return r


async def refuse(cq: CallbackQuery, t: Translator, outcome: Outcome) -> None:
    """Why a button no longer acts: paused, ended, or not hers."""
    await cq.answer(t(STATE_ANSWERS.get(outcome, "mship-not-active")), show_alert=True)


# --- her view of one mentorship --------------------------------------------------------
def card_text(t: Translator, side: Side, settings: Settings, user: UserRow | None) -> str:
    tz = user.timezone if user else None
    m = side.mentorship
    lines = [t("mship-title-mentee" if side.i_am_mentor else "mship-title-mentor",
               name=side.other_name),
             t("mship-topic", topic=t(label_key("interest", m.topic))),
             t("mship-since", date=local_time(datetime.fromisoformat(m.started_at), tz,
                                              settings.timezone).strftime("%d.%m.%Y"))]
    meeting = side.next_meeting
    if meeting is not None:
        when = format_when(datetime.fromisoformat(meeting.starts_at), tz, settings.timezone)
        lines.append(t("mship-next-confirmed" if meeting.status == "confirmed"
                       else "mship-next-proposed", when=when))
    if m.status == "paused":
        lines.append(t("mship-paused"))
    return "\n".join(lines)


async def _card(cq: CallbackQuery, side: Side, t: Translator, settings: Settings,
                user: UserRow | None, bot: Bot, note: str | None = None) -> None:
    text = card_text(t, side, settings, user)
    await show(cq, bot, f"{note}\n\n{text}" if note else text,
               kbs.card_kb(t, side.id, i_am_mentor=side.i_am_mentor,
                           active=side.mentorship.status == "active"))


async def mentorship_cb(cq: CallbackQuery, callback_data: MshipCb, state: FSMContext,
                        user: UserRow | None, mentoring: MentoringService, t: Translator,
                        settings: Settings, bot: Bot) -> None:
    uid, mid, action = cq.from_user.id, callback_data.mentorship_id, callback_data.action
    side = await mentoring.side(uid, mid)
    if side is None or side.mentorship.status == "ended":
        await cq.answer(t("mship-not-active"), show_alert=True)
        return
    if action == MshipAction.open:
        await cq.answer()
        await _card(cq, side, t, settings, user, bot)
        return
    if side.mentorship.status != "active":
        await cq.answer(t("relay-paused"), show_alert=True)
        return
    if action == MshipAction.end_ask:
        await cq.answer()
        await show(cq, bot, t("end-ask", name=side.other_name),
                   kbs.confirm_kb(t, mid, "btn-end-confirm", MshipAction.end))
    elif action == MshipAction.end:
        result = await mentoring.end(uid, mid)
        if result.outcome != Outcome.ok:
            await refuse(cq, t, result.outcome)
            return
        await cq.answer()
        await state.clear()
        await show(cq, bot, t("mentorship-ended-you", name=side.other_name),
                   kbs.stars_kb(t, FeedbackKind.mentorship, mid))
    elif action == MshipAction.report_ask:
        await cq.answer()
        await show(cq, bot, t("report-ask", name=side.other_name),
                   kbs.confirm_kb(t, mid, "btn-report-confirm", MshipAction.report))
    elif action == MshipAction.report:
        result = await mentoring.report(uid, mid)
        if result.outcome != Outcome.ok or result.by is None:
            await refuse(cq, t, result.outcome)
            return
        await cq.answer()
        await state.set_state(Reporting.details)
        await state.set_data({"report": result.by})
        await show(cq, bot, t("mentorship-reported"), kbs.done_kb(t))
    elif action == MshipAction.meet:
        await cq.answer()
        days = meeting_days(mentoring, user, settings)
        await show(cq, bot, t("meeting-pick-day", tz=_zone_name(user, settings)),
                   kbs.days_kb(t, mid, days))


# --- writing through the relay ----------------------------------------------------------
async def relay_cb(cq: CallbackQuery, callback_data: RelayCb, state: FSMContext,
                   mentoring: MentoringService, t: Translator, bot: Bot) -> None:
    mid = callback_data.mentorship_id
    result = await mentoring.can_write(cq.from_user.id, mid)
    if callback_data.action == RelayAction.stop:
        await cq.answer()
        data = await state.get_data()
        if await state.get_state() == Writing.relay.state and data.get("mentorship") == mid:
            await state.clear()
        name = result.side.other_name if result.side else "—"
        await bot.send_message(cq.from_user.id, t("relay-stopped", name=name))
        return
    if result.outcome != Outcome.ok or result.side is None:
        await refuse(cq, t, result.outcome)
        return
    await cq.answer()
    await state.set_state(Writing.relay)
    await state.set_data({"mentorship": mid})
    # a new message: the button may sit under a relayed message that must stay as it is
    await bot.send_message(cq.from_user.id, t("relay-started", name=result.side.other_name),
                           reply_markup=kbs.writing_kb(t, mid))


async def relay_message(message: Message, state: FSMContext, mentoring: MentoringService,
                        t: Translator) -> None:
    assert message.from_user is not None
    mid = int((await state.get_data()).get("mentorship", 0))
    what = outgoing(message)
    if what is None:
        await message.answer(t("relay-unsupported"), reply_markup=kbs.writing_kb(t, mid))
        return
    result = await mentoring.relay(message.from_user.id, mid, what)
    if result.outcome != Outcome.ok:
        await state.clear()
        await message.answer(t(STATE_ANSWERS.get(result.outcome, "mship-not-active")))
        return
    name = result.side.other_name if result.side else "—"
    await message.answer(t("relay-masked") if result.masked else t("relay-sent", name=name),
                         reply_markup=kbs.writing_kb(t, mid))


# --- meetings ---------------------------------------------------------------------------
def _zone_name(user: UserRow | None, settings: Settings) -> str:
    return str(zone(user.timezone if user else None, settings.timezone))


def meeting_days(mentoring: MentoringService, user: UserRow | None,
                 settings: Settings) -> list[date]:
    """The days, in her zone, on which a meeting can still be proposed."""
    tz = zone(user.timezone if user else None, settings.timezone)
    earliest, latest = mentoring.meeting_window()
    first, last = earliest.astimezone(tz), latest.astimezone(tz)
    days = []
    day = first.date()
    while day <= last.date():
        if _hours(day, tz, earliest, latest):
            days.append(day)
        day += timedelta(days=1)
    return days


def _start(day: date, hour: int, minute: int, tz: object) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)  # type: ignore[arg-type]


def _hours(day: date, tz: object, earliest: datetime, latest: datetime) -> list[int]:
    """Hours of that day with at least one quarter inside the window."""
    return [h for h in kbs.HOURS
            if any(earliest <= _start(day, h, q, tz) <= latest for q in kbs.MINUTES)]


def _parse(value: str) -> tuple[date, int, int] | None:
    """YYYYMMDD[HH[MM]] from a button; None when forged."""
    try:
        day = datetime.strptime(value[:8], "%Y%m%d").date()
        hour = int(value[8:10]) if len(value) >= 10 else 0
        minute = int(value[10:12]) if len(value) >= 12 else 0
    except ValueError:
        return None
    if len(value) not in (8, 10, 12) or (hour not in kbs.HOURS and len(value) > 8) \
            or minute not in kbs.MINUTES:
        return None
    return day, hour, minute


async def meeting_cb(cq: CallbackQuery, callback_data: MeetCb, user: UserRow | None,
                     mentoring: MentoringService, t: Translator, settings: Settings,
                     bot: Bot) -> None:
    uid, action = cq.from_user.id, callback_data.action
    if action in (MeetAction.confirm, MeetAction.decline):
        confirm = action == MeetAction.confirm
        result = await mentoring.answer_meeting(uid, callback_data.id, confirm)
        if result.outcome != Outcome.ok or result.meeting is None or result.side is None:
            key = {Outcome.already: "meeting-answered", Outcome.gone: "meeting-gone"}.get(
                result.outcome) or STATE_ANSWERS.get(result.outcome, "mship-not-active")
            await cq.answer(t(key), show_alert=True)
            return
        await cq.answer()
        when = format_when(datetime.fromisoformat(result.meeting.starts_at),
                           user.timezone if user else None, settings.timezone)
        await show(cq, bot, t("meeting-confirmed-you" if confirm else "meeting-declined-you",
                              when=when, name=result.side.other_name))
        return
    mid = callback_data.id
    side = await mentoring.side(uid, mid)
    if side is None or side.mentorship.status != "active":
        await refuse(cq, t, mentoring.state_of(side))
        return
    parsed = _parse(callback_data.value)
    tz = zone(user.timezone if user else None, settings.timezone)
    earliest, latest = mentoring.meeting_window()
    if parsed is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    day, hour, minute = parsed
    if action == MeetAction.day:
        hours = _hours(day, tz, earliest, latest)
        if not hours:
            await cq.answer(t("meeting-time-invalid"), show_alert=True)
            return
        await cq.answer()
        await show(cq, bot, t("meeting-pick-hour", day=f"{t(f'weekday-{day.isoweekday()}')} "
                                                       f"{day:%d.%m}"),
                   kbs.hours_kb(t, mid, day, hours))
    elif action == MeetAction.hour:
        await cq.answer()
        await show(cq, bot, t("meeting-pick-minute", day=f"{day:%d.%m}", hour=f"{hour:02d}"),
                   kbs.minutes_kb(t, mid, day, hour))
    elif action == MeetAction.minute:
        starts = _start(day, hour, minute, tz)
        result = await mentoring.propose(uid, mid, starts)
        if result.outcome == Outcome.invalid:
            await cq.answer(t("meeting-time-invalid"), show_alert=True)
            return
        if result.outcome != Outcome.ok:
            await refuse(cq, t, result.outcome)
            return
        await cq.answer()
        when = format_when(starts, user.timezone if user else None, settings.timezone)
        await _card(cq, side, t, settings, user, bot,
                    note=t("meeting-proposal-sent", when=when, name=side.other_name))


# --- feedback and check-ins -------------------------------------------------------------
async def feedback_cb(cq: CallbackQuery, callback_data: FeedbackCb, state: FSMContext,
                      mentoring: MentoringService, t: Translator, bot: Bot) -> None:
    uid, kind, item, value = (cq.from_user.id, callback_data.kind, callback_data.id,
                              callback_data.value)
    if kind == FeedbackKind.happened and value in ("0", "1"):
        result = await mentoring.happened(uid, item, value == "1")
        if result.outcome == Outcome.ok:
            await cq.answer()
            if value == "1":
                await show(cq, bot, t("meeting-rate-ask"),
                           kbs.stars_kb(t, FeedbackKind.meeting, item))
            else:
                await show(cq, bot, t("meeting-missed-noted"))
            return
    elif kind in (FeedbackKind.meeting, FeedbackKind.mentorship) and value in "12345" \
            and len(value) == 1:
        rate = mentoring.rate_meeting if kind == FeedbackKind.meeting \
            else mentoring.rate_mentorship
        result = await rate(uid, item, int(value))
        if result.outcome == Outcome.ok:
            await cq.answer()
            await state.set_state(Feedback.comment)
            await state.set_data({"kind": kind.value, "id": item})
            await show(cq, bot, t("feedback-comment-ask"), kbs.skip_kb(t, kind, item))
            return
    elif kind == FeedbackKind.checkin and len(value) == 3 and value[:2].isascii() and (
            value[:2].isdigit()):
        answer = {"g": "good", "o": "ok", "b": "bad"}.get(value[2], "")
        result = await mentoring.checkin(uid, item, int(value[:2]), answer)
        if result.outcome == Outcome.ok:
            await cq.answer()
            await show(cq, bot, t("checkin-thanks-bad" if answer == "bad"
                                  else "checkin-thanks"))
            return
    elif kind == FeedbackKind.comment:  # "Skip"
        await cq.answer()
        data = await state.get_data()
        if await state.get_state() == Feedback.comment.state and data.get("id") == item:
            await state.clear()
        await show(cq, bot, t("feedback-thanks"))
        return
    else:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    key = {Outcome.already: "feedback-already", Outcome.invalid: "feedback-too-early"}.get(
        result.outcome, "mship-not-active")
    await cq.answer(t(key), show_alert=True)


async def comment_typed(message: Message, state: FSMContext, mentoring: MentoringService,
                        t: Translator) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    item = int(data.get("id", 0))
    comment = mentoring.comment_meeting if data.get("kind") == FeedbackKind.meeting.value \
        else mentoring.comment_mentorship
    result = await comment(message.from_user.id, item, message.text or "")
    if result.outcome == Outcome.invalid:
        kind = FeedbackKind(data.get("kind", FeedbackKind.meeting.value))
        await message.answer(t("feedback-comment-invalid"),
                             reply_markup=kbs.skip_kb(t, kind, item))
        return
    await state.clear()
    await message.answer(t("feedback-thanks") if result.outcome == Outcome.ok
                         else t("feedback-already"))


# --- reports ----------------------------------------------------------------------------
async def details_typed(message: Message, state: FSMContext, mentoring: MentoringService,
                        t: Translator) -> None:
    assert message.from_user is not None
    report_id = int((await state.get_data()).get("report", 0))
    result = await mentoring.add_details(message.from_user.id, report_id, message.text or "")
    if result.outcome == Outcome.invalid:
        await message.answer(t("feedback-comment-invalid"), reply_markup=kbs.done_kb(t))
        return
    await state.clear()
    await message.answer(t("report-details-thanks"))


async def report_decision(cq: CallbackQuery, callback_data: ReportCb,
                          mentoring: MentoringService, t: Translator, bot: Bot) -> None:
    result = await mentoring.decide_report(cq.from_user.id, callback_data.report_id,
                                           callback_data.action)
    if result.outcome != Outcome.ok:
        key = "report-decided-already" if result.outcome == Outcome.already \
            else "button-expired"
        await cq.answer(t(key), show_alert=True)
        return
    await cq.answer()
    done = t(f"report-decided-{ReportAction(callback_data.action).name}")
    original = cq.message.text if isinstance(cq.message, Message) else None
    if original:  # the report stays readable, with the decision under it and no buttons
        await show(cq, bot, f"{html.escape(original[:3500])}\n\n{done}")
