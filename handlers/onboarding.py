"""The onboarding dialog (and the same steps reused by /settings): thin handlers over
OnboardingService. Each step is an FSM state in SQLite, so a restart resumes it."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.clock import Clock, SystemClock
from bot.commands import set_chat_commands
from bot.geo import ABROAD, Geography
from bot.i18n import Locales, Translator, language_order
from bot.menu import Menu
from bot.services.courses import CourseService
from bot.services.events import EventService
from bot.services.onboarding import (
    TEXT_STEPS,
    Mode,
    OnboardingService,
    Outcome,
    Step,
    check_name,
)
from bot.settings import Settings
from handlers.courses import CourseScreens, show_card
from handlers.events import EventScreens
from handlers.events import show_card as show_event
from handlers.render import menu_screen, settings_screen, show
from keyboards import onboarding as kbs
from keyboards.callbacks import LangCb, OnbCb
from keyboards.common import language_kb
from storage.models import UserRow


class Onb(StatesGroup):
    language = State()
    consent = State()
    name = State()
    age = State()
    guardian = State()
    region = State()
    city = State()
    city_text = State()
    status = State()
    interests = State()
    level = State()
    goal = State()


def state_of(step: Step) -> State:
    state: State = getattr(Onb, step.value)
    return state


def step_of(state: str | None) -> Step | None:
    if state and state.startswith("Onb:"):
        return Step(state.removeprefix("Onb:"))
    return None


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(cancel, Command("cancel"))
    r.callback_query.register(choose_language, LangCb.filter())
    r.callback_query.register(press, OnbCb.filter())
    r.message.register(typed, StateFilter(Onb.name, Onb.city_text), F.text,
                       ~F.text.startswith("/"))
    r.message.register(not_expected, StateFilter(Onb), ~F.text.startswith("/"))
    return r


class Screen:
    """Renders one step's question and buttons in her language."""

    def __init__(self, t: Translator, locale: str, geo: Geography, settings: Settings,
                 now: datetime | None = None) -> None:
        self.t, self.locale, self.geo, self.settings = t, locale, geo, settings
        self.now = now or datetime.now(UTC)

    def step(self, step: Step, user: UserRow | None, mode: Mode,
             tg_first_name: str | None,
             tg_language: str | None) -> tuple[str, InlineKeyboardMarkup]:
        t = self.t
        if step == Step.language:
            order = language_order(tg_language, self.settings.default_language)
            return t("language-choose"), language_kb(order)
        if step == Step.consent:
            return t("consent-text"), kbs.consent_kb(t)
        if step == Step.name:
            suggestion, _ = check_name(tg_first_name)
            return t("name-ask"), kbs.name_kb(t, suggestion)
        if step == Step.age:
            return t("age-ask"), kbs.age_kb(t, with_under_13=mode == Mode.onboarding)
        if step == Step.guardian:
            return t("guardian-ask"), kbs.guardian_kb(t)
        if step == Step.region:
            return t("region-ask"), kbs.region_kb(t, self.geo, self.locale)
        if step == Step.city:
            region = self.geo.region(user.region if user else None)
            name = region.name(self.locale) if region else ""
            return t("city-ask", region=name), kbs.city_kb(
                t, self.geo, region.code if region else "", self.locale)
        if step == Step.city_text:
            abroad = user is not None and user.region == ABROAD
            return t("city-ask-abroad" if abroad else "city-ask-text"), kbs.text_step_kb(t, step)
        if step == Step.status:
            return t("status-ask"), kbs.status_kb(t)
        if step == Step.interests:
            chosen = user.interests if user else ()
            return t("interests-ask", count=len(chosen)), kbs.interests_kb(t, chosen)
        if step == Step.level:
            return t("level-ask"), kbs.level_kb(t)
        return t("goal-ask"), kbs.goal_kb(t)


async def _mode(state: FSMContext) -> Mode:
    data = await state.get_data()
    return Mode(data.get("mode", Mode.onboarding.value))


async def ask(target: Message | CallbackQuery, step: Step, *, state: FSMContext,
              user: UserRow | None, screen: Screen, bot: Bot, prefix: str | None = None,
              mode: Mode | None = None) -> None:
    """Set the dialog to `step` and show its question (edited in place after a button)."""
    await state.set_state(state_of(step))
    mode = mode or await _mode(state)
    tg_user = target.from_user
    text, kb = screen.step(step, user, mode, tg_user.first_name if tg_user else None,
                           tg_user.language_code if tg_user else None)
    if prefix:
        text = f"{prefix}\n\n{text}"
    if isinstance(target, CallbackQuery):
        await show(target, bot, text, kb)
    else:
        await target.answer(text, reply_markup=kb)


async def resume(message: Message, *, state: FSMContext, onboarding: OnboardingService,
                 screen: Screen, bot: Bot, prefix: str | None = None) -> None:
    """Ask the step she was on; /start and every entry point of an unfinished profile."""
    assert message.from_user is not None
    current = step_of(await state.get_state())
    await state.update_data(mode=Mode.onboarding.value)
    data = await state.get_data()
    step = current or await onboarding.resume(message.from_user.id, data)
    user = await onboarding.get(message.from_user.id)
    if step is None:
        return
    await ask(message, step, state=state, user=user, screen=screen, bot=bot, prefix=prefix,
              mode=Mode.onboarding)


async def unfinished_profile(message: Message, user: UserRow | None, *, state: FSMContext,
                             onboarding: OnboardingService, t: Translator, locale: str,
                             geo: Geography, settings: Settings, bot: Bot,
                             tell_newcomers: bool = True) -> bool:
    """An entry point used before onboarding is done leads back to the step she was on
    ("let's finish your profile first"). True if it did; the caller then stops."""
    if user is not None and user.onboarded:
        return False
    say = user is not None or tell_newcomers
    await resume(message, state=state, onboarding=onboarding,
                 screen=Screen(t, locale, geo, settings), bot=bot,
                 prefix=t("onboarding-continue") if say else None)
    return True


async def apply(target: Message | CallbackQuery, outcome: Outcome, *, state: FSMContext,
                t: Translator, locales: Locales, screen: Screen, menu: Menu, bot: Bot,
                current: Step, courses: CourseService | None = None,
                clock: Clock | None = None, events: EventService | None = None) -> None:
    """Show what the service decided: a hint, the next step, the end of the dialog."""
    if outcome.farewell:
        await state.clear()
        await _say(target, bot, t(outcome.farewell))
        return
    if outcome.memory:
        await state.update_data(**outcome.memory)
    if outcome.hint:
        if isinstance(target, CallbackQuery):
            await target.answer(t(outcome.hint), show_alert=True)
            return
        await ask(target, current, state=state, user=outcome.user, screen=screen, bot=bot,
                  prefix=t(outcome.hint))
        return
    if isinstance(target, CallbackQuery):
        await target.answer()
    if outcome.step is not None:
        await ask(target, outcome.step, state=state, user=outcome.user, screen=screen, bot=bot,
                  prefix=t(outcome.notice) if outcome.notice else None)
        return
    mode = await _mode(state)
    data = await state.get_data()
    await state.clear()
    kept = {k: data[k] for k in ("sources", "event_sources") if data.get(k)}
    if kept:  # where she came from, for when she enrolls or signs up for an event
        await state.set_data(kept)
    notice = t(outcome.notice) if outcome.notice else None
    if mode == Mode.onboarding and data.get("open_course") and courses is not None:
        # she came through a course link: after onboarding, that course
        screens = CourseScreens(t, screen.locale, screen.geo, outcome.user, screen.settings,
                                clock or SystemClock())
        if await show_card(target, courses, screens, int(data["open_course"]), bot, notice):
            return
    if mode == Mode.onboarding and data.get("open_event") and events is not None:
        # she came through an event link: after onboarding, that event
        screens_ev = EventScreens(t, screen.locale, screen.geo, outcome.user, screen.settings,
                                  clock or SystemClock())
        if await show_event(target, events, screens_ev, int(data["open_event"]), bot, notice):
            return
    if mode == Mode.settings:
        text, kb = settings_screen(t, screen.locale, screen.geo, outcome.user, screen.now,
                                   screen.settings.timezone)
    else:
        text, kb = menu_screen(t, menu, outcome.user)
    await _say(target, bot, f"{notice}\n\n{text}" if notice else text, kb)


async def _say(target: Message | CallbackQuery, bot: Bot, text: str,
               kb: InlineKeyboardMarkup | None = None) -> None:
    if isinstance(target, CallbackQuery):
        await show(target, bot, text, kb)
    else:
        await target.answer(text, reply_markup=kb)


# --- handlers ------------------------------------------------------------------------------
async def choose_language(cq: CallbackQuery, callback_data: LangCb, state: FSMContext,
                          onboarding: OnboardingService, locales: Locales, menu: Menu,
                          geo: Geography, settings: Settings, bot: Bot) -> None:
    code = callback_data.code.value
    t = locales[code]
    outcome = await onboarding.answer(cq.from_user.id, Step.language, code,
                                      mode=await _mode(state), memory=await state.get_data())
    await set_chat_commands(bot, cq.from_user.id, t)
    screen = Screen(t, code, geo, settings)
    await apply(cq, outcome, state=state, t=t, locales=locales, screen=screen, menu=menu,
                bot=bot, current=Step.language)


async def press(cq: CallbackQuery, callback_data: OnbCb, state: FSMContext,
                onboarding: OnboardingService, user: UserRow | None, t: Translator,
                locale: str, locales: Locales, menu: Menu, geo: Geography, settings: Settings,
                courses: CourseService, events: EventService, clock: Clock,
                bot: Bot) -> None:
    current = step_of(await state.get_state())
    try:
        pressed = Step(callback_data.step)
    except ValueError:
        pressed = None
    if pressed is None or pressed != current:
        # an old button, pressed twice, or forged: it acts once, only while its step is asked
        await cq.answer(t("button-expired"), show_alert=True)
        return
    screen = Screen(t, locale, geo, settings)
    mode = await _mode(state)
    if callback_data.value == kbs.BACK:
        back = onboarding.back(pressed, user, mode)
        await cq.answer()
        if back is None:
            await apply(cq, Outcome(step=None, user=user), state=state, t=t, locales=locales,
                        screen=screen, menu=menu, bot=bot, current=pressed)
            return
        await ask(cq, back, state=state, user=user, screen=screen, bot=bot)
        return
    outcome = await onboarding.answer(cq.from_user.id, pressed, callback_data.value, mode=mode,
                                      memory=await state.get_data(),
                                      tg_first_name=cq.from_user.first_name)
    await apply(cq, outcome, state=state, t=t, locales=locales, screen=screen, menu=menu,
                bot=bot, current=pressed, courses=courses, clock=clock, events=events)


async def typed(message: Message, state: FSMContext, onboarding: OnboardingService,
                t: Translator, locale: str, locales: Locales, menu: Menu, geo: Geography,
                settings: Settings, bot: Bot) -> None:
    assert message.from_user is not None
    current = step_of(await state.get_state())
    assert current in TEXT_STEPS
    outcome = await onboarding.answer(message.from_user.id, current, message.text,
                                      mode=await _mode(state), memory=await state.get_data())
    await apply(message, outcome, state=state, t=t, locales=locales,
                screen=Screen(t, locale, geo, settings), menu=menu, bot=bot, current=current)


async def not_expected(message: Message, state: FSMContext, onboarding: OnboardingService,
                       user: UserRow | None, t: Translator, locale: str, geo: Geography,
                       settings: Settings, bot: Bot) -> None:
    """A sticker where a name is expected, text where buttons are: a hint, the same question."""
    current = step_of(await state.get_state())
    if current is None:
        return
    hint = f"{current.value.replace('_text', '')}-text-only" if current in TEXT_STEPS else (
        "hint-use-buttons")
    await ask(message, current, state=state, user=user, screen=Screen(t, locale, geo, settings),
              bot=bot, prefix=t(hint))


async def cancel(message: Message, state: FSMContext, t: Translator,
                 user: UserRow | None) -> None:
    """Leave the dialog; what she entered stays, and /start continues from there."""
    if await state.get_state() is None:
        await message.answer(t("cancel-nothing"))
        return
    await state.set_state(None)
    onboarded = user is not None and user.onboarded
    await message.answer(t("cancel-done" if onboarded else "cancel-onboarding"))

