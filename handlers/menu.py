"""The main menu and /help."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.geo import Geography
from bot.i18n import Translator
from bot.menu import Menu
from bot.services.onboarding import OnboardingService
from bot.services.users import UserService
from bot.settings import Settings
from handlers.onboarding import unfinished_profile
from handlers.render import menu_screen, show
from keyboards.callbacks import MenuCb, MenuItem
from keyboards.common import back_to_menu_kb
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(help_command, Command("help"))
    r.message.register(menu_command, Command("menu"))
    r.callback_query.register(open_menu, MenuCb.filter(F.item == MenuItem.home))
    r.callback_query.register(help_cb, MenuCb.filter(F.item == MenuItem.help))
    return r


async def _help_text(t: Translator, users: UserService) -> str:
    return t("help-text", count=await users.community_size())


async def help_command(message: Message, t: Translator, users: UserService) -> None:
    await message.answer(await _help_text(t, users), reply_markup=back_to_menu_kb(t))


async def help_cb(cq: CallbackQuery, t: Translator, users: UserService, bot: Bot) -> None:
    await cq.answer()
    await show(cq, bot, await _help_text(t, users), back_to_menu_kb(t))


async def menu_command(message: Message, t: Translator, locale: str, menu: Menu,
                       user: UserRow | None, state: FSMContext,
                       onboarding: OnboardingService, geo: Geography, settings: Settings,
                       bot: Bot) -> None:
    if await unfinished_profile(message, user, state=state, onboarding=onboarding, t=t,
                                locale=locale, geo=geo, settings=settings, bot=bot):
        return
    await state.clear()
    text, kb = menu_screen(t, menu, user)
    await message.answer(text, reply_markup=kb)


async def open_menu(cq: CallbackQuery, t: Translator, menu: Menu, user: UserRow | None,
                    bot: Bot) -> None:
    await cq.answer()
    text, kb = menu_screen(t, menu, user)
    await show(cq, bot, text, kb)
