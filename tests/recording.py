"""A Bot API session that records every request, checks it against the API facts, and
answers like Telegram would (message ids per chat, edits of known messages)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import defaultdict
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile

from tests.api_check import check_request

BOT_ID = 123456


@dataclass
class Recorded:
    method: str
    params: dict[str, Any]
    problems: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)  # when the bot made the request

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id", self.params.get("user_id"))
        return int(value) if value is not None else None

    @property
    def text(self) -> str | None:
        return self.params.get("text")

    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data) of every inline button, in order."""
        markup = self.params.get("reply_markup") or {}
        return [
            (b.get("text", ""), b.get("callback_data", ""))
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]


@dataclass
class Failure:
    method: str
    status: int
    description: str
    retry_after: int | None = None
    count: int = 1


class RecordingSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: list[Recorded] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self.failures: list[Failure] = []
        self._next_id: defaultdict[int, int] = defaultdict(int)
        self.holds: dict[str, asyncio.Event] = {}
        self.arrived: dict[str, asyncio.Event] = {}

    def successor(self) -> RecordingSession:
        """A fresh session for a restarted process that keeps one shared history."""
        new = RecordingSession()
        new.requests, new.messages, new._next_id = self.requests, self.messages, self._next_id
        return new

    def hold(self, method: str) -> asyncio.Event:
        """The next `method` request is recorded, then waits until the returned event is set."""
        self.holds[method] = asyncio.Event()
        self.arrived[method] = asyncio.Event()
        return self.holds[method]

    def params_of(self, bot: Bot, method: TelegramMethod[Any],
                  files: dict[str, InputFile] | None = None) -> dict[str, Any]:
        """The parameters as Telegram would receive them (defaults resolved, JSON decoded)."""
        files = {} if files is None else files
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if not prepared:
                continue
            if isinstance(prepared, str) and prepared[:1] in "[{":
                with contextlib.suppress(ValueError):
                    prepared = json.loads(prepared)
            params[key] = prepared
        return params

    def fail(self, method: str, status: int, description: str, *,
             retry_after: int | None = None, count: int = 1) -> None:
        self.failures.append(Failure(method, status, description, retry_after, count))

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        name = method.__api_method__
        uploads: dict[str, InputFile] = {}
        params = self.params_of(bot, method, uploads)
        problems = check_request(name, params)
        files = {}
        for key, upload in uploads.items():
            data = getattr(upload, "data", None)
            files[key] = data if isinstance(data, bytes) else b""
            for param, value in params.items():
                if value == f"attach://{key}":
                    files[param] = files[key]
        self.requests.append(Recorded(name, params, problems, files))
        gate = self.holds.pop(name, None)
        if gate is not None:
            self.arrived[name].set()
            await gate.wait()
        failure = next((f for f in self.failures if f.method == name and f.count > 0), None)
        if failure is not None:
            failure.count -= 1
            body: dict[str, Any] = {"ok": False, "error_code": failure.status,
                                    "description": failure.description}
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            status = failure.status
        elif problems:
            body = {"ok": False, "error_code": 400, "description": "Bad Request: " + problems[0]}
            status = 400
        else:
            status, body = self._answer(name, params)
        response = self.check_response(bot=bot, method=method, status_code=status,
                                       content=json.dumps(body))
        return response.result  # type: ignore[return-value]

    def _answer(self, name: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if name == "getMe":
            return 200, {"ok": True, "result": {"id": BOT_ID, "is_bot": True,
                                                "first_name": "WiT", "username": "wit_test_bot"}}
        if name == "copyMessage":  # a copy with no trace of where it came from
            chat_id = int(params["chat_id"])
            self._next_id[chat_id] += 1
            copy = {"message_id": self._next_id[chat_id], "date": int(time.time()),
                    "chat": {"id": chat_id, "type": "private"},
                    "caption": params.get("caption")}
            if "reply_markup" in params and "inline_keyboard" in params["reply_markup"]:
                copy["reply_markup"] = params["reply_markup"]
            self.messages[(chat_id, copy["message_id"])] = copy
            return 200, {"ok": True, "result": {"message_id": copy["message_id"]}}
        if name.startswith("send") and name != "sendMessage" and name != "sendChatAction":
            chat_id = int(params["chat_id"])
            self._next_id[chat_id] += 1
            result: dict[str, Any] = {
                "message_id": self._next_id[chat_id], "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"}}
            if name == "sendDocument":
                result["document"] = {"file_id": "BQACAgIAAx", "file_unique_id": "AgAD"}
                result["caption"] = params.get("caption")
            if name == "sendVenue":
                result["venue"] = {"location": {"latitude": params["latitude"],
                                                "longitude": params["longitude"]},
                                   "title": params["title"], "address": params["address"]}
            if name == "sendPhoto":
                result["photo"] = [{"file_id": "AgACAgIAAx", "file_unique_id": "AQAD",
                                    "width": 320, "height": 240}]
                result["caption"] = params.get("caption")
            return 200, {"ok": True, "result": result}
        if name == "sendMessage":
            chat_id = int(params["chat_id"])
            self._next_id[chat_id] += 1
            message = {
                "message_id": self._next_id[chat_id], "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "WiT"},
                "text": params["text"],
            }
            if "reply_markup" in params and "inline_keyboard" in params["reply_markup"]:
                message["reply_markup"] = params["reply_markup"]
            self.messages[(chat_id, message["message_id"])] = message
            return 200, {"ok": True, "result": message}
        if name in ("editMessageText", "editMessageReplyMarkup"):
            key = (int(params["chat_id"]), int(params["message_id"]))
            old = self.messages.get(key)
            if old is None:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message to edit not found"}
            new = dict(old)
            if name == "editMessageText":
                new["text"] = params["text"]
            new.pop("reply_markup", None)
            if "reply_markup" in params:
                new["reply_markup"] = params["reply_markup"]
            if new == old:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message is not modified"}
            self.messages[key] = new
            return 200, {"ok": True, "result": new}
        if name == "deleteMessage":
            key = (int(params["chat_id"]), int(params["message_id"]))
            if self.messages.pop(key, None) is None:
                return 400, {"ok": False, "error_code": 400,
                             "description": "Bad Request: message to delete not found"}
            return 200, {"ok": True, "result": True}
        return 200, {"ok": True, "result": True}

    async def close(self) -> None:
        return None

    async def stream_content(self, url: str, headers: dict[str, Any] | None = None,
                             timeout: int = 30, chunk_size: int = 65536,
                             raise_for_status: bool = True) -> AsyncGenerator[bytes, None]:
        yield b""

    # --- what tests ask ---------------------------------------------------------------
    def to_chat(self, chat_id: int, method: str | None = None) -> list[Recorded]:
        return [r for r in self.requests
                if r.chat_id == chat_id and (method is None or r.method == method)]

    def invalid(self) -> list[Recorded]:
        return [r for r in self.requests if r.problems]
