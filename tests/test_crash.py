"""Crash consistency, end to end: a mixed workload through the real process, killed with
SIGKILL at seeded random moments and restarted each time.

The workload: five newcomers onboarding, fourteen learners going for twelve seats, a mentor
application the owner approves, a participant's request offered to that mentor who accepts
it, the owner composing and confirming a broadcast to everyone in Russian (300+), and 100
notifications already due. At the end nothing was sent twice, what was not sent is
`unknown`, no seat or match was lost or doubled, every update Telegram was told was received
is in the inbox and handled, and the database passes its integrity check.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import SystemClock, to_db
from bot.delivery.outbox import Notification, Outbox
from bot.i18n import Locales
from storage import Database
from tests.e2e import BotProcess
from tests.fake_api import FakeTelegram
from tests.harness import TOKEN

L = Locales()
OWNER, MENTOR, MENTEE = 7_100_001, 7_100_002, 7_100_003
NEWCOMERS = list(range(7_100_010, 7_100_015))
LEARNERS = list(range(7_200_000, 7_200_014))  # 14 for the 12 seats of course 4
CROWD = list(range(7_300_000, 7_300_300))  # the broadcast's audience
NOTIFIED = list(range(7_400_000, 7_400_100))
COURSE, SEATS = 4, 12
ENV = {"SEND_RATE": "300", "CHAT_RATE": "8", "CHAT_BURST": "20", "OUTBOX_MAX_SENDING": "30",
       "ADMIN_IDS": str(OWNER), "BROADCAST_PROGRESS_SECONDS": "1"}
BROADCAST = "Хакатон в субботу, приходите!"


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        server.enforce_limits(global_per_second=500, chat_burst=30, chat_refill_per_second=10)
        yield server


async def _seed(db_path: Path) -> None:
    """Onboarded people the workload needs, and notifications due now."""
    db = Database(db_path)
    await db.open()
    now = SystemClock().now()
    stamp = to_db(now)
    people = [(uid, "ru") for uid in [*LEARNERS, *CROWD, *NOTIFIED, MENTOR, MENTEE]] + [
        (OWNER, "en")]
    async with db.transaction() as tx:
        await tx.conn.executemany(
            "INSERT INTO users (id, language, name, consent_at, onboarded_at, region, "
            "age_group, status, quiet_hours, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, ?, 'TJ-SU', '18-24', 'university', 'off', ?, ?)",
            [(uid, lang, f"Участница {uid}", stamp, stamp, stamp, stamp)
             for uid, lang in people])
        await tx.conn.execute(  # her application waits for the owner
            "INSERT INTO mentors (user_id, status, expertise, languages, format, bio, "
            "workplace, capacity, applied_at) VALUES (?, 'pending', '[\"web\"]', '[\"ru\"]', "
            "'online', 'Ten years of web development at a bank.', 'Alif Bank', 2, ?)",
            (MENTOR, stamp))
        await tx.conn.execute("INSERT INTO user_interests (user_id, topic) VALUES (?, 'web')",
                              (MENTOR,))
        outbox = Outbox(SystemClock())
        for uid in NOTIFIED:
            await outbox.enqueue(tx, Notification(
                user_id=uid, kind="test", template="help-text", args={"count": 3},
                due_at=now - timedelta(minutes=1), dedup_key=f"crash:{uid}", urgent=True))
    await db.close()


def onboarding(uid: int, name: str, goal: str) -> list[tuple[str, str]]:
    return [("text", "/start"), ("press", "lg:ru"), ("press", "ob:consent:yes"),
            ("text", name), ("press", "ob:age:25-34"), ("press", "ob:region:TJ-DU"),
            ("press", "ob:status:employed"), ("press", "ob:interests:web"),
            ("press", "ob:interests:done"), ("press", "ob:level:advanced"),
            ("press", f"ob:goal:{goal}")]


ASK = [("text", "/mentor"), ("press", "mt:find:"), ("press", "mt:tp:web"),
       ("text", "I want to build my first website for my sister's bakery."),
       ("press", "mt:rl:ru"), ("press", "mt:rf:online")]
BROADCAST_STEPS = [("press", "ad:b:"), ("press", "bc:w:ru"), ("text", BROADCAST),
                   ("press", "bc:a:"), ("press", "bc:d:languages"), ("press", "bc:t:l.ru"),
                   ("press", "bc:a:"), ("press", "bc:r:"), ("press", "bc:n:"),
                   ("press", "bc:f:")]


def push(fake: FakeTelegram, uid: int, script: list[tuple[str, str]],
         lang: str = "ru") -> list[int]:
    ids = []
    for kind, value in script:
        if kind == "text":
            ids.append(fake.user_message(uid, value, language_code=lang))
        else:
            ids.append(fake.user_callback(uid, value, message_id=1, language_code=lang))
    return ids


class Chaos:
    """Kills the running process with SIGKILL at seeded random moments, then restarts it."""

    def __init__(self, fake: FakeTelegram, workdir: Path, started: list[BotProcess],
                 seed: int, kills: int) -> None:
        self.fake, self.workdir, self.started = fake, workdir, started
        self.random = random.Random(seed)
        self.kills = kills
        self.killed = 0

    async def start(self) -> BotProcess:
        p = BotProcess(self.fake, self.workdir, TOKEN, **ENV)
        self.started.append(p)
        await p.start()
        return p

    async def run(self) -> None:
        bot = self.started[-1]
        while self.killed < self.kills:
            await bot.wait_polling()  # killed while it works, not while it imports
            await asyncio.sleep(self.random.uniform(0.1, 1.5))
            bot.signal(signal.SIGKILL)
            await bot.wait()
            self.killed += 1
            bot = await self.start()


async def reached(bot: BotProcess, sql: str, *args: object, expect: object,
                  timeout: float = 10) -> bool:
    """Whether the database says `expect` within the time (a stall is reported, not waited
    on forever)."""
    try:
        await bot.until(sql, *args, expect=expect, timeout=timeout)
    except AssertionError:
        return False
    return True


async def test_sigkill_at_random_moments_loses_nothing_and_sends_nothing_twice(
        fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]) -> None:
    await _seed(tmp_path / "bot.sqlite3")
    chaos = Chaos(fake, tmp_path, processes, seed=int(os.environ.get("CRASH_SEED", "13")),
                  kills=3)
    first = await chaos.start()
    await first.wait_polling()
    killing = asyncio.create_task(chaos.run())

    acknowledged: list[int] = []
    for i, uid in enumerate(NEWCOMERS):
        acknowledged += push(fake, uid, onboarding(uid, f"Нигора {chr(1040 + i)}", "learn"))
    for uid in LEARNERS:
        acknowledged += push(fake, uid, [("press", f"c1:e:{COURSE}")])
    acknowledged += push(fake, OWNER, [("text", "/admin"), *BROADCAST_STEPS], "en")

    db = processes[-1]  # any of them reads the same file
    acknowledged += push(fake, OWNER, [("press", f"ma:a:{MENTOR}")], "en")
    assert await reached(db, "SELECT status FROM mentors WHERE user_id = ?", MENTOR,
                         expect=[("approved",)], timeout=60)
    acknowledged += push(fake, MENTEE, ASK)
    assert await reached(db, "SELECT count(*) FROM mentor_offers", expect=[(1,)], timeout=60)
    (offer,) = db.query("SELECT id FROM mentor_offers")
    acknowledged += push(fake, MENTOR, [("press", f"mo:a:{offer[0]}")])

    await killing
    bot = processes[-1]
    assert chaos.killed == 3
    # what was sent settles in the last process
    assert await reached(
        bot, "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending') "
        "AND due_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", expect=[(0,)], timeout=60)
    assert await reached(bot, "SELECT count(*) FROM inbox WHERE status != 'done'",
                         expect=[(0,)], timeout=30)

    # every update Telegram was told was received is in the inbox; none failed
    assert fake.pending_updates() == 0
    assert all(u < (fake.last_offset or 0) for u in acknowledged)
    stored = dict(bot.query("SELECT update_id, status FROM inbox"))
    assert set(acknowledged) <= set(stored)
    assert "failed" not in stored.values()

    # seats and the match: never lost to a crash, never doubled
    seats = Counter(s for (s,) in bot.query(
        "SELECT status FROM enrollments WHERE course_id = ?", COURSE))
    assert seats == {"enrolled": SEATS, "waitlisted": len(LEARNERS) - SEATS}
    assert bot.query("SELECT count(*), count(DISTINCT user_id) FROM enrollments") == [
        (len(LEARNERS), len(LEARNERS))]
    # every dialog got through: the newcomers, the owner's broadcast, the match
    assert bot.query(f"SELECT count(*) FROM users WHERE id IN "
                     f"({','.join(map(str, NEWCOMERS))}) AND onboarded_at IS NOT NULL") == [
        (len(NEWCOMERS),)]
    assert bot.query("SELECT mentor_id, mentee_id FROM mentorships") == [(MENTOR, MENTEE)]
    assert bot.query("SELECT count(*) FROM broadcasts") == [(1,)]

    # outbox deliveries: nobody has two copies; whoever has none is 'unknown'
    deliveries = [(L["ru"]("help-text", count=3), NOTIFIED, "kind = 'test'"),
                  (BROADCAST, CROWD, "broadcast_id = 1")]
    for text, ids, where in deliveries:
        copies = Counter(int(r.params["chat_id"]) for r in fake.accepted_sends()
                         if r.params.get("text") == text)
        assert not copies or max(copies.values()) == 1, f"sent twice: {text}"
        status = dict(bot.query(  # copies held back by her quiet hours are not due yet
            f"SELECT user_id, status FROM outbox WHERE {where} "
            "AND due_at <= strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"))
        assert set(ids) <= set(status)  # the broadcast also reached the others in Russian
        ids = list(status)
        assert set(status.values()) <= {"sent", "unknown"}
        missing = set(ids) - set(copies)
        assert all(status[uid] == "unknown" for uid in missing), missing
        assert all(uid in copies for uid, s in status.items() if s == "sent")

    # replies to updates: none went out twice (a screen shown again after a toggle differs in
    # its buttons; a reply resent after a crash would be the same text with the same buttons)
    replies = Counter((int(r.params["chat_id"]), str(r.params.get("text")),
                       json.dumps(r.params.get("reply_markup"), sort_keys=True))
                      for r in fake.accepted_sends() if r.method == "sendMessage"
                      and int(r.params["chat_id"]) != OWNER)
    twice = [key[:2] for key, n in replies.items() if n > 1]
    assert not twice, twice
    # the journal of a finished update is gone
    assert bot.query("SELECT count(*) FROM update_requests r JOIN inbox i USING (update_id) "
                     "WHERE r.status = 'sending' AND i.status = 'done'") == [(0,)]
    assert bot.query("PRAGMA integrity_check") == [("ok",)]
    bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
