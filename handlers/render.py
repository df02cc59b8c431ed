"""Rendering shared by handlers: the main menu screen, editing in place."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.delivery.timezones import COMMON_ZONES, utc_offset_label, zone
from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.menu import Menu
from bot.profile import label_key
from bot.settings import Settings
from keyboards.common import main_menu_kb
from keyboards.onboarding import quiet_label, settings_kb, zone_name_key
from storage.models import UserRow


def zone_label(t: Translator, zone: str, now: datetime) -> str:
    offset = utc_offset_label(zone, now)
    return f"{t(zone_name_key(zone))} ({offset})" if zone in COMMON_ZONES else offset


def settings_screen(t: Translator, locale: str, geo: Geography, user: UserRow | None,
                    now: datetime, default_zone: str) -> tuple[str, InlineKeyboardMarkup]:
    """Her profile as stored, with a button per field she can change."""
    if user is None:
        return t("settings-title"), settings_kb(t)
    none = t("settings-not-set")

    def label(kind: str, code: str | None) -> str:
        return t(label_key(kind, code)) if code else none

    region = geo.region(user.region)
    place = region.name(locale) if region else none
    city = geo.city_name(user.region, user.city, locale)
    if city and city != place:
        place = f"{place}, {city}"
    interests = ", ".join(t(label_key("interest", c)) for c in user.interests) or none
    text = t(
        "settings-profile",
        name=user.name or none,
        age=label("age", user.age_group),
        place=place,
        status=label("status", user.status),
        interests=interests,
        level=label("level", user.level),
        language=LANGUAGE_NAMES.get(user.language or "", none),
        zone=zone_label(t, user.timezone or default_zone, now),
        quiet=quiet_label(t, user.quiet_hours),
        announcements=t("settings-announcements-off" if user.announcements_muted
                        else "settings-announcements-on"),
    )
    return text, settings_kb(t)


def menu_screen(
    t: Translator, menu: Menu, user: UserRow | None
) -> tuple[str, InlineKeyboardMarkup]:
    return t("menu-title"), main_menu_kb(t, menu.for_user(user))


async def show(cq: CallbackQuery, bot: Bot, text: str,
               reply_markup: InlineKeyboardMarkup | None = None) -> None:
    """Replace the message the button was on; if it can no longer be edited, send anew."""
    if isinstance(cq.message, Message):
        try:
            await cq.message.edit_text(text, reply_markup=reply_markup)
            return
        except TelegramBadRequest as e:
            if "message is not modified" in str(e):
                return
    await bot.send_message(cq.from_user.id, text, reply_markup=reply_markup)


DATE_FORMAT = "%d.%m.%Y %H:%M"  # how a date and time is typed and shown to coordinators


def user_zone(user: UserRow | None, settings: Settings) -> str:
    """Her time zone, or the bot's."""
    return user.timezone if user and user.timezone else settings.timezone


def typed_time(text: str, user: UserRow | None, settings: Settings) -> datetime | None:
    """A date and time typed as DATE_FORMAT in her zone; None when it is not one."""
    try:
        local = datetime.strptime(text.strip(), DATE_FORMAT)
    except ValueError:
        return None
    return local.replace(tzinfo=zone(user_zone(user, settings), settings.timezone))
