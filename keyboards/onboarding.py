"""Keyboards of the onboarding steps and the settings screen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from functools import lru_cache

from aiogram.types import InlineKeyboardMarkup

from bot.delivery.timezones import (
    COMMON_ZONES,
    DEFAULT_QUIET,
    QUIET_CHOICES,
    QUIET_OFF,
    UTC_OFFSETS,
    offset_zone,
    utc_offset_label,
)
from bot.geo import Geography
from bot.profile import (
    AGE_GROUPS,
    GOALS,
    INTERESTS,
    LEVELS,
    STATUSES,
    UNDER_13,
    label_key,
)
from bot.services.onboarding import DONE, NO, OTHER, SETTINGS_FIELDS, TG_NAME, YES, Step
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import (
    DelAction,
    DelCb,
    MenuCb,
    MenuItem,
    OnbCb,
    QuietCb,
    SetCb,
    StoryAction,
    StoryCb,
    TzCb,
)

T = Callable[..., str]

BACK = "back"


def _back(kb: InlineKeyboardBuilder, t: T, step: Step, enabled: bool = True) -> None:
    if enabled:
        kb.button(text=t("btn-back"), callback_data=OnbCb(step=step.value, value=BACK))


def _choices(t: T, step: Step, kind: str, codes: Iterable[str], columns: int,
             back: bool = True) -> InlineKeyboardMarkup:
    """Every newcomer sees the same few of these: each is built once per language (markups
    are never changed once built)."""
    return _built_choices(t, step, kind, tuple(codes), columns, back)


@lru_cache(maxsize=256)
def _built_choices(t: T, step: Step, kind: str, codes: tuple[str, ...], columns: int,
                   back: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for code in codes:
        kb.button(text=t(label_key(kind, code)), callback_data=OnbCb(step=step.value, value=code))
    _back(kb, t, step, back)
    rows = [columns] * ((len(codes) + columns - 1) // columns)
    kb.adjust(*rows, 1)
    return kb.as_markup()


def consent_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-agree"), callback_data=OnbCb(step=Step.consent.value, value=YES))
    kb.button(text=t("btn-disagree"), callback_data=OnbCb(step=Step.consent.value, value=NO))
    _back(kb, t, Step.consent)
    kb.adjust(1)
    return kb.as_markup()


def name_kb(t: T, suggestion: str | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if suggestion:
        kb.button(text=t("name-use", name=suggestion),
                  callback_data=OnbCb(step=Step.name.value, value=TG_NAME))
    _back(kb, t, Step.name)
    kb.adjust(1)
    return kb.as_markup()


def age_kb(t: T, with_under_13: bool) -> InlineKeyboardMarkup:
    codes = [*AGE_GROUPS, UNDER_13] if with_under_13 else list(AGE_GROUPS)
    return _choices(t, Step.age, "age", codes, 3)


def guardian_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-guardian-yes"), callback_data=OnbCb(step=Step.guardian.value, value=YES))
    kb.button(text=t("btn-guardian-no"), callback_data=OnbCb(step=Step.guardian.value, value=NO))
    _back(kb, t, Step.guardian)
    kb.adjust(1)
    return kb.as_markup()


def region_kb(t: T, geo: Geography, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for region in geo.regions:
        kb.button(text=region.name(lang),
                  callback_data=OnbCb(step=Step.region.value, value=region.code))
    _back(kb, t, Step.region)
    kb.adjust(1)
    return kb.as_markup()


def city_kb(t: T, geo: Geography, region_code: str, lang: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    region = geo.region(region_code)
    cities = region.cities if region else ()
    for city in cities:
        kb.button(text=city.name(lang), callback_data=OnbCb(step=Step.city.value, value=city.code))
    kb.button(text=t("btn-city-other"), callback_data=OnbCb(step=Step.city.value, value=OTHER))
    _back(kb, t, Step.city)
    kb.adjust(*([2] * ((len(cities) + 1) // 2)), 1, 1)
    return kb.as_markup()


def text_step_kb(t: T, step: Step) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _back(kb, t, step)
    return kb.as_markup()


def status_kb(t: T) -> InlineKeyboardMarkup:
    return _choices(t, Step.status, "status", STATUSES, 1)


def interests_kb(t: T, chosen: Iterable[str]) -> InlineKeyboardMarkup:
    chosen = set(chosen)
    kb = InlineKeyboardBuilder()
    for code in INTERESTS:
        mark = "✅ " if code in chosen else ""
        kb.button(text=mark + t(label_key("interest", code)),
                  callback_data=OnbCb(step=Step.interests.value, value=code))
    kb.button(text=t("btn-done"), callback_data=OnbCb(step=Step.interests.value, value=DONE))
    _back(kb, t, Step.interests)
    kb.adjust(*([2] * ((len(INTERESTS) + 1) // 2)), 1, 1)
    return kb.as_markup()


def level_kb(t: T) -> InlineKeyboardMarkup:
    return _choices(t, Step.level, "level", LEVELS, 1)


def goal_kb(t: T) -> InlineKeyboardMarkup:
    return _choices(t, Step.goal, "goal", GOALS, 1)


TIMEZONE, OFFSETS, QUIET = "timezone", "offsets", "quiet"
ANNOUNCEMENTS = "announce"


def settings_kb(t: T) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for step in SETTINGS_FIELDS:
        kb.button(text=t(f"settings-edit-{step.value}"), callback_data=SetCb(field=step.value))
    kb.button(text=t("settings-edit-timezone"), callback_data=SetCb(field=TIMEZONE))
    kb.button(text=t("settings-edit-quiet"), callback_data=SetCb(field=QUIET))
    kb.button(text=t("settings-edit-announcements"), callback_data=SetCb(field=ANNOUNCEMENTS))
    # the weekly story: its on/off button is on the Stories screen
    kb.button(text=t("settings-edit-stories"), callback_data=StoryCb(action=StoryAction.list,
                                                                     value="0"))
    kb.button(text=t("menu-open"), callback_data=MenuCb(item=MenuItem.home))
    kb.adjust(2, 2, 2, 1, 2, 1, 1, 1)
    return kb.as_markup()


def zone_name_key(zone: str) -> str:
    return "tz-" + zone.rsplit("/", 1)[-1].lower().replace("_", "-")


def timezone_kb(t: T, now: datetime) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for zone in COMMON_ZONES:
        kb.button(text=f"{t(zone_name_key(zone))} ({utc_offset_label(zone, now)})",
                  callback_data=TzCb(zone=zone))
    kb.button(text=t("timezone-other"), callback_data=SetCb(field=OFFSETS))
    kb.button(text=t("btn-back"), callback_data=MenuCb(item=MenuItem.settings))
    kb.adjust(2, 2, 2, 2, 2, 1, 1)
    return kb.as_markup()


def offsets_kb(t: T, now: datetime) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for hours in UTC_OFFSETS:
        zone = offset_zone(hours)
        kb.button(text=utc_offset_label(zone, now), callback_data=TzCb(zone=zone))
    kb.button(text=t("btn-back"), callback_data=SetCb(field=TIMEZONE))
    kb.adjust(*([3] * (len(UTC_OFFSETS) // 3)), 1)
    return kb.as_markup()


def quiet_label(t: T, value: str | None) -> str:
    value = value or DEFAULT_QUIET
    return t("quiet-off") if value == QUIET_OFF else value.replace("-", "–")


def quiet_kb(t: T, current: str | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, choice in enumerate(QUIET_CHOICES):
        mark = "✅ " if choice == (current or DEFAULT_QUIET) else ""
        kb.button(text=mark + quiet_label(t, choice), callback_data=QuietCb(choice=index))
    kb.button(text=t("btn-back"), callback_data=MenuCb(item=MenuItem.settings))
    kb.adjust(2, 2, 1, 1)
    return kb.as_markup()


def delete_kb(t: T, *, second: bool) -> InlineKeyboardMarkup:
    """/deleteme asks twice: the second time the button says "everything"."""
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-delete-really" if second else "btn-delete-yes"),
              callback_data=DelCb(action=DelAction.second if second else DelAction.first))
    kb.button(text=t("btn-delete-keep"), callback_data=DelCb(action=DelAction.keep))
    kb.adjust(1)
    return kb.as_markup()
