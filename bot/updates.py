"""Durable updates: the inbox, per-user ordering, and at-most-once replies.

An update is written to the inbox before Telegram is told it was received (the poller asks
for the next offset only after `UpdateRunner.receive` has committed). The inbox row is the
dedup record; it is marked done after handling, and pending rows are handled again at start.

An update's writes are one unit (`Database.begin_unit`): they commit together with the
journal mark of the reply they lead to, right before that reply goes out, and the rest with
the mark that the update is done. So after a crash the database holds either nothing of an
update (it is handled again from the start, exactly as the first time) or everything it did
up to a reply that was going out: that update is not handled again, and the reply caught in
flight is reported as unknown, never resent. Answers to buttons and chat actions are not
journaled: they go out beside the handler without holding the database, and Telegram takes
at most one answer per button press.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Update

from bot.clock import Clock, to_db
from storage import Database
from storage.fsm import remembering_dialogs

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
FLOOD_LIMIT = 30  # updates from one user within FLOOD_WINDOW seconds get one notice
FLOOD_WINDOW = 1.0
FLOOD_COOLDOWN = 60.0  # at most one notice a minute
INBOX_RETENTION = timedelta(hours=48)


# Requests nobody sees twice and whose answer is only True: sent without waiting, so the
# update's unit keeps the database while they travel.
INVISIBLE = frozenset({"answerCallbackQuery", "setMyCommands", "deleteMyCommands",
                       "sendChatAction", "setChatMenuButton"})


class RetryLater(Exception):
    """The database was locked or full while handling: she was told, the update stays in the
    inbox and is handled again shortly."""


def is_db_trouble(exc: BaseException) -> bool:
    """A locked, busy or full database, or a disk error: worth retrying, not a bug."""
    if not isinstance(exc, sqlite3.OperationalError):
        return False
    text = str(exc).lower()
    return any(word in text for word in ("locked", "busy", "full", "disk i/o", "unable to open"))


@dataclass(slots=True)
class UpdateContext:
    update_id: int
    seq: int = 0
    aside: list[asyncio.Task[Any]] = field(default_factory=list)  # invisible requests


current_update: ContextVar[UpdateContext | None] = ContextVar("current_update", default=None)


def user_key(update: Update) -> int | None:
    """Whose update this is: updates of one key are handled one at a time, in order."""
    event = update.event
    user = getattr(event, "from_user", None)
    if user is not None:
        return int(user.id)
    chat = getattr(event, "chat", None)
    if chat is not None:
        return int(chat.id)
    return None


def _chat_id(method: TelegramMethod[Any]) -> int | None:
    value = getattr(method, "chat_id", None)
    if value is None:
        value = getattr(method, "user_id", None)
    return value if isinstance(value, int) else None


class RequestJournal(BaseRequestMiddleware):
    """A session middleware: every request made while handling an update is journaled. Its
    `sending` mark commits with the update's writes so far, right before it goes out."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        ctx = current_update.get()
        if ctx is None:
            return await make_request(bot, method)
        name = method.__api_method__
        seq = ctx.seq
        ctx.seq += 1
        if name in INVISIBLE:
            task = asyncio.create_task(_aside(make_request, bot, method, ctx.update_id, seq),
                                       name=f"aside-{ctx.update_id}-{seq}",
                                       context=contextvars.Context())
            ctx.aside.append(task)
            return True  # type: ignore[return-value]
        async with self.db.transaction() as tx:
            await tx.requests.begin(
                ctx.update_id, seq, name, _chat_id(method), to_db(self.clock.now())
            )
        await self.db.commit_unit()
        try:
            result = await make_request(bot, method)
        except TelegramNetworkError:
            raise  # no answer: it may have arrived; stays `sending`, i.e. unknown
        except TelegramAPIError:
            # Telegram answered: the request did not take effect
            await self._finish(ctx.update_id, seq, "failed")
            raise
        # Anything else (cancellation, a crash) leaves it `sending`: unknown.
        await self._finish(ctx.update_id, seq, "sent")
        return result

    async def _finish(self, update_id: int, seq: int, status: str) -> None:
        async with self.db.transaction() as tx:  # joins the update's next unit
            await tx.requests.finish(update_id, seq, status)


async def _aside(make_request: NextRequestMiddlewareType[Any], bot: Bot,
                 method: TelegramMethod[Any], update_id: int, seq: int) -> None:
    try:
        await make_request(bot, method)
    except TelegramAPIError as e:
        log.info("update %s: %s #%s not taken: %s", update_id, method.__api_method__, seq, e)


Handler = Callable[[Update], Awaitable[None]]


class UpdateRunner:
    """Stores updates in the inbox, then handles them: one user's in order, users in parallel.

    Per-user queues exist only while that user has work; the number of updates handled at
    once is bounded by `max_concurrent`.
    """

    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        db: Database,
        clock: Clock,
        *,
        max_concurrent: int = 16,
        feed_kwargs: dict[str, Any] | None = None,
        retry_delay: float = 3.0,
    ) -> None:
        self.dp = dp
        self.bot = bot
        self.db = db
        self.clock = clock
        self.feed_kwargs = feed_kwargs or {}
        self._sem = asyncio.Semaphore(max_concurrent)
        self._queues: dict[int | str, deque[Update]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()
        self._pending = 0
        self.retry_delay = retry_delay
        self._timers: set[asyncio.TimerHandle] = set()
        self.on_flood: Callable[[int, Update], Awaitable[None]] | None = None
        self.flood_limit = FLOOD_LIMIT
        self._arrivals: dict[int, deque[float]] = {}
        self._noticed: dict[int, float] = {}

    @property
    def in_flight(self) -> int:
        """Updates received and not yet finished."""
        return self._pending

    @property
    def active_users(self) -> int:
        return len(self._queues)

    async def receive(self, updates: list[Update]) -> list[Update]:
        """Store new updates durably (one transaction), then start handling them."""
        fresh: list[Update] = []
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            for update in updates:
                payload = update.model_dump_json(by_alias=True, exclude_unset=True)
                if await tx.inbox.add(update.update_id, user_key(update), payload, now):
                    fresh.append(update)
        for update in fresh:
            self._submit(update)
            key = user_key(update)
            if key is not None and self.on_flood is not None and self._flooding(key):
                task = asyncio.create_task(self.on_flood(key, update), name=f"flood-{key}")
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        if len(fresh) < len(updates):
            log.info("ignored %d update(s) seen before", len(updates) - len(fresh))
        return fresh

    def _flooding(self, key: int) -> bool:
        """True once when a user sends FLOOD_LIMIT updates within FLOOD_WINDOW seconds. Every
        update is still handled, in order; this only decides about the one polite notice."""
        now = asyncio.get_running_loop().time()
        arrivals = self._arrivals.setdefault(key, deque())
        arrivals.append(now)
        while arrivals and now - arrivals[0] > FLOOD_WINDOW:
            arrivals.popleft()
        if len(self._arrivals) > 5000:  # forget people who stopped writing
            for quiet in [k for k, a in self._arrivals.items() if now - a[-1] > FLOOD_WINDOW]:
                del self._arrivals[quiet]
        if len(arrivals) < self.flood_limit or now - self._noticed.get(key, -FLOOD_COOLDOWN) < (
                FLOOD_COOLDOWN):
            return False
        self._noticed[key] = now
        if len(self._noticed) > 5000:
            self._noticed = {k: t for k, t in self._noticed.items() if now - t < FLOOD_COOLDOWN}
        return True

    async def replay_pending(self) -> int:
        """Handle, in order, updates stored but not finished before the last stop."""
        async with self.db.read() as tx:
            rows = await tx.inbox.pending()
        for row in rows:
            try:
                update = Update.model_validate_json(row.payload, context={"bot": self.bot})
            except ValueError:
                log.exception("inbox row %s cannot be parsed; marking failed", row.update_id)
                await self._finish(row.update_id, "failed")
                continue
            self._submit(update)
        if rows:
            log.info("replaying %d unfinished update(s)", len(rows))
        return len(rows)

    def _submit(self, update: Update) -> None:
        self._pending += 1
        self._idle.clear()
        self._enqueue(update)

    async def _drain(self, key: int | str) -> None:
        queue = self._queues[key]
        try:
            while queue:
                update = queue[0]
                retry = False
                try:
                    async with self._sem:
                        retry = await self.handle(update)
                finally:
                    queue.popleft()
                    if retry:
                        self._later(update)  # still counted as in flight
                    else:
                        self._pending -= 1
        finally:
            del self._queues[key]
            if self._pending == 0:
                self._idle.set()

    def _later(self, update: Update) -> None:
        def again() -> None:
            self._timers.discard(handle)
            self._enqueue(update)  # back in her queue, still counted as in flight

        handle = asyncio.get_running_loop().call_later(self.retry_delay, again)
        self._timers.add(handle)

    def _enqueue(self, update: Update) -> None:
        """Into her queue (counted in `_pending` already); a drainer starts if none runs."""
        key: int | str = user_key(update) or f"u{update.update_id}"
        queue = self._queues.get(key)
        if queue is not None:
            queue.append(update)
            return
        self._queues[key] = deque([update])
        task = asyncio.create_task(self._drain(key), name=f"updates-{key}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def handle(self, update: Update) -> bool:
        """Handle one update; True when it must be tried again later (database trouble)."""
        uid = update.update_id
        try:
            async with self.db.transaction() as tx:
                attempts = await tx.inbox.begin_attempt(uid)
                begun = attempts > 1 and await tx.requests.any(uid)
        except sqlite3.OperationalError as e:
            if not is_db_trouble(e):
                raise
            log.warning("update %s waits: the database is busy (%s)", uid, e)
            return True
        if begun:
            # an earlier attempt committed its writes with a reply that went out: it is not
            # handled again; what was in flight then is unknown
            await self._finish(uid, "done")
            return False
        if attempts > MAX_ATTEMPTS:
            log.error("update %s failed %d times; giving up on it", uid, attempts - 1)
            await self._finish(uid, "failed")
            return False
        ctx = UpdateContext(uid)
        token = current_update.set(ctx)
        unit = self.db.begin_unit()
        try:
            status = "done"
            try:
                with remembering_dialogs():
                    await self.dp.feed_update(self.bot, update, **self.feed_kwargs)
            except RetryLater:
                await self.db.rollback_unit()
                log.warning("update %s will be handled again in %.0f s (database trouble)",
                            uid, self.retry_delay)
                return True
            except Exception:
                log.exception("update %s was not handled", uid)
                status = "failed"
            try:
                await self._finish(uid, status)  # with the rest of the unit
            except sqlite3.OperationalError as e:
                if not is_db_trouble(e):
                    raise
                log.warning("update %s: could not record that it was handled (%s)", uid, e)
        finally:
            await self.db.end_unit(unit)
            current_update.reset(token)
            for task in ctx.aside:  # a shutdown cancels them with the rest
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        if ctx.aside:  # her button is answered before her next update is handled
            await asyncio.gather(*ctx.aside, return_exceptions=True)
        return False

    async def _finish(self, update_id: int, status: str) -> None:
        async with self.db.transaction() as tx:
            unknown = await tx.requests.in_flight(update_id)
            await tx.inbox.finish(update_id, status, to_db(self.clock.now()))
        await self.db.commit_unit()
        for seq, method in unknown:
            log.warning("update %s: %s #%s was interrupted; delivery unknown, not resent",
                        update_id, method, seq)

    async def wait_idle(self, timeout: float | None = None) -> bool:
        """Wait until every received update is finished. False on timeout."""
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def cancel(self) -> None:
        for timer in list(self._timers):  # retries not yet due: replayed at next start
            timer.cancel()
        self._timers.clear()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def prune(self) -> int:
        before = to_db(self.clock.now() - INBOX_RETENTION)
        async with self.db.transaction() as tx:
            removed = await tx.inbox.prune(before)
        if removed:
            log.info("pruned %d handled update(s) older than 48 h", removed)
        return removed
