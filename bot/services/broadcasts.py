"""Broadcasts: a coordinator's message to an audience, in each recipient's language.

Confirming writes the broadcast and one outbox row per recipient in one transaction (the
unique (broadcast, user) index makes that exactly one each). The outbox worker sends them
through the paced sender like every other notification, so rate limits, 429s, 403s, quiet
hours and the at-most-once rule hold. `BroadcastMonitor` edits the coordinator's progress
message every few seconds and, when nothing is left to send, queues her final report.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clock import Clock, from_db, to_db
from bot.delivery.outbox import Notification, Outbox
from bot.delivery.timezones import format_when
from bot.i18n import Locales
from bot.services.learning import progress_bar
from bot.services.users import COORDINATOR
from bot.settings import LANGUAGES
from keyboards.callbacks import BcAction, BcCb
from storage import Database, Tx
from storage.admin import BroadcastRow
from storage.segments import Segment, build

log = logging.getLogger(__name__)

PRIORITY = 7  # after replies, reminders and offers
TEXT_MAX = 4096
CAPTION_MAX = 1024
MAX_AHEAD = timedelta(days=60)
_TAG = re.compile(r"<[^>]*>")


def visible_length(text: str) -> int:
    """What Telegram counts against its limits: UTF-16 units left after parsing the HTML."""
    return len(html.unescape(_TAG.sub("", text)).encode("utf-16-le")) // 2
REPORT_NAMES = 30  # unknown recipients named in the report; the rest are counted
ACTIVE_CHOICES = (7, 30, 90)


@dataclass
class Draft:
    """What the coordinator is composing; kept in her dialog memory between steps."""

    texts: dict[str, str] = field(default_factory=dict)  # language -> Telegram HTML
    photo: str | None = None
    segment: Segment = field(default_factory=Segment)
    urgent: bool = False
    send_at: str | None = None  # UTC, None = now

    def to_memory(self) -> dict[str, Any]:
        return {"texts": self.texts, "photo": self.photo, "segment": self.segment.to_json(),
                "urgent": self.urgent, "send_at": self.send_at}

    @classmethod
    def from_memory(cls, data: dict[str, Any]) -> Draft:
        return cls(texts={k: v for k, v in dict(data.get("texts") or {}).items()
                          if k in LANGUAGES},
                   photo=data.get("photo"), segment=Segment.from_json(data.get("segment")),
                   urgent=bool(data.get("urgent")), send_at=data.get("send_at"))

    def too_long(self) -> str | None:
        """The language whose text is over Telegram's limit (a caption is shorter)."""
        limit = CAPTION_MAX if self.photo else TEXT_MAX
        return next((lang for lang, text in self.texts.items()
                     if visible_length(text) > limit), None)


@dataclass(frozen=True)
class Tally:
    recipients: int
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    unknown: int = 0
    waiting: int = 0  # pending or being sent
    cancelled: int = 0
    expired: int = 0

    @property
    def done(self) -> int:
        return self.recipients - self.waiting - self.cancelled

    @classmethod
    def of(cls, recipients: int, counts: dict[str, int]) -> Tally:
        return cls(recipients, sent=counts.get("sent", 0), failed=counts.get("failed", 0),
                   blocked=counts.get("blocked", 0), unknown=counts.get("unknown", 0),
                   waiting=counts.get("pending", 0) + counts.get("sending", 0),
                   cancelled=counts.get("cancelled", 0), expired=counts.get("expired", 0))


class BroadcastService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox,
                 lessons: Any = None) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self._lessons = lessons  # async () -> {course id: lesson ids}

    async def _query(self, segment: Segment, urgent: bool) -> Any:
        since = None
        if segment.active_days:
            since = to_db(self.clock.now() - timedelta(days=segment.active_days))
        lessons = await self._lessons() if self._lessons and segment.finished else {}
        return build(segment, urgent=urgent, since=since, lessons=lessons)

    async def reach(self, segment: Segment, urgent: bool) -> int:
        query = await self._query(segment, urgent)
        async with self.db.read() as tx:
            return await tx.broadcasts.count(query)

    async def members(self, segment: Segment, urgent: bool) -> list[int]:
        query = await self._query(segment, urgent)
        async with self.db.read() as tx:
            return await tx.broadcasts.members(query)

    async def confirm(self, by: int, draft: Draft, *, chat_id: int,
                      message_id: int) -> BroadcastRow | None:
        """Write it and its deliveries; None when she is no longer a coordinator or the
        draft is not complete."""
        if not draft.texts or draft.too_long():
            return None
        now = self.clock.now()
        send_at = from_db(draft.send_at) if draft.send_at else now
        send_at = max(send_at, now)
        query = await self._query(draft.segment, draft.urgent)
        async with self.db.transaction() as tx:
            if COORDINATOR not in await tx.users.roles(by):
                return None
            bid = await tx.broadcasts.create(
                created_by=by, now=to_db(now), texts=draft.texts, photo=draft.photo,
                audience=draft.segment.to_json(), urgent=draft.urgent, send_at=to_db(send_at),
                progress_chat=chat_id)
            await tx.broadcasts.set_progress(bid, message_id=message_id)
            count = await tx.broadcasts.add_deliveries(
                bid, query, due_at=to_db(send_at), urgent=draft.urgent, now=to_db(now),
                priority=PRIORITY)
            await tx.audit.add(to_db(now), by, "broadcast.confirm", f"broadcast:{bid}",
                               {"recipients": count, "urgent": draft.urgent,
                                "languages": sorted(draft.texts),
                                "audience": draft.segment.to_json(),
                                "send_at": to_db(send_at)})
            return await tx.broadcasts.get(bid)

    async def cancel(self, by: int, broadcast_id: int) -> int | None:
        """Stop what has not been sent yet; None when she may not or it is over."""
        now = to_db(self.clock.now())
        async with self.db.transaction() as tx:
            if COORDINATOR not in await tx.users.roles(by):
                return None
            found = await tx.broadcasts.get(broadcast_id)
            if found is None or found.status != "running":
                return None
            stopped = await tx.broadcasts.cancel(broadcast_id, now)
            await tx.audit.add(now, by, "broadcast.cancel", f"broadcast:{broadcast_id}",
                               {"stopped": stopped})
        return stopped

    async def tally(self, broadcast_id: int) -> tuple[BroadcastRow, Tally] | None:
        async with self.db.read() as tx:
            found = await tx.broadcasts.get(broadcast_id)
            if found is None:
                return None
            return found, Tally.of(found.recipients, await tx.broadcasts.tally(broadcast_id))


def bar(done: int, total: int, width: int = 12) -> str:
    return progress_bar(round(100 * done / total) if total else 100, width)


class BroadcastMonitor:
    """The scheduler's job: progress messages and final reports."""

    def __init__(self, db: Database, clock: Clock, bot: Bot, outbox: Outbox,
                 locales: Locales, *, default_language: str, default_timezone: str) -> None:
        self.db = db
        self.clock = clock
        self.bot = bot
        self.outbox = outbox
        self.locales = locales
        self.default_language = default_language
        self.default_timezone = default_timezone

    async def tick(self) -> int:
        """Update every unfinished broadcast; returns how many were finished now."""
        async with self.db.read() as tx:
            open_ = await tx.broadcasts.unreported()
        finished = 0
        for broadcast in open_:
            try:
                finished += await self._one(broadcast)
            except Exception:  # one broken broadcast must not stop the others
                log.exception("progress of broadcast %s failed", broadcast.id)
        return finished

    async def _one(self, broadcast: BroadcastRow) -> int:
        now = self.clock.now()
        async with self.db.read() as tx:
            counts = await tx.broadcasts.tally(broadcast.id)
            who = await tx.users.get(broadcast.created_by)
        tally = Tally.of(broadcast.recipients, counts)
        lang = who.language if who and who.language in self.locales.languages \
            else self.default_language
        zone = who.timezone if who else None
        over = tally.waiting == 0
        finished = False
        if over:
            async with self.db.transaction() as tx:
                finished = await tx.broadcasts.finish(broadcast.id, to_db(now))
                broadcast = await tx.broadcasts.get(broadcast.id) or broadcast
                if finished and who is not None:
                    await self._report(tx, broadcast, tally, now)
        text = self.progress_text(broadcast, tally, lang, zone, now)
        if text != broadcast.progress_text and broadcast.progress_message:
            await self._edit(broadcast, text, None if over else self._cancel_kb(broadcast, lang))
            async with self.db.transaction() as tx:
                await tx.broadcasts.set_progress(broadcast.id, text=text)
        return int(finished)

    def progress_text(self, b: BroadcastRow, tally: Tally, lang: str, zone: str | None,
                      now: datetime) -> str:
        t = self.locales[lang]
        args = {"id": b.id, "total": tally.recipients, "sent": tally.sent,
                "failed": tally.failed + tally.expired, "blocked": tally.blocked,
                "unknown": tally.unknown, "left": tally.waiting + tally.cancelled,
                "bar": bar(tally.done, tally.recipients)}
        if b.status == "cancelled":
            return t("bc-progress-cancelled", **args)
        if b.status == "done":
            return t("bc-progress-done", **args)
        starts = from_db(b.send_at)
        if starts > now and tally.sent == 0:
            return t("bc-progress-scheduled", when=format_when(starts, zone,
                                                                self.default_timezone), **args)
        return t("bc-progress", **args)

    def _cancel_kb(self, b: BroadcastRow, lang: str) -> InlineKeyboardMarkup:
        t = self.locales[lang]
        return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(
            text=t("bc-cancel"), callback_data=BcCb(action=BcAction.cancel,
                                                    value=str(b.id)).pack())]])

    async def _edit(self, b: BroadcastRow, text: str,
                    markup: InlineKeyboardMarkup | None) -> None:
        try:
            await self.bot.edit_message_text(text=text, chat_id=b.progress_chat,
                                             message_id=b.progress_message,
                                             reply_markup=markup)
        except TelegramBadRequest as e:
            if "not modified" not in e.message:
                log.warning("progress of broadcast %s not shown: %s", b.id, e.message)
        except TelegramAPIError as e:
            log.warning("progress of broadcast %s not shown: %s", b.id, e)

    async def _report(self, tx: Tx, b: BroadcastRow, tally: Tally, now: datetime) -> None:
        unknown = await tx.broadcasts.unknown_recipients(b.id)
        names = [f"{name or '—'} (id {uid})" for uid, name in unknown[:REPORT_NAMES]]
        more = len(unknown) - len(names)
        await self.outbox.enqueue(tx, Notification(
            user_id=b.created_by, kind="broadcast.report",
            template="bc-report-cancelled" if b.status == "cancelled" else "bc-report",
            args={"id": b.id, "total": tally.recipients, "sent": tally.sent,
                  "failed": tally.failed + tally.expired, "blocked": tally.blocked,
                  "unknown": tally.unknown, "cancelled": tally.cancelled,
                  "names": "\n".join(names), "more": more},
            due_at=now, priority=1, urgent=True, dedup_key=f"bcr:{b.id}"))
