"""The outbox: notifications promised for later, and the worker that delivers them.

Rules (see README, "At most once"):
- A row is `pending` until due. When claimed it becomes `sending` (before its request) and
  `sent` after; a row found `sending` at start-up becomes `unknown` and is never resent.
- At most `max_sending` rows are `sending` at once.
- Rendered at send time, in her current language. Inactive (blocked) or deleted users get
  nothing (`skipped`); rows past their expiry are `expired`; non-urgent rows due in her quiet
  hours wait until they end.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aiogram import Bot
from aiogram.exceptions import ClientDecodeError, TelegramAPIError, TelegramNetworkError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId

from bot.clock import Clock, from_db, to_db
from bot.delivery.pacer import Priority, current_priority
from bot.delivery.timezones import format_when, quiet_until
from bot.geo import geography
from bot.i18n import Locales, Markup
from storage import Database, Tx
from storage.admin import BroadcastRow
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)


# A broadcast not written in her language comes in the first of these that it has.
FALLBACK_ORDER = ("tg", "ru", "en")


def broadcast_text(texts: dict[str, str], language: str | None) -> str:
    """Her language if the coordinator wrote it, else the fixed fallback order."""
    if language and texts.get(language):
        return texts[language]
    return next((texts[lang] for lang in FALLBACK_ORDER if texts.get(lang)), "")


Renderer = Callable[[OutboxRow, str], Awaitable[tuple[str, InlineKeyboardMarkup | None]]]
# sends a row itself; None when there is nothing to send any more (the row is cancelled)
Sender = Callable[[OutboxRow], Awaitable[Message | MessageId | None]]


@dataclass(frozen=True, slots=True)
class Button:
    key: str  # locale key of the label
    data: str  # packed CallbackData


@dataclass(frozen=True)
class Notification:
    user_id: int
    kind: str
    template: str
    due_at: datetime
    dedup_key: str
    args: dict[str, Any] = field(default_factory=dict)
    buttons: tuple[tuple[Button, ...], ...] = ()
    priority: int = 5
    urgent: bool = False
    expires_at: datetime | None = None
    venue: Pin | None = None  # a map pin sent right after the text


@dataclass(frozen=True, slots=True)
class Pin:
    lat: float
    lon: float
    title: dict[str, str]  # per language
    address: dict[str, str]


class Outbox:
    """The small API services use, always inside their own transaction."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock

    async def enqueue(self, tx: Tx, n: Notification) -> bool:
        """Queue it; False if a notification with this dedup key was queued before."""
        buttons = json.dumps([[{"key": b.key, "data": b.data} for b in row]
                              for row in n.buttons]) if n.buttons else None
        return await tx.outbox.add(
            user_id=n.user_id, kind=n.kind, template=n.template,
            args=json.dumps(n.args, ensure_ascii=False, sort_keys=True), buttons=buttons,
            due_at=to_db(n.due_at), priority=n.priority, urgent=n.urgent,
            expires_at=to_db(n.expires_at) if n.expires_at else None, dedup_key=n.dedup_key,
            now=to_db(self.clock.now()),
            venue=json.dumps({"lat": n.venue.lat, "lon": n.venue.lon, "title": n.venue.title,
                              "address": n.venue.address}, ensure_ascii=False)
            if n.venue else None,
        )

    async def cancel(self, tx: Tx, dedup_key: str) -> bool:
        return await tx.outbox.cancel(dedup_key, to_db(self.clock.now()))

    async def cancel_prefix(self, tx: Tx, prefix: str) -> int:
        return await tx.outbox.cancel_prefix(prefix, to_db(self.clock.now()))

    async def reschedule(self, tx: Tx, dedup_key: str, due_at: datetime,
                         expires_at: datetime | None = None) -> bool:
        return await tx.outbox.reschedule(dedup_key, to_db(due_at),
                                          to_db(expires_at) if expires_at else None)


@dataclass
class DeliveryReport:
    counts: Counter[str] = field(default_factory=Counter)

    def __getitem__(self, status: str) -> int:
        return self.counts[status]


class Deliverer:
    """Claims due rows in bounded batches and sends them through the paced sender."""

    def __init__(self, db: Database, clock: Clock, bot: Bot, locales: Locales, *,
                 default_language: str, default_timezone: str, max_sending: int = 20) -> None:
        self.db = db
        self.clock = clock
        self.bot = bot
        self.locales = locales
        self.default_language = default_language
        self.default_timezone = default_timezone
        self.max_sending = max_sending
        self._lock = asyncio.Lock()
        self._stopping = False
        self._broadcasts: dict[int, BroadcastRow] = {}
        self._renderers: dict[str, Renderer] = {}
        self._senders: dict[str, Sender] = {}

    def register(self, kind: str, renderer: Renderer) -> None:
        """A feature that renders its own notifications of this kind (e.g. job digests)."""
        self._renderers[kind] = renderer

    def register_sender(self, kind: str, sender: Sender) -> None:
        """A feature that sends its own notifications of this kind (e.g. relayed messages)."""
        self._senders[kind] = sender

    def language(self, row: OutboxRow) -> str:
        return row.language if row.language in self.locales.languages else self.default_language

    @property
    def busy(self) -> bool:
        return self._lock.locked()

    async def recover(self) -> int:
        """At start-up: rows a crash caught `sending` become `unknown`, never resent."""
        async with self.db.transaction() as tx:
            count = await tx.outbox.recover_sending(to_db(self.clock.now()))
        if count:
            log.warning("%d notification(s) were being sent when the bot stopped: "
                        "delivery unknown, not resent", count)
        return count

    async def stop(self, timeout: float) -> bool:
        """Claim nothing more; wait for the batch being sent. False if it did not finish."""
        self._stopping = True
        if not self._lock.locked():
            return True
        try:
            await asyncio.wait_for(self._lock.acquire(), timeout)
        except TimeoutError:
            return False
        self._lock.release()
        return True

    async def tick(self) -> None:
        """The scheduler's job: deliver what is due, unless a run is still going."""
        if not self.busy:
            await self.run_due()

    async def run_due(self, now: datetime | None = None) -> DeliveryReport:
        """Send what is due: at most `max_sending` rows are `sending` at once, and more are
        claimed as soon as half of them are settled, so the paced sender never runs dry
        between batches. One chat's rows go in their order; different chats' at once."""
        report = DeliveryReport()
        async with self._lock:
            running: set[asyncio.Task[None]] = set()
            last_of_chat: dict[int, asyncio.Task[None]] = {}
            sending = 0

            async def send(rows: list[OutboxRow], after: asyncio.Task[None] | None) -> None:
                nonlocal sending
                try:
                    if after is not None:  # her earlier rows first
                        await asyncio.wait({after})
                    report.counts.update(await self._send_in_order(rows))
                finally:
                    sending -= len(rows)

            try:
                while True:
                    batch: list[OutboxRow] = []
                    free = self.max_sending - sending
                    if not self._stopping and free >= max(1, self.max_sending // 2):
                        batch = await self._claim(now or self.clock.now(), report, free)
                    chats: dict[int, list[OutboxRow]] = {}
                    for row in batch:
                        chats.setdefault(row.user_id, []).append(row)
                    for chat, rows in chats.items():
                        sending += len(rows)
                        task = asyncio.create_task(send(rows, last_of_chat.get(chat)))
                        running.add(task)
                        last_of_chat[chat] = task
                    if not running:
                        return report
                    done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                    running -= done
                    for task in done:
                        task.result()
                    for chat in [c for c, t in last_of_chat.items() if t.done()]:
                        del last_of_chat[chat]
            finally:
                for task in running:
                    task.cancel()
                if running:
                    await asyncio.gather(*running, return_exceptions=True)

    async def _claim(self, now: datetime, report: DeliveryReport,
                     limit: int | None = None) -> list[OutboxRow]:
        stamp = to_db(now)
        claimed: list[OutboxRow] = []
        limit = self.max_sending if limit is None else limit
        async with self.db.transaction() as tx:
            while len(claimed) < limit:
                rows = await tx.outbox.due(stamp, limit - len(claimed))
                if not rows:
                    break
                for row in rows:
                    status = self._decide(row, now)
                    if isinstance(status, datetime):
                        await tx.outbox.defer(row.id, to_db(status))
                        report.counts["deferred"] += 1
                    elif status == "sending":
                        await tx.outbox.mark(row.id, "sending", stamp)
                        claimed.append(row)
                    else:
                        await tx.outbox.mark(row.id, status, stamp)
                        report.counts[status] += 1
        return claimed

    def _decide(self, row: OutboxRow, now: datetime) -> str | datetime:
        if row.is_active is None or not row.is_active:
            return "skipped"
        if row.broadcast_id is not None and row.muted and not row.urgent:
            return "skipped"  # she muted announcements after the broadcast was confirmed
        if row.expires_at and from_db(row.expires_at) <= now:
            return "expired"
        if not row.urgent:
            later = quiet_until(now, row.quiet_hours, row.timezone, self.default_timezone)
            if later is not None:
                if row.expires_at and from_db(row.expires_at) <= later:
                    return "expired"
                return later
        return "sending"

    def render(self, row: OutboxRow) -> tuple[str, InlineKeyboardMarkup | None]:
        lang = self.language(row)
        t = self.locales[lang]
        args = {k: self._arg(v, lang, row.timezone) for k, v in json.loads(row.args).items()}
        text = t(row.template, **args)
        markup = None
        if row.buttons:
            markup = InlineKeyboardMarkup(inline_keyboard=[
                [InlineKeyboardButton(text=t(b["key"]), callback_data=b["data"]) for b in line]
                for line in json.loads(row.buttons)
            ])
        return text, markup

    async def _send_pin(self, row: OutboxRow) -> None:
        """The venue after its reminder; a failure here does not undo the text."""
        pin = json.loads(row.venue or "{}")
        lang = self.language(row)
        try:
            await self.bot.send_venue(row.user_id, pin["lat"], pin["lon"],
                                      title=html.unescape(pin["title"].get(lang, ""))[:100],
                                      address=html.unescape(pin["address"].get(lang, ""))[:100])
        except TelegramAPIError as e:
            log.warning("map pin of notification %s not sent: %s", row.id, e)

    def _arg(self, value: Any, lang: str, tz: str | None) -> Any:
        """{"$t": {lang: text}} is a text in her language; {"$when": UTC} a time in her zone."""
        if isinstance(value, dict) and "$t" in value:  # HTML-safe already: not escaped again
            return Markup(value["$t"].get(lang) or value["$t"].get("en", ""))
        if isinstance(value, dict) and "$when" in value:
            return format_when(from_db(value["$when"]), tz, self.default_timezone)
        if isinstance(value, dict) and "$keys" in value:  # labels, in her language
            t = self.locales[lang]
            return ", ".join(t(key) for key in value["$keys"])
        if isinstance(value, dict) and "$region" in value:
            region = geography().region(value["$region"])
            return region.name(lang) if region else ""
        return value

    async def _broadcast(self, broadcast_id: int) -> BroadcastRow | None:
        found = self._broadcasts.get(broadcast_id)
        if found is None:
            async with self.db.read() as tx:
                found = await tx.broadcasts.get(broadcast_id)
            if found is not None:
                if len(self._broadcasts) > 64:
                    self._broadcasts.clear()
                self._broadcasts[broadcast_id] = found
        return found

    async def _send_broadcast(self, row: OutboxRow) -> Message:
        broadcast = await self._broadcast(row.broadcast_id or 0)
        if broadcast is None:
            raise LookupError(f"broadcast {row.broadcast_id} is gone")
        text = broadcast_text(broadcast.texts, row.language)
        if broadcast.photo:
            return await self.bot.send_photo(row.user_id, broadcast.photo, caption=text or None)
        return await self.bot.send_message(row.user_id, text)

    async def _send_in_order(self, rows: list[OutboxRow]) -> list[str]:
        return [await self._send(row) for row in rows]

    async def _send(self, row: OutboxRow) -> str:
        current_priority.set(Priority.bulk)  # this task's own context
        message_id: int | None = None
        error: str | None = None
        try:
            message: Message | MessageId | None
            if row.broadcast_id is not None:
                message = await self._send_broadcast(row)
            elif row.kind in self._senders:
                message = await self._senders[row.kind](row)
            elif row.kind in self._renderers:
                text, markup = await self._renderers[row.kind](row, self.language(row))
                message = await self.bot.send_message(row.user_id, text, reply_markup=markup)
            else:
                text, markup = self.render(row)
                message = await self.bot.send_message(row.user_id, text, reply_markup=markup)
            if message is None:
                status = "cancelled"
            else:
                status, message_id = "sent", message.message_id
            if row.venue:
                await self._send_pin(row)
        except (TelegramNetworkError, ClientDecodeError) as e:
            status, error = "unknown", f"{type(e).__name__}: no reliable answer"
        except TelegramAPIError as e:
            status, error = "failed", f"{type(e).__name__}: {e.message}"[:300]
        except Exception as e:  # never lose track of a row
            log.exception("notification %s failed", row.id)
            status, error = "unknown", type(e).__name__
        async with self.db.transaction() as tx:
            await tx.outbox.mark(row.id, status, to_db(self.clock.now()),
                                 message_id=message_id, error=error)
        return status
