"""The connection the repositories use: SQLite called directly on the event loop's thread.

The repositories are written against aiosqlite's API (`await conn.execute(...)`, `await
cur.fetchone()`), which this class keeps. Through aiosqlite every statement was a round trip
to its thread: about 65 µs of the event loop's own time plus the wake-up of the thread and of
the loop, on an update's critical path while the one database lock was held (an update made
some 37 of them). A statement on an indexed table takes 10–30 µs in SQLite itself. So the
statements run here, synchronously, on a sqlite3 connection the Database opens itself and
uses only while holding its lock.

A write transaction starts with BEGIN IMMEDIATE, which waits for another process's write
lock: that wait would stop the event loop, so the connection's own busy timeout is 0 and
`begin()` waits here, asleep, up to `BUSY_TIMEOUT` seconds.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import Iterable, Sequence
from typing import Any

BUSY_TIMEOUT = 5.0
Params = Sequence[Any] | dict[str, Any]


class DirectCursor:
    __slots__ = ("_cur",)

    def __init__(self, cur: sqlite3.Cursor) -> None:
        self._cur = cur

    async def fetchone(self) -> Any:
        return self._cur.fetchone()

    async def fetchall(self) -> list[Any]:
        return self._cur.fetchall()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cur.fetchmany(size) if size is not None else self._cur.fetchmany()

    async def close(self) -> None:
        self._cur.close()

    @property
    def rowcount(self) -> int:
        return self._cur.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cur.lastrowid

    @property
    def description(self) -> Any:
        return self._cur.description


class DirectConnection:
    """aiosqlite's connection API, each call done at once on the calling thread."""

    def __init__(self, raw: sqlite3.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, parameters: Params = ()) -> DirectCursor:
        return DirectCursor(self.raw.execute(sql, parameters))

    async def executemany(self, sql: str, parameters: Iterable[Params]) -> DirectCursor:
        return DirectCursor(self.raw.executemany(sql, parameters))

    async def execute_fetchall(self, sql: str, parameters: Params = ()) -> list[Any]:
        return self.raw.execute(sql, parameters).fetchall()

    async def executescript(self, script: str) -> DirectCursor:
        return DirectCursor(self.raw.executescript(script))

    @property
    def in_transaction(self) -> bool:
        return self.raw.in_transaction

    async def begin(self) -> None:
        """BEGIN IMMEDIATE, waiting (asleep, not blocking the loop) while another process
        holds the write lock."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        pause = 0.001
        while True:
            try:
                self.raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                if time.monotonic() >= deadline:
                    raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 0.05)
