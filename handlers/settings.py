"""/settings: her profile, one button per field (the onboarding steps), her time zone and
quiet hours."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.geo import Geography
from bot.i18n import Translator
from bot.services.onboarding import SETTINGS_FIELDS, Mode, OnboardingService, Step
from bot.services.users import UserService
from bot.settings import Settings
from handlers.onboarding import Screen, ask, unfinished_profile
from handlers.render import settings_screen, show
from keyboards.callbacks import MenuCb, MenuItem, QuietCb, SetCb, TzCb
from keyboards.onboarding import (
    ANNOUNCEMENTS,
    OFFSETS,
    QUIET,
    TIMEZONE,
    offsets_kb,
    quiet_kb,
    timezone_kb,
)
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(open_settings, Command("settings"))
    r.callback_query.register(open_settings_cb, MenuCb.filter(F.item == MenuItem.settings))
    r.callback_query.register(edit_field, SetCb.filter())
    r.callback_query.register(choose_zone, TzCb.filter())
    r.callback_query.register(choose_quiet, QuietCb.filter())
    return r


def _onboarded(user: UserRow | None) -> bool:
    return user is not None and user.onboarded


async def open_settings(message: Message, state: FSMContext, user: UserRow | None,
                        onboarding: OnboardingService, t: Translator, locale: str,
                        geo: Geography, settings: Settings, clock: Clock, bot: Bot) -> None:
    if await unfinished_profile(message, user, state=state, onboarding=onboarding, t=t,
                                locale=locale, geo=geo, settings=settings, bot=bot):
        return
    await state.clear()
    text, kb = settings_screen(t, locale, geo, user, clock.now(), settings.timezone)
    await message.answer(text, reply_markup=kb)


async def _show_settings(cq: CallbackQuery, user: UserRow | None, t: Translator, locale: str,
                         geo: Geography, settings: Settings, clock: Clock, bot: Bot,
                         notice: str | None = None) -> None:
    text, kb = settings_screen(t, locale, geo, user, clock.now(), settings.timezone)
    await show(cq, bot, f"{t(notice)}\n\n{text}" if notice else text, kb)


async def open_settings_cb(cq: CallbackQuery, state: FSMContext, user: UserRow | None,
                           t: Translator, locale: str, geo: Geography, settings: Settings,
                           clock: Clock, bot: Bot) -> None:
    if not _onboarded(user):
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    await _show_settings(cq, user, t, locale, geo, settings, clock, bot)


async def edit_field(cq: CallbackQuery, callback_data: SetCb, state: FSMContext,
                     user: UserRow | None, t: Translator, locale: str, geo: Geography,
                     settings: Settings, clock: Clock, bot: Bot, users: UserService) -> None:
    if not _onboarded(user):
        await cq.answer(t("button-expired"), show_alert=True)
        return
    assert user is not None
    field = callback_data.field
    if field == ANNOUNCEMENTS:  # one tap turns announcements off, another back on
        await state.clear()
        await _saved(cq, await users.set_muted(user.id, not user.announcements_muted), t=t,
                     locale=locale, geo=geo, settings=settings, clock=clock, bot=bot)
        return
    if field in (TIMEZONE, OFFSETS, QUIET):
        await cq.answer()
        await state.clear()
        if field == TIMEZONE:
            await show(cq, bot, t("timezone-ask"), timezone_kb(t, clock.now()))
        elif field == OFFSETS:
            await show(cq, bot, t("timezone-ask-offset"), offsets_kb(t, clock.now()))
        else:
            await show(cq, bot, t("quiet-ask"), quiet_kb(t, user.quiet_hours))
        return
    try:
        step = Step(field)
    except ValueError:
        step = None
    if step not in SETTINGS_FIELDS:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer()
    await state.set_data({"mode": Mode.settings.value})
    await ask(cq, step, state=state, user=user, screen=Screen(t, locale, geo, settings), bot=bot,
              mode=Mode.settings)


async def choose_zone(cq: CallbackQuery, callback_data: TzCb, user: UserRow | None,
                      users: UserService, **data: Any) -> None:
    ok = _onboarded(user)
    await _saved(cq, await users.set_timezone(cq.from_user.id, callback_data.zone) if ok
                 else None, **data)


async def choose_quiet(cq: CallbackQuery, callback_data: QuietCb, user: UserRow | None,
                       users: UserService, **data: Any) -> None:
    ok = _onboarded(user)
    await _saved(cq, await users.set_quiet_hours(cq.from_user.id, callback_data.choice) if ok
                 else None, **data)


async def _saved(cq: CallbackQuery, updated: UserRow | None, *, t: Translator, locale: str,
                 geo: Geography, settings: Settings, clock: Clock, bot: Bot,
                 **_: Any) -> None:
    """After a one-tap change: the settings screen saying it was saved, or, when the change
    was not valid (a forged value, no profile), the answer that the button is stale."""
    if updated is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer()
    await _show_settings(cq, updated, t, locale, geo, settings, clock, bot, "settings-saved")
