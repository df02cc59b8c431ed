"""Rows of the outbox."""

from __future__ import annotations

from dataclasses import dataclass

from storage.direct import DirectConnection

# Once a row is settled (sent, failed, unknown, cancelled...), what it said is not kept: it was
# only needed to render it. A cancelled key queued again brings its own text back.
FORGET = "args = '{}', buttons = NULL, venue = NULL"


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    user_id: int
    kind: str
    template: str
    args: str
    buttons: str | None
    due_at: str
    urgent: bool
    expires_at: str | None
    # her settings at claim time (None when she no longer exists)
    language: str | None
    timezone: str | None
    quiet_hours: str | None
    is_active: bool | None
    venue: str | None = None
    broadcast_id: int | None = None
    muted: bool = False  # she muted announcements


class OutboxRows:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, *, user_id: int, kind: str, template: str, args: str,
                  buttons: str | None, due_at: str, priority: int, urgent: bool,
                  expires_at: str | None, dedup_key: str, now: str,
                  venue: str | None = None) -> bool:
        # the same key queued again: ignored, unless it was cancelled, then it comes back
        cur = await self.conn.execute(
            "INSERT INTO outbox (user_id, kind, template, args, buttons, due_at, "
            "priority, urgent, expires_at, dedup_key, created_at, venue) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(dedup_key) DO UPDATE SET status = 'pending', args = excluded.args, "
            "buttons = excluded.buttons, due_at = excluded.due_at, "
            "expires_at = excluded.expires_at, venue = excluded.venue, finished_at = NULL "
            "WHERE outbox.status = 'cancelled'",
            (user_id, kind, template, args, buttons, due_at, priority, int(urgent), expires_at,
             dedup_key, now, venue),
        )
        return cur.rowcount == 1

    async def add_many(self, rows: list[tuple[object, ...]]) -> None:
        """Many new notifications at once: (user_id, kind, template, args, due_at, priority,
        expires_at, dedup_key, created_at); a key queued before is left alone."""
        await self.conn.executemany(
            "INSERT OR IGNORE INTO outbox (user_id, kind, template, args, due_at, priority, "
            "expires_at, dedup_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    async def cancel(self, dedup_key: str, now: str) -> bool:
        cur = await self.conn.execute(
            f"UPDATE outbox SET status = 'cancelled', finished_at = ?, {FORGET} "
            "WHERE dedup_key = ? AND status = 'pending'",
            (now, dedup_key),
        )
        return cur.rowcount == 1

    async def delete_prefix(self, prefix: str) -> int:
        """Rows whose key starts with `prefix`, whatever their state (data being erased)."""
        cur = await self.conn.execute(
            "DELETE FROM outbox WHERE dedup_key >= ? AND dedup_key < ?",
            (prefix, prefix + "\uffff"))
        return cur.rowcount

    async def cancel_prefix(self, prefix: str, now: str) -> int:
        # `+status`: the range on dedup_key's index, not a walk of every pending row through
        # outbox_due's, which SQLite otherwise picks (300 µs at a few thousand pending rows,
        # and growing with them)
        cur = await self.conn.execute(
            f"UPDATE outbox SET status = 'cancelled', finished_at = ?, {FORGET} "
            "WHERE dedup_key >= ? AND dedup_key < ? AND +status = 'pending'",
            (now, prefix, prefix + "\uffff"),
        )
        return cur.rowcount

    async def reschedule(self, dedup_key: str, due_at: str, expires_at: str | None) -> bool:
        cur = await self.conn.execute(
            "UPDATE outbox SET due_at = ?, expires_at = ? "
            "WHERE dedup_key = ? AND status = 'pending'",
            (due_at, expires_at, dedup_key),
        )
        return cur.rowcount == 1

    async def due(self, now: str, limit: int) -> list[OutboxRow]:
        cur = await self.conn.execute(
            "SELECT o.id, o.user_id, o.kind, o.template, o.args, o.buttons, o.due_at, o.urgent, "
            "o.expires_at, u.language, u.timezone, u.quiet_hours, u.is_active, o.venue, "
            "o.broadcast_id, coalesce(u.announcements_muted, 0) "
            "FROM outbox o LEFT JOIN users u ON u.id = o.user_id "
            "WHERE o.status = 'pending' AND o.due_at <= ? "
            "ORDER BY o.priority, o.due_at, o.id LIMIT ?",
            (now, limit),
        )
        return [
            OutboxRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9], r[10],
                      r[11], None if r[12] is None else bool(r[12]), r[13], r[14],
                      bool(r[15]))
            for r in await cur.fetchall()
        ]

    async def defer(self, row_id: int, due_at: str) -> None:
        await self.conn.execute("UPDATE outbox SET due_at = ? WHERE id = ?", (due_at, row_id))

    async def mark(self, row_id: int, status: str, now: str, *, message_id: int | None = None,
                   error: str | None = None) -> None:
        """Move a row on; `sending` counts an attempt, final states record when."""
        if status == "sending":
            await self.conn.execute(
                "UPDATE outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ?",
                (row_id,),
            )
            return
        await self.conn.execute(
            "UPDATE outbox SET status = ?, finished_at = ?, message_id = ?, error = ?, "
            f"{FORGET} WHERE id = ?",
            (status, now, message_id, error, row_id),
        )

    async def recover_sending(self, now: str) -> int:
        """Rows caught `sending` by a crash: delivery unknown, never resent."""
        cur = await self.conn.execute(
            f"UPDATE outbox SET status = 'unknown', finished_at = ?, {FORGET}, "
            "error = 'interrupted while sending' WHERE status = 'sending'",
            (now,),
        )
        return cur.rowcount

    async def for_user(self, user_id: int) -> list[dict[str, object]]:
        cur = await self.conn.execute(
            "SELECT kind, template, args, due_at, status, created_at, finished_at FROM outbox "
            "WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
        names = ("kind", "template", "args", "due_at", "status", "created_at", "finished_at")
        return [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]

    async def sent_copies(self, prefix: str) -> list[tuple[int, int]]:
        """(chat, message id) of the sent notifications whose key starts with `prefix`."""
        cur = await self.conn.execute(
            "SELECT user_id, message_id FROM outbox WHERE dedup_key >= ? AND dedup_key < ? "
            "AND status = 'sent' AND message_id IS NOT NULL",
            (prefix, prefix + "\uffff"),
        )
        return [(r[0], r[1]) for r in await cur.fetchall()]

    async def count_prefix(self, prefix: str, status: str) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM outbox WHERE dedup_key >= ? AND dedup_key < ? AND status = ?",
            (prefix, prefix + "\uffff", status),
        )
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def count(self, status: str) -> int:
        cur = await self.conn.execute("SELECT count(*) FROM outbox WHERE status = ?", (status,))
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def status_of(self, dedup_key: str) -> str | None:
        cur = await self.conn.execute("SELECT status FROM outbox WHERE dedup_key = ?",
                                      (dedup_key,))
        row = await cur.fetchone()
        return str(row[0]) if row else None
