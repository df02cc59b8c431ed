"""The command list (setMyCommands), per language and, once she chose, for her chat.

Telegram has no Tajik interface, so a Tajik speaker's client rarely asks for `tg`: after she
picks her language the bot sets the list for her chat (BotCommandScopeChat).
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot.i18n import Locales, Translator

log = logging.getLogger(__name__)

# (command, description key), in the order the client shows them.
COMMANDS: list[tuple[str, str]] = [
    ("start", "cmd-start"),
    ("menu", "cmd-menu"),
    ("courses", "cmd-courses"),
    ("mycourses", "cmd-mycourses"),
    ("mentor", "cmd-mentor"),
    ("jobs", "cmd-jobs"),
    ("events", "cmd-events"),
    ("stories", "cmd-stories"),
    ("verify", "cmd-verify"),
    ("settings", "cmd-settings"),
    ("language", "cmd-language"),
    ("privacy", "cmd-privacy"),
    ("mydata", "cmd-mydata"),
    ("deleteme", "cmd-deleteme"),
    ("cancel", "cmd-cancel"),
    ("help", "cmd-help"),
]


def commands_for(t: Translator) -> list[BotCommand]:
    return [BotCommand(command=name, description=t(key)) for name, key in COMMANDS]


async def set_default_commands(bot: Bot, locales: Locales, default_language: str) -> None:
    """At start: the list for each client language, and the default for all others."""
    await bot.set_my_commands(
        commands_for(locales[default_language]), scope=BotCommandScopeDefault()
    )
    for lang in locales.languages:
        await bot.set_my_commands(
            commands_for(locales[lang]), scope=BotCommandScopeDefault(), language_code=lang
        )


async def set_chat_commands(bot: Bot, chat_id: int, t: Translator) -> None:
    """For her chat, in the language she chose. A failure here must not break her flow."""
    try:
        await bot.set_my_commands(commands_for(t), scope=BotCommandScopeChat(chat_id=chat_id))
    except TelegramAPIError as e:
        log.warning("could not set commands for chat %s: %s", chat_id, e)
