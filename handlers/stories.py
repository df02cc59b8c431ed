"""Stories: the list of published stories (paged), one story (with its photo when it has one),
the weekly-story subscription, and the sender the outbox uses for the weekly push."""

from __future__ import annotations

import html
import json
import re

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot.community.stories import Story
from bot.i18n import Locales, Translator
from bot.services.stories import StoryService
from handlers.render import show
from keyboards.callbacks import MenuCb, MenuItem, StoryAction, StoryCb
from keyboards.community import stories_kb, story_kb
from storage.outbox import OutboxRow

CAPTION_MAX = 1024


def router() -> Router:
    r = Router(name=__name__)
    r.message.filter(F.chat.type == "private")
    r.message.register(stories_command, Command("stories"))
    r.callback_query.register(stories_menu, MenuCb.filter(F.item == MenuItem.stories))
    r.callback_query.register(story_cb, StoryCb.filter())
    return r


async def render_list(stories: StoryService, t: Translator, locale: str, user_id: int,
                      page: int) -> tuple[str, InlineKeyboardMarkup]:
    items, page, pages = stories.page(page)
    subscribed = await stories.subscribed(user_id)
    text = t("story-list-title", page=page + 1, pages=pages) if items else t("story-list-empty")
    text += "\n\n" + t("story-subscribed" if subscribed else "story-not-subscribed")
    labels = [(s.id, f"{_plain(s.name.get(locale))} — {_plain(s.role.get(locale))}")
              for s in items]
    return text, stories_kb(t, labels, page, pages, subscribed)


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


async def send_story(bot: Bot, chat_id: int, story: Story, photo: bytes | None, locale: str,
                     markup: InlineKeyboardMarkup | None, head: str = "") -> Message:
    """The story as one message (a photo with its caption when it fits in 1024 characters),
    or a photo with the name, then the text. Returns the last message sent."""
    title = f"{head}<b>{story.name.get(locale)}</b> — {story.role.get(locale)}"
    full = f"{title}\n\n{story.text.get(locale)}"
    if photo is None:
        return await bot.send_message(chat_id, full, reply_markup=markup)
    upload = BufferedInputFile(photo, filename=story.photo or "story.png")
    if len(full) <= CAPTION_MAX:
        return await bot.send_photo(chat_id, upload, caption=full, reply_markup=markup)
    await bot.send_photo(chat_id, upload, caption=title[:CAPTION_MAX])
    return await bot.send_message(chat_id, story.text.get(locale), reply_markup=markup)


async def deliver_story(bot: Bot, locales: Locales, stories: StoryService, row: OutboxRow,
                        lang: str) -> Message | None:
    """The outbox's sender for the weekly push, in her language at send time (None: the
    story's file is gone, nothing to send)."""
    story = stories.any(str(json.loads(row.args or "{}").get("story", "")))
    if story is None:
        return None
    t = locales[lang]
    return await send_story(bot, row.user_id, story, stories.photo(story), lang, story_kb(t),
                            head=t("story-push") + "\n\n")


async def stories_command(message: Message, stories: StoryService, t: Translator,
                          locale: str) -> None:
    assert message.from_user is not None
    text, kb = await render_list(stories, t, locale, message.from_user.id, 0)
    await message.answer(text, reply_markup=kb)


async def stories_menu(cq: CallbackQuery, stories: StoryService, t: Translator, locale: str,
                       bot: Bot) -> None:
    await cq.answer()
    text, kb = await render_list(stories, t, locale, cq.from_user.id, 0)
    await show(cq, bot, text, kb)


async def story_cb(cq: CallbackQuery, callback_data: StoryCb, stories: StoryService,
                   t: Translator, locale: str, bot: Bot) -> None:
    uid, value = cq.from_user.id, callback_data.value
    if callback_data.action == StoryAction.list:
        page = int(value) if value.isascii() and value.isdigit() and len(value) < 6 else 0
        await cq.answer()
        text, kb = await render_list(stories, t, locale, uid, page)
        await show(cq, bot, text, kb)
        return
    if callback_data.action == StoryAction.open:
        story = stories.get(value)
        if story is None:
            await cq.answer(t("button-expired"), show_alert=True)
            return
        await cq.answer()
        await send_story(bot, uid, story, stories.photo(story), locale, story_kb(t))
        return
    if value not in ("0", "1") or not await stories.subscribe(uid, value == "1"):
        await cq.answer(t("button-expired"), show_alert=True)
        return
    await cq.answer(t("story-subscribe-done" if value == "1" else "story-unsubscribe-done"))
    text, kb = await render_list(stories, t, locale, uid, 0)
    await show(cq, bot, text, kb)
