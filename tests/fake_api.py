"""A local fake of the Telegram Bot API for end-to-end tests.

The real bot process (``python -m bot`` with ``BOT_API_URL=<fake.url>``) talks to this
aiohttp server exactly as it would to api.telegram.org: aiogram POSTs form data to
``{url}/bot{token}/{method}``. The server answers with Telegram-shaped JSON, records
every request, validates parameters with ``tests.api_check.check_request`` and lets a
test inject delays (:meth:`FakeTelegram.hold`), errors (:meth:`FakeTelegram.fail`),
dropped connections (:meth:`FakeTelegram.drop`) and non-JSON proxy answers
(:meth:`FakeTelegram.fail_non_json`). Telegram's flood limits can be enforced
(:meth:`FakeTelegram.enforce_limits`, or ``FakeTelegram(..., limits=True)``); they are off by
default.

Processing order of one request:

1. the body is parsed and the request is recorded (``requests``/``wait_for`` see it);
2. a matching :meth:`hold` rule delays everything below by its ``seconds``;
3. a malformed path is answered 404, a wrong token 401 "Unauthorized", an unparsable body 400;
4. implemented methods are validated; problems go to ``problems``;
5. the first matching fault rule (:meth:`fail`, :meth:`drop`, :meth:`fail_non_json`, in the
   order they were added) answers with the injected fault (even if 4 found problems, and
   even if the flood limits of 9 would have rejected the call);
6. an unimplemented method is answered 404 "Not Found";
7. validation problems are answered 400 "Bad Request: ...";
8. chat-targeted calls to a :meth:`block_user`-ed user get 403;
9. when limits are enforced, a sending method (see :func:`is_sending_method`) over the
   global or the per-chat limit is answered 429 "Too Many Requests: retry after N" and
   recorded in ``rate_limited``; an admitted one takes a global slot and a chat token;
10. the method handler runs. If it rejects the call (a 400 such as "chat not found", or a
    crash), the slot and token taken in 9 are given back: only successful sends count.

Requests answered at 1-8 never reach the limiter and cost nothing. Fault rules and 429s from
the limiter never take effect (nothing is stored, no message_id is used).

Flood limits (the numbers are Telegram's documented defaults, tuned down in tests):

* global: at most ``global_per_second`` (floored) sending calls are admitted in any sliding
  window of 1.0 s (timestamps of admitted calls are kept in a deque);
* per chat (the ``chat_id`` parameter, ``"123"`` and ``123`` being the same chat): a token
  bucket of capacity ``chat_burst`` refilled continuously at ``chat_refill_per_second``;
  calls without a usable ``chat_id`` are only limited globally.

``N`` in a 429 is ``max(1, ceil(seconds until the call would be admitted))``.

Files (sendPhoto, sendDocument, sendVoice, and media a user sends via
:meth:`FakeTelegram.user_message`): an uploaded file (a multipart part, referenced as
``attach://name`` or sent directly under the parameter) gets a new ``file_id`` whose bytes are
kept (:meth:`FakeTelegram.file_bytes`; bot uploads are also in ``uploads``); a known ``file_id``
is reused as is; an http(s) URL becomes a file without bytes (the same URL gives the same
file_id). Captions and texts are stored as sent (HTML is not parsed into entities); caption
length is measured like Telegram does, in UTF-16 units after stripping HTML tags.

Concurrent ``getUpdates``: as on the real Telegram, a new request terminates the older
pending long poll, which is answered 409 "Conflict: terminated by other getUpdates
request; ...". The newer request proceeds normally.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import copy
import html
import json
import math
import mimetypes
import re
import struct
import time
import zlib
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.web_request import FileField

Params = dict[str, Any]
Handler = Callable[[Params], Awaitable[Any]]
Validator = Callable[[str, Mapping[str, Any]], list[str]]
ParamsPredicate = Callable[[Params], bool]

CONFLICT_GET_UPDATES = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
WRONG_FILE = "Bad Request: wrong file identifier/HTTP URL specified"
CAPTION_LIMIT = 1024

# Kinds of files the fake keeps: the Message field, and the prefixes of file_id/file_unique_id.
_FILE_KINDS = {
    "photo": ("AgACAgIAAxkBAAI", "AQAD"),
    "document": ("BQACAgIAAxkBAAI", "AgAD"),
    "voice": ("AwACAgIAAxkBAAI", "AgAD"),
}
# Message fields copyMessage carries over; a message with none of _COPYABLE can't be copied.
_COPIED_FIELDS = frozenset(
    {
        "text",
        "entities",
        "link_preview_options",
        "animation",
        "audio",
        "document",
        "photo",
        "sticker",
        "video",
        "video_note",
        "voice",
        "caption",
        "caption_entities",
        "show_caption_above_media",
        "has_media_spoiler",
        "contact",
        "dice",
        "location",
        "venue",
    }
)
_COPYABLE = frozenset(
    {
        "text",
        "animation",
        "audio",
        "document",
        "photo",
        "sticker",
        "video",
        "video_note",
        "voice",
        "contact",
        "dice",
        "location",
        "venue",
    }
)
_CAPTIONED = frozenset({"animation", "audio", "document", "photo", "video", "voice"})
_HTML_TAG_RE = re.compile(r"<[^>]*>")

# Sending methods besides send*: these are what Telegram's flood limits apply to.
_SENDING_EXTRA = frozenset({"copymessage", "copymessages", "forwardmessage", "forwardmessages"})
_EPS = 1e-9


def is_sending_method(method: str) -> bool:
    """Methods subject to flood limits: ``send*`` plus copy/forward (one or many) messages."""
    lower = method.lower()
    return lower.startswith("send") or lower in _SENDING_EXTRA


# Update types that Telegram does not deliver unless explicitly listed in allowed_updates.
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

# Fallback knowledge of string-typed top-level parameters (used when api_facts.json does not
# know the method/parameter): such values are never JSON-decoded.
_STRING_PARAMS = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_data",
        "callback_query_id",
        "caption",
        "certificate",
        "currency",
        "custom_emoji_id",
        "custom_title",
        "data",
        "description",
        "document",
        "emoji",
        "error_message",
        "explanation",
        "explanation_parse_mode",
        "file_id",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "google_place_id",
        "google_place_type",
        "icon_custom_emoji_id",
        "inline_message_id",
        "inline_query_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "old_sticker",
        "parse_mode",
        "payload",
        "performer",
        "phone_number",
        "photo",
        "photo_url",
        "png_sticker",
        "pre_checkout_query_id",
        "provider_data",
        "provider_token",
        "query",
        "question",
        "question_parse_mode",
        "result_id",
        "secret_token",
        "set_name",
        "short_description",
        "shipping_query_id",
        "start_parameter",
        "sticker",
        "sticker_format",
        "sticker_set_name",
        "sticker_type",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "tgs_sticker",
        "thumbnail",
        "title",
        "url",
        "vcard",
        "video",
        "video_note",
        "voice",
        "web_app_query_id",
        "webm_sticker",
    }
)
_INT_OR_STRING_PARAMS = frozenset({"chat_id", "from_chat_id", "sender_chat_id"})
_INT_RE = re.compile(r"-?\d+")

_FACTS_PATH = Path(__file__).with_name("api_facts.json")
_facts_cache: dict[str, Any] | None = None


def _facts() -> dict[str, Any]:
    """The ``methods`` table of tests/api_facts.json ({} if the file is missing/broken)."""
    global _facts_cache
    if _facts_cache is None:
        try:
            data = json.loads(_FACTS_PATH.read_text(encoding="utf-8"))
            methods = data.get("methods", {}) if isinstance(data, dict) else {}
            _facts_cache = methods if isinstance(methods, dict) else {}
        except (OSError, ValueError):
            _facts_cache = {}
    return _facts_cache


def _param_kind(method: str, key: str) -> str:
    """'string' (keep as is), 'int_or_string' (chat_id-like) or 'json' (decode)."""
    info = _facts().get(method, {}).get("params", {}).get(key)
    if isinstance(info, dict) and isinstance(info.get("types"), list):
        types = set(info["types"])
        if types <= {"String", "InputFile"}:
            return "string"
        if types == {"Integer", "String"}:
            return "int_or_string"
        return "json"
    if key in _STRING_PARAMS:
        return "string"
    if key in _INT_OR_STRING_PARAMS:
        return "int_or_string"
    return "json"


def decode_params(method: str, raw: Mapping[str, Any]) -> Params:
    """Turn form-style values into Python values the way Telegram interprets them.

    String-typed parameters (``text``, ``caption``, ``callback_query_id``...) stay strings;
    ``chat_id``-like parameters become ints when numeric; everything else that is a string
    holding JSON (ints, floats, booleans, objects, arrays) is JSON-decoded. Values that are
    already decoded (application/json bodies) are kept.
    """
    out: Params = {}
    for key, value in raw.items():
        if isinstance(value, str):
            kind = _param_kind(method, key)
            if kind == "int_or_string":
                out[key] = int(value) if _INT_RE.fullmatch(value.strip()) else value
                continue
            if kind == "json":
                try:
                    out[key] = json.loads(value)
                except ValueError:
                    out[key] = value
                continue
        out[key] = value
    return out


class ApiError(Exception):
    """Raise from a method handler to answer with a Telegram-shaped error."""

    def __init__(self, code: int, description: str, *, retry_after: int | None = None) -> None:
        super().__init__(f"{code} {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


def error_payload(code: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
    payload: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if retry_after is not None:
        payload["parameters"] = {"retry_after": retry_after}
    return payload


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Request:
    """One recorded API call (recorded on arrival; ``response`` is filled when answered).

    ``response`` is the JSON payload sent back; for :meth:`FakeTelegram.fail_non_json` it is
    the body text; for :meth:`FakeTelegram.drop` it stays None (``dropped`` is True).
    """

    method: str
    params: dict[str, Any]
    at: float
    response: Any = None
    status: int | None = None
    responded_at: float | None = None
    files: dict[str, UploadedFile] = field(default_factory=dict)
    dropped: bool = False  # closed without an HTTP answer by a drop() rule

    @property
    def ok(self) -> bool:
        return isinstance(self.response, dict) and self.response.get("ok") is True

    @property
    def result(self) -> Any:
        """The ``result`` of a successful response (None otherwise)."""
        return self.response.get("result") if self.ok else None


@dataclass
class _Rule:
    method: str  # lower-case, or "*"
    count: int
    predicate: ParamsPredicate | None
    seconds: float = 0.0
    status: int = 0
    description: str = ""
    retry_after: int | None = None
    kind: str = "error"  # "error" (fail), "drop" or "non_json"
    body: str = ""  # the non-JSON body

    def matches(self, method: str, params: Params) -> bool:
        if self.count <= 0 or self.method not in ("*", method.lower()):
            return False
        return self.predicate is None or bool(self.predicate(params))


class _DropConnection(Exception):
    """Processing outcome: close the connection without any HTTP answer."""


class _NonJsonAnswer(Exception):
    """Processing outcome: answer with a non-JSON body (like a proxy in front of the API)."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(status)
        self.status = status
        self.body = body


@dataclass
class _StoredFile:
    """A file the fake knows by file_id: ``value`` is what a Message holds for it (a list of
    PhotoSize for a photo, else the Document/Voice object); ``data`` is None for a URL."""

    kind: str
    value: Any
    data: bytes | None


@dataclass
class _Bucket:
    tokens: float
    updated: float


@dataclass
class _FloodLimits:
    """Global sliding window + per-chat token buckets (see the module docstring)."""

    per_second: int
    burst: int
    refill: float
    window: deque[float] = field(default_factory=deque)
    buckets: dict[int | str, _Bucket] = field(default_factory=dict)

    def admit(self, chat: int | str | None, now: float) -> float:
        """Take a global slot and a token of ``chat`` and return 0.0; or, if either limit is
        exhausted, take nothing and return the seconds until the call would be admitted."""
        window = self.window
        while window and window[0] <= now - 1.0:
            window.popleft()
        limited = False
        wait = 0.0
        if len(window) >= self.per_second:
            limited = True
            wait = window[len(window) - self.per_second] + 1.0 - now
        bucket: _Bucket | None = None
        if chat is not None:
            bucket = self.buckets.get(chat)
            if bucket is None:
                bucket = self.buckets[chat] = _Bucket(float(self.burst), now)
            else:
                elapsed = max(now - bucket.updated, 0.0)
                bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.refill)
                bucket.updated = now
            if bucket.tokens < 1.0 - _EPS:
                limited = True
                wait = max(wait, (1.0 - bucket.tokens) / self.refill)
        if limited:
            return max(wait, _EPS)
        window.append(now)
        if bucket is not None:
            bucket.tokens = max(bucket.tokens - 1.0, 0.0)
        return 0.0

    def give_back(self, chat: int | str | None, at: float) -> None:
        """Undo :meth:`admit` of a call admitted at ``at`` (the handler rejected it)."""
        with contextlib.suppress(ValueError):
            self.window.remove(at)
        bucket = self.buckets.get(chat) if chat is not None else None
        if bucket is not None:
            bucket.tokens = min(float(self.burst), bucket.tokens + 1.0)


@dataclass
class _Poll:
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    terminated: bool = False


_current_request: contextvars.ContextVar[Request] = contextvars.ContextVar("fake_tg_request")


def _chat_key(chat_id: Any) -> int | str:
    if isinstance(chat_id, bool):
        raise ApiError(400, "Bad Request: chat not found")
    if isinstance(chat_id, int):
        return chat_id
    if isinstance(chat_id, str):
        text = chat_id.strip()
        if _INT_RE.fullmatch(text):
            return int(text)
        if text.startswith("@") and len(text) > 1:
            return text
    raise ApiError(400, "Bad Request: chat not found")


def _as_int(value: Any, what: str) -> int:
    if isinstance(value, bool):
        raise ApiError(400, f"Bad Request: {what} is invalid")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and _INT_RE.fullmatch(value.strip()):
        return int(value)
    raise ApiError(400, f"Bad Request: {what} is invalid")


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)


def _as_obj(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _inline_markup(value: Any) -> dict[str, Any] | None:
    """The reply_markup Telegram stores on a message: only inline keyboards."""
    markup = _as_obj(value)
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _visible_len(text: str, parse_mode: Any) -> int:
    """Length the way Telegram limits it: UTF-16 units after entity parsing (HTML only)."""
    if isinstance(parse_mode, str) and parse_mode.strip().lower() == "html":
        text = html.unescape(_HTML_TAG_RE.sub("", text))
    return _utf16_len(text)


def _caption(params: Params) -> dict[str, Any]:
    """The caption fields of a media message built from ``params`` ({} for no caption)."""
    caption = params.get("caption")
    if caption is None:
        return {}
    caption = str(caption)
    if _visible_len(caption, params.get("parse_mode")) > CAPTION_LIMIT:
        raise ApiError(400, CAPTION_TOO_LONG)
    if not caption.strip():
        return {}
    out: dict[str, Any] = {"caption": caption}
    entities = _as_obj(params.get("caption_entities"))
    if isinstance(entities, list) and entities:
        out["caption_entities"] = entities
    return out


def _as_float(value: Any, what: str) -> float:
    if isinstance(value, bool):
        raise ApiError(400, f"Bad Request: {what} is invalid")
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ApiError(400, f"Bad Request: {what} is invalid") from None
    if not isinstance(value, int | float) or not math.isfinite(value):
        raise ApiError(400, f"Bad Request: {what} is invalid")
    return float(value)


def _location(params: Params) -> dict[str, Any]:
    latitude = _as_float(params.get("latitude"), "latitude")
    longitude = _as_float(params.get("longitude"), "longitude")
    if not -90 <= latitude <= 90:
        raise ApiError(400, "Bad Request: latitude is invalid")
    if not -180 <= longitude <= 180:
        raise ApiError(400, "Bad Request: longitude is invalid")
    return {"latitude": latitude, "longitude": longitude}


def _image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG, GIF or JPEG image; (0, 0) if it is none of these."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if data[:2] == b"\xff\xd8":  # JPEG: the first start-of-frame segment holds the size
        i = 2
        while i + 9 <= len(data) and data[i] == 0xFF:
            marker = data[i + 1]
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                height, width = struct.unpack(">HH", data[i + 5 : i + 9])
                return int(width), int(height)
            i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return 0, 0


def _mime_type(file_name: str | None, content_type: str | None, default: str) -> str:
    """Telegram's mime_type for an upload: by the file name's extension first."""
    guessed = mimetypes.guess_type(file_name)[0] if file_name else None
    if guessed:
        return guessed
    if content_type and content_type != "application/octet-stream":
        return content_type
    return default


def _update_type(update: Mapping[str, Any]) -> str | None:
    return next((key for key in update if key != "update_id"), None)


class FakeTelegram:
    """Local fake Telegram Bot API server (see the module docstring)."""

    def __init__(
        self,
        token: str,
        *,
        bot_id: int | None = None,
        username: str = "wit_test_bot",
        first_name: str = "WiT Test Bot",
        first_update_id: int = 1,
        validator: Validator | None = None,
        limits: bool = False,
    ) -> None:
        self.token = token
        self.bot_id = bot_id if bot_id is not None else int(token.split(":", 1)[0])
        self.username = username
        self.first_name = first_name
        self.problems: list[str] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None  # the secret_token of the current webhook
        self.webhook_max_connections = 40
        self.blocked_users: set[int] = set()
        # method_name_lower -> async handler(params); extend with register().
        self.handlers: dict[str, Handler] = {}
        self._canonical: dict[str, str] = {}
        self._validator = validator
        self._requests: list[Request] = []
        self._arrived = asyncio.Event()
        self._holds: list[_Rule] = []
        self._fails: list[_Rule] = []
        self._held_tasks: set[asyncio.Task[Any]] = set()
        # flood limits (None: not enforced)
        self._limits: _FloodLimits | None = None
        # requests answered 429 by the enforced limits (not by fail() rules)
        self.rate_limited: list[Request] = []
        if limits:
            self.enforce_limits()
        # updates
        self._next_update_id = first_update_id
        self._updates: list[dict[str, Any]] = []
        self._allowed_updates: frozenset[str] | None = None
        self._poll: _Poll | None = None
        self._last_offset: int | None = None
        # chats / messages
        self._users: dict[int, dict[str, Any]] = {}
        self._messages: dict[int | str, dict[int, dict[str, Any]]] = {}
        self._next_message_id: dict[int | str, int] = {}
        self._callback_queries: dict[str, bool] = {}  # id -> answered
        self._next_callback = 1
        self._commands: dict[tuple[str, str], list[Any]] = {}
        self._bot_texts: dict[tuple[str, str], str] = {}
        # files: file_id -> file; (kind, url) -> file_id
        self._files: dict[str, _StoredFile] = {}
        self._file_urls: dict[tuple[str, str], str] = {}
        self._next_file = 1
        # files the bot uploaded (multipart), by the file_id they got
        self.uploads: dict[str, UploadedFile] = {}
        # server
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._closing = False
        self._register_builtin()

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> None:
        if self._runner is not None:
            raise RuntimeError("FakeTelegram already started")
        if self._validator is None:
            from tests.api_check import check_request

            self._validator = check_request
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=2.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self._runner = runner
        self._port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Finish pending long polls (they answer []), cancel held responses, close."""
        self._closing = True
        if self._poll is not None:
            self._poll.wake.set()
        for task in list(self._held_tasks):
            task.cancel()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        if self._port is None:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://127.0.0.1:{self._port}"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
        }

    # ------------------------------------------------------------------ extension

    def register(self, method: str, handler: Handler) -> None:
        """Add/replace a method handler; ``method`` is the canonical camelCase name."""
        self.handlers[method.lower()] = handler
        self._canonical[method.lower()] = method

    @staticmethod
    def current_request() -> Request:
        """The request being processed (inside a handler): gives access to ``files``."""
        return _current_request.get()

    # ------------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[Request]:
        return list(self._requests)

    def calls(self, method: str) -> list[Request]:
        name = method.lower()
        return [r for r in self._requests if r.method.lower() == name]

    async def wait_for(
        self,
        method: str,
        predicate: ParamsPredicate | None = None,
        timeout: float = 10.0,  # noqa: ASYNC109, RUF100 - requested API; ASYNC109 may be ignored
        *,
        since: int = 0,
    ) -> Request:
        """First request of ``method`` (matching ``predicate(params)``) among
        ``requests[since:]``, waiting for it to arrive. Raises TimeoutError."""
        name = method.lower()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = since
        while True:
            while index < len(self._requests):
                request = self._requests[index]
                index += 1
                if request.method.lower() == name and (
                    predicate is None or predicate(request.params)
                ):
                    return request
            remaining = deadline - loop.time()
            if remaining <= 0:
                seen = ", ".join(r.method for r in self._requests[since:][-20:])
                raise TimeoutError(
                    f"no {method} request within {timeout}s; recent requests: [{seen}]"
                )
            arrived = self._arrived
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)

    def sent_texts(self, chat_id: int | str) -> list[tuple[str, str]]:
        """(method, text) of successful sendMessage/editMessageText calls to the chat."""
        key = _chat_key(chat_id)
        out: list[tuple[str, str]] = []
        for r in self._requests:
            if r.method not in ("sendMessage", "editMessageText") or not r.ok:
                continue
            try:
                if _chat_key(r.params.get("chat_id")) != key:
                    continue
            except ApiError:
                continue
            out.append((r.method, str(r.params.get("text", ""))))
        return out

    def messages(self, chat_id: int | str) -> list[dict[str, Any]]:
        """Current (edited, not deleted) messages of the chat, by message_id."""
        stored = self._messages.get(_chat_key(chat_id), {})
        return [copy.deepcopy(stored[mid]) for mid in sorted(stored)]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        found = self._messages.get(_chat_key(chat_id), {}).get(message_id)
        return copy.deepcopy(found) if found is not None else None

    def file_bytes(self, file_id: str) -> bytes | None:
        """The bytes of a file uploaded by the bot or injected by a simulated user (None for an
        unknown file_id or a file known only by its URL)."""
        stored = self._files.get(file_id)
        return stored.data if stored is not None else None

    def add_file(
        self,
        kind: str,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        duration: int = 0,
    ) -> Any:
        """Make a file known (as if a user had sent it) and return what a Message holds for it:
        a list of PhotoSize for ``kind="photo"``, a Document or a Voice dict for "document" and
        "voice". Its file_id is then valid for send* and its bytes are in :meth:`file_bytes`."""
        if kind not in _FILE_KINDS:
            raise ValueError(f"kind must be one of {sorted(_FILE_KINDS)}, not {kind!r}")
        stored = self._new_file(
            kind, data, file_name=file_name, content_type=mime_type, duration=duration
        )
        return copy.deepcopy(stored.value)

    def commands_for(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[Any] | None:
        """Commands stored by setMyCommands for (scope, language_code); None if unset."""
        stored = self._commands.get(self._commands_key(scope, language_code))
        return copy.deepcopy(stored) if stored is not None else None

    def accepted_sends(self, chat_id: int | str | None = None) -> list[Request]:
        """Successful calls of sending methods (see :func:`is_sending_method`), optionally
        only those to ``chat_id``; counted whether or not limits are enforced."""
        key = _chat_key(chat_id) if chat_id is not None else None
        out: list[Request] = []
        for r in self._requests:
            if not r.ok or not is_sending_method(r.method):
                continue
            if key is not None and self._limit_chat(r.params) != key:
                continue
            out.append(r)
        return out

    def pending_updates(self) -> int:
        """Updates not yet confirmed by an offset."""
        return len(self._updates)

    @property
    def last_offset(self) -> int | None:
        """Highest positive getUpdates offset the client has sent (None if none yet)."""
        return self._last_offset

    # ------------------------------------------------------------------ fault injection

    def hold(
        self,
        method: str,
        seconds: float,
        *,
        count: int = 1,
        predicate: ParamsPredicate | None = None,
    ) -> None:
        """Delay the answer to the next ``count`` matching requests by ``seconds``."""
        self._holds.append(_Rule(method.lower(), count, predicate, seconds=seconds))

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        count: int = 1,
        predicate: ParamsPredicate | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with this error."""
        self._fails.append(
            _Rule(
                method.lower(),
                count,
                predicate,
                status=status,
                description=description,
                retry_after=retry_after,
            )
        )

    def drop(
        self,
        method: str,
        *,
        count: int = 1,
        predicate: ParamsPredicate | None = None,
    ) -> None:
        """Close the connection of the next ``count`` matching requests without any HTTP
        answer (the client sees a disconnect; aiogram raises TelegramNetworkError). The
        request is recorded (``dropped=True``) but does not take effect."""
        self._fails.append(_Rule(method.lower(), count, predicate, kind="drop"))

    def fail_non_json(
        self,
        method: str,
        *,
        status: int = 502,
        count: int = 1,
        predicate: ParamsPredicate | None = None,
        body: str | None = None,
    ) -> None:
        """Answer the next ``count`` matching requests with an HTML page (text/html), as a
        proxy in front of the API would (aiogram raises ClientDecodeError). The request
        does not take effect. ``body`` replaces the default "<status> <reason>" page."""
        if body is None:
            try:
                reason = HTTPStatus(status).phrase
            except ValueError:
                reason = "Error"
            title = f"{status} {reason}"
            body = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
        self._fails.append(
            _Rule(method.lower(), count, predicate, status=status, kind="non_json", body=body)
        )

    def enforce_limits(
        self,
        *,
        global_per_second: float = 30,
        chat_burst: int = 3,
        chat_refill_per_second: float = 1.0,
    ) -> None:
        """Enforce Telegram's flood limits on sending methods (see the module docstring).
        Starts from a clean state: an empty global window and full chat buckets."""
        per_second = math.floor(global_per_second)
        if per_second < 1:
            raise ValueError("global_per_second must be at least 1")
        if chat_burst < 1:
            raise ValueError("chat_burst must be at least 1")
        if not chat_refill_per_second > 0:
            raise ValueError("chat_refill_per_second must be positive")
        self._limits = _FloodLimits(per_second, chat_burst, float(chat_refill_per_second))

    def relax_limits(self) -> None:
        """Stop enforcing flood limits (``rate_limited`` is kept)."""
        self._limits = None

    def block_user(self, user_id: int) -> None:
        """Chat-targeted calls to this private chat get 403 'bot was blocked by the user'."""
        self.blocked_users.add(user_id)

    def unblock_user(self, user_id: int) -> None:
        self.blocked_users.discard(user_id)

    # ------------------------------------------------------------------ simulated users

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue an update (its update_id is assigned here) and wake a waiting getUpdates."""
        update_id = self._next_update_id
        self._next_update_id += 1
        self._updates.append({**copy.deepcopy(update), "update_id": update_id})
        if self._poll is not None:
            self._poll.wake.set()
        return update_id

    def user_message(
        self,
        user_id: int,
        text: str | None,
        *,
        first_name: str = "Dilnoza",
        language_code: str | None = "ru",
        username: str | None = None,
        photo: bytes | list[dict[str, Any]] | None = None,
        document: bytes | dict[str, Any] | None = None,
        voice: bytes | dict[str, Any] | None = None,
        **fields: Any,
    ) -> int:
        """A private-chat message from a user; extra ``fields`` (e.g. contact, caption) are
        merged into the Message. ``photo``/``document``/``voice`` given as bytes become a new
        file (see :meth:`add_file`, which also gives a document its file_name); given as
        Telegram objects they are used as they are, and their file_ids become known (without
        bytes). Either way the user's file can then be sent or copied. Returns the update_id."""
        media: dict[str, Any] = {}
        for kind, value in (("photo", photo), ("document", document), ("voice", voice)):
            if isinstance(value, bytes | bytearray):
                media[kind] = self.add_file(kind, bytes(value))
            elif value is not None:
                self._remember_files(kind, value)
                media[kind] = copy.deepcopy(value)
        user = self._remember_user(user_id, first_name, language_code, username)
        message: dict[str, Any] = {
            "message_id": self._new_message_id(user_id),
            "from": user,
            "chat": self._chat(user_id),
            "date": int(time.time()),
            **media,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0] if text.strip() else text
                message["entities"] = [
                    {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
                ]
        message.update(fields)
        self._messages.setdefault(user_id, {})[message["message_id"]] = copy.deepcopy(message)
        return self.push_update({"message": message})

    def user_callback(
        self,
        user_id: int,
        data: str,
        *,
        message_id: int,
        first_name: str = "Dilnoza",
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> int:
        """A press on an inline button of message ``message_id`` in the user's chat."""
        user = self._remember_user(user_id, first_name, language_code, username)
        stored = self._messages.get(user_id, {}).get(message_id)
        message = (
            copy.deepcopy(stored)
            if stored is not None
            else {
                "message_id": message_id,
                "from": self.bot_user,
                "chat": self._chat(user_id),
                "date": int(time.time()),
            }
        )
        query_id = str(4_000_000_000_000_000_000 + self._next_callback)
        self._next_callback += 1
        self._callback_queries[query_id] = False
        return self.push_update(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user,
                    "message": message,
                    "chat_instance": str(-(7_000_000_000_000_000_000 + user_id)),
                    "data": data,
                }
            }
        )

    # ------------------------------------------------------------------ HTTP layer

    async def _read_params(
        self, request: web.Request
    ) -> tuple[dict[str, Any], dict[str, UploadedFile], str | None]:
        raw: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.method != "POST":
            return raw, files, None
        ctype = request.content_type
        if ctype == "application/json":
            body = await request.read()
            if body.strip():
                try:
                    decoded = json.loads(body)
                except ValueError:
                    return raw, files, "Bad Request: can't parse JSON object"
                if not isinstance(decoded, dict):
                    return raw, files, "Bad Request: JSON object expected"
                raw.update(decoded)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, FileField):
                    files[key] = UploadedFile(
                        field=key,
                        filename=value.filename,
                        content_type=value.content_type,
                        data=value.file.read(),
                    )
                else:
                    raw[key] = value  # the body wins over query parameters
        else:
            await request.read()
        # A file uploaded directly under a parameter name (not referenced as attach://name
        # by another parameter, which is what aiogram does) is shown as attach://name.
        for key in files:
            ref = f"attach://{key}"
            if not any(isinstance(v, str) and ref in v for v in raw.values()):
                raw.setdefault(key, ref)
        return raw, files, None

    def _canonical_name(self, name: str) -> str:
        lower = name.lower()
        if lower in self._canonical:
            return self._canonical[lower]
        for known in _facts():
            if known.lower() == lower:
                return known
        return name

    def _record(self, request: Request) -> None:
        self._requests.append(request)
        arrived, self._arrived = self._arrived, asyncio.Event()
        arrived.set()

    async def _handle(self, http: web.Request) -> web.StreamResponse:
        path = http.path
        token = ""
        name = ""
        if path.startswith("/bot"):
            token, _, name = path[len("/bot") :].partition("/")
        method = self._canonical_name(name) if name else path
        raw, files, parse_error = await self._read_params(http)
        params = decode_params(method, raw)
        request = Request(method=method, params=params, at=time.monotonic(), files=files)
        self._record(request)
        token_var = _current_request.set(request)
        content_type = "application/json"
        payload: Any
        try:
            await self._maybe_hold(method, params)
            status, payload = await self._process(request, token, name, parse_error)
            body = json.dumps(payload, ensure_ascii=False)
        except _DropConnection:
            request.dropped = True
            request.responded_at = time.monotonic()
            transport = http.transport
            if transport is not None:
                transport.close()
            # Never written: aiohttp finds the transport closing and gives up quietly.
            return web.Response(status=500)
        except _NonJsonAnswer as answer:
            status, payload, body = answer.status, answer.body, answer.body
            content_type = "text/html"
        except Exception as exc:  # a bug in the fake, a predicate or a registered handler
            self.problems.append(f"{method}: fake server error: {exc!r}")
            status, payload = 500, error_payload(500, f"Internal Server Error: {exc!r}")
            body = json.dumps(payload, ensure_ascii=False)
        finally:
            _current_request.reset(token_var)
        request.status = status
        request.response = payload
        request.responded_at = time.monotonic()
        return web.Response(text=body, status=status, content_type=content_type)

    async def _maybe_hold(self, method: str, params: Params) -> None:
        rule = next((r for r in self._holds if r.matches(method, params)), None)
        if rule is None:
            return
        rule.count -= 1
        if rule.count <= 0:
            self._holds.remove(rule)
        if self._closing or rule.seconds <= 0:
            return
        task = asyncio.current_task()
        if task is not None:
            self._held_tasks.add(task)
        try:
            await asyncio.sleep(rule.seconds)
        finally:
            if task is not None:
                self._held_tasks.discard(task)

    async def _process(
        self, request: Request, token: str, name: str, parse_error: str | None
    ) -> tuple[int, dict[str, Any]]:
        method, params = request.method, request.params
        if not name or "/" in name:
            return 404, error_payload(404, "Not Found")
        if token != self.token:
            return 401, error_payload(401, "Unauthorized")
        if parse_error is not None:
            return 400, error_payload(400, parse_error)
        handler = self.handlers.get(name.lower())
        problems = self._validate(method, params) if handler is not None else []
        rule = next((r for r in self._fails if r.matches(method, params)), None)
        if rule is not None:
            rule.count -= 1
            if rule.count <= 0:
                self._fails.remove(rule)
            if rule.kind == "drop":
                raise _DropConnection
            if rule.kind == "non_json":
                raise _NonJsonAnswer(rule.status, rule.body)
            return rule.status, error_payload(rule.status, rule.description, rule.retry_after)
        if handler is None:
            return 404, error_payload(404, "Not Found")
        if problems:
            return 400, error_payload(400, "Bad Request: " + "; ".join(problems))
        if self._is_blocked(params):
            return 403, error_payload(403, "Forbidden: bot was blocked by the user")
        limits = self._limits if is_sending_method(method) else None
        chat: int | str | None = None
        admitted_at = 0.0
        if limits is not None:
            chat = self._limit_chat(params)
            admitted_at = time.monotonic()
            wait = limits.admit(chat, admitted_at)
            if wait > 0:
                self.rate_limited.append(request)
                retry_after = max(1, math.ceil(wait - _EPS))
                description = f"Too Many Requests: retry after {retry_after}"
                return 429, error_payload(429, description, retry_after)
        try:
            result = await handler(params)
        except ApiError as exc:
            if limits is not None:
                limits.give_back(chat, admitted_at)
            return exc.code, error_payload(exc.code, exc.description, exc.retry_after)
        except BaseException:
            if limits is not None:
                limits.give_back(chat, admitted_at)
            raise
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _limit_chat(params: Params) -> int | str | None:
        """The chat a sending call is limited by (None: no usable chat_id)."""
        if "chat_id" not in params:
            return None
        try:
            return _chat_key(params["chat_id"])
        except ApiError:
            return None

    def _validate(self, method: str, params: Params) -> list[str]:
        validator = self._validator
        if validator is None:
            return []
        try:
            problems = [str(p) for p in validator(method, params)]
        except Exception as exc:
            problems = [f"validator crashed: {exc!r}"]
        for problem in problems:
            self.problems.append(problem if problem.startswith(method) else f"{method}: {problem}")
        return problems

    def _is_blocked(self, params: Params) -> bool:
        if not self.blocked_users or "chat_id" not in params:
            return False
        try:
            return _chat_key(params["chat_id"]) in self.blocked_users
        except ApiError:
            return False

    # ------------------------------------------------------------------ state helpers

    def _remember_user(
        self, user_id: int, first_name: str, language_code: str | None, username: str | None
    ) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username is not None:
            user["username"] = username
        if language_code is not None:
            user["language_code"] = language_code
        self._users[user_id] = user
        return copy.deepcopy(user)

    def _chat(self, key: int | str) -> dict[str, Any]:
        if isinstance(key, str):
            name = key.lstrip("@")
            chat_id = -(1_000_000_000_000 + zlib.crc32(name.encode()) % 1_000_000_000)
            return {"id": chat_id, "type": "channel", "title": name, "username": name}
        if key > 0:
            chat: dict[str, Any] = {"id": key, "type": "private"}
            user = self._users.get(key)
            if user is not None:
                chat["first_name"] = user["first_name"]
                if "username" in user:
                    chat["username"] = user["username"]
            return chat
        if key <= -1_000_000_000_000:
            return {"id": key, "type": "supergroup", "title": f"Group {key}"}
        return {"id": key, "type": "group", "title": f"Group {key}"}

    def _new_message_id(self, key: int | str) -> int:
        message_id = self._next_message_id.get(key, 1)
        self._next_message_id[key] = message_id + 1
        return message_id

    def _bot_message(self, params: Params, *, not_found: str) -> tuple[int | str, dict[str, Any]]:
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, not_found)
        key = _chat_key(params["chat_id"])
        message_id = _as_int(params["message_id"], "message_id")
        stored = self._messages.get(key, {}).get(message_id)
        if stored is None or stored.get("from", {}).get("id") != self.bot_id:
            raise ApiError(400, not_found)
        return key, stored

    @staticmethod
    def _target(params: Params) -> int | str:
        """The chat a sending method sends to."""
        if "chat_id" not in params:
            raise ApiError(400, "Bad Request: chat_id is empty")
        return _chat_key(params["chat_id"])

    def _store_sent(
        self,
        key: int | str,
        params: Params,
        content: dict[str, Any],
        reply_to: dict[str, Any] | None,
    ) -> dict[str, Any]:
        """Store a new message of the bot in chat ``key`` (call once every check has passed:
        this takes the message_id) and return a copy of it."""
        message: dict[str, Any] = {
            "message_id": self._new_message_id(key),
            "from": self.bot_user,
            "chat": self._chat(key),
            "date": int(time.time()),
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        self._messages.setdefault(key, {})[message["message_id"]] = message
        return copy.deepcopy(message)

    def _new_file(
        self,
        kind: str,
        data: bytes | None,
        *,
        url: str | None = None,
        file_name: str | None = None,
        content_type: str | None = None,
        duration: Any = None,
    ) -> _StoredFile:
        """Register a new file (from bytes, or from a URL with ``data=None``)."""
        id_prefix, unique_prefix = _FILE_KINDS[kind]
        number = self._next_file
        file_id = f"{id_prefix}{number:06d}"  # unique: the number is shared by all kinds
        ident: dict[str, Any] = {
            "file_id": file_id,
            "file_unique_id": f"{unique_prefix}{number:06d}",
        }
        sized = {"file_size": len(data)} if data is not None else {}
        value: Any
        if kind == "photo":
            width, height = _image_size(data) if data is not None else (0, 0)
            if (
                width
                and height
                and (width + height > 10000 or max(width, height) > 20 * min(width, height))
            ):
                raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")
            value = [{**ident, **sized, "width": width, "height": height}]
        elif kind == "document":
            value = dict(ident)
            if file_name:
                value["file_name"] = file_name
            value["mime_type"] = _mime_type(file_name, content_type, "application/octet-stream")
            value.update(sized)
        else:
            seconds = _as_int(duration, "duration") if duration is not None else 0
            value = {**ident, "duration": max(seconds, 0)}
            value["mime_type"] = _mime_type(file_name, content_type, "audio/ogg")
            value.update(sized)
        self._next_file += 1
        stored = self._files[file_id] = _StoredFile(kind, value, data)
        if url is not None:
            self._file_urls[(kind, url)] = file_id
        return stored

    def _remember_files(self, kind: str, value: Any) -> None:
        """Make the file_ids of a Telegram object a test supplied known (without bytes)."""
        if kind not in _FILE_KINDS:
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict) and isinstance(item.get("file_id"), str):
                self._files.setdefault(
                    item["file_id"], _StoredFile(kind, copy.deepcopy(value), None)
                )

    def _input_file(self, params: Params, kind: str) -> _StoredFile:
        """The file of the ``kind`` parameter: an upload (attach://name), a file_id or a URL.
        Call it last among the checks: a new upload is registered here."""
        value = params.get(kind)
        missing = f"Bad Request: there is no {kind} in the request"
        if not isinstance(value, str) or not value.strip():
            raise ApiError(400, missing)
        value = value.strip()
        if value.startswith("attach://"):
            upload = self.current_request().files.get(value[len("attach://") :])
            if upload is None:
                raise ApiError(400, missing)
            if not upload.data:
                raise ApiError(400, "Bad Request: file must be non-empty")
            stored = self._new_file(
                kind,
                upload.data,
                file_name=upload.filename,
                content_type=upload.content_type,
                duration=params.get("duration"),
            )
            file_id = stored.value[-1]["file_id"] if kind == "photo" else stored.value["file_id"]
            self.uploads[file_id] = upload
            return stored
        if value.lower().startswith(("http://", "https://")):
            known = self._file_urls.get((kind, value))
            if known is not None:
                return self._files[known]
            name = urlsplit(value).path.rsplit("/", 1)[-1] or None
            return self._new_file(
                kind, None, url=value, file_name=name, duration=params.get("duration")
            )
        stored = self._files.get(value)
        if stored is None:
            raise ApiError(400, WRONG_FILE)
        if stored.kind != kind:
            raise ApiError(
                400, f"Bad Request: can't use file of type {stored.kind.title()} as {kind.title()}"
            )
        return stored

    @staticmethod
    def _commands_key(scope: Any, language_code: Any) -> tuple[str, str]:
        scope_obj = _as_obj(scope) if scope is not None else {"type": "default"}
        return json.dumps(scope_obj, sort_keys=True), str(language_code or "")

    # ------------------------------------------------------------------ method handlers

    def _register_builtin(self) -> None:
        for name, handler in (
            ("getMe", self._get_me),
            ("getUpdates", self._get_updates),
            ("sendMessage", self._send_message),
            ("sendPhoto", self._send_photo),
            ("sendDocument", self._send_document),
            ("sendVoice", self._send_voice),
            ("sendLocation", self._send_location),
            ("sendVenue", self._send_venue),
            ("copyMessage", self._copy_message),
            ("editMessageCaption", self._edit_message_caption),
            ("editMessageText", self._edit_message_text),
            ("editMessageReplyMarkup", self._edit_message_reply_markup),
            ("deleteMessage", self._delete_message),
            ("answerCallbackQuery", self._answer_callback_query),
            ("sendChatAction", self._send_chat_action),
            ("setMyCommands", self._set_my_commands),
            ("getMyCommands", self._get_my_commands),
            ("deleteMyCommands", self._delete_my_commands),
            ("setWebhook", self._set_webhook),
            ("deleteWebhook", self._delete_webhook),
            ("getWebhookInfo", self._get_webhook_info),
            ("setMyDescription", self._text_setter("description")),
            ("getMyDescription", self._text_getter("description")),
            ("setMyShortDescription", self._text_setter("short_description")),
            ("getMyShortDescription", self._text_getter("short_description")),
            ("setMyName", self._text_setter("name")),
            ("getMyName", self._text_getter("name")),
        ):
            self.register(name, handler)

    async def _get_me(self, params: Params) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def _allowed(self, update: Mapping[str, Any]) -> bool:
        kind = _update_type(update)
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed_updates

    def _take_updates(self, limit: int) -> list[dict[str, Any]]:
        # Telegram never queues updates of types the bot did not ask for.
        self._updates = [u for u in self._updates if self._allowed(u)]
        return copy.deepcopy(self._updates[:limit])

    async def _get_updates(self, params: Params) -> Any:
        if self.webhook_url:
            raise ApiError(409, CONFLICT_WEBHOOK)
        if self._poll is not None:  # the newer request wins, as on Telegram
            self._poll.terminated = True
            self._poll.wake.set()
        poll = _Poll()
        self._poll = poll
        try:
            offset = _as_int(params.get("offset", 0), "offset")
            limit = min(max(_as_int(params.get("limit", 100), "limit"), 1), 100)
            timeout = max(_as_int(params.get("timeout", 0), "timeout"), 0)
            if offset > 0:
                self._last_offset = max(offset, self._last_offset or 0)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]
            allowed = _as_obj(params.get("allowed_updates"))
            if isinstance(allowed, list):
                self._allowed_updates = frozenset(str(a) for a in allowed) or None
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout
            while True:
                if poll.terminated:
                    raise ApiError(409, CONFLICT_GET_UPDATES)
                updates = self._take_updates(limit)
                remaining = deadline - loop.time()
                if updates or remaining <= 0 or self._closing:
                    return updates
                poll.wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(poll.wake.wait(), remaining)
        finally:
            if self._poll is poll:
                self._poll = None

    async def _send_message(self, params: Params) -> Any:
        key = self._target(params)
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        reply_to = self._reply_target(key, params)
        return self._store_sent(key, params, {"text": text}, reply_to)

    async def _send_media(self, params: Params, kind: str) -> Any:
        key = self._target(params)
        caption = _caption(params)
        reply_to = self._reply_target(key, params)
        stored = self._input_file(params, kind)
        content: dict[str, Any] = {kind: copy.deepcopy(stored.value), **caption}
        if caption and _as_bool(params.get("show_caption_above_media", False)):
            content["show_caption_above_media"] = True
        if kind == "photo" and _as_bool(params.get("has_spoiler", False)):
            content["has_media_spoiler"] = True
        return self._store_sent(key, params, content, reply_to)

    async def _send_photo(self, params: Params) -> Any:
        return await self._send_media(params, "photo")

    async def _send_document(self, params: Params) -> Any:
        return await self._send_media(params, "document")

    async def _send_voice(self, params: Params) -> Any:
        return await self._send_media(params, "voice")

    async def _send_location(self, params: Params) -> Any:
        key = self._target(params)
        location = _location(params)
        for name in ("horizontal_accuracy", "live_period", "heading", "proximity_alert_radius"):
            if params.get(name) is not None:
                location[name] = params[name]
        reply_to = self._reply_target(key, params)
        return self._store_sent(key, params, {"location": location}, reply_to)

    async def _send_venue(self, params: Params) -> Any:
        key = self._target(params)
        location = _location(params)
        venue: dict[str, Any] = {
            "location": location,
            "title": str(params.get("title", "")),
            "address": str(params.get("address", "")),
        }
        for name in ("foursquare_id", "foursquare_type", "google_place_id", "google_place_type"):
            if params.get(name) is not None:
                venue[name] = str(params[name])
        reply_to = self._reply_target(key, params)
        content = {"location": copy.deepcopy(location), "venue": venue}
        return self._store_sent(key, params, content, reply_to)

    async def _copy_message(self, params: Params) -> Any:
        not_found = "Bad Request: message to copy not found"
        key = self._target(params)
        if "from_chat_id" not in params or "message_id" not in params:
            raise ApiError(400, not_found)
        source_chat = self._messages.get(_chat_key(params["from_chat_id"]), {})
        source = source_chat.get(_as_int(params["message_id"], "message_id"))
        if source is None:
            raise ApiError(400, not_found)
        content = {k: copy.deepcopy(v) for k, v in source.items() if k in _COPIED_FIELDS}
        if not _COPYABLE.intersection(content):
            raise ApiError(400, "Bad Request: message can't be copied")
        caption = _caption(params)
        if "caption" in params and _CAPTIONED.intersection(content):
            content.pop("caption", None)
            content.pop("caption_entities", None)
            content.update(caption)
        if "caption" not in content:
            content.pop("show_caption_above_media", None)
        reply_to = self._reply_target(key, params)
        message = self._store_sent(key, params, content, reply_to)
        return {"message_id": message["message_id"]}

    def _reply_target(self, key: int | str, params: Params) -> dict[str, Any] | None:
        reply = _as_obj(params.get("reply_parameters"))
        if isinstance(reply, dict) and "message_id" in reply:
            message_id, allow = reply["message_id"], reply.get("allow_sending_without_reply")
        elif "reply_to_message_id" in params:
            message_id = params["reply_to_message_id"]
            allow = params.get("allow_sending_without_reply")
        else:
            return None
        stored = self._messages.get(key, {}).get(_as_int(message_id, "message_id"))
        if stored is None:
            if allow is not None and _as_bool(allow):
                return None
            raise ApiError(400, "Bad Request: message to be replied not found")
        target = copy.deepcopy(stored)
        target.pop("reply_to_message", None)
        return target

    async def _edit_message_text(self, params: Params) -> Any:
        text = params.get("text")
        if not isinstance(text, str) or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        markup = _inline_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        _, stored = self._bot_message(params, not_found="Bad Request: message to edit not found")
        if "text" not in stored:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if stored["text"] == text and stored.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        stored["text"] = text
        self._set_markup(stored, markup)
        return copy.deepcopy(stored)

    async def _edit_message_caption(self, params: Params) -> Any:
        caption = _caption(params)
        markup = _inline_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        _, stored = self._bot_message(params, not_found="Bad Request: message to edit not found")
        if not _CAPTIONED.intersection(stored):
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        current = {k: stored[k] for k in ("caption", "caption_entities") if k in stored}
        if current == caption and stored.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        stored.pop("caption", None)
        stored.pop("caption_entities", None)
        stored.update(caption)
        above = params.get("show_caption_above_media")
        if above is not None:
            stored.pop("show_caption_above_media", None)
            if _as_bool(above):
                stored["show_caption_above_media"] = True
        if "caption" not in stored:
            stored.pop("show_caption_above_media", None)
        self._set_markup(stored, markup)
        return copy.deepcopy(stored)

    async def _edit_message_reply_markup(self, params: Params) -> Any:
        markup = _inline_markup(params.get("reply_markup"))
        if params.get("inline_message_id"):
            return True
        _, stored = self._bot_message(params, not_found="Bad Request: message to edit not found")
        if stored.get("reply_markup") == markup:
            raise ApiError(400, NOT_MODIFIED)
        self._set_markup(stored, markup)
        return copy.deepcopy(stored)

    @staticmethod
    def _set_markup(stored: dict[str, Any], markup: dict[str, Any] | None) -> None:
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(time.time())

    async def _delete_message(self, params: Params) -> Any:
        not_found = "Bad Request: message to delete not found"
        if "chat_id" not in params or "message_id" not in params:
            raise ApiError(400, not_found)
        key = _chat_key(params["chat_id"])
        message_id = _as_int(params["message_id"], "message_id")
        if self._messages.get(key, {}).pop(message_id, None) is None:
            raise ApiError(400, not_found)
        return True

    async def _answer_callback_query(self, params: Params) -> Any:
        query_id = str(params.get("callback_query_id", ""))
        if self._callback_queries.get(query_id, True):  # unknown or already answered
            raise ApiError(400, QUERY_INVALID)
        self._callback_queries[query_id] = True
        return True

    async def _send_chat_action(self, params: Params) -> Any:
        self._target(params)
        return True

    async def _set_my_commands(self, params: Params) -> Any:
        commands = _as_obj(params.get("commands"))
        if not isinstance(commands, list):
            raise ApiError(400, "Bad Request: can't parse commands JSON object")
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands[key] = copy.deepcopy(commands)
        return True

    async def _get_my_commands(self, params: Params) -> Any:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, params: Params) -> Any:
        key = self._commands_key(params.get("scope"), params.get("language_code"))
        self._commands.pop(key, None)
        return True

    async def _set_webhook(self, params: Params) -> Any:
        """Records url, secret_token (``webhook_secret``; like Telegram, getWebhookInfo never
        shows it), allowed_updates and max_connections. As on Telegram the URL must be https,
        except that http is accepted for 127.0.0.1/localhost (tests); an empty url removes
        the webhook. The fake does not deliver updates to the webhook itself."""
        url = str(params.get("url") or "").strip()
        secret = params.get("secret_token")
        if url:
            parts = urlsplit(url)
            local = parts.hostname in ("127.0.0.1", "localhost", "::1")
            if not parts.hostname or parts.scheme not in ("https", "http") or (
                parts.scheme == "http" and not local
            ):
                raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided "
                                    "for webhook")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook_url = url
        self.webhook_secret = str(secret) if url and secret is not None else None
        allowed = _as_obj(params.get("allowed_updates"))
        if isinstance(allowed, list):
            self._allowed_updates = frozenset(str(a) for a in allowed) or None
        max_connections = params.get("max_connections")
        self.webhook_max_connections = (
            _as_int(max_connections, "max_connections") if max_connections is not None else 40
        )
        if _as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        return True

    async def _delete_webhook(self, params: Params) -> Any:
        self.webhook_url = ""
        self.webhook_secret = None
        if _as_bool(params.get("drop_pending_updates", False)):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, params: Params) -> Any:
        info: dict[str, Any] = {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self.webhook_url:
            info["max_connections"] = self.webhook_max_connections
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _text_setter(self, field_name: str) -> Handler:
        async def handler(params: Params) -> Any:
            key = (field_name, str(params.get("language_code") or ""))
            value = params.get(field_name)
            if value:
                self._bot_texts[key] = str(value)
            else:
                self._bot_texts.pop(key, None)
            return True

        return handler

    def _text_getter(self, field_name: str) -> Handler:
        async def handler(params: Params) -> Any:
            key = (field_name, str(params.get("language_code") or ""))
            fallback = self._bot_texts.get((field_name, ""), "")
            return {field_name: self._bot_texts.get(key, fallback)}

        return handler
