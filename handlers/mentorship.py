"""Mentorship: the home screen, a mentor's application and panel, a participant's request,
offers to mentors, coordinators' decisions and manual matches."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.geo import Geography
from bot.i18n import Locales, Translator
from bot.profile import label_key
from bot.services.mentorship import Application, MentorshipService, Outcome
from bot.services.users import UserService
from handlers.render import show
from keyboards import mentorship as kbs
from keyboards.callbacks import AppAction, AppCb, MatchCb, MentorCb, MenuCb, MenuItem, OfferCb
from storage.models import UserRow


class Apply(StatesGroup):
    expertise = State()
    languages = State()
    format = State()
    region = State()
    bio = State()
    workplace = State()
    capacity = State()


class Ask(StatesGroup):
    topic = State()
    goal = State()
    language = State()
    format = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(home_command, Command("mentor"))
    r.message.register(home_command, Command("findmentor"))
    r.callback_query.register(home_menu, MenuCb.filter(F.item == MenuItem.mentorship))
    r.callback_query.register(step_cb, MentorCb.filter())
    r.callback_query.register(decide_cb, AppCb.filter())
    r.callback_query.register(offer_cb, OfferCb.filter())
    r.callback_query.register(match_cb, MatchCb.filter())
    r.message.register(bio_typed, StateFilter(Apply.bio), F.text, ~F.text.startswith("/"))
    r.message.register(workplace_typed, StateFilter(Apply.workplace), F.text,
                       ~F.text.startswith("/"))
    r.message.register(goal_typed, StateFilter(Ask.goal), F.text, ~F.text.startswith("/"))
    r.message.register(text_expected, StateFilter(Apply.bio, Apply.workplace, Ask.goal),
                       ~F.text.startswith("/"))
    return r


async def home_screen(uid: int, user: UserRow | None, mentorship: MentorshipService,
                      t: Translator) -> tuple[str, InlineKeyboardMarkup]:
    request = await mentorship.current_request(uid)
    mentor = await mentorship.mentor(uid)
    lines = [t("mentor-home-title")]
    if request is None:
        lines.append(t("mentor-home-no-request"))
    elif request.status == "unmatched":
        lines.append(t("mentor-home-request-waiting", topic=t(label_key("interest",
                                                                      request.topic))))
    else:
        lines.append(t("mentor-home-request-open", topic=t(label_key("interest",
                                                                   request.topic))))
    if mentor is not None and mentor.status == "approved":
        lines.append(t("mentor-home-mentor-paused" if mentor.paused else "mentor-home-mentor",
                       capacity=mentor.capacity))
    elif mentor is not None and mentor.status == "pending":
        lines.append(t("mentor-home-pending"))
    sides = await mentorship.mentoring.sides(uid)
    for side in sides:
        lines.append(t("mship-home-mentee" if side.i_am_mentor else "mship-home-mentor",
                       name=side.other_name,
                       topic=t(label_key("interest", side.mentorship.topic))))
    coordinator = await mentorship.is_coordinator(uid)
    kb = kbs.home_kb(t, has_request=request is not None,
                     mentor_status=mentor.status if mentor else None,
                     paused=bool(mentor and mentor.paused), coordinator=coordinator,
                     mentorships=[(s.id, s.other_name, s.i_am_mentor) for s in sides])
    return "\n\n".join(lines), kb


async def home_command(message: Message, state: FSMContext, user: UserRow | None,
                       mentorship: MentorshipService, t: Translator) -> None:
    assert message.from_user is not None
    if user is None or not user.onboarded:
        await message.answer(t("onboarding-continue") + "\n\n/start")
        return
    await state.clear()
    text, kb = await home_screen(message.from_user.id, user, mentorship, t)
    await message.answer(text, reply_markup=kb)


async def home_menu(cq: CallbackQuery, state: FSMContext, user: UserRow | None,
                    mentorship: MentorshipService, t: Translator, bot: Bot) -> None:
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    text, kb = await home_screen(cq.from_user.id, user, mentorship, t)
    await show(cq, bot, text, kb)


# --- the steps of the application, the request and the mentor's panel -------------------
STEP_STATES = {
    "ex": Apply.expertise, "exd": Apply.expertise, "lg": Apply.languages,
    "lgd": Apply.languages, "fm": Apply.format, "rg": Apply.region, "cap": Apply.capacity,
    "tp": Ask.topic, "rl": Ask.language, "rf": Ask.format,
}


async def step_cb(cq: CallbackQuery, callback_data: MentorCb, state: FSMContext,
                  user: UserRow | None, mentorship: MentorshipService, t: Translator,
                  locale: str, geo: Geography, bot: Bot) -> None:
    action, value, uid = callback_data.action, callback_data.value, cq.from_user.id
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    expected = STEP_STATES.get(action)
    if expected is not None and await state.get_state() != expected.state:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    data = await state.get_data()
    if action == "home":
        await cq.answer()
        await state.clear()
        text, kb = await home_screen(uid, user, mentorship, t)
        await show(cq, bot, text, kb)
    elif action == "apply":
        await cq.answer()
        await state.set_state(Apply.expertise)
        await state.set_data({"expertise": list(user.interests)})
        await show(cq, bot, t("mentor-ask-expertise"), kbs.expertise_kb(t, user.interests))
    elif action in ("ex", "lg"):
        field = "expertise" if action == "ex" else "languages"
        chosen = set(data.get(field, [])) ^ {value}
        await state.update_data(**{field: sorted(chosen)})
        await cq.answer()
        kb = kbs.expertise_kb(t, chosen) if action == "ex" else kbs.languages_kb(t, chosen)
        await show(cq, bot, t("mentor-ask-expertise" if action == "ex" else
                              "mentor-ask-languages"), kb)
    elif action == "exd":
        if not data.get("expertise"):
            await cq.answer(t("mentor-pick-topic"), show_alert=True)
            return
        await cq.answer()
        await state.set_state(Apply.languages)
        langs = [user.language] if user.language else []
        await state.update_data(languages=langs)
        await show(cq, bot, t("mentor-ask-languages"), kbs.languages_kb(t, langs))
    elif action == "lgd":
        if not data.get("languages"):
            await cq.answer(t("mentor-pick-language"), show_alert=True)
            return
        await cq.answer()
        await state.set_state(Apply.format)
        await show(cq, bot, t("mentor-ask-format"), kbs.format_kb(t))
    elif action == "fm":
        await cq.answer()
        await state.update_data(format=value)
        if value == "online":
            await state.set_state(Apply.bio)
            await show(cq, bot, t("mentor-ask-bio"), kbs.cancel_kb(t))
        else:
            await state.set_state(Apply.region)
            await show(cq, bot, t("mentor-ask-region"), kbs.region_kb(t, geo, locale))
    elif action == "rg":
        await cq.answer()
        await state.update_data(region=value)
        await state.set_state(Apply.bio)
        await show(cq, bot, t("mentor-ask-bio"), kbs.cancel_kb(t))
    elif action == "cap":
        await _submit_application(cq, state, mentorship, t, bot, int(value or 0))
    elif action == "find":
        if await mentorship.current_request(uid) is not None:
            await cq.answer(t("mentor-request-exists"), show_alert=True)
            return
        await cq.answer()
        await state.set_state(Ask.topic)
        await state.set_data({})
        await show(cq, bot, t("mentor-ask-topic"), kbs.topic_kb(t, user.interests))
    elif action == "tp":
        await cq.answer()
        await state.update_data(topic=value)
        await state.set_state(Ask.goal)
        await show(cq, bot, t("mentor-ask-goal"), kbs.cancel_kb(t))
    elif action == "rl":
        await cq.answer()
        await state.update_data(language=value)
        await state.set_state(Ask.format)
        await show(cq, bot, t("mentor-ask-request-format"), kbs.request_format_kb(t))
    elif action == "rf":
        await _submit_request(cq, state, mentorship, user, t, bot, value)
    elif action == "wd":
        result = await mentorship.withdraw(uid)
        await cq.answer(t("mentor-request-withdrawn") if result.outcome == Outcome.ok
                        else t("button-expired"), show_alert=result.outcome != Outcome.ok)
        text, kb = await home_screen(uid, user, mentorship, t)
        await show(cq, bot, text, kb)
    elif action in ("pause", "resume", "capset"):
        if action == "capset":
            result = await mentorship.set_capacity(uid, int(value or 0))
        else:
            result = await mentorship.set_paused(uid, action == "pause")
        if result.outcome != Outcome.ok:
            await cq.answer(t("button-expired"), show_alert=True)
            return
        await cq.answer(t("settings-saved"))
        text, kb = await home_screen(uid, user, mentorship, t)
        await show(cq, bot, text, kb)
    elif action == "capask":
        mentor = await mentorship.mentor(uid)
        if mentor is None or mentor.status != "approved":
            await cq.answer(t("button-expired"), show_alert=True)
            return
        await cq.answer()
        await show(cq, bot, t("mentor-ask-capacity"), kbs.capacity_kb(t, "capset"))
    elif action == "queue":
        await _queue(cq, mentorship, t, bot)
    else:
        await cq.answer(t("button-expired"), show_alert=True)


async def bio_typed(message: Message, state: FSMContext, t: Translator) -> None:
    bio = " ".join((message.text or "").split())
    if not 10 <= len(bio) <= 500:
        await message.answer(t("mentor-bio-invalid"))
        return
    await state.update_data(bio=bio)
    await state.set_state(Apply.workplace)
    await message.answer(t("mentor-ask-workplace"), reply_markup=kbs.cancel_kb(t))


async def workplace_typed(message: Message, state: FSMContext, t: Translator) -> None:
    workplace = " ".join((message.text or "").split())
    if not 2 <= len(workplace) <= 100:
        await message.answer(t("mentor-workplace-invalid"))
        return
    await state.update_data(workplace=workplace)
    await state.set_state(Apply.capacity)
    await message.answer(t("mentor-ask-capacity"), reply_markup=kbs.capacity_kb(t, "cap"))


async def goal_typed(message: Message, state: FSMContext, t: Translator) -> None:
    goal = " ".join((message.text or "").split())
    if not 10 <= len(goal) <= 500:
        await message.answer(t("mentor-goal-invalid"))
        return
    await state.update_data(goal=goal)
    await state.set_state(Ask.language)
    await message.answer(t("mentor-ask-request-language"),
                         reply_markup=kbs.request_language_kb(t))


async def text_expected(message: Message, t: Translator) -> None:
    await message.answer(t("mentor-text-expected"))


async def _submit_application(cq: CallbackQuery, state: FSMContext,
                              mentorship: MentorshipService, t: Translator, bot: Bot,
                              capacity: int) -> None:
    data = await state.get_data()
    application = Application(
        expertise=list(data.get("expertise", [])), languages=list(data.get("languages", [])),
        format=str(data.get("format", "")), region=data.get("region"),
        bio=str(data.get("bio", "")), workplace=str(data.get("workplace", "")),
        capacity=capacity)
    result = await mentorship.apply(cq.from_user.id, application)
    if result.outcome == Outcome.invalid:
        await cq.answer(t(result.hint or "hint-use-buttons"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    key = "mentor-applied" if result.outcome == Outcome.ok else "mentor-already-applied"
    await show(cq, bot, t(key), kbs.cancel_kb(t))


async def _submit_request(cq: CallbackQuery, state: FSMContext, mentorship: MentorshipService,
                          user: UserRow, t: Translator, bot: Bot, format: str) -> None:
    data = await state.get_data()
    result = await mentorship.request(cq.from_user.id, str(data.get("topic", "")),
                                      str(data.get("goal", "")), str(data.get("language", "")),
                                      format)
    if result.outcome == Outcome.invalid:
        await cq.answer(t(result.hint or "hint-use-buttons"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    text, kb = await home_screen(cq.from_user.id, user, mentorship, t)
    key = "mentor-request-sent" if result.outcome == Outcome.ok else "mentor-request-exists"
    await show(cq, bot, f"{t(key)}\n\n{text}", kb)


# --- offers, decisions and manual matches --------------------------------------------------
async def offer_cb(cq: CallbackQuery, callback_data: OfferCb, mentorship: MentorshipService,
                   t: Translator, bot: Bot) -> None:
    accept = callback_data.action.value == "a"
    result = await mentorship.answer_offer(cq.from_user.id, callback_data.offer_id, accept)
    if result.outcome != Outcome.ok:
        key = {Outcome.already: "mentor-offer-answered", Outcome.gone: "mentor-offer-gone",
               Outcome.full: "mentor-offer-full"}.get(result.outcome, "button-expired")
        await cq.answer(t(key), show_alert=True)
        return
    await cq.answer()
    await show(cq, bot, t("mentor-offer-accepted" if accept else "mentor-offer-declined"))


async def decide_cb(cq: CallbackQuery, callback_data: AppCb, mentorship: MentorshipService,
                    users: UserService, locales: Locales, t: Translator, bot: Bot) -> None:
    approve = callback_data.action == AppAction.approve
    result = await mentorship.decide(cq.from_user.id, callback_data.user_id, approve)
    if result.outcome == Outcome.forbidden:
        await cq.answer(t("mentor-coordinators-only"), show_alert=True)
        return
    if result.outcome == Outcome.gone:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer(t("mentor-decided-already") if result.outcome == Outcome.already else None)
    decider = await users.get(result.by) if result.by else None
    mentor = await mentorship.mentor(callback_data.user_id)
    applicant = await users.get(callback_data.user_id)
    decision = "mentor-app-approved-by" if mentor and mentor.status == "approved" else (
        "mentor-app-rejected-by")
    for chat_id, message_id in result.copies:  # every coordinator's copy says who decided
        reader = await users.get(chat_id)
        lt = locales[reader.language if reader and reader.language else "en"]
        try:
            await bot.edit_message_text(
                lt(decision, name=applicant.name if applicant else "",
                   by=decider.name if decider and decider.name else ""),
                chat_id=chat_id, message_id=message_id)
        except TelegramAPIError:
            continue  # already edited, or deleted by that coordinator


async def _queue(cq: CallbackQuery, mentorship: MentorshipService, t: Translator,
                 bot: Bot) -> None:
    if not await mentorship.is_coordinator(cq.from_user.id):
        await cq.answer(t("mentor-coordinators-only"), show_alert=True)
        return
    await cq.answer()
    applications, requests = await mentorship.queue()
    apps = [(m.user_id, m.workplace) for m in applications]
    reqs = [(r.id, t("mentor-queue-request", id=r.id, topic=t(label_key("interest", r.topic))))
            for r in requests]
    text = t("mentor-queue-title", applications=len(apps), requests=len(reqs))
    await show(cq, bot, text, kbs.queue_kb(t, apps, reqs))


async def match_cb(cq: CallbackQuery, callback_data: MatchCb, mentorship: MentorshipService,
                   users: UserService, t: Translator, bot: Bot) -> None:
    if not await mentorship.is_coordinator(cq.from_user.id):
        await cq.answer(t("mentor-coordinators-only"), show_alert=True)
        return
    if callback_data.mentor_id == 0:
        await cq.answer()
        mentors = await mentorship.candidates(callback_data.request_id)
        names = []
        for m in mentors:
            row = await users.get(m.user_id)
            names.append((m.user_id, f"{row.name if row else m.user_id} — {m.workplace}"))
        key = "mentor-pick" if names else "mentor-pick-none"
        await show(cq, bot, t(key), kbs.pick_mentor_kb(t, callback_data.request_id, names))
        return
    result = await mentorship.match_by_hand(cq.from_user.id, callback_data.request_id,
                                            callback_data.mentor_id)
    if result.outcome != Outcome.ok:
        key = {Outcome.full: "mentor-offer-full", Outcome.already: "mentor-offer-answered"}
        await cq.answer(t(key.get(result.outcome, "button-expired")), show_alert=True)
        return
    await cq.answer()
    await show(cq, bot, t("mentor-matched-by-hand"), kbs.cancel_kb(t))
