"""The update inbox and the journal of requests made while handling an update."""

from __future__ import annotations

from storage.direct import DirectConnection
from storage.models import InboxRow


class Inbox:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, update_id: int, user_key: int | None, payload: str, now: str) -> bool:
        """Store an update once. False when this update_id was seen before."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO inbox (update_id, user_key, payload, received_at) "
            "VALUES (?, ?, ?, ?)",
            (update_id, user_key, payload, now),
        )
        return cur.rowcount == 1

    async def begin_attempt(self, update_id: int) -> int:
        rows = await self.conn.execute_fetchall(
            "UPDATE inbox SET attempts = attempts + 1 WHERE update_id = ? RETURNING attempts",
            (update_id,),
        )
        row = next(iter(rows), None)
        return int(row[0]) if row else 0

    async def finish(self, update_id: int, status: str, now: str) -> None:
        """Mark it handled. What it said and who sent it are not needed any more: only the
        dedup record stays, and the journal of its requests goes."""
        await self.conn.execute(
            "UPDATE inbox SET status = ?, finished_at = ?, payload = NULL, user_key = NULL "
            "WHERE update_id = ?",
            (status, now, update_id),
        )
        await self.conn.execute("DELETE FROM update_requests WHERE update_id = ?", (update_id,))

    async def status(self, update_id: int) -> str | None:
        cur = await self.conn.execute("SELECT status FROM inbox WHERE update_id = ?", (update_id,))
        row = await cur.fetchone()
        return str(row[0]) if row else None

    async def pending(self, limit: int = 1000) -> list[InboxRow]:
        cur = await self.conn.execute(
            "SELECT update_id, user_key, payload, attempts FROM inbox "
            "WHERE status = 'pending' ORDER BY update_id LIMIT ?",
            (limit,),
        )
        return [InboxRow(r[0], r[1], r[2], r[3]) for r in await cur.fetchall()]

    async def prune(self, before: str) -> int:
        """Forget handled updates received before `before`; pending ones are never dropped."""
        cur = await self.conn.execute(
            "DELETE FROM inbox WHERE status != 'pending' AND received_at < ?", (before,)
        )
        return cur.rowcount

    async def forget_user(self, user_key: int) -> None:
        """Keep the dedup record of her pending updates but drop who sent them and what they
        said (handled ones keep nothing of her already)."""
        await self.conn.execute(
            "UPDATE inbox SET payload = NULL, user_key = NULL WHERE user_key = ?", (user_key,)
        )


class UpdateRequests:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def any(self, update_id: int) -> bool:
        """Whether an attempt at this update committed anything (always with a request)."""
        rows = await self.conn.execute_fetchall(
            "SELECT 1 FROM update_requests WHERE update_id = ? LIMIT 1", (update_id,)
        )
        return bool(rows)

    async def begin(
        self, update_id: int, seq: int, method: str, chat_id: int | None, now: str
    ) -> None:
        await self.conn.execute(
            "INSERT INTO update_requests (update_id, seq, method, chat_id, status, created_at) "
            "VALUES (?, ?, ?, ?, 'sending', ?)",
            (update_id, seq, method, chat_id, now),
        )

    async def finish(self, update_id: int, seq: int, status: str) -> None:
        await self.conn.execute(
            "UPDATE update_requests SET status = ? WHERE update_id = ? AND seq = ?",
            (status, update_id, seq),
        )

    async def in_flight(self, update_id: int) -> list[tuple[int, str]]:
        """(seq, method) of requests marked `sending` and never finished: delivery unknown."""
        rows = await self.conn.execute_fetchall(
            "SELECT seq, method FROM update_requests "
            "WHERE update_id = ? AND status IN ('sending', 'unknown') ORDER BY seq",
            (update_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def forget_chat(self, chat_id: int) -> None:
        await self.conn.execute(
            "UPDATE update_requests SET result = NULL, chat_id = NULL WHERE chat_id = ?",
            (chat_id,),
        )
