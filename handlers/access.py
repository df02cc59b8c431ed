"""Who may use coordinator commands and buttons, checked at the moment they are used.

A failed check lets the update go on to the fallback, so a participant sees the ordinary
"unknown command" (or "this button no longer works") answer, and the attempt is audited.
"""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject, User

from bot.services.admin import AdminService


class Coordinator(Filter):
    def __init__(self, what: str, *, owner: bool = False) -> None:
        self.what = what
        self.owner = owner

    async def __call__(self, event: TelegramObject, admin: AdminService,
                       event_from_user: User | None = None) -> bool:
        if event_from_user is None:
            return False
        uid = event_from_user.id
        allowed = admin.is_owner(uid) if self.owner else await admin.is_coordinator(uid)
        if not allowed:
            what = self.what
            if isinstance(event, CallbackQuery) and event.data:
                what = f"{what} {event.data}"
            elif isinstance(event, Message) and event.text:
                what = f"{what} {event.text.split()[0]}"
            await admin.denied(uid, what)
        return allowed
