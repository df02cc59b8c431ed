"""/start (new: onboarding; unfinished: the step she was on; done: the menu) and /language."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock
from bot.geo import Geography
from bot.i18n import Translator
from bot.menu import Menu
from bot.services.courses import CourseService
from bot.services.events import EventService
from bot.services.learning import LearningService
from bot.services.onboarding import Mode, OnboardingService, Step
from bot.settings import Settings
from handlers.courses import CourseScreens, open_from_link, parse_link, render_catalog
from handlers.events import EventScreens, render_list
from handlers.events import open_from_link as open_event_link
from handlers.events import parse_link as parse_event_link
from handlers.learning import verify_text
from handlers.onboarding import Screen, ask, resume
from handlers.render import menu_screen
from keyboards.callbacks import CatCb, MenuCb, MenuItem
from storage.models import UserRow


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(start, CommandStart())
    r.message.register(ask_language, Command("language"))
    r.callback_query.register(ask_language_cb, MenuCb.filter(F.item == MenuItem.language))
    return r


async def start(message: Message, command: CommandObject, state: FSMContext,
                user: UserRow | None, t: Translator, locale: str, menu: Menu,
                onboarding: OnboardingService, courses: CourseService,
                learning: LearningService, events: EventService, geo: Geography,
                settings: Settings, clock: Clock, bot: Bot) -> None:
    onboarded = user is not None and user.onboarded
    if command.args and command.args.startswith("verify-"):  # anyone may check a certificate
        await message.answer(await verify_text(command.args.removeprefix("verify-"), learning,
                                               t, locale))
        return
    if onboarded:
        await state.clear()
    elif user is None and command.args:
        # where a newcomer came from, kept with her profile once she consents
        link = parse_link(command.args) or parse_event_link(command.args)
        source = link[1] if link else command.args.removeprefix("src-") \
            if command.args.startswith("src-") else ""
        if source:
            await state.update_data(source=source)
    if command.args and parse_link(command.args):
        screens = CourseScreens(t, locale, geo, user, settings, clock)
        opened = await open_from_link(message, command.args, courses=courses, state=state,
                                      screens=screens, bot=bot)
        if onboarded:
            if not opened:
                text, kb = await render_catalog(courses, screens, CatCb())
                await message.answer(t("course-link-unknown") + "\n\n" + text, reply_markup=kb)
            return
    if command.args and parse_event_link(command.args):
        ev_screens = EventScreens(t, locale, geo, user, settings, clock)
        opened = await open_event_link(message, command.args, events=events, state=state,
                                       screens=ev_screens, bot=bot)
        if onboarded:
            if not opened:
                text, kb = await render_list(events, ev_screens, message.chat.id, 0)
                await message.answer(t("ev-link-unknown") + "\n\n" + text, reply_markup=kb)
            return
    if onboarded:
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
