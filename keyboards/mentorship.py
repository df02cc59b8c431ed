"""Keyboards of mentorship: the home screen, the application and request steps, offers,
and the coordinators' queue."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.geo import Geography
from bot.profile import INTERESTS, label_key
from bot.services.mentorship import FORMATS, REGIONS
from bot.settings import LANGUAGES
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    AppAction,
    AppCb,
    MatchCb,
    MentorCb,
    MenuCb,
    MenuItem,
    MshipAction,
    MshipCb,
)

T = Callable[..., str]


def _cb(action: str, value: str = "") -> MentorCb:
    return MentorCb(action=action, value=value)


def _home(kb: InlineKeyboardBuilder, t: T) -> None:
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))


def home_kb(t: T, *, has_request: bool, mentor_status: str | None, paused: bool,
            coordinator: bool, mentorships: Sequence[tuple[int, str, bool]] = ()
            ) -> InlineKeyboardMarkup:
    """`mentorships`: (id, the other's name, whether she is the mentor in it)."""
    kb = InlineKeyboardBuilder()
    for mentorship_id, name, i_am_mentor in mentorships:
        kb.button(text=t("btn-mship-mentee" if i_am_mentor else "btn-mship-mentor",
                         name=name)[:60],
                  callback_data=MshipCb(action=MshipAction.open, mentorship_id=mentorship_id))
    if has_request:
        kb.button(text=t("btn-withdraw-request"), callback_data=_cb("wd"))
    else:
        kb.button(text=t("btn-find-mentor"), callback_data=_cb("find"))
    if mentor_status == "approved":
        kb.button(text=t("btn-resume" if paused else "btn-pause"),
                  callback_data=_cb("resume" if paused else "pause"))
        kb.button(text=t("btn-capacity"), callback_data=_cb("capask"))
    elif mentor_status in (None, "rejected"):
        kb.button(text=t("btn-become-mentor"), callback_data=_cb("apply"))
    if coordinator:
        kb.button(text=t("btn-mentor-queue"), callback_data=_cb("queue"))
    _home(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def toggles_kb(t: T, action: str, kind: str, codes: Iterable[str], chosen: Iterable[str],
               done: str, labels: dict[str, str] | None = None) -> InlineKeyboardMarkup:
    chosen = set(chosen)
    kb = InlineKeyboardBuilder()
    codes = list(codes)
    for code in codes:
        label = labels[code] if labels else t(label_key(kind, code))
        kb.button(text=("✅ " if code in chosen else "") + label, callback_data=_cb(action, code))
    kb.button(text=t("btn-done"), callback_data=_cb(done))
    kb.button(text=t("btn-cancel"), callback_data=_cb("home"))
    kb.adjust(*([2] * ((len(codes) + 1) // 2)), 1, 1)
    return kb.as_markup()


def choices_kb(t: T, action: str, items: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code, label in items:
        kb.button(text=label, callback_data=_cb(action, code))
    kb.button(text=t("btn-cancel"), callback_data=_cb("home"))
    kb.adjust(1)
    return kb.as_markup()


def cancel_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-cancel"), callback_data=_cb("home"))
    return kb.as_markup()


def expertise_kb(t: T, chosen: Iterable[str]) -> InlineKeyboardMarkup:
    return toggles_kb(t, "ex", "interest", INTERESTS, chosen, "exd")


def languages_kb(t: T, chosen: Iterable[str]) -> InlineKeyboardMarkup:
    return toggles_kb(t, "lg", "language", LANGUAGES, chosen, "lgd")


def format_kb(t: T) -> InlineKeyboardMarkup:
    return choices_kb(t, "fm", [(f, t(label_key("mentor-format", f))) for f in FORMATS])


def region_kb(t: T, geo: Geography, locale: str, action: str = "rg") -> InlineKeyboardMarkup:
    items = [(r.code, r.name(locale)) for r in geo.regions if r.code in REGIONS]
    return choices_kb(t, action, items)


def capacity_kb(t: T, action: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for n in range(1, 6):
        kb.button(text=str(n), callback_data=_cb(action, str(n)))
    kb.button(text=t("btn-cancel"), callback_data=_cb("home"))
    kb.adjust(5, 1)
    return kb.as_markup()


def topic_kb(t: T, interests: Iterable[str]) -> InlineKeyboardMarkup:
    first = [c for c in INTERESTS if c in set(interests)]
    rest = [c for c in INTERESTS if c not in set(first)]
    return choices_kb(t, "tp", [(c, t(label_key("interest", c))) for c in [*first, *rest]])


def request_language_kb(t: T) -> InlineKeyboardMarkup:
    return choices_kb(t, "rl", [(code, t(label_key("language", code))) for code in LANGUAGES])


def request_format_kb(t: T) -> InlineKeyboardMarkup:
    return choices_kb(t, "rf", [(f, t(label_key("mentor-format", f)))
                                for f in ("online", "offline")])


def queue_kb(t: T, applications: list[tuple[int, str]],
             requests: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for user_id, name in applications:
        kb.button(text=t("btn-approve-name", name=name)[:60],
                  callback_data=AppCb(action=AppAction.approve, user_id=user_id))
        kb.button(text=t("btn-reject"), callback_data=AppCb(action=AppAction.reject,
                                                            user_id=user_id))
    for request_id, label in requests:
        kb.button(text=label[:60], callback_data=MatchCb(request_id=request_id))
    _home(kb, t)
    kb.adjust(*([2] * len(applications)), *([1] * len(requests)), 1)
    return kb.as_markup()


def pick_mentor_kb(t: T, request_id: int,
                   mentors: list[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for mentor_id, name in mentors:
        kb.button(text=name[:60], callback_data=MatchCb(request_id=request_id,
                                                        mentor_id=mentor_id))
    kb.button(text=t("btn-back"), callback_data=_cb("queue"))
    kb.adjust(1)
    return kb.as_markup()
