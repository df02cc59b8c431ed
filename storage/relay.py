"""Relayed messages, kept for a limited time so that a report can be checked."""

from __future__ import annotations

from dataclasses import dataclass

from storage.direct import DirectConnection


@dataclass(frozen=True, slots=True)
class RelayedRow:
    id: int
    channel: str
    thread_id: int
    sender_id: int
    recipient_id: int
    kind: str
    text: str | None
    masked: bool
    chat_id: int
    message_id: int
    created_at: str


COLS = ("id, channel, thread_id, sender_id, recipient_id, kind, text, masked, chat_id, "
        "message_id, created_at")


def _row(r: tuple[object, ...]) -> RelayedRow:
    return RelayedRow(*r[:7], bool(r[7]), *r[8:])  # type: ignore[arg-type]


class RelayedMessages:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, channel: str, thread_id: int, sender_id: int, recipient_id: int,
                  kind: str, text: str | None, masked: bool, chat_id: int, message_id: int,
                  now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO relayed_messages (channel, thread_id, sender_id, recipient_id, kind, "
            "text, masked, chat_id, message_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (channel, thread_id, sender_id, recipient_id, kind, text, int(masked), chat_id,
             message_id, now))
        return int(cur.lastrowid or 0)

    async def get(self, relay_id: int) -> RelayedRow | None:
        cur = await self.conn.execute(f"SELECT {COLS} FROM relayed_messages WHERE id = ?",
                                      (relay_id,))
        r = await cur.fetchone()
        return _row(tuple(r)) if r else None

    async def recent(self, channel: str, thread_id: int, limit: int) -> list[RelayedRow]:
        """The newest `limit` messages of a thread, oldest first."""
        cur = await self.conn.execute(
            f"SELECT {COLS} FROM (SELECT {COLS} FROM relayed_messages "
            "WHERE channel = ? AND thread_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id",
            (channel, thread_id, limit))
        return [_row(tuple(r)) for r in await cur.fetchall()]

    async def prune(self, before: str) -> int:
        """Delete messages older than `before`, except in a mentorship with an open report
        (they are evidence until a coordinator decides)."""
        cur = await self.conn.execute(
            "DELETE FROM relayed_messages WHERE created_at < ? AND NOT (channel = 'mentorship' "
            "AND thread_id IN (SELECT mentorship_id FROM mentorship_reports "
            "WHERE status = 'open'))", (before,))
        return cur.rowcount
