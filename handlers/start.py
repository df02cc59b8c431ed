"""/start (new: onboarding; unfinished: the step she was on; done: the menu) and /language."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.geo import Geography
from bot.i18n import Translator
from bot.menu import Menu
from bot.services.onboarding import Mode, OnboardingService, Step
from bot.settings import Settings
from handlers.onboarding import Screen, ask, resume
from handlers.render import menu_screen
from keyboards.callbacks import MenuCb, MenuItem
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(start, CommandStart())
    r.message.register(ask_language, Command("language"))
    r.callback_query.register(ask_language_cb, MenuCb.filter(F.item == MenuItem.language))
    return r


async def start(message: Message, state: FSMContext, user: UserRow | None, t: Translator,
                locale: str, menu: Menu, onboarding: OnboardingService, geo: Geography,
                settings: Settings, bot: Bot) -> None:
    if user is not None and user.onboarded:
        await state.clear()
        text, kb = menu_screen(t, menu, user)
        await message.answer(t("start-welcome-back") + "\n\n" + text, reply_markup=kb)
        return
    await resume(message, state=state, onboarding=onboarding,
                 screen=Screen(t, locale, geo, settings), bot=bot)


async def ask_language(message: Message, state: FSMContext, user: UserRow | None,
                       t: Translator, locale: str, geo: Geography, settings: Settings,
                       bot: Bot) -> None:
    await state.update_data(mode=Mode.onboarding.value)
    await ask(message, Step.language, state=state, user=user,
              screen=Screen(t, locale, geo, settings), bot=bot, mode=Mode.onboarding)


async def ask_language_cb(cq: CallbackQuery, state: FSMContext, user: UserRow | None,
                          t: Translator, locale: str, geo: Geography, settings: Settings,
                          bot: Bot) -> None:
    await cq.answer()
    await state.update_data(mode=Mode.onboarding.value)
    await ask(cq, Step.language, state=state, user=user,
              screen=Screen(t, locale, geo, settings), bot=bot, mode=Mode.onboarding)
