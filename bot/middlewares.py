"""Per-update context: her user row and her translator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import TelegramObject, User

from bot.i18n import Locales, pick_locale
from bot.services.users import UserService


class ContextMiddleware(BaseMiddleware):
    """Puts `user` (her row or None), `locale` and `t` into every handler's data."""

    def __init__(self, users: UserService, locales: Locales, default_language: str) -> None:
        self.users = users
        self.locales = locales
        self.default_language = default_language

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        tg_user: User | None = data.get("event_from_user")
        row = None
        if tg_user is not None and not tg_user.is_bot:
            row = await self.users.on_update(tg_user.id)
        chosen = row.language if row else None
        state: FSMContext | None = data.get("state")
        if chosen is None and state is not None:
            # before consent her language lives only in the dialog memory
            chosen = (await state.get_data()).get("language")
        locale = pick_locale(
            chosen,
            tg_user.language_code if tg_user else None,
            self.default_language,
        )
        data["user"] = row
        data["locale"] = locale
        data["t"] = self.locales[locale]
        return await handler(event, data)
