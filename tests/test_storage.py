"""The database: migrations, pragmas, transactions, FSM storage."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from aiogram.fsm.storage.base import StorageKey

from bot.clock import ManualClock, from_db, to_db
from storage import Database
from storage.database import migrations
from storage.fsm import SQLiteStorage


def test_timestamps_are_stored_as_utc_seconds_and_read_back_strictly() -> None:
    dushanbe = timezone(timedelta(hours=5))
    stored = to_db(datetime(2026, 11, 30, 1, 4, 5, 678_000, tzinfo=dushanbe))
    assert stored == "2026-11-29T20:04:05Z"
    assert from_db(stored) == datetime(2026, 11, 29, 20, 4, 5, tzinfo=UTC)
    assert from_db(stored).tzinfo is UTC
    for other in ("2026-11-29T20:04:05", "2026-11-29T20:04:05+00:00", "2026-11-29 20:04:05Z",
                  "2026-11-29T20:04:05.5Z", "2026-13-29T20:04:05Z", ""):
        with pytest.raises(ValueError):
            from_db(other)


@pytest.fixture
async def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = Database(tmp_path / "sub" / "bot.sqlite3")
    await database.open()
    yield database
    await database.close()


async def test_migrations_apply_to_an_empty_database(db: Database) -> None:
    assert await db.schema_version() == len(migrations())
    assert {"users", "user_roles", "user_interests", "inbox", "update_requests", "fsm"} <= set(
        await db.table_names())
    async with db.read() as tx:
        pragmas = {}
        for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout",
                     "wal_autocheckpoint"):
            row = await (await tx.conn.execute(f"PRAGMA {name}")).fetchone()
            pragmas[name] = row[0]
    # SQLite never waits for a lock on the event loop's thread: DirectConnection.begin does
    assert pragmas == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1,
                       "busy_timeout": 0, "wal_autocheckpoint": 4000}


async def test_a_write_waits_for_another_process_without_stopping_the_event_loop(
        db: Database) -> None:
    other = sqlite3.connect(db.path, isolation_level=None)  # say, an operator's sqlite3 shell
    other.execute("BEGIN IMMEDIATE")
    ticks = 0

    async def ticking() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    async def write() -> None:
        async with db.transaction() as tx:
            await tx.users.create(77, "2026-11-29T08:00:00Z", "tg")

    ticker = asyncio.create_task(ticking())
    writer = asyncio.create_task(write())
    await asyncio.sleep(0.3)
    assert not writer.done()  # waiting for the other process's lock
    assert ticks >= 10  # and the loop went on meanwhile
    other.execute("COMMIT")
    await asyncio.wait_for(writer, 2)
    ticker.cancel()
    other.close()
    async with db.read() as tx:
        assert (await tx.users.get(77)) is not None


async def test_a_write_gives_up_when_the_lock_is_held_too_long(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("storage.direct.BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        async with db.transaction() as tx:
            await tx.users.create(78, "2026-11-29T08:00:00Z", "tg")
    other.execute("ROLLBACK")
    other.close()
    async with db.transaction() as tx:  # the lock is free again and nothing was left behind
        await tx.users.create(78, "2026-11-29T08:00:00Z", "tg")


async def test_migrating_again_changes_nothing(db: Database) -> None:
    version = await db.schema_version()
    assert await db.migrate() == version


async def test_transaction_rolls_back_on_error_and_releases(db: Database) -> None:
    now = to_db(ManualClock().now())
    with pytest.raises(ValueError):
        async with db.transaction() as tx:
            await tx.users.create(1, now, "ru")
            raise ValueError("half way")
    assert not db.in_transaction
    async with db.transaction() as tx:
        await tx.users.create(2, now, "tg")
    async with db.read() as tx:
        assert await tx.users.get(1) is None
        assert (await tx.users.get(2)) is not None


async def test_roles_are_a_set_and_go_with_the_user(db: Database) -> None:
    now = to_db(ManualClock().now())
    async with db.transaction() as tx:
        await tx.users.create(5, now)
        assert await tx.users.add_role(5, "mentor", now)
        assert not await tx.users.add_role(5, "mentor", now)
        await tx.users.add_role(5, "coordinator", now)
    async with db.read() as tx:
        user = await tx.users.get(5)
    assert user is not None and user.roles == frozenset({"mentor", "coordinator"})
    async with db.transaction() as tx:
        await tx.users.delete(5)
    async with db.read() as tx:
        assert await tx.users.roles(5) == []


async def test_fsm_state_and_data_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "fsm.sqlite3"
    key = StorageKey(bot_id=1, chat_id=42, user_id=42)
    first = Database(path)
    await first.open()
    storage = SQLiteStorage(first, ManualClock())
    await storage.set_state(key, "Onboarding:name")
    await storage.update_data(key, {"language": "tg", "name": "Малика"})
    await first.close()

    second = Database(path)
    await second.open()
    storage = SQLiteStorage(second, ManualClock())
    assert await storage.get_state(key) == "Onboarding:name"
    assert await storage.get_data(key) == {"language": "tg", "name": "Малика"}
    await storage.set_state(key, None)
    await storage.set_data(key, {})
    async with second.read() as tx:
        assert await tx.fsm.get(storage._key(key)) is None  # an empty dialog leaves no row
    await second.close()


async def test_a_user_reads_back_with_her_interests_in_order(db: Database) -> None:
    now = to_db(ManualClock().now())
    async with db.transaction() as tx:
        await tx.users.create(6, now, "tg")
        await tx.users.set_interests(6, ["web", "data", "design"])
        await tx.users.create(7, now, "en")
    async with db.read() as tx:
        six, seven = await tx.users.get(6), await tx.users.get(7)
    assert six is not None and six.interests == ("data", "design", "web")
    assert seven is not None and seven.interests == () and seven.roles == frozenset()


async def test_cancelling_by_prefix_uses_the_key_index_and_cancels_only_that_prefix(
        db: Database) -> None:
    """Every reminder cancelled by prefix: a range on the dedup key's index, whatever the
    number of pending rows, never a walk of every pending row."""
    now = to_db(ManualClock().now())
    async with db.transaction() as tx:
        await tx.users.create(8, now, "ru")
        for key in ("nudge:101:8:a", "nudge:101:8:b", "nudge:102:8:a", "nudge:101:80:a"):
            await tx.outbox.add(user_id=8, kind="nudge", template="t", args="{}", buttons=None,
                                due_at=now, priority=1, urgent=False, expires_at=None,
                                dedup_key=key, now=now)
    statements: list[str] = []
    db.conn.raw.set_trace_callback(statements.append)
    try:
        async with db.transaction() as tx:
            assert await tx.outbox.cancel_prefix("nudge:101:8:", now) == 2
    finally:
        db.conn.raw.set_trace_callback(None)
    [update] = [s for s in statements if s.startswith("UPDATE outbox")]
    plan = " ".join(r[3] for r in db.conn.raw.execute("EXPLAIN QUERY PLAN " + update))
    assert "sqlite_autoindex_outbox_1 (dedup_key>? AND dedup_key<?)" in plan, plan
    async with db.read() as tx:
        rows = await tx.conn.execute_fetchall(
            "SELECT dedup_key FROM outbox WHERE status = 'pending' ORDER BY dedup_key")
    assert [r[0] for r in rows] == ["nudge:101:80:a", "nudge:102:8:a"]
