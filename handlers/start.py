"""/start and the language choice (/language)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.types import CallbackQuery, Message

from bot.commands import set_chat_commands
from bot.i18n import LANGUAGE_NAMES, Locales, Translator, language_order
from bot.menu import Menu
from bot.services.users import UserService
from bot.settings import Settings
from handlers.render import menu_screen, show
from keyboards.callbacks import LangCb, MenuCb, MenuItem
from keyboards.common import language_kb
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(start, CommandStart())
    r.message.register(ask_language, Command("language"))
    r.callback_query.register(ask_language_cb, MenuCb.filter(F.item == MenuItem.language))
    r.callback_query.register(choose_language, LangCb.filter())
    return r


async def start(message: Message, user: UserRow | None, t: Translator, menu: Menu,
                settings: Settings) -> None:
    if user is not None and user.language:
        text, kb = menu_screen(t, menu, user)
        await message.answer(t("start-welcome-back") + "\n\n" + text, reply_markup=kb)
        return
    await ask_language(message, t, settings)


async def ask_language(message: Message, t: Translator, settings: Settings) -> None:
    code = message.from_user.language_code if message.from_user else None
    order = language_order(code, settings.default_language)
    await message.answer(t("language-choose"), reply_markup=language_kb(order))


async def ask_language_cb(cq: CallbackQuery, t: Translator, settings: Settings,
                          bot: Bot) -> None:
    order = language_order(cq.from_user.language_code, settings.default_language)
    await cq.answer()
    await show(cq, bot, t("language-choose"), language_kb(order))


async def choose_language(cq: CallbackQuery, callback_data: LangCb, users: UserService,
                          locales: Locales, menu: Menu, bot: Bot) -> None:
    code = callback_data.code.value
    user = await users.set_language(cq.from_user.id, code)
    t = locales[code]
    saved = t("language-saved", language=LANGUAGE_NAMES[code])
    await cq.answer(saved)
    await set_chat_commands(bot, cq.from_user.id, t)
    text, kb = menu_screen(t, menu, user)
    await show(cq, bot, saved + "\n\n" + text, kb)
