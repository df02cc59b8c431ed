"""Keyboards of the catalog, the course card, My courses and coordinators' edits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.types import InlineKeyboardMarkup

from bot.content import Format
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES
from bot.profile import INTERESTS, label_key
from bot.services.courses import CourseView, Page, SessionView, Standing
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    CatCb,
    CourseAction,
    CourseCb,
    EditCb,
    EditWhat,
    LearnAction,
    LearnCb,
    MenuCb,
    MenuItem,
)

T = Callable[..., str]
REGIONS = ("TJ-DU", "TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA")
PICKS = {"t": "topic", "f": "fmt", "l": "lang", "r": "region"}


def format_key(fmt: str) -> str:
    return "format-" + fmt.replace("_", "-")


def filter_value(t: T, geo: Geography, locale: str, pick: str, value: str) -> str:
    if not value:
        return t("filter-any")
    if pick == "t":
        return t(label_key("interest", value))
    if pick == "f":
        return t(format_key(value))
    if pick == "l":
        return LANGUAGE_NAMES.get(value, value)
    region = geo.region(value)
    return region.name(locale) if region else value


def catalog_kb(t: T, geo: Geography, locale: str, cb: CatCb, page: Page,
               title: Callable[[CourseView], str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for view in page.courses:
        kb.button(text=title(view), callback_data=CourseCb(action=CourseAction.open,
                                                           course_id=view.id))
    for pick, field in PICKS.items():
        value = filter_value(t, geo, locale, pick, getattr(cb, field))
        kb.button(text=t(f"filter-{field}", value=value),
                  callback_data=cb.model_copy(update={"pick": pick, "page": 0}))
    nav = 0
    if page.page > 0:
        kb.button(text="◀️", callback_data=cb.model_copy(update={"page": page.page - 1}))
        nav += 1
    if page.page < page.pages - 1:
        kb.button(text="▶️", callback_data=cb.model_copy(update={"page": page.page + 1}))
        nav += 1
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    kb.adjust(*([1] * len(page.courses)), 2, 2, *([nav] if nav else []), 1)
    return kb.as_markup()


def filter_choices_kb(t: T, geo: Geography, locale: str, cb: CatCb) -> InlineKeyboardMarkup:
    field = PICKS[cb.pick]
    values: Sequence[str] = {
        "t": INTERESTS, "f": [f.value for f in Format], "l": list(LANGUAGE_NAMES),
        "r": REGIONS,
    }[cb.pick]
    kb = InlineKeyboardBuilder()
    for value in ["", *values]:
        mark = "✅ " if getattr(cb, field) == value else ""
        kb.button(text=mark + filter_value(t, geo, locale, cb.pick, value),
                  callback_data=cb.model_copy(update={field: value, "pick": "", "page": 0}))
    kb.adjust(2)
    return kb.as_markup()


def card_kb(t: T, view: CourseView, standing: Standing, *, open_: bool,
            coordinator: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def course(action: CourseAction) -> CourseCb:
        return CourseCb(action=action, course_id=view.id)

    if standing.status == "offered":
        kb.button(text=t("course-offer-confirm"), callback_data=course(CourseAction.confirm))
        kb.button(text=t("course-offer-decline"), callback_data=course(CourseAction.decline))
    elif standing.status == "enrolled":
        if view.course.format == Format.online_self:
            kb.button(text=t("btn-continue"),
                      callback_data=LearnCb(action=LearnAction.go, course_id=view.id))
        kb.button(text=t("btn-unenroll"), callback_data=course(CourseAction.leave_ask))
    elif standing.status == "waitlisted":
        kb.button(text=t("btn-leave-waitlist"), callback_data=course(CourseAction.leave_ask))
    elif open_:
        full = standing.seats_left is not None and standing.seats_left <= 0
        kb.button(text=t("btn-join-waitlist" if full else "btn-enroll"),
                  callback_data=course(CourseAction.enroll))
    if any(s.venue for s in view.sessions):
        kb.button(text=t("btn-map"), callback_data=course(CourseAction.map))
    if coordinator:
        kb.button(text=t("btn-edit-course"),
                  callback_data=EditCb(course_id=view.id, what=EditWhat.menu))
    kb.button(text=t("btn-catalog"), callback_data=MenuCb(item=MenuItem.courses))
    kb.adjust(1)
    return kb.as_markup()


def unenroll_kb(t: T, course_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-unenroll-yes"),
              callback_data=CourseCb(action=CourseAction.leave, course_id=course_id))
    kb.button(text=t("btn-unenroll-no"),
              callback_data=CourseCb(action=CourseAction.open, course_id=course_id))
    kb.adjust(1)
    return kb.as_markup()


def my_courses_kb(t: T, items: list[tuple[str, int]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, course_id in items:
        kb.button(text=label, callback_data=CourseCb(action=CourseAction.open,
                                                     course_id=course_id))
    kb.button(text=t("btn-catalog"), callback_data=MenuCb(item=MenuItem.courses))
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    kb.adjust(1)
    return kb.as_markup()


def edit_kb(t: T, view: CourseView, locale: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-edit-seats"), callback_data=EditCb(course_id=view.id,
                                                             what=EditWhat.seats))
    for s in view.sessions:
        name = s.session.title.get(locale)
        kb.button(text=t("btn-edit-date", session=name),
                  callback_data=EditCb(course_id=view.id, what=EditWhat.date, session=s.id))
        kb.button(text=t("btn-edit-venue", session=name),
                  callback_data=EditCb(course_id=view.id, what=EditWhat.venue, session=s.id))
    kb.button(text=t("btn-back"), callback_data=CourseCb(action=CourseAction.open,
                                                         course_id=view.id))
    kb.adjust(1)
    return kb.as_markup()


def skip_pin_kb(t: T, course_id: int, session: SessionView) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-skip"), callback_data=EditCb(course_id=course_id,
                                                       what=EditWhat.skip_pin,
                                                       session=session.id))
    return kb.as_markup()
