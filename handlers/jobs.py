"""Jobs for participants: the list page by page (all, or matching her alert), saving, saved
jobs, and job alert settings (topics, level, remote, words, hour, frequency)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.jobs.matching import MAX_WORDS
from bot.profile import label_key
from bot.services.jobs import PAGE_SIZE, JobService, job_block
from handlers.render import show
from keyboards.callbacks import JobAction, JobCb, MenuCb, MenuItem, parse_id
from keyboards.jobs import (
    alert_topics_kb,
    alerts_kb,
    back_to_alerts_kb,
    hours_kb,
    list_kb,
    saved_kb,
    subscribe_kb,
)
from storage.jobs import AlertRow
from storage.models import UserRow

WORDS_MAX_CHARS = 300


class Alerts(StatesGroup):
    words = State()  # typing include or exclude words


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(jobs_cmd, Command("jobs"))
    r.callback_query.register(jobs_menu, MenuCb.filter(F.item == MenuItem.jobs))
    r.callback_query.register(job_pressed, JobCb.filter())
    r.message.register(words_typed, StateFilter(Alerts.words))
    return r


def _onboarded(user: UserRow | None) -> bool:
    return user is not None and user.onboarded


async def _list_screen(t: Translator, jobs: JobService, user_id: int, page: int,
                       mine: bool) -> tuple[str, object]:
    found = await jobs.page(user_id, page, mine)
    alert = await jobs.alert(user_id)
    subscribed = alert is not None and alert.frequency != "off"
    saved = await jobs.saved_ids(user_id)
    first = found.page * PAGE_SIZE + 1
    if not found.jobs:
        text = t("jobs-none-mine" if mine else "jobs-none")
    else:
        head = t("jobs-title-mine" if mine else "jobs-title", count=found.total,
                 page=found.page + 1, pages=found.pages)
        text = head + "\n\n" + "\n\n".join(job_block(t, job, n)
                                           for n, job in enumerate(found.jobs, first))
    return text, list_kb(t, found.jobs, saved, found.page, found.pages, mine, subscribed, first)


def alert_text(t: Translator, a: AlertRow, jobs: JobService, locale: str) -> str:
    topics = ", ".join(jobs.topics.label(c, locale) for c in a.topics) or t("jobs-all-topics")
    return t("jobs-alert", frequency=t(f"jobs-frequency-{a.frequency}"), topics=topics,
             level=t(label_key("level", a.level)) if a.level else t("jobs-level-any"),
             remote=t(f"jobs-remote-{a.remote}"), hour=f"{a.hour:02d}:00",
             include=a.include_words or "—", exclude=a.exclude_words or "—")


async def jobs_cmd(message: Message, state: FSMContext, user: UserRow | None, t: Translator,
                   jobs: JobService) -> None:
    if not _onboarded(user):
        await message.answer(t("onboarding-continue"))
        return
    await state.clear()
    text, kb = await _list_screen(t, jobs, message.chat.id, 0, False)
    await message.answer(text, reply_markup=kb)  # type: ignore[arg-type]


async def jobs_menu(cq: CallbackQuery, state: FSMContext, user: UserRow | None, t: Translator,
                    jobs: JobService, bot: Bot) -> None:
    if not _onboarded(user):
        await cq.answer(t("onboarding-continue"), show_alert=True)
        return
    await cq.answer()
    await state.clear()
    text, kb = await _list_screen(t, jobs, cq.from_user.id, 0, False)
    await show(cq, bot, text, kb)  # type: ignore[arg-type]


async def _show_alerts(cq: CallbackQuery, t: Translator, locale: str, jobs: JobService,
                       bot: Bot, alert: AlertRow | None, notice: str | None = None) -> None:
    if alert is None:
        await show(cq, bot, t("jobs-alert-intro"), subscribe_kb(t))
        return
    text = alert_text(t, alert, jobs, locale)
    await show(cq, bot, (t(notice) + "\n\n" + text) if notice else text, alerts_kb(t, alert))


async def job_pressed(cq: CallbackQuery, callback_data: JobCb, state: FSMContext,
                      user: UserRow | None, t: Translator, locale: str, jobs: JobService,
                      bot: Bot) -> None:
    if not _onboarded(user):
        await cq.answer(t("button-expired"), show_alert=True)
        return
    uid = cq.from_user.id
    action, value = callback_data.action, callback_data.value
    if action in (JobAction.list, JobAction.mine):
        await cq.answer()
        await state.clear()
        text, kb = await _list_screen(t, jobs, uid, callback_data.page,
                                      action == JobAction.mine)
        await show(cq, bot, text, kb)  # type: ignore[arg-type]
        return
    if action == JobAction.save:
        job_id = parse_id(value)
        saved = await jobs.toggle_save(uid, job_id) if job_id is not None else None
        if saved is None:
            await cq.answer(t("jobs-gone"), show_alert=True)
            return
        await cq.answer(t("jobs-saved" if saved else "jobs-unsaved"))
        if callback_data.view == JobAction.saved.value:
            await _show_saved(cq, t, jobs, bot)
        else:
            text, kb = await _list_screen(t, jobs, uid, callback_data.page,
                                          callback_data.view == JobAction.mine.value)
            await show(cq, bot, text, kb)  # type: ignore[arg-type]
        return
    if action == JobAction.saved:
        await cq.answer()
        await _show_saved(cq, t, jobs, bot)
        return
    if action == JobAction.subscribe:
        alert = await jobs.subscribe(uid)
        await cq.answer(t("jobs-subscribed"))
        await _show_alerts(cq, t, locale, jobs, bot, alert)
        return
    alert = await jobs.alert(uid)
    if action == JobAction.alerts or alert is None:
        await cq.answer()
        await state.clear()
        await _show_alerts(cq, t, locale, jobs, bot, alert)
        return
    if action == JobAction.topics:
        await cq.answer()
        await show(cq, bot, t("jobs-topics-ask"), alert_topics_kb(t, _labels(jobs, locale),
                                                                 alert.topics))
        return
    if action == JobAction.hours:
        await cq.answer()
        await show(cq, bot, t("jobs-hour-ask"), hours_kb(t, alert.hour))
        return
    if action == JobAction.words:
        if value not in ("in", "out"):
            await cq.answer(t("button-expired"), show_alert=True)
            return
        await cq.answer()
        await state.set_state(Alerts.words)
        await state.update_data(words=value)
        await show(cq, bot, t(f"jobs-words-ask-{value}", count=MAX_WORDS),
                   back_to_alerts_kb(t))
        return
    changed = None
    if action == JobAction.frequency:
        changed = await jobs.change(uid, frequency=value)
    elif action == JobAction.remote:
        changed = await jobs.change(uid, remote=value)
    elif action == JobAction.level:
        changed = await jobs.change(uid, level=value or None)
    elif action == JobAction.hour and value.isascii() and value.isdigit():
        changed = await jobs.change(uid, hour=int(value))
    elif action == JobAction.topic:
        topics = set(alert.topics) ^ {value}
        changed = await jobs.change(uid, topics=sorted(topics))
        if changed is not None:
            await cq.answer()
            await show(cq, bot, t("jobs-topics-ask"), alert_topics_kb(
                t, _labels(jobs, locale), changed.topics))
            return
    if changed is None:
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer(t("settings-saved"))
    await _show_alerts(cq, t, locale, jobs, bot, changed)


def _labels(jobs: JobService, locale: str) -> list[tuple[str, str]]:
    return [(code, jobs.topics.label(code, locale)) for code in jobs.topics.codes]


async def _show_saved(cq: CallbackQuery, t: Translator, jobs: JobService, bot: Bot) -> None:
    saved = await jobs.saved(cq.from_user.id)
    if not saved:
        await show(cq, bot, t("jobs-saved-none"), saved_kb(t, []))
        return
    text = t("jobs-saved-title") + "\n\n" + "\n\n".join(
        job_block(t, job, n) for n, job in enumerate(saved, 1))
    await show(cq, bot, text, saved_kb(t, saved))


async def words_typed(message: Message, state: FSMContext, t: Translator, locale: str,
                      jobs: JobService) -> None:
    which = (await state.get_data()).get("words")
    raw = message.text
    if raw is None:
        await message.answer(t("jobs-words-text-only"))
        return
    if raw.startswith("/"):
        await state.clear()
        await message.answer(t("jobs-words-not-saved"))
        return
    if len(raw) > WORDS_MAX_CHARS:
        await message.answer(t("jobs-words-too-long", limit=WORDS_MAX_CHARS))
        return
    cleared = raw.strip() in ("-", "—")
    field = "include_words" if which == "in" else "exclude_words"
    changed = await jobs.change(message.chat.id, **{field: "" if cleared else raw})
    await state.clear()
    if changed is None:
        await message.answer(t("button-expired"))
        return
    text = alert_text(t, changed, jobs, locale)
    await message.answer(t("settings-saved") + "\n\n" + text, reply_markup=alerts_kb(t, changed))
