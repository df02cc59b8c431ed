"""Keyboards of Jobs: the list, saved jobs, job alerts, and a coordinator's posting."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.profile import LEVELS, label_key
from bot.services.jobs import FREQUENCIES, REMOTE_CHOICES
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    AdminAction,
    AdminCb,
    JobAction,
    JobCb,
    MenuCb,
    MenuItem,
    PostAction,
    PostCb,
)
from storage.jobs import AlertRow, JobRow

T = Callable[..., str]
CHECK = "✅ "


def list_kb(t: T, jobs: Sequence[JobRow], saved: set[int], page: int, pages: int, mine: bool,
            subscribed: bool, first: int) -> InlineKeyboardMarkup:
    action = JobAction.mine if mine else JobAction.list
    rows: list[list[InlineKeyboardButton]] = []
    for n, job in enumerate(jobs, first):
        star = "★" if job.id in saved else "☆"
        rows.append([
            InlineKeyboardButton(text=f"{star} {n}", callback_data=JobCb(
                action=JobAction.save, value=str(job.id), page=page,
                view=action.value).pack()),
            InlineKeyboardButton(text=t("jobs-btn-open", n=n), url=job.url),
        ])
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(text="◀️", callback_data=JobCb(
            action=action, page=page - 1).pack()))
    if page < pages - 1:
        nav.append(InlineKeyboardButton(text="▶️", callback_data=JobCb(
            action=action, page=page + 1).pack()))
    if nav:
        rows.append(nav)
    if subscribed:
        rows.append([InlineKeyboardButton(
            text=t("jobs-btn-all") if mine else t("jobs-btn-mine"),
            callback_data=JobCb(action=JobAction.list if mine else JobAction.mine).pack())])
    rows.append([
        InlineKeyboardButton(text=t("jobs-btn-saved"),
                             callback_data=JobCb(action=JobAction.saved).pack()),
        InlineKeyboardButton(text=t("jobs-btn-alerts"),
                             callback_data=JobCb(action=JobAction.alerts).pack())])
    rows.append([InlineKeyboardButton(text=t("menu-open"),
                                      callback_data=MenuCb(item=MenuItem.home).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def saved_kb(t: T, jobs: Sequence[JobRow]) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=t("jobs-btn-unsave", n=n), callback_data=JobCb(
        action=JobAction.save, value=str(job.id), view=JobAction.saved.value).pack()),
        InlineKeyboardButton(text=t("jobs-btn-open", n=n), url=job.url)]
        for n, job in enumerate(jobs, 1)]
    rows.append([InlineKeyboardButton(text=t("btn-back"),
                                      callback_data=JobCb(action=JobAction.list).pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def subscribe_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("jobs-btn-subscribe"), callback_data=JobCb(action=JobAction.subscribe))
    kb.button(text=t("btn-back"), callback_data=JobCb(action=JobAction.list))
    kb.adjust(1)
    return kb.as_markup()


def alerts_kb(t: T, a: AlertRow) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for f in FREQUENCIES:
        kb.button(text=(CHECK if a.frequency == f else "") + t(f"jobs-frequency-{f}"),
                  callback_data=JobCb(action=JobAction.frequency, value=f))
    kb.button(text=t("jobs-btn-topics"), callback_data=JobCb(action=JobAction.topics))
    kb.button(text=t("jobs-btn-hour"), callback_data=JobCb(action=JobAction.hours))
    for choice in REMOTE_CHOICES:
        kb.button(text=(CHECK if a.remote == choice else "") + t(f"jobs-remote-{choice}"),
                  callback_data=JobCb(action=JobAction.remote, value=choice))
    kb.button(text=(CHECK if a.level is None else "") + t("jobs-level-any"),
              callback_data=JobCb(action=JobAction.level, value=""))
    for level in LEVELS:
        kb.button(text=(CHECK if a.level == level else "") + t(label_key("level", level)),
                  callback_data=JobCb(action=JobAction.level, value=level))
    kb.button(text=t("jobs-btn-include"), callback_data=JobCb(action=JobAction.words,
                                                              value="in"))
    kb.button(text=t("jobs-btn-exclude"), callback_data=JobCb(action=JobAction.words,
                                                              value="out"))
    kb.button(text=t("btn-back"), callback_data=JobCb(action=JobAction.list))
    kb.adjust(3, 2, 3, 4, 2, 1)
    return kb.as_markup()


def alert_topics_kb(t: T, labels: Sequence[tuple[str, str]],
                    chosen: Sequence[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code, label in labels:
        kb.button(text=(CHECK if code in chosen else "") + label,
                  callback_data=JobCb(action=JobAction.topic, value=code))
    kb.button(text=t("jobs-btn-done"), callback_data=JobCb(action=JobAction.alerts))
    kb.adjust(2)
    return kb.as_markup()


def hours_kb(t: T, current: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for hour in range(6, 24):
        kb.button(text=(CHECK if hour == current else "") + f"{hour:02d}:00",
                  callback_data=JobCb(action=JobAction.hour, value=str(hour)))
    kb.button(text=t("btn-back"), callback_data=JobCb(action=JobAction.alerts))
    kb.adjust(4, 4, 4, 4, 2, 1)
    return kb.as_markup()


def back_to_alerts_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-back"), callback_data=JobCb(action=JobAction.alerts))
    return kb.as_markup()


# --- a coordinator's posting ------------------------------------------------------------------
def post_remote_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("jobs-remote"), callback_data=PostCb(action=PostAction.remote))
    kb.button(text=t("post-cancel"), callback_data=PostCb(action=PostAction.cancel))
    kb.adjust(1)
    return kb.as_markup()


def post_level_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for level in LEVELS:
        kb.button(text=t(label_key("level", level)),
                  callback_data=PostCb(action=PostAction.level, value=level))
    kb.button(text=t("jobs-level-any"), callback_data=PostCb(action=PostAction.level))
    kb.button(text=t("post-cancel"), callback_data=PostCb(action=PostAction.cancel))
    kb.adjust(3, 1, 1)
    return kb.as_markup()


def post_topics_kb(t: T, labels: Sequence[tuple[str, str]],
                   chosen: Sequence[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code, label in labels:
        kb.button(text=(CHECK if code in chosen else "") + label,
                  callback_data=PostCb(action=PostAction.topic, value=code))
    kb.button(text=t("jobs-btn-done"), callback_data=PostCb(action=PostAction.topics_done))
    kb.adjust(2)
    return kb.as_markup()


def post_deadline_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("post-no-deadline"), callback_data=PostCb(action=PostAction.no_deadline))
    kb.button(text=t("post-cancel"), callback_data=PostCb(action=PostAction.cancel))
    kb.adjust(1)
    return kb.as_markup()


def post_confirm_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("post-publish"), callback_data=PostCb(action=PostAction.confirm))
    kb.button(text=t("post-cancel"), callback_data=PostCb(action=PostAction.cancel))
    kb.adjust(1)
    return kb.as_markup()


def posted_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-back"), callback_data=AdminCb(action=AdminAction.menu))
    return kb.as_markup()
