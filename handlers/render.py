"""Rendering shared by handlers: the main menu screen, editing in place."""

from __future__ import annotations

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.i18n import Translator
from bot.menu import Menu
from keyboards.common import main_menu_kb
from storage.models import UserRow


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
