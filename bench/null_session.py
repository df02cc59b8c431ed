"""A Bot API session that answers at once, without network and without recording: what the
update benchmarks put under the bot (and under the bare aiogram baseline) so that only the
handling is measured. Answers are validated into aiogram's types as a real session does."""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

BOT_ID = 123456
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "WiT", "username": "wit_test_bot"}


@functools.cache
def response_type(returning: Any) -> Any:
    """`Response[X]` once per type (pydantic rebuilds the generic model now and then)."""
    return Response[returning]  # type: ignore[valid-type]


class NullSession(BaseSession):
    """Every request succeeds at once; `requests` counts them by method."""

    def __init__(self) -> None:
        super().__init__()
        self._ids = itertools.count(1_000_000)
        self.requests: dict[str, int] = {}

    def _result(self, name: str, method: TelegramMethod[Any]) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if name == "getMe":
            return BOT_USER
        if name == "copyMessage":
            return {"message_id": next(self._ids)}
        if (name.startswith("send") and name != "sendChatAction") or name.startswith(
                "editMessage"):
            message: dict[str, Any] = {
                "message_id": getattr(method, "message_id", None) or next(self._ids),
                "date": int(time.time()),
                "chat": {"id": chat_id if isinstance(chat_id, int) else 1, "type": "private"},
                "from": BOT_USER,
            }
            text = getattr(method, "text", None)
            if isinstance(text, str):
                message["text"] = text
            return message
        return True

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        name = method.__api_method__
        self.requests[name] = self.requests.get(name, 0) + 1
        response = response_type(method.__returning__).model_validate(
            {"ok": True, "result": self._result(name, method)}, context={"bot": bot})
        return response.result  # type: ignore[return-value]

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None,
                             timeout: int = 30, chunk_size: int = 65536,
                             raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        yield b""
