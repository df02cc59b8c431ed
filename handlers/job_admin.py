"""A coordinator posts a job opening: title, company, place (or Remote), level, topics, link,
deadline, then one confirmation. Every step passes the `Coordinator` check."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message

from bot.clock import Clock, to_db
from bot.delivery.timezones import zone
from bot.i18n import Translator
from bot.jobs.normalize import strip_html
from bot.profile import LEVELS
from bot.services.jobs import JobDraft, JobService, Posted, job_block, valid_url
from bot.settings import Settings
from handlers.access import Coordinator
from handlers.render import show
from keyboards.callbacks import AdminAction, AdminCb, PostAction, PostCb
from keyboards.jobs import (
    post_confirm_kb,
    post_deadline_kb,
    post_level_kb,
    post_remote_kb,
    post_topics_kb,
    posted_kb,
)
from storage.jobs import JobRow
from storage.models import UserRow

LIMITS = {"title": 200, "company": 100, "location": 100}


class Post(StatesGroup):
    title = State()
    company = State()
    location = State()
    level = State()
    topics = State()
    url = State()
    deadline = State()
    confirm = State()


def router() -> Router:
    r = Router(name=__name__)
    gate = Coordinator("job.post")
    r.callback_query.register(start, AdminCb.filter(F.action == AdminAction.job), gate)
    r.callback_query.register(pressed, PostCb.filter(), gate)
    r.message.register(typed, StateFilter(Post.title, Post.company, Post.location, Post.url,
                                          Post.deadline), gate)
    return r


def _draft(data: dict[str, Any]) -> JobDraft:
    d = dict(data.get("job") or {})
    d["topics"] = tuple(d.get("topics") or ())
    return JobDraft(**d)


async def _save(state: FSMContext, d: JobDraft) -> None:
    await state.update_data(job=d.__dict__ | {"topics": list(d.topics)})


async def start(cq: CallbackQuery, state: FSMContext, t: Translator, bot: Bot) -> None:
    await cq.answer()
    await state.clear()
    await state.set_state(Post.title)
    await show(cq, bot, t("post-title-ask"))


def _preview(t: Translator, d: JobDraft) -> str:
    job = JobRow(0, d.title, d.company, d.location, d.remote, d.level, d.topics, d.url,
                 "coordinator", "", d.deadline, "", "")
    return t("post-confirm") + "\n\n" + job_block(t, job, 1)


async def typed(message: Message, state: FSMContext, t: Translator, locale: str,
                jobs: JobService, user: UserRow | None, settings: Settings,
                clock: Clock) -> None:
    current = await state.get_state()
    d = _draft(await state.get_data())
    raw = (message.text or "").strip()
    if not message.text:
        await message.answer(t("post-text-only"))
        return
    if raw.startswith("/"):
        await state.clear()
        await message.answer(t("post-cancelled"))
        return
    if current in (Post.title.state, Post.company.state, Post.location.state):
        name = current.split(":")[-1]
        value = strip_html(raw)
        if not 2 <= len(value) <= LIMITS[name]:
            await message.answer(t("post-length", low=2, high=LIMITS[name]))
            return
        setattr(d, name, value)
        await _save(state, d)
        if name == "title":
            await state.set_state(Post.company)
            await message.answer(t("post-company-ask"))
        elif name == "company":
            await state.set_state(Post.location)
            await message.answer(t("post-location-ask"), reply_markup=post_remote_kb(t))
        else:
            await state.set_state(Post.level)
            await message.answer(t("post-level-ask"), reply_markup=post_level_kb(t))
        return
    if current == Post.url.state:
        url = valid_url(raw)
        if url is None:
            await message.answer(t("post-url-invalid"))
            return
        d.url = url
        await _save(state, d)
        await state.set_state(Post.deadline)
        await message.answer(t("post-deadline-ask"), reply_markup=post_deadline_kb(t))
        return
    tz = zone(user.timezone if user else None, settings.timezone)
    try:
        day = datetime.strptime(raw, "%d.%m.%Y").replace(hour=23, minute=59, tzinfo=tz)
    except ValueError:
        await message.answer(t("post-deadline-invalid"))
        return
    if day <= clock.now():
        await message.answer(t("post-deadline-past"))
        return
    d.deadline = to_db(day)
    await _save(state, d)
    await state.set_state(Post.confirm)
    await message.answer(_preview(t, d), reply_markup=post_confirm_kb(t))


async def pressed(cq: CallbackQuery, callback_data: PostCb, state: FSMContext, t: Translator,
                  locale: str, jobs: JobService, bot: Bot) -> None:
    current = await state.get_state()
    d = _draft(await state.get_data())
    action, value = callback_data.action, callback_data.value
    if action == PostAction.cancel:
        await cq.answer()
        await state.clear()
        await show(cq, bot, t("post-cancelled"), posted_kb(t))
        return
    labels = [(c, jobs.topics.label(c, locale)) for c in jobs.topics.codes]
    if action == PostAction.remote and current == Post.location.state:
        d.remote, d.location = True, ""
        await _save(state, d)
        await state.set_state(Post.level)
        await cq.answer()
        await show(cq, bot, t("post-level-ask"), post_level_kb(t))
        return
    if action == PostAction.level and current == Post.level.state and (
            not value or value in LEVELS):
        d.level = value or None
        await _save(state, d)
        await state.set_state(Post.topics)
        await cq.answer()
        await show(cq, bot, t("post-topics-ask"), post_topics_kb(t, labels, d.topics))
        return
    if action == PostAction.topic and current == Post.topics.state and value in (
            jobs.topics.codes):
        d.topics = tuple(sorted(set(d.topics) ^ {value}))
        await _save(state, d)
        await cq.answer()
        await show(cq, bot, t("post-topics-ask"), post_topics_kb(t, labels, d.topics))
        return
    if action == PostAction.topics_done and current == Post.topics.state:
        await state.set_state(Post.url)
        await cq.answer()
        await show(cq, bot, t("post-url-ask"))
        return
    if action == PostAction.no_deadline and current == Post.deadline.state:
        d.deadline = None
        await _save(state, d)
        await state.set_state(Post.confirm)
        await cq.answer()
        await show(cq, bot, _preview(t, d), post_confirm_kb(t))
        return
    if action == PostAction.confirm and current == Post.confirm.state:
        outcome, _ = await jobs.post(cq.from_user.id, d)
        await cq.answer()
        if outcome == Posted.ok:
            await state.clear()
            await show(cq, bot, t("post-done"), posted_kb(t))
        elif outcome == Posted.duplicate:
            await state.clear()
            await show(cq, bot, t("post-duplicate"), posted_kb(t))
        else:
            await show(cq, bot, t("post-invalid"), post_confirm_kb(t))
        return
    await cq.answer(t("button-expired"), show_alert=True)
