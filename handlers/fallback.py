"""What nobody else handled: a hint for text, an answer for stale or forged buttons."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.menu import Menu
from handlers.render import menu_screen
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(unknown_message, F.chat.type == "private")
    r.callback_query.register(stale_button)
    return r


async def unknown_message(message: Message, t: Translator, menu: Menu,
                          user: UserRow | None) -> None:
    if user is None or not user.language:
        await message.answer(t("fallback-start"))
        return
    text, kb = menu_screen(t, menu, user)
    await message.answer(t("fallback-unknown") + "\n\n" + text, reply_markup=kb)


async def stale_button(cq: CallbackQuery, t: Translator) -> None:
    await cq.answer(t("button-expired"), show_alert=True)
