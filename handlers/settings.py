"""/settings: her profile, and one button per field to change it (the onboarding steps)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.geo import Geography
from bot.i18n import Translator
from bot.services.onboarding import SETTINGS_FIELDS, Mode, OnboardingService, Step
from bot.settings import Settings
from handlers.onboarding import Screen, ask, resume
from handlers.render import settings_screen, show
from keyboards.callbacks import MenuCb, MenuItem, SetCb
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(open_settings, Command("settings"))
    r.callback_query.register(open_settings_cb, MenuCb.filter(F.item == MenuItem.settings))
    r.callback_query.register(edit_field, SetCb.filter())
    return r


async def open_settings(message: Message, state: FSMContext, user: UserRow | None,
                        onboarding: OnboardingService, t: Translator, locale: str,
                        geo: Geography, settings: Settings, bot: Bot) -> None:
    screen = Screen(t, locale, geo, settings)
    if user is None or not user.onboarded:
        await resume(message, state=state, onboarding=onboarding, screen=screen, bot=bot,
                     prefix=t("onboarding-continue"))
        return
    await state.clear()
    text, kb = settings_screen(t, locale, geo, user)
    await message.answer(text, reply_markup=kb)


async def open_settings_cb(cq: CallbackQuery, state: FSMContext, user: UserRow | None,
                           t: Translator, locale: str, geo: Geography, bot: Bot) -> None:
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    text, kb = settings_screen(t, locale, geo, user)
    await show(cq, bot, text, kb)


async def edit_field(cq: CallbackQuery, callback_data: SetCb, state: FSMContext,
                     user: UserRow | None, t: Translator, locale: str, geo: Geography,
                     settings: Settings, bot: Bot) -> None:
    try:
        step = Step(callback_data.field)
    except ValueError:
        step = None
    if user is None or not user.onboarded or step not in SETTINGS_FIELDS:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer()
    await state.set_data({"mode": Mode.settings.value})
    await ask(cq, step, state=state, user=user, screen=Screen(t, locale, geo, settings), bot=bot,
              mode=Mode.settings)
