"""Backups: a consistent copy while the bot writes, the daily job and its retention, the CLI."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot.app import daily_backup
from bot.clock import to_db
from storage.backup import backup_file, keep_newest
from tests.harness import Harness

ROOT = Path(__file__).resolve().parent.parent


async def test_a_backup_taken_while_writes_happen_is_whole(harness: Harness,
                                                            tmp_path: Path) -> None:
    db = harness.app.db
    written: list[int] = []
    stop = asyncio.Event()

    async def writer() -> None:
        uid = 100_000
        while not stop.is_set():
            async with db.transaction() as tx:
                await tx.users.create(uid, to_db(harness.clock.now()), "ru")
            written.append(uid)
            uid += 1
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    while len(written) < 50:  # noqa: ASYNC110 - waiting for the writer's progress
        await asyncio.sleep(0.001)
    committed_before = list(written)
    copy = await asyncio.to_thread(backup_file, Path(db.path), tmp_path / "copy.sqlite3")
    stop.set()
    await task
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        ids = {r[0] for r in conn.execute("SELECT id FROM users WHERE id >= 100000")}
    assert set(committed_before) <= ids  # every row committed before the copy began
    assert ids <= set(written)  # and nothing half-written


async def test_the_daily_backup_keeps_the_configured_number(make_harness,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    h: Harness = await make_harness(backup_dir=tmp_path / "backups", backup_keep=3)
    made = []
    for _ in range(5):
        path = await daily_backup(h.app)
        assert path is not None
        made.append(path)
        h.clock.advance(days=1)
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == sorted(p.name for p in made[-3:])
    assert keep_newest(tmp_path / "backups", 3) == []


def test_backup_command_copies_the_live_database(tmp_path: Path) -> None:
    source = tmp_path / "live.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (42)")
    env = {**os.environ, "DATABASE_PATH": str(source), "PYTHONPATH": str(ROOT)}
    env.pop("BOT_TOKEN", None)
    target = tmp_path / "out" / "copy.sqlite3"
    run = subprocess.run([sys.executable, "-m", "bot", "backup", str(target)], cwd=tmp_path,
                         env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [(42,)]
    missing = subprocess.run([sys.executable, "-m", "bot", "backup", str(target)],
                             cwd=tmp_path, env={**env, "DATABASE_PATH": str(tmp_path / "no")},
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "No database at" in missing.stderr


async def test_every_scheduled_job_is_awaited_by_the_scheduler(harness: Harness) -> None:
    """APScheduler awaits coroutine functions (or partials of them); anything else would run
    in a thread and return an un-awaited coroutine, silently doing nothing."""
    from apscheduler.util import iscoroutinefunction_partial

    from bot.app import jobs

    registered = jobs(harness.app)
    assert {j.id for j in registered} >= {"outbox", "inbox-prune", "course-offers",
                                          "mentor-offers", "backup"}
    for job in registered:
        assert iscoroutinefunction_partial(job.run), job.id


async def test_job_feeds_are_fetched_right_after_start_then_every_interval(harness) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from bot.app import jobs
    from bot.scheduler import build_scheduler

    scheduler = build_scheduler("Asia/Dushanbe", jobs(harness.app))
    scheduler.start(paused=True)
    try:
        now = datetime.now(ZoneInfo("Asia/Dushanbe"))
        feeds = scheduler.get_job("job-feeds")
        assert feeds.next_run_time <= now + timedelta(seconds=1)
        assert scheduler.get_job("outbox").next_run_time > now  # the others wait their turn
    finally:
        scheduler.shutdown(wait=False)
