"""Coordinators' rows: the audit log, broadcasts with their deliveries, questions."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from storage.direct import DirectConnection
from storage.outbox import FORGET
from storage.segments import Query


class Audit:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, at: str, actor: int, action: str, target: str | None = None,
                  detail: dict[str, Any] | None = None) -> None:
        await self.conn.execute(
            "INSERT INTO audit_log (at, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)",
            (at, actor, action, target,
             json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else None))

    async def entries(self, limit: int = 50) -> list[tuple[str, int, str, str | None]]:
        cur = await self.conn.execute(
            "SELECT at, actor, action, target FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
        return [(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()]

    async def pseudonymize(self, user_id: int, pseudonym: int) -> None:
        """After /deleteme the log keeps what happened, not who she was."""
        await self.conn.execute("UPDATE audit_log SET actor = ? WHERE actor = ?",
                                (pseudonym, user_id))
        await self.conn.execute("UPDATE audit_log SET target = ? WHERE target = ?",
                                (f"user:{pseudonym}", f"user:{user_id}"))
        await self.conn.execute("UPDATE broadcasts SET created_by = ? WHERE created_by = ?",
                                (pseudonym, user_id))
        await self.conn.execute("UPDATE questions SET answered_by = ? WHERE answered_by = ?",
                                (pseudonym, user_id))


@dataclass(frozen=True, slots=True)
class BroadcastRow:
    id: int
    created_by: int
    texts: dict[str, str]
    photo: str | None
    audience: str
    urgent: bool
    send_at: str
    recipients: int
    status: str
    progress_chat: int | None
    progress_message: int | None
    progress_text: str | None
    finished_at: str | None
    reported_at: str | None


BROADCAST_COLS = ("id, created_by, texts, photo, audience, urgent, send_at, recipients, status, "
                  "progress_chat, progress_message, progress_text, finished_at, reported_at")


def _broadcast(r: Sequence[Any]) -> BroadcastRow:
    return BroadcastRow(r[0], r[1], json.loads(r[2]), r[3], r[4], bool(r[5]), r[6], r[7], r[8],
                        r[9], r[10], r[11], r[12], r[13])


class Broadcasts:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def count(self, query: Query) -> int:
        sql, params = query.sql("SELECT count(*)")
        row = await (await self.conn.execute(sql, params)).fetchone()
        return int(row[0]) if row else 0

    async def members(self, query: Query) -> list[int]:
        sql, params = query.sql("SELECT u.id")
        cur = await self.conn.execute(sql + " ORDER BY u.id", params)
        return [r[0] for r in await cur.fetchall()]

    async def create(self, *, created_by: int, now: str, texts: dict[str, str],
                     photo: str | None, audience: str, urgent: bool, send_at: str,
                     progress_chat: int) -> int:
        cur = await self.conn.execute(
            "INSERT INTO broadcasts (created_by, created_at, texts, photo, audience, urgent, "
            "send_at, recipients, progress_chat) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
            (created_by, now, json.dumps(texts, ensure_ascii=False, sort_keys=True), photo,
             audience, int(urgent), send_at, progress_chat))
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def add_deliveries(self, broadcast_id: int, query: Query, *, due_at: str,
                             urgent: bool, now: str, priority: int) -> int:
        """One outbox row per recipient, in one statement; the unique index makes a repeat
        add nothing."""
        select, params = query.sql(
            "SELECT u.id, 'broadcast', 'broadcast', ?, ?, ?, ?, "
            "'bc:' || ? || ':' || u.id, ?, ?")
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO outbox (user_id, kind, template, args, due_at, priority, "
            "urgent, dedup_key, created_at, broadcast_id) " + select,
            [json.dumps({"broadcast": broadcast_id}), due_at, priority, int(urgent),
             broadcast_id, now, broadcast_id, *params])
        added = cur.rowcount
        await self.conn.execute("UPDATE broadcasts SET recipients = ? WHERE id = ?",
                                (added, broadcast_id))
        return added

    async def get(self, broadcast_id: int) -> BroadcastRow | None:
        cur = await self.conn.execute(
            f"SELECT {BROADCAST_COLS} FROM broadcasts WHERE id = ?", (broadcast_id,))
        r = await cur.fetchone()
        return _broadcast(r) if r else None

    async def unreported(self) -> list[BroadcastRow]:
        """Broadcasts whose coordinator has not had the final report yet."""
        cur = await self.conn.execute(
            f"SELECT {BROADCAST_COLS} FROM broadcasts WHERE reported_at IS NULL ORDER BY id")
        return [_broadcast(r) for r in await cur.fetchall()]

    async def tally(self, broadcast_id: int) -> dict[str, int]:
        """Deliveries by outcome; 'blocked' are the 403s and those who blocked us earlier."""
        cur = await self.conn.execute(
            "SELECT CASE WHEN status = 'failed' AND error LIKE 'TelegramForbiddenError%' "
            "THEN 'blocked' WHEN status = 'skipped' THEN 'blocked' ELSE status END, count(*) "
            "FROM outbox WHERE broadcast_id = ? GROUP BY 1", (broadcast_id,))
        return {r[0]: r[1] for r in await cur.fetchall()}

    async def unknown_recipients(self, broadcast_id: int) -> list[tuple[int, str | None]]:
        cur = await self.conn.execute(
            "SELECT o.user_id, u.name FROM outbox o LEFT JOIN users u ON u.id = o.user_id "
            "WHERE o.broadcast_id = ? AND o.status = 'unknown' ORDER BY o.user_id",
            (broadcast_id,))
        return [(r[0], r[1]) for r in await cur.fetchall()]

    async def cancel(self, broadcast_id: int, now: str) -> int:
        cur = await self.conn.execute(
            f"UPDATE outbox SET status = 'cancelled', finished_at = ?, {FORGET} "
            "WHERE broadcast_id = ? AND status = 'pending'", (now, broadcast_id))
        await self.conn.execute(
            "UPDATE broadcasts SET status = 'cancelled' WHERE id = ? AND status = 'running'",
            (broadcast_id,))
        return cur.rowcount

    async def set_progress(self, broadcast_id: int, *, message_id: int | None = None,
                           text: str | None = None) -> None:
        if message_id is not None:
            await self.conn.execute(
                "UPDATE broadcasts SET progress_message = ? WHERE id = ?",
                (message_id, broadcast_id))
        if text is not None:
            await self.conn.execute("UPDATE broadcasts SET progress_text = ? WHERE id = ?",
                                    (text, broadcast_id))

    async def finish(self, broadcast_id: int, now: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE broadcasts SET status = CASE status WHEN 'running' THEN 'done' "
            "ELSE status END, finished_at = ?, reported_at = ? "
            "WHERE id = ? AND reported_at IS NULL", (now, now, broadcast_id))
        return cur.rowcount == 1


@dataclass(frozen=True, slots=True)
class QuestionRow:
    id: int
    user_id: int
    text: str
    asked_at: str
    answer: str | None
    answered_by: int | None


class Questions:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, user_id: int, text: str, now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO questions (user_id, text, asked_at) VALUES (?, ?, ?)",
            (user_id, text, now))
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def get(self, question_id: int) -> QuestionRow | None:
        cur = await self.conn.execute(
            "SELECT id, user_id, text, asked_at, answer, answered_by FROM questions "
            "WHERE id = ?", (question_id,))
        r = await cur.fetchone()
        return QuestionRow(r[0], r[1], r[2], r[3], r[4], r[5]) if r else None

    async def answer(self, question_id: int, text: str, by: int, now: str) -> bool:
        """The first answer wins."""
        cur = await self.conn.execute(
            "UPDATE questions SET answer = ?, answered_by = ?, answered_at = ? "
            "WHERE id = ? AND answered_at IS NULL", (text, by, now, question_id))
        return cur.rowcount == 1

    async def ids_of(self, user_id: int) -> list[int]:
        cur = await self.conn.execute("SELECT id FROM questions WHERE user_id = ?", (user_id,))
        return [r[0] for r in await cur.fetchall()]

    async def asked_since(self, user_id: int, since: str) -> int:
        row = await (await self.conn.execute(
            "SELECT count(*) FROM questions WHERE user_id = ? AND asked_at >= ?",
            (user_id, since))).fetchone()
        return int(row[0]) if row else 0
