"""The one polite notice for someone sending very many messages or presses at once."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Update

from bot.i18n import Locales, pick_locale
from bot.services.users import UserService

log = logging.getLogger(__name__)


class FloodNotice:
    """Called by the update runner (outside any update's journal): one message in her
    language saying that everything will be answered, in order."""

    def __init__(self, bot: Bot, users: UserService, locales: Locales,
                 default_language: str) -> None:
        self.bot = bot
        self.users = users
        self.locales = locales
        self.default_language = default_language

    async def __call__(self, user_id: int, update: Update) -> None:
        row = await self.users.get(user_id)
        sender = getattr(update.event, "from_user", None)
        lang = pick_locale(row.language if row else None,
                           sender.language_code if sender else None, self.default_language)
        try:
            await self.bot.send_message(user_id, self.locales[lang]("flood-notice"))
        except TelegramAPIError as e:
            log.warning("flood notice to %s not sent: %s", user_id, e)
