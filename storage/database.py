"""The one Database: one SQLite connection, one lock, short transactions, migrations."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

from storage.admin import Audit, Broadcasts, Questions
from storage.community import Events, Peers, Stories
from storage.courses import Courses, Enrollments, Progress
from storage.direct import DirectConnection
from storage.fsm_rows import FsmRows
from storage.inbox import Inbox, UpdateRequests
from storage.jobs import Alerts, FeedStates, Jobs, SavedJobs
from storage.mentoring import Mentoring
from storage.mentors import Mentors
from storage.outbox import OutboxRows
from storage.relay import RelayedMessages
from storage.stats import Stats
from storage.users import Users

log = logging.getLogger(__name__)

MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class Tx:
    """Repositories bound to the connection for the duration of one locked block."""

    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    @cached_property
    def users(self) -> Users:
        return Users(self.conn)

    @cached_property
    def inbox(self) -> Inbox:
        return Inbox(self.conn)

    @cached_property
    def requests(self) -> UpdateRequests:
        return UpdateRequests(self.conn)

    @cached_property
    def fsm(self) -> FsmRows:
        return FsmRows(self.conn)

    @cached_property
    def outbox(self) -> OutboxRows:
        return OutboxRows(self.conn)

    @cached_property
    def courses(self) -> Courses:
        return Courses(self.conn)

    @cached_property
    def enrollments(self) -> Enrollments:
        return Enrollments(self.conn)

    @cached_property
    def progress(self) -> Progress:
        return Progress(self.conn)

    @cached_property
    def mentors(self) -> Mentors:
        return Mentors(self.conn)

    @cached_property
    def audit(self) -> Audit:
        return Audit(self.conn)

    @cached_property
    def broadcasts(self) -> Broadcasts:
        return Broadcasts(self.conn)

    @cached_property
    def questions(self) -> Questions:
        return Questions(self.conn)

    @cached_property
    def stats(self) -> Stats:
        return Stats(self.conn)

    @cached_property
    def jobs(self) -> Jobs:
        return Jobs(self.conn)

    @cached_property
    def alerts(self) -> Alerts:
        return Alerts(self.conn)

    @cached_property
    def saved_jobs(self) -> SavedJobs:
        return SavedJobs(self.conn)

    @cached_property
    def feeds(self) -> FeedStates:
        return FeedStates(self.conn)

    @cached_property
    def events(self) -> Events:
        return Events(self.conn)

    @cached_property
    def stories(self) -> Stories:
        return Stories(self.conn)

    @cached_property
    def peers(self) -> Peers:
        return Peers(self.conn)

    @cached_property
    def mentoring(self) -> Mentoring:
        return Mentoring(self.conn)

    @cached_property
    def relayed(self) -> RelayedMessages:
        return RelayedMessages(self.conn)


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every numbered migration, in order."""
    found = []
    for entry in resources.files("storage.migrations").iterdir():
        m = MIGRATION_RE.match(entry.name)
        if m:
            found.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    found.sort()
    for expected, (version, name, _) in enumerate(found, start=1):
        if version != expected:
            raise RuntimeError(f"migration numbering has a gap or duplicate at {name}")
    return found


@dataclass(slots=True)
class Unit:
    """One update's writes: they commit together, right before a reply goes out or when the
    update is finished, so a crash leaves either all of them or none."""

    owner: asyncio.Task[object] | None
    open: bool = False
    savepoints: int = 0


_unit: ContextVar[Unit | None] = ContextVar("db_unit", default=None)


class Database:
    """Owns the one connection. Every statement runs while holding the lock.

    `transaction()` is BEGIN IMMEDIATE ... COMMIT (ROLLBACK on any error, cancellation
    included); `read()` is a consistent snapshot for reads only. Never await a network
    call inside either.

    Inside a unit (`begin_unit`, one per update being handled) a `transaction()` block is a
    savepoint of one transaction that stays open, holding the lock, until `commit_unit` (the
    request journal calls it right before each reply goes out) or `rollback_unit`. A block
    that raises still undoes only its own writes.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._conn: DirectConnection | None = None
        self._lock = asyncio.Lock()

    @property
    def conn(self) -> DirectConnection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        conn = DirectConnection(sqlite3.connect(self.path, isolation_level=None,
                                                check_same_thread=False))
        await conn.execute("PRAGMA journal_mode=WAL")
        await conn.execute("PRAGMA busy_timeout=0")  # waits happen in DirectConnection.begin
        await conn.execute("PRAGMA foreign_keys=ON")
        await conn.execute("PRAGMA synchronous=NORMAL")
        # The log is copied back into the database file (and both synced to disk) inside the
        # COMMIT that crosses this many pages, with the event loop stopped for it: 11-16 ms at
        # SQLite's default of 1,000, which 1.4% of updates met (bench.updates, steady 50/s).
        # At 4,000 a quarter as many meet one (40-50 ms), the pages written over and over
        # (the inbox, the journal, her row) are copied a quarter as often, and the flat-out
        # rate went 260 -> 291 updates/s. The price: with synchronous=NORMAL, what a power
        # loss (not a crash of the process) can take back is the commits since the last
        # checkpoint, now up to 16 MB of log instead of 4.
        await conn.execute("PRAGMA wal_autocheckpoint=4000")
        self._conn = conn
        await self.migrate()

    async def close(self) -> None:
        if self._conn is not None:
            async with self._lock:
                self._conn.raw.close()
                self._conn = None

    async def schema_version(self) -> int:
        async with self._lock:
            row = await (await self.conn.execute("PRAGMA user_version")).fetchone()
        return int(row[0]) if row else 0

    async def migrate(self) -> int:
        current = await self.schema_version()
        for version, name, sql in migrations():
            if version <= current:
                continue
            async with self._lock:
                try:
                    await self.conn.executescript(
                        f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {version};\nCOMMIT;"
                    )
                except Exception:
                    await self._rollback(self.conn)
                    raise
            log.info("applied migration %s", name)
            current = version
        return current

    # --- units ------------------------------------------------------------------------------
    def begin_unit(self) -> Token[Unit | None]:
        return _unit.set(Unit(asyncio.current_task()))

    @staticmethod
    def _unit_here() -> Unit | None:
        """The unit of the running task (tasks it spawned inherit the variable, not the unit)."""
        unit = _unit.get()
        if unit is None or unit.owner is not asyncio.current_task():
            return None
        return unit

    @property
    def unit_open(self) -> bool:
        unit = self._unit_here()
        return unit is not None and unit.open

    async def commit_unit(self) -> None:
        unit = self._unit_here()
        if unit is None or not unit.open:
            return
        try:
            await self.conn.execute("COMMIT")
        except BaseException:
            await asyncio.shield(self._rollback(self.conn))
            raise
        finally:
            unit.open = False
            self._lock.release()

    async def rollback_unit(self) -> None:
        unit = self._unit_here()
        if unit is None or not unit.open:
            return
        try:
            await asyncio.shield(self._rollback(self.conn))
        finally:
            unit.open = False
            self._lock.release()

    async def end_unit(self, token: Token[Unit | None]) -> None:
        """Leave the unit; what was not committed is undone."""
        try:
            await self.rollback_unit()
        finally:
            _unit.reset(token)

    @asynccontextmanager
    async def _savepoint(self, unit: Unit) -> AsyncIterator[Tx]:
        conn = self.conn
        if not unit.open:
            await self._lock.acquire()
            try:
                await conn.begin()
            except BaseException:
                self._lock.release()
                raise
            unit.open = True
        unit.savepoints += 1
        name = f"s{unit.savepoints}"
        await conn.execute(f"SAVEPOINT {name}")
        try:
            yield Tx(conn)
        except BaseException:
            await asyncio.shield(self._undo(conn, name))
            raise
        else:
            await conn.execute(f"RELEASE {name}")

    @staticmethod
    async def _undo(conn: DirectConnection, name: str) -> None:
        if conn.in_transaction:
            await conn.execute(f"ROLLBACK TO {name}")
            await conn.execute(f"RELEASE {name}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        unit = self._unit_here()
        if unit is not None:
            async with self._savepoint(unit) as tx:
                yield tx
            return
        async with self._lock:
            conn = self.conn
            await conn.begin()
            try:
                yield Tx(conn)
            except BaseException:
                await asyncio.shield(self._rollback(conn))
                raise
            else:
                await conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        if self.unit_open:  # this update holds the lock: it reads its own writes
            yield Tx(self.conn)
            return
        async with self._lock:
            yield Tx(self.conn)

    @staticmethod
    async def _rollback(conn: DirectConnection) -> None:
        if conn.in_transaction:
            await conn.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self._conn is not None and self._conn.in_transaction

    async def table_names(self) -> list[str]:
        async with self._lock:
            cur = await self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            return [r[0] for r in await cur.fetchall()]
