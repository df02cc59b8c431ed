"""Learning in the chat: Continue, lessons, quizzes with retries, progress, certificates,
and /verify for anyone to check a certificate."""

from __future__ import annotations

import html
import re

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, Message

from bot.certificates import (
    CertificateText,
    new_code,
    normalize_code,
    printable,
    render_certificate,
)
from bot.clock import from_db
from bot.delivery.timezones import format_day, format_when
from bot.i18n import Locales, Markup, Translator
from bot.services.learning import LearningService, LessonStep, Problem, Progress, QuizStep
from bot.services.onboarding import check_name
from bot.settings import Settings
from handlers.render import show
from keyboards.callbacks import LearnAction, LearnCb, QuizCb
from keyboards.learning import (
    after_quiz_kb,
    cert_confirm_kb,
    cert_name_kb,
    lesson_kb,
    progress_kb,
    question_kb,
)
from storage.models import UserRow

LATIN_RE = re.compile(r"^[A-Za-z][A-Za-z .'’-]*$")


class CertName(StatesGroup):
    name = State()
    latin = State()
    confirm = State()


def router() -> Router:
    r = Router(name=__name__)
    r.callback_query.register(learn_cb, LearnCb.filter(F.action != LearnAction.cert))
    r.callback_query.register(certificate_cb, LearnCb.filter(F.action == LearnAction.cert))
    r.callback_query.register(quiz_cb, QuizCb.filter())
    r.message.register(verify_command, Command("verify"))
    r.message.register(name_typed, StateFilter(CertName.name), F.text, ~F.text.startswith("/"))
    r.message.register(latin_typed, StateFilter(CertName.latin), F.text,
                       ~F.text.startswith("/"))
    return r


def lesson_text(t: Translator, locale: str, step: LessonStep) -> str:
    lesson = step.lesson
    head = t("learn-lesson-title", n=step.index + 1, total=step.progress.total,
             title=Markup(lesson.title.get(locale)))
    return f"{head}\n\n{lesson.body.get(locale)}\n\n{step.progress.bar()}"


def question_text(t: Translator, locale: str, step: QuizStep, question: int) -> str:
    quiz = step.lesson.quiz[question]
    return t("learn-quiz-question", n=question + 1, total=len(step.lesson.quiz),
             question=Markup(quiz.question.get(locale)))


def options(step: QuizStep, question: int, locale: str) -> list[str]:
    return [o.get(locale) for o in step.lesson.quiz[question].options]


async def send_lesson(bot: Bot, chat_id: int, t: Translator, locale: str, course_id: int,
                      step: LessonStep) -> None:
    if step.lesson.picture:
        await bot.send_photo(chat_id, step.lesson.picture,
                             caption=step.lesson.title.get(locale)[:1000])
    await bot.send_message(chat_id, lesson_text(t, locale, step),
                           reply_markup=lesson_kb(t, course_id, step.lesson))


async def show_progress(bot: Bot, chat_id: int, t: Translator, locale: str, course_id: int,
                        progress: Progress, settings: Settings, user: UserRow | None) -> None:
    title = Markup(progress.course.course.title.get(locale))
    if progress.complete:
        text = t("learn-complete", title=title)
    else:
        assert progress.opens_at is not None
        tz = user.timezone if user and user.timezone else settings.timezone
        text = t("learn-locked", date=format_when(progress.opens_at, tz, settings.timezone))
    await bot.send_message(chat_id, f"{text}\n\n{progress.bar()}",
                           reply_markup=progress_kb(t, course_id, progress.complete))


async def learn_cb(cq: CallbackQuery, callback_data: LearnCb, learning: LearningService,
                   t: Translator, locale: str, settings: Settings, user: UserRow | None,
                   bot: Bot) -> None:
    uid, course_id = cq.from_user.id, callback_data.course_id
    if callback_data.action == LearnAction.go:
        result = await learning.current(uid, course_id)
    elif callback_data.action == LearnAction.done:
        result = await learning.finish_lesson(uid, course_id, callback_data.lesson)
    else:
        result = await learning.retry_quiz(uid, course_id, callback_data.lesson)
    if isinstance(result, Problem):
        await cq.answer(t(result.value), show_alert=True)
        return
    await cq.answer()
    if isinstance(result, LessonStep):
        await send_lesson(bot, uid, t, locale, course_id, result)
    elif isinstance(result, QuizStep):
        text = question_text(t, locale, result, 0)
        kb = question_kb(course_id, result.lesson.id, 0, options(result, 0, locale))
        if callback_data.action == LearnAction.retry:
            await show(cq, bot, text, kb)
        else:
            await bot.send_message(uid, text, reply_markup=kb)
    else:
        await show_progress(bot, uid, t, locale, course_id, result, settings, user)


async def quiz_cb(cq: CallbackQuery, callback_data: QuizCb, learning: LearningService,
                  t: Translator, locale: str, bot: Bot) -> None:
    step = await learning.answer(cq.from_user.id, callback_data.course_id, callback_data.lesson,
                                 callback_data.question, callback_data.choice)
    if isinstance(step, Problem):
        await cq.answer(t(step.value), show_alert=True)
        return
    quiz = step.lesson.quiz[step.question]
    if step.answered:
        verdict = t("learn-right")
    else:
        verdict = t("learn-wrong", answer=Markup(quiz.options[quiz.correct].get(locale)))
    await cq.answer(t("learn-right") if step.answered else t("learn-wrong-short"))
    feedback = f"{verdict}\n{quiz.explanation.get(locale)}"
    course_id = callback_data.course_id
    if step.score is None:
        nxt = step.question + 1
        text = f"{feedback}\n\n{question_text(t, locale, step, nxt)}"
        await show(cq, bot, text, question_kb(course_id, step.lesson.id, nxt,
                                              options(step, nxt, locale)))
        return
    right, total = step.score
    result = t("learn-quiz-passed", right=right, total=total) if step.passed else t(
        "learn-quiz-failed", right=right, total=total,
        mark=step.progress.course.course.pass_mark)
    await show(cq, bot, f"{feedback}\n\n{result}",
               after_quiz_kb(t, course_id, step.lesson.id, bool(step.passed)))


# --- certificates --------------------------------------------------------------------------
async def certificate_cb(cq: CallbackQuery, callback_data: LearnCb, state: FSMContext,
                         learning: LearningService, user: UserRow | None, t: Translator,
                         locale: str, locales: Locales, bot: Bot) -> None:
    course_id, uid, choice = callback_data.course_id, cq.from_user.id, callback_data.lesson
    existing = await learning.certificate(uid, course_id)
    if existing is not None:
        await cq.answer()
        await send_certificate(bot, uid, existing.code, learning, locales)
        return
    progress = await learning.progress(uid, course_id)
    if progress is None or not progress.complete or user is None:
        await cq.answer(t("learn-not-finished"), show_alert=True)
        return
    await cq.answer()
    if choice == "profile" and user.name:
        await _got_name(uid, user.name, state, course_id, t, locale, bot)
        return
    if choice == "yes":
        data = await state.get_data()
        if await state.get_state() != CertName.confirm.state or data.get("course") != course_id:
            await bot.send_message(uid, t("button-expired"))
            return
        await state.clear()
        issued = await learning.issue_certificate(uid, course_id, data["print"], locale,
                                                  new_code())
        if isinstance(issued, Problem):
            await bot.send_message(uid, t(issued.value))
            return
        await send_certificate(bot, uid, issued.code, learning, locales)
        return
    await state.set_state(CertName.name)
    await state.set_data({"course": course_id})
    suggestion, _ = check_name(user.name)
    await bot.send_message(uid, t("cert-ask-name", name=user.name or ""),
                           reply_markup=cert_name_kb(t, course_id, suggestion))


async def name_typed(message: Message, state: FSMContext, t: Translator, locale: str,
                     bot: Bot) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    await _got_name(message.from_user.id, message.text or "", state, int(data["course"]), t,
                    locale, bot)


async def _got_name(uid: int, raw: str, state: FSMContext, course_id: int, t: Translator,
                    locale: str, bot: Bot) -> None:
    clean, removed = printable(raw)
    name, hint = check_name(clean)
    if name is None:
        await state.set_state(CertName.name)
        await state.set_data({"course": course_id})
        await bot.send_message(uid, t(hint or "name-letters-only"))
        return
    if locale == "en" and not LATIN_RE.match(name):
        await state.set_state(CertName.latin)
        await state.set_data({"course": course_id, "removed": removed})
        await bot.send_message(uid, t("cert-ask-latin"))
        return
    await _confirm(uid, name, removed, state, course_id, t, bot)


async def latin_typed(message: Message, state: FSMContext, t: Translator, bot: Bot) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    clean, removed = printable(message.text or "")
    name, _ = check_name(clean)
    if name is None or not LATIN_RE.match(name):
        await message.answer(t("cert-latin-invalid"))
        return
    await _confirm(message.from_user.id, name, data.get("removed", "") + removed, state,
                   int(data["course"]), t, bot)


async def _confirm(uid: int, name: str, removed: str, state: FSMContext, course_id: int,
                   t: Translator, bot: Bot) -> None:
    await state.set_state(CertName.confirm)
    await state.set_data({"course": course_id, "print": name})
    text = t("cert-confirm", name=name)
    if removed:
        text = t("cert-removed", chars=removed) + "\n\n" + text
    await bot.send_message(uid, text, reply_markup=cert_confirm_kb(t, course_id))


async def send_certificate(bot: Bot, chat_id: int, code: str, learning: LearningService,
                           locales: Locales) -> None:
    found = await learning.verify(code)
    if found is None:
        return
    cert, view = found
    t = locales[cert.language if cert.language in locales.languages else "en"]
    me = await bot.me()
    course = view.course.title.get(cert.language) if view else ""
    text = CertificateText(
        heading=t("cert-pdf-heading"), intro=t("cert-pdf-intro"),
        completed=t("cert-pdf-completed"), date_label=t("cert-pdf-date"),
        code_label=t("cert-pdf-code"),
        verify_hint=t("cert-pdf-verify", code=Markup(code), bot=Markup(me.username or "")),
        organization=t("cert-pdf-org"),
    )
    pdf = render_certificate(name=cert.name, course=_plain(course),
                             issued=from_db(cert.issued_at).date(), code=code, text=text)
    await bot.send_document(chat_id, BufferedInputFile(pdf, filename=f"certificate-{code}.pdf"),
                            caption=t("cert-caption", code=code))


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def verify_command(message: Message, command: CommandObject, learning: LearningService,
                         t: Translator, locale: str) -> None:
    await message.answer(await verify_text(command.args or "", learning, t, locale))


async def verify_text(raw: str, learning: LearningService, t: Translator, locale: str) -> str:
    if not raw.strip():
        return t("verify-usage")
    code = normalize_code(raw)
    found = await learning.verify(code) if code else None
    if found is None:
        return t("verify-bad")
    cert, view = found
    course = Markup(view.course.title.get(locale)) if view else ""
    date = format_day(from_db(cert.issued_at).date())
    if cert.name is None:  # she deleted her data: the certificate is still genuine
        return t("verify-ok-anonymous", code=cert.code, course=course, date=date)
    return t("verify-ok", code=cert.code, name=cert.name, course=course, date=date)

