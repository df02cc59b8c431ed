"""Rendering shared by handlers: the main menu screen, editing in place."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.geo import Geography
from bot.i18n import LANGUAGE_NAMES, Translator
from bot.menu import Menu
from bot.profile import label_key
from keyboards.common import main_menu_kb
from keyboards.onboarding import settings_kb
from storage.models import UserRow


def settings_screen(t: Translator, locale: str, geo: Geography,
                    user: UserRow | None) -> tuple[str, InlineKeyboardMarkup]:
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
