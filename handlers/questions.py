"""Ask the team: a participant writes a question from the menu; a coordinator presses Reply
on her copy and types the answer, which reaches the participant through the bot."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.services.questions import QUESTION_MAX, Asked, QuestionService
from handlers.access import Coordinator
from handlers.render import show
from keyboards.callbacks import MAX_ID, MenuCb, MenuItem, QuestionCb
from keyboards.common import back_to_menu_kb
from storage.models import UserRow

OUTCOME_KEYS = {Asked.too_many: "team-too-many", Asked.answered: "team-answered-already",
                Asked.gone: "team-question-gone", Asked.forbidden: "button-expired"}


class Ask(StatesGroup):
    question = State()
    answer = State()


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.callback_query.register(ask_cb, MenuCb.filter(F.item == MenuItem.ask))
    r.message.register(question_typed, StateFilter(Ask.question))
    r.callback_query.register(reply_cb, QuestionCb.filter(), Coordinator("question.reply"))
    r.message.register(answer_typed, StateFilter(Ask.answer), Coordinator("question.reply"))
    return r


async def ask_cb(cq: CallbackQuery, state: FSMContext, user: UserRow | None, t: Translator,
                 bot: Bot) -> None:
    if user is None or not user.onboarded:
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    await cq.answer()
    await state.set_state(Ask.question)
    await show(cq, bot, t("team-ask-question", limit=QUESTION_MAX), back_to_menu_kb(t))


async def question_typed(message: Message, state: FSMContext, t: Translator,
                         questions: QuestionService) -> None:
    if message.text and message.text.startswith("/"):
        await state.clear()
        await message.answer(t("team-question-kept-not"), reply_markup=back_to_menu_kb(t))
        return
    result = await questions.ask(message.chat.id, message.text)
    if result.outcome == Asked.invalid:
        await message.answer(t(result.hint or "team-text-only", low=5, high=QUESTION_MAX))
        return
    await state.clear()
    if result.outcome != Asked.ok:
        await message.answer(t(OUTCOME_KEYS[result.outcome]), reply_markup=back_to_menu_kb(t))
        return
    await message.answer(t("team-question-sent"), reply_markup=back_to_menu_kb(t))


async def reply_cb(cq: CallbackQuery, callback_data: QuestionCb, state: FSMContext,
                   t: Translator, questions: QuestionService, bot: Bot) -> None:
    found = (await questions.question(callback_data.id)
             if 0 < callback_data.id < MAX_ID else None)
    if found is None:
        await cq.answer(t("team-question-gone"), show_alert=True)
        return
    question, answer = found
    if answer is not None:
        await cq.answer(t("team-answered-already"), show_alert=True)
        return
    await cq.answer()
    await state.set_state(Ask.answer)
    await state.update_data(question=callback_data.id)
    await bot.send_message(cq.from_user.id, t("team-answer-ask", question=question))


async def answer_typed(message: Message, state: FSMContext, t: Translator,
                       questions: QuestionService) -> None:
    if message.text and message.text.startswith("/"):
        await state.clear()
        await message.answer(t("team-answer-not-sent"))
        return
    qid = int((await state.get_data()).get("question") or 0)
    result = await questions.answer(message.chat.id, qid, message.text)
    if result.outcome == Asked.invalid:
        await message.answer(t(result.hint or "team-text-only", low=2, high=2000))
        return
    await state.clear()
    if result.outcome != Asked.ok:
        await message.answer(t(OUTCOME_KEYS[result.outcome]))
        return
    await message.answer(t("team-answer-sent"))
