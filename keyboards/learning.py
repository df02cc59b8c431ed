"""Keyboards of lessons, quizzes and certificates."""

from __future__ import annotations

from collections.abc import Callable

from aiogram.types import InlineKeyboardMarkup

from bot.content import Lesson
from keyboards.builder import InlineKeyboardBuilder
from keyboards.callbacks import LearnAction, LearnCb, MenuCb, MenuItem, QuizCb

T = Callable[..., str]


def _my_courses(kb: InlineKeyboardBuilder, t: T) -> None:
    kb.button(text=t("menu-my-courses"), callback_data=MenuCb(item=MenuItem.my_courses))


def lesson_kb(t: T, course_id: int, lesson: Lesson) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if lesson.link:
        kb.button(text=t("btn-read-more"), url=lesson.link)
    label = "btn-take-quiz" if lesson.quiz else "btn-lesson-done"
    kb.button(text=t(label), callback_data=LearnCb(action=LearnAction.done,
                                                   course_id=course_id, lesson=lesson.id))
    _my_courses(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def question_kb(course_id: int, lesson_id: str, question: int,
                options: list[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for choice, text in enumerate(options):
        kb.button(text=text[:100], callback_data=QuizCb(course_id=course_id, lesson=lesson_id,
                                                        question=question, choice=choice))
    kb.adjust(1)
    return kb.as_markup()


def after_quiz_kb(t: T, course_id: int, lesson_id: str, passed: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if passed:
        kb.button(text=t("btn-next-lesson"),
                  callback_data=LearnCb(action=LearnAction.go, course_id=course_id))
    else:
        kb.button(text=t("btn-retry-quiz"), callback_data=LearnCb(
            action=LearnAction.retry, course_id=course_id, lesson=lesson_id))
    _my_courses(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def progress_kb(t: T, course_id: int, complete: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if complete:
        kb.button(text=t("btn-get-certificate"),
                  callback_data=LearnCb(action=LearnAction.cert, course_id=course_id))
    _my_courses(kb, t)
    kb.adjust(1)
    return kb.as_markup()


def cert_name_kb(t: T, course_id: int, suggestion: str | None) -> InlineKeyboardMarkup | None:
    if not suggestion:
        return None
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-use-name", name=suggestion)[:60],
              callback_data=LearnCb(action=LearnAction.cert, course_id=course_id,
                                    lesson="profile"))
    return kb.as_markup()


def cert_confirm_kb(t: T, course_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t("btn-cert-yes"), callback_data=LearnCb(
        action=LearnAction.cert, course_id=course_id, lesson="yes"))
    kb.button(text=t("btn-cert-change"), callback_data=LearnCb(
        action=LearnAction.cert, course_id=course_id, lesson="change"))
    kb.adjust(1)
    return kb.as_markup()
