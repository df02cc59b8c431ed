"""The one sender: every Bot API request passes this session middleware.

Sending methods (send*, copy*, forward*) are paced by a global rate and a per-chat token
bucket; replies to a user's own action go ahead of bulk traffic. On 429 all sending pauses for
retry_after and the same request is retried; on 403 the user is marked inactive and the error
is raised (never retried); on 5xx, network errors and non-JSON answers it retries a bounded
number of times with backoff; other 4xx are raised at once.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import heapq
import itertools
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from enum import IntEnum
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

log = logging.getLogger(__name__)

SENDING_EXTRA = frozenset({"copyMessage", "copyMessages", "forwardMessage", "forwardMessages"})
MAX_RETRY_AFTER_ROUNDS = 5
UNPACED = frozenset({"getUpdates"})  # the poller has its own error handling


def is_sending(method: str) -> bool:
    return method.startswith("send") or method in SENDING_EXTRA


class Priority(IntEnum):
    interactive = 0  # a reply to what a user just did
    bulk = 1  # notifications, broadcasts


current_priority: ContextVar[Priority] = ContextVar("send_priority", default=Priority.interactive)

Now = Callable[[], float]


def _loop_time() -> float:
    return asyncio.get_running_loop().time()


CATCH_UP = 0.05  # seconds of missed slots the pacer may make up while requests wait


class GlobalLimiter:
    """Evenly spaced slots at `rate` per second, handed out by priority, then arrival."""

    def __init__(self, rate: float, now: Now = _loop_time) -> None:
        self.interval = 1.0 / rate
        self.per_second = max(1, int(rate))
        self.now = now
        self._next = 0.0
        self._sent: collections.deque[float] = collections.deque()  # slots of the last second
        self._paused_until = 0.0
        self._heap: list[tuple[int, int, asyncio.Future[None]]] = []
        self._seq = itertools.count()
        self._pump: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()

    @property
    def waiting(self) -> int:
        return sum(1 for _, _, f in self._heap if not f.done())

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends until then."""
        until = self.now() + seconds
        if until > self._paused_until:
            self._paused_until = until
            self._next = max(self._next, until)  # the pause is not made up afterwards
            log.warning("Telegram asked to wait %.1f s: all sending paused", seconds)
        self._changed.set()

    async def acquire(self, priority: Priority) -> None:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._heap, (int(priority), next(self._seq), future))
        self._changed.set()
        if self._pump is None or self._pump.done():
            self._next = max(self._next, self.now())  # idle time is never caught up
            self._pump = asyncio.create_task(self._run(), name="send-pacer")
        await future  # cancelled waiters are skipped by the pump

    async def _run(self) -> None:
        while self._heap:
            now = self.now()
            while self._sent and self._sent[0] <= now - 1.0:
                self._sent.popleft()
            ready_at = max(self._next, self._paused_until)
            if len(self._sent) >= self.per_second:  # never more than the rate in any second
                ready_at = max(ready_at, self._sent[0] + 1.0)
            if now < ready_at:
                self._changed.clear()
                # wake early when paused longer or a more urgent request arrives
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), ready_at - now)
                continue
            _, _, future = heapq.heappop(self._heap)
            if future.done():
                continue
            future.set_result(None)
            self._sent.append(now)
            # The timer wakes us late: about a millisecond, and much more when the process is
            # busy. Keep to the schedule instead of adding that lateness to every interval:
            # slots missed in the last CATCH_UP seconds are made up (the one-second window
            # above still holds), idle time never (see acquire).
            self._next = max(self._next + self.interval, now - CATCH_UP)


# Requests reach Telegram a little later than they leave the bucket, and not all equally
# late: refilling 10% slower than the limit keeps scheduling jitter from tripping it.
CHAT_RATE_MARGIN = 0.9


class ChatBuckets:
    """A token bucket per chat (burst, refilled at `rate` per second), by reservation so a
    chat's requests keep their order. Full buckets are forgotten: nothing grows forever."""

    def __init__(self, burst: int, rate: float, now: Now = _loop_time) -> None:
        self.burst = float(burst)
        self.rate = rate * CHAT_RATE_MARGIN
        self.now = now
        self._buckets: dict[int | str, tuple[float, float]] = {}

    def reserve(self, chat: int | str) -> float:
        """Take a token; returns how long to wait before using it."""
        now = self.now()
        tokens, last = self._buckets.get(chat, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate) - 1.0
        self._buckets[chat] = (tokens, now)
        if len(self._buckets) > 1024:
            self._forget_full(now)
        return 0.0 if tokens >= 0 else -tokens / self.rate

    def _forget_full(self, now: float) -> None:
        full = [chat for chat, (tokens, last) in self._buckets.items()
                if tokens + (now - last) * self.rate >= self.burst]
        for chat in full:
            del self._buckets[chat]

    def __len__(self) -> int:
        return len(self._buckets)


def _chat_of(method: TelegramMethod[Any]) -> int | str | None:
    value = getattr(method, "chat_id", None)
    return value if isinstance(value, int | str) else None


OnBlocked = Callable[[int], Awaitable[None]]


class SendPacer(BaseRequestMiddleware):
    def __init__(self, limiter: GlobalLimiter, buckets: ChatBuckets, on_blocked: OnBlocked,
                 *, retries: int = 3, backoff: float = 0.5) -> None:
        self.limiter = limiter
        self.buckets = buckets
        self.on_blocked = on_blocked
        self.retries = retries
        self.backoff = backoff

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        if name in UNPACED:
            return await make_request(bot, method)
        sending = is_sending(name)
        chat = _chat_of(method)
        failures = rounds_429 = 0
        while True:
            if sending:
                if chat is not None:
                    delay = self.buckets.reserve(chat)
                    if delay > 0:
                        await asyncio.sleep(delay)
                await self.limiter.acquire(current_priority.get())
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as e:
                self.limiter.pause(e.retry_after)
                rounds_429 += 1
                if rounds_429 > MAX_RETRY_AFTER_ROUNDS:
                    raise
                if not sending:
                    await asyncio.sleep(e.retry_after)
            except TelegramForbiddenError:
                if sending and isinstance(chat, int) and chat > 0:
                    await self.on_blocked(chat)
                raise
            except (TelegramServerError, TelegramNetworkError, ClientDecodeError) as e:
                failures += 1
                if failures > self.retries:
                    raise
                wait = self.backoff * 2 ** (failures - 1)
                log.warning("%s failed (%s); retry %d of %d in %.1f s", name, type(e).__name__,
                            failures, self.retries, wait)
                await asyncio.sleep(wait)
