"""Benchmark: resident memory and start-up time, beside a bare aiogram bot.

(a) The real `python -m bot` process idle against the local Bot API server (127.0.0.1) with
    100,000 onboarded users in its database (generated in a child process), and a bare aiogram
    bot process (bench/bare_bot.py: one echo handler, memory storage) idle beside it.
(b) Resident memory while 500,000 updates from 100,000 distinct users (the menu, My courses,
    /menu, the catalog in turn) go through the whole stack in this process (the inbox, every
    middleware, the SQLite FSM storage, the journal; the Bot API answering at once without
    network), sampled every 50,000 updates, with the slope over the last half: it should
    level off (bounded caches are fine), not keep growing.
(c) Time from process start to its first getUpdates at the local Bot API server, median of a
    few starts, for the bot (on the 100,000-user database) and the bare bot.

Resident memory is VmRSS from /proc. Every process started is killed at the end.

    make bench            # or: .venv/bin/python -m bench.memory [--users N] [--updates N]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram.types import Update  # noqa: E402

from bench.null_session import NullSession  # noqa: E402
from bench.updates import update_dict  # noqa: E402
from bot.app import MAX_BACKLOG, build_app, settle_heap, shutdown  # noqa: E402
from bot.clock import SystemClock, to_db  # noqa: E402
from storage import Database  # noqa: E402
from tests.course_fixtures import write_courses  # noqa: E402
from tests.e2e import BotProcess  # noqa: E402
from tests.fake_api import FakeTelegram  # noqa: E402
from tests.harness import TOKEN, make_settings  # noqa: E402

FIRST_USER = 20_000_000
# Not /help: it counts the community (a scan of the users table, ~24 ms at 100,000 users with
# the database lock held), which would make this run hours long; see docs/PERFORMANCE.md.
MIX = [("c", "m:h"), ("c", "m:y"), ("m", "/menu"), ("c", "m:c")]


def rss_mb(pid: int | str = "self") -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def generate(path: str, users: int) -> None:
    """Runs in a child process, so its memory is not counted."""
    async def run() -> None:
        db = Database(path)
        await db.open()
        now = to_db(SystemClock().now())
        async with db.transaction() as tx:
            await tx.conn.executemany(
                "INSERT INTO users (id, language, name, consent_at, onboarded_at, region, "
                "city, age_group, status, level, wants, created_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?, 'TJ-SU', 'khujand', '18-24', 'university', "
                "'beginner', 'learn', ?, ?)",
                [(uid, ("tg", "ru", "en")[uid % 3], f"Участница {uid}", now, now, now, now)
                 for uid in range(FIRST_USER, FIRST_USER + users)])
            await tx.conn.executemany(
                "INSERT INTO user_interests (user_id, topic) VALUES (?, 'web')",
                [(uid,) for uid in range(FIRST_USER, FIRST_USER + users)])
        await db.close()

    asyncio.run(run())


async def spawn_bare(fake: FakeTelegram, workdir: Path) -> asyncio.subprocess.Process:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_"))}
    env.update({"BOT_TOKEN": TOKEN, "BOT_API_URL": fake.url, "PYTHONPATH": str(ROOT)})
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.bare_bot", cwd=workdir, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        stdin=asyncio.subprocess.DEVNULL)


async def first_poll(fake: FakeTelegram, since: int, started: float) -> float:
    request = await fake.wait_for("getUpdates", timeout=60, since=since)
    return request.at - started


async def idle_rss(pid: int, seconds: float = 4.0) -> float:
    """The largest of a few samples while the process sits idle."""
    samples = []
    for _ in range(4):
        await asyncio.sleep(seconds / 4)
        samples.append(rss_mb(pid))
    return max(samples)


async def stop(proc: asyncio.subprocess.Process) -> None:
    if proc.returncode is None:
        proc.kill()
        await proc.wait()


async def processes(db_dir: Path, starts: int) -> dict[str, Any]:
    """(a) and (c): the bot and the bare bot as processes."""
    out: dict[str, Any] = {"bot_start": [], "bare_start": []}
    async with FakeTelegram(TOKEN) as fake:
        for n in range(starts):
            # the very `python -m bot`: its start-up time is what is measured
            bot = BotProcess(fake, db_dir, TOKEN, literal=True, LOG_LEVEL="WARNING")
            try:
                since = len(fake.requests)
                started = time.monotonic()
                await bot.start()
                out["bot_start"].append(await first_poll(fake, since, started))
                if n == 0:
                    out["bot_rss"] = await idle_rss(bot.pid)
            finally:
                await bot.stop()
            with tempfile.TemporaryDirectory() as tmp:
                since = len(fake.requests)
                started = time.monotonic()
                bare = await spawn_bare(fake, Path(tmp))
                try:
                    out["bare_start"].append(await first_poll(fake, since, started))
                    if n == 0:
                        out["bare_rss"] = await idle_rss(bare.pid)
                finally:
                    await stop(bare)
    return out


def stream(count: int, users: int, first_update: int) -> Iterator[list[Update]]:
    batch: list[dict[str, Any]] = []
    for n in range(count):
        kind, payload = MIX[(n // users) % len(MIX)]
        batch.append(update_dict(first_update + n, FIRST_USER + n % users, kind, payload))
        if len(batch) == 100:
            yield [Update.model_validate(u) for u in batch]
            batch = []
    if batch:
        yield [Update.model_validate(u) for u in batch]


async def soak(db_path: Path, tmp: Path, count: int, users: int,
               every: int) -> tuple[list[tuple[int, float]], float, float]:
    """(b): returns (updates done, RSS MB) samples, the RSS before, and the time taken."""
    settings = make_settings(db_path, log_level="WARNING")
    settings.send_rate = 1e6  # the Bot API is not there: only the handling is measured
    settings.chat_rate = 1e6
    settings.chat_burst = 100
    app = await build_app(settings, session=NullSession(), clock=SystemClock(),
                          courses_dir=write_courses(tmp / "courses"))
    samples: list[tuple[int, float]] = []
    settle_heap()  # as `bot.app.run` does before it starts polling
    try:
        before = rss_mb()
        samples.append((0, before))
        started = time.perf_counter()
        fed = 0
        next_sample = every
        for batch in stream(count, users, first_update=1):
            await app.runner.receive(batch)
            fed += len(batch)
            while app.runner.in_flight >= MAX_BACKLOG:  # noqa: ASYNC110 - no event to wait on
                await asyncio.sleep(0.001)
            if fed >= next_sample:
                samples.append((fed - app.runner.in_flight, rss_mb()))
                print(f"  {fed:>9,} updates fed: RSS {samples[-1][1]:7.1f} MB "
                      f"({time.perf_counter() - started:6.0f} s)", flush=True)
                next_sample += every
        await app.runner.wait_idle()
        elapsed = time.perf_counter() - started
        samples.append((fed, rss_mb()))
        async with app.db.read() as tx:
            cur = await tx.conn.execute("SELECT count(*) FROM inbox WHERE status != 'done'")
            (not_done,) = await cur.fetchone()  # type: ignore[misc]
        if not_done:
            raise SystemExit(f"{not_done} update(s) were not handled")
    finally:
        await shutdown(app)
    return samples, before, elapsed


def slope(points: list[tuple[int, float]]) -> float:
    """MB per 100,000 updates, least squares."""
    xs = [x / 100_000 for x, _ in points]
    ys = [y for _, y in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else 0.0


async def main(users: int, updates: int, every: int, starts: int) -> int:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        db_path = tmp / "bot.sqlite3"
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(str(db_path), users))
        child.start()
        child.join()
        procs = await processes(tmp, starts)
        print(f"(a) idle resident memory with {users:,} users in the database: bot "
              f"{procs['bot_rss']:.0f} MB, bare aiogram {procs['bare_rss']:.0f} MB, "
              f"ratio {procs['bot_rss'] / procs['bare_rss']:.2f}")
        bot_start = statistics.median(procs["bot_start"])
        bare_start = statistics.median(procs["bare_start"])
        print(f"(c) start to first getUpdates, median of {starts}: bot {bot_start:.2f} s "
              f"(each: {', '.join(f'{s:.2f}' for s in procs['bot_start'])}), bare aiogram "
              f"{bare_start:.2f} s, ratio {bot_start / bare_start:.1f}")
        print(f"(b) {updates:,} updates from {users:,} distinct users through the whole stack:",
              flush=True)
        samples, before, elapsed = await soak(db_path, tmp, updates, users, every)
    half = [p for p in samples if p[0] >= updates / 2]
    growth = slope(half)
    first_half = slope([p for p in samples if p[0] <= updates / 2])
    print(f"    RSS before {before:.0f} MB, after {samples[-1][1]:.0f} MB, peak "
          f"{max(y for _, y in samples):.0f} MB; {updates / elapsed:.0f} updates/s")
    print(f"    slope: first half {first_half:+.1f} MB per 100k updates, last half "
          f"{growth:+.1f} MB per 100k updates (target: levels off, about 0)")
    return 0 if growth < 5 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=500_000)
    parser.add_argument("--every", type=int, default=50_000, help="sample RSS every N updates")
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.users, args.updates, args.every, args.starts)))
