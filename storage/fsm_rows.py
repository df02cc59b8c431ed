"""Rows of the dialog state table (used by the SQLite FSM storage)."""

from __future__ import annotations

from contextvars import ContextVar

from storage.direct import DirectConnection

Row = tuple[str | None, str]  # (state, data as JSON)

# Dialog rows already read while handling the current update (see storage.fsm); None outside.
remembered: ContextVar[dict[str, Row | None] | None] = ContextVar("fsm_remembered", default=None)


class FsmRows:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def get(self, key: str) -> tuple[str | None, str] | None:
        rows = await self.conn.execute_fetchall(
            "SELECT state, data FROM fsm WHERE key = ?", (key,))
        row = next(iter(rows), None)
        return (row[0], row[1]) if row else None

    async def set_state(self, key: str, user_id: int | None, state: str | None, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO fsm (key, user_id, state, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at",
            (key, user_id, state, now),
        )
        await self._drop_if_empty(key)

    async def set_data(self, key: str, user_id: int | None, data: str, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO fsm (key, user_id, data, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
            (key, user_id, data, now),
        )
        await self._drop_if_empty(key)

    async def _drop_if_empty(self, key: str) -> None:
        await self.conn.execute(
            "DELETE FROM fsm WHERE key = ? AND state IS NULL AND data = '{}'", (key,)
        )

    async def for_user(self, user_id: int) -> list[tuple[str | None, str]]:
        cur = await self.conn.execute(
            "SELECT state, data FROM fsm WHERE user_id = ? ORDER BY key", (user_id,)
        )
        return [(r[0], r[1]) for r in await cur.fetchall()]

    async def delete_user(self, user_id: int) -> None:
        await self.conn.execute("DELETE FROM fsm WHERE user_id = ?", (user_id,))
        rows = remembered.get()
        if rows is not None:
            rows.clear()  # read again from the table
