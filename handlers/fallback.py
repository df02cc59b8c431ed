"""What nobody else handled: unfinished profiles resume, text gets a hint, stale or forged
buttons get an answer."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.geo import Geography
from bot.i18n import Translator
from bot.menu import Menu
from bot.services.onboarding import OnboardingService
from bot.settings import Settings
from handlers.onboarding import unfinished_profile
from handlers.render import menu_screen
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.register(unknown_message, F.chat.type == "private", F.text)
    r.message.register(unexpected_media, F.chat.type == "private")
    r.callback_query.register(stale_button)
    return r


async def unknown_message(message: Message, t: Translator, locale: str, menu: Menu,
                          user: UserRow | None, state: FSMContext,
                          onboarding: OnboardingService, geo: Geography, settings: Settings,
                          bot: Bot) -> None:
    if await unfinished_profile(message, user, state=state, onboarding=onboarding, t=t,
                                locale=locale, geo=geo, settings=settings, bot=bot,
                                tell_newcomers=False):
        return
    text, kb = menu_screen(t, menu, user)
    await message.answer(t("fallback-unknown") + "\n\n" + text, reply_markup=kb)


async def unexpected_media(message: Message, t: Translator, locale: str, menu: Menu,
                           user: UserRow | None, state: FSMContext,
                           onboarding: OnboardingService, geo: Geography, settings: Settings,
                           bot: Bot) -> None:
    """A photo, file, voice message, sticker or location where none is expected: never
    downloaded or kept, whatever its size; she is told what the bot can read."""
    if await unfinished_profile(message, user, state=state, onboarding=onboarding, t=t,
                                locale=locale, geo=geo, settings=settings, bot=bot,
                                tell_newcomers=False):
        return
    text, kb = menu_screen(t, menu, user)
    await message.answer(t("fallback-media") + "\n\n" + text, reply_markup=kb)


async def stale_button(cq: CallbackQuery, t: Translator) -> None:
    await cq.answer(t("button-expired"), show_alert=True)
