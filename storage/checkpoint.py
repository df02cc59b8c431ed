"""Copying the write-ahead log back into the database file, away from the event loop.

In WAL mode SQLite copies the log back into the database file (a checkpoint) every 1,000
pages, inside whichever COMMIT crosses that mark, and syncs both files to disk there. Our
statements run on the event loop's thread (storage/direct.py), so that one COMMIT stopped
everything for its duration: in bench.updates the slowest 1% of commits took more than half of
all commit time, up to 22 ms each, while updates and sends waited.

So the bot's connection does not checkpoint (`wal_autocheckpoint=0`) and a `Checkpointer`
does, every `every` seconds, on a connection of its own in a worker thread (sqlite3 lets go
of the GIL while it works). Its checkpoints are PASSIVE: they never wait for a reader or a
writer and never make one wait; what they cannot copy yet is copied next time. When the bot
stops, closing its connection checkpoints what is left.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3

log = logging.getLogger(__name__)

EVERY = 1.0  # seconds between checkpoints


class Checkpointer:
    def __init__(self, path: str, every: float = EVERY) -> None:
        self.path = path
        self.every = every
        self.done = 0  # checkpoints run, for tests and logs
        self._conn: sqlite3.Connection | None = None
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._busy: asyncio.Future[None] | None = None

    def start(self) -> None:
        self._stop.clear()
        self._task = asyncio.create_task(self._run(), name="wal-checkpoint")

    async def _run(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.every)
            if self._stop.is_set():
                return
            # the thread is never abandoned half way: stop() waits for it
            self._busy = asyncio.ensure_future(asyncio.to_thread(self._checkpoint))
            try:
                await asyncio.shield(self._busy)
            except sqlite3.Error as e:
                log.warning("checkpoint of %s failed (%s); trying again in %.0f s",
                            self.path, e, self.every)

    def _checkpoint(self) -> None:
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, isolation_level=None,
                                         check_same_thread=False)
        self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        self.done += 1

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._busy is not None:  # its task may have been cancelled while it ran
            with contextlib.suppress(sqlite3.Error, asyncio.CancelledError):
                await self._busy
            self._busy = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
