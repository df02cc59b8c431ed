"""Keyboards of a mentorship after the match: her view of it, writing, meetings, feedback and
reports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from aiogram.types import InlineKeyboardMarkup

from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    FeedbackCb,
    FeedbackKind,
    MeetAction,
    MeetCb,
    MentorCb,
    MshipAction,
    MshipCb,
    RelayAction,
    RelayCb,
)

T = Callable[..., str]
HOURS = range(7, 23)  # meetings between 07:00 and 22:45 in her zone
MINUTES = (0, 15, 30, 45)


def _back(kb: InlineKeyboardBuilder, t: T, mentorship_id: int | None = None) -> None:
    if mentorship_id is None:
        kb.button(text=t("btn-back"), callback_data=MentorCb(action="home"))
    else:
        kb.button(text=t("btn-back"), callback_data=MshipCb(action=MshipAction.open,
                                                            mentorship_id=mentorship_id))


def card_kb(t: T, mentorship_id: int, *, i_am_mentor: bool, active: bool
            ) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if active:
        kb.button(text=t("btn-write-mentee" if i_am_mentor else "btn-write-mentor"),
                  callback_data=RelayCb(action=RelayAction.write, mentorship_id=mentorship_id))
        kb.button(text=t("btn-plan-meeting"),
                  callback_data=MshipCb(action=MshipAction.meet, mentorship_id=mentorship_id))
        kb.button(text=t("btn-report"), callback_data=MshipCb(action=MshipAction.report_ask,
                                                              mentorship_id=mentorship_id))
        kb.button(text=t("btn-end-mentorship"),
                  callback_data=MshipCb(action=MshipAction.end_ask, mentorship_id=mentorship_id))
    _back(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def confirm_kb(t: T, mentorship_id: int, label: str, action: MshipAction
               ) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t(label), callback_data=MshipCb(action=action, mentorship_id=mentorship_id))
    _back(kb, t, mentorship_id)
    kb.adjust(1)
    return kb.as_markup()


def writing_kb(t: T, mentorship_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-relay-stop"), callback_data=RelayCb(action=RelayAction.stop,
                                                              mentorship_id=mentorship_id))
    return kb.as_markup()


def days_kb(t: T, mentorship_id: int, days: list[date]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for day in days:
        kb.button(text=f"{t(f'weekday-{day.isoweekday()}')} {day:%d.%m}",
                  callback_data=MeetCb(action=MeetAction.day, id=mentorship_id,
                                       value=f"{day:%Y%m%d}"))
    _back(kb, t, mentorship_id)
    kb.adjust(*([3] * ((len(days) + 2) // 3)), 1)
    return kb.as_markup()


def hours_kb(t: T, mentorship_id: int, day: date, hours: list[int]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for hour in hours:
        kb.button(text=f"{hour:02d}:00", callback_data=MeetCb(
            action=MeetAction.hour, id=mentorship_id, value=f"{day:%Y%m%d}{hour:02d}"))
    kb.button(text=t("btn-back"), callback_data=MshipCb(action=MshipAction.meet,
                                                        mentorship_id=mentorship_id))
    kb.adjust(*([4] * ((len(hours) + 3) // 4)), 1)
    return kb.as_markup()


def minutes_kb(t: T, mentorship_id: int, day: date, hour: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for minute in MINUTES:
        kb.button(text=f"{hour:02d}:{minute:02d}", callback_data=MeetCb(
            action=MeetAction.minute, id=mentorship_id,
            value=f"{day:%Y%m%d}{hour:02d}{minute:02d}"))
    kb.button(text=t("btn-back"), callback_data=MeetCb(action=MeetAction.day, id=mentorship_id,
                                                       value=f"{day:%Y%m%d}"))
    kb.adjust(4, 1)
    return kb.as_markup()


def stars_kb(t: T, kind: FeedbackKind, item_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n in range(1, 6):
        kb.button(text=t(f"btn-star-{n}"), callback_data=FeedbackCb(kind=kind, id=item_id,
                                                                    value=str(n)))
    kb.adjust(5)
    return kb.as_markup()


def skip_kb(t: T, kind: FeedbackKind, item_id: int) -> InlineKeyboardMarkup:
    """Under the question for a comment: skip it."""
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-skip"), callback_data=FeedbackCb(kind=FeedbackKind.comment,
                                                           id=item_id, value=kind.value))
    return kb.as_markup()


def done_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-done"), callback_data=MentorCb(action="home"))
    return kb.as_markup()
