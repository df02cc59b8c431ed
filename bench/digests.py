"""Benchmark: job digests for 100,000 subscribers built at one hour, in one pass.

A generated database: 100,000 onboarded users with job alerts due at the same hour (each
1-3 topics, a third with words that must or must not appear, various levels and remote
choices), 5,000 open positions of which 500 were added since the last digests. Times
`JobService.send_digests` (read alerts and openings, match, queue every digest through the
outbox in chunked transactions) and reports peak resident memory. Targets on the 2-core
machine: under 10 s and under 300 MB.

    make bench            # or: .venv/bin/python -m bench.digests [--users N] [--jobs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import ManualClock, to_db  # noqa: E402
from bot.delivery.outbox import Outbox  # noqa: E402
from bot.profile import INTERESTS, LEVELS  # noqa: E402
from bot.services.jobs import JobService  # noqa: E402
from storage import Database  # noqa: E402

WORDS = ["python", "java", "sql", "excel", "react", "figma", "аналитик", "стажёр", "ҷавон",
         "remote", "senior", "ночн", "менеҷер", "designer", "data", "qa", "1c", "bank"]
TITLES = ["Junior {} developer", "{} intern", "Стажёр {}", "Барномасози {}", "{} analyst",
          "Senior {} engineer", "{} designer", "Менеджер {}", "{} QA tester"]
STACK = ["Python", "Java", "SQL", "React", "Figma", "Data", "1C", "Excel", "Go", "Kotlin"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def populate(db: Database, users: int, jobs: int, new: int, now: datetime) -> None:
    rnd = random.Random(7)
    last = to_db(now - timedelta(days=1))
    created = to_db(now - timedelta(days=90))
    user_rows, alert_rows = [], []
    for uid in range(1, users + 1):
        user_rows.append((uid, rnd.choice(("tg", "ru", "en")), f"User {uid}", created, created,
                          created, created, "Asia/Dushanbe"))
        topics = rnd.sample(INTERESTS, rnd.randint(1, 3))
        include = exclude = ""
        if uid % 3 == 0:
            if rnd.random() < 0.5:
                include = " ".join(rnd.sample(WORDS, rnd.randint(1, 3)))
            else:
                exclude = " ".join(rnd.sample(WORDS, rnd.randint(1, 2)))
        alert_rows.append((uid, "daily", json.dumps(sorted(topics)),
                           rnd.choice((None, None, *LEVELS)),
                           rnd.choice(("any", "any", "remote", "onsite")), include, exclude, 9,
                           last, jobs - new, created))
    job_rows = []
    for jid in range(1, jobs + 1):
        fresh = jid > jobs - new
        added = now - timedelta(minutes=rnd.randint(1, 600)) if fresh else now - timedelta(
            days=rnd.randint(2, 25))
        title = rnd.choice(TITLES).format(rnd.choice(STACK))
        job_rows.append((title, f"Company {jid % 300}", rnd.choice(("Dushanbe", "Khujand", "")),
                         int(rnd.random() < 0.3), rnd.choice((None, *LEVELS)),
                         json.dumps(rnd.sample(INTERESTS, rnd.randint(1, 2))),
                         f"https://jobs.example.tj/{jid}", f"https://jobs.example.tj/{jid}",
                         f"{title}|{jid}", "bench", to_db(added), to_db(now + timedelta(days=20)),
                         to_db(added)))
    async with db.transaction() as tx:
        await tx.conn.executemany(
            "INSERT INTO users (id, language, name, consent_at, onboarded_at, created_at, "
            "last_seen_at, timezone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", user_rows)
        await tx.conn.executemany(
            "INSERT INTO job_alerts (user_id, frequency, topics, level, remote, include_words, "
            "exclude_words, hour, last_digest_at, last_job_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", alert_rows)
        await tx.conn.executemany(
            "INSERT INTO jobs (title, company, location, remote, level, topics, url, "
            "canonical_url, dedup_key, source, published_at, expires_at, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", job_rows)


def generate(path: str, users: int, jobs: int, new: int, now: datetime) -> None:
    """Runs in a child process, so its memory is not counted as the digests'."""
    async def run() -> None:
        db = Database(path)
        await db.open()
        await populate(db, users, jobs, new, now)
        await db.close()

    asyncio.run(run())


async def main(users: int, jobs: int, new: int) -> int:
    now = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)  # 09:00 in Dushanbe
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.sqlite3")
        child = multiprocessing.get_context("spawn").Process(
            target=generate, args=(path, users, jobs, new, now))
        child.start()
        child.join()
        db = Database(path)
        await db.open()
        clock = ManualClock(now)
        service = JobService(db, clock, Outbox(clock), feeds=(),
                             default_timezone="Asia/Dushanbe")
        before = rss_mb()
        started = time.perf_counter()
        queued = await service.send_digests(now)
        elapsed = time.perf_counter() - started
        peak = rss_mb()
        async with db.read() as tx:
            cur = await tx.conn.execute(
                "SELECT count(*), avg(json_array_length(json_extract(args, '$.jobs'))) "
                "FROM outbox WHERE kind = 'jobs.digest'")
            count, avg = await cur.fetchone()  # type: ignore[misc]
        await db.close()
    print(f"subscribers: {users:,}, open positions: {jobs:,}, new since last digest: {new:,}")
    print(f"digests queued: {queued:,} (rows {count:,}, {avg:.1f} openings each on average)")
    print(f"time: {elapsed:.2f} s (target < 10 s)")
    print(f"peak resident memory: {peak:.0f} MB (of which the bot's code and libraries: "
          f"{before:.0f} MB; target < 300 MB)")
    return 0 if elapsed < 10 and peak < 300 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=5_000)
    parser.add_argument("--new", type=int, default=500)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.users, args.jobs, args.new)))
