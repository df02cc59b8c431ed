"""Benchmark: update throughput through the whole bot, beside a bare aiogram bot.

Synthetic users each go through onboarding, the menu, the catalog, enrolling in a course and its
first lesson and quiz (23 updates each), as real `Update` objects fed the way the poller feeds
them: `UpdateRunner.receive` in batches of 100 (the inbox, per-user queues, every middleware,
the SQLite FSM storage, the request journal and the sending pacer, with its rate lifted so that
only the handling is measured). The Bot API answers at once (`bench.null_session`), without
network. Beside it, in the same run, a bare aiogram Dispatcher with memory storage and one echo
handler gets the same number of text messages through `dp.feed_update`, with the same session.

Printed: updates/s and handling time per update (p50/p95/p99: the time one update spends in
`UpdateRunner.handle`, i.e. from its inbox attempt to being marked done, while up to
MAX_CONCURRENT_UPDATES others run beside it) for both, and the ratios; the same journeys
offered at a steady rate (`--rate`, one update every 1/rate s for 20 s; below capacity), where
the handling time has little queue in it; then what the database is asked per update (commits,
write and read blocks, statements) from an instrumented pass. Targets on the 2-core machine:
>= 1,000 updates/s flat out; p99 handling time < 20 ms, judged at the steady rate (flat out,
an update's handling time is mostly its wait for the fifteen others in flight).

    make bench            # or: .venv/bin/python -m bench.updates [--users N] [--profile FILE]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import itertools
import logging
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher  # noqa: E402
from aiogram.fsm.storage.memory import MemoryStorage  # noqa: E402
from aiogram.types import Message, Update  # noqa: E402

from bench.null_session import BOT_USER, NullSession  # noqa: E402
from bot.app import MAX_BACKLOG, App, build_app, settle_heap, shutdown  # noqa: E402
from bot.clock import SystemClock  # noqa: E402
from bot.i18n import Locales  # noqa: E402
from tests.course_fixtures import write_courses  # noqa: E402
from tests.harness import TOKEN, make_settings  # noqa: E402

COURSE = 101  # of tests/course_fixtures.py: online, lessons one/two/three, 2 questions each
FIRST_USER = 10_000_000
BATCH = 100  # getUpdates answers at most 100 updates

# One user's journey: (kind, payload); "m" a text message, "c" a button press.
JOURNEY: list[tuple[str, str]] = [
    ("m", "/start"), ("c", "lg:ru"), ("c", "ob:consent:yes"), ("m", "Малика Каримова"),
    ("c", "ob:age:18-24"), ("c", "ob:region:TJ-SU"), ("c", "ob:city:khujand"),
    ("c", "ob:status:university"), ("c", "ob:interests:web"), ("c", "ob:interests:done"),
    ("c", "ob:level:beginner"), ("c", "ob:goal:learn"),
    ("m", "/menu"), ("c", "m:c"), ("c", "m:h"), ("c", f"c1:o:{COURSE}"), ("c", f"c1:e:{COURSE}"),
    ("c", f"ln:g:{COURSE}:"), ("c", f"ln:d:{COURSE}:one"), ("c", f"qz:{COURSE}:one:0:1"),
    ("c", f"qz:{COURSE}:one:1:1"), ("c", "m:y"), ("m", "/help"),
]


def user_dict(uid: int) -> dict[str, Any]:
    return {"id": uid, "is_bot": False, "first_name": "Malika", "language_code": "ru"}


def update_dict(update_id: int, uid: int, kind: str, payload: str) -> dict[str, Any]:
    now = int(time.time())
    chat = {"id": uid, "type": "private", "first_name": "Malika"}
    if kind == "m":
        message: dict[str, Any] = {"message_id": update_id, "date": now, "chat": chat,
                                   "from": user_dict(uid), "text": payload}
        if payload.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(payload.split()[0])}]
        return {"update_id": update_id, "message": message}
    shown = {"message_id": update_id - 1, "date": now, "chat": chat, "from": BOT_USER,
             "text": "…"}
    return {"update_id": update_id, "callback_query": {
        "id": str(update_id), "from": user_dict(uid), "chat_instance": "ci", "data": payload,
        "message": shown}}


def journeys(users: int, first_update: int = 1, first_user: int = FIRST_USER) -> Iterator[
        dict[str, Any]]:
    """Every user's journey, interleaved: step 1 of everyone, then step 2, and so on, so a
    batch holds many users and each user's next update comes after her previous one."""
    ids = itertools.count(first_update)
    for kind, payload in JOURNEY:
        for uid in range(first_user, first_user + users):
            yield update_dict(next(ids), uid, kind, payload)


def echo_updates(count: int, users: int) -> Iterator[dict[str, Any]]:
    for n in range(count):
        yield update_dict(n + 1, FIRST_USER + n % users, "m", f"hello {n}")


def parse(raw: list[dict[str, Any]], bot: Bot) -> list[Update]:
    return [Update.model_validate(u, context={"bot": bot}) for u in raw]


def percentiles(times: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(times, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


class Result:
    def __init__(self, name: str, count: int, elapsed: float, times: list[float]) -> None:
        self.name = name
        self.count = count
        self.elapsed = elapsed
        self.rate = count / elapsed
        self.p50, self.p95, self.p99 = percentiles(times)

    def line(self) -> str:
        return (f"{self.name:<24} {self.count:>8,} updates in {self.elapsed:6.2f} s = "
                f"{self.rate:8,.0f}/s   handling p50 {self.p50:6.2f} ms, p95 {self.p95:6.2f} ms, "
                f"p99 {self.p99:6.2f} ms")


def timed(handle: Callable[[Update], Awaitable[bool]], times: list[float]) -> Callable[
        [Update], Awaitable[bool]]:
    async def wrapper(update: Update) -> bool:
        started = time.perf_counter()
        try:
            return await handle(update)
        finally:
            times.append(time.perf_counter() - started)
    return wrapper


async def start_app(tmp: Path, locales: Locales) -> tuple[App, NullSession]:
    settings = make_settings(tmp / "bench.sqlite3", log_level="WARNING")
    # the Bot API is not there: lift the sending pace, so only the handling is measured
    settings.send_rate = 1e6
    settings.chat_rate = 1e6
    settings.chat_burst = 100
    session = NullSession()
    app = await build_app(settings, session=session, clock=SystemClock(), locales=locales,
                          courses_dir=write_courses(tmp / "courses"))
    return app, session


async def feed(app: App, batches: Iterator[list[Update]]) -> None:
    """As the poller does: store a batch, go on while fewer than MAX_BACKLOG are unfinished."""
    for batch in batches:
        await app.runner.receive(batch)
        while app.runner.in_flight >= MAX_BACKLOG:  # noqa: ASYNC110 - the runner has no event
            await asyncio.sleep(0.001)
    await app.runner.wait_idle()


def chunks(items: list[Update], size: int = BATCH) -> Iterator[list[Update]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


async def paced(app: App, updates: list[Update], rate: float) -> None:
    """Offered at a steady `rate` per second, one every 1/rate s, below what the bot can do:
    as updates come from many people each doing one thing at a time."""
    started = time.perf_counter()
    for n, update in enumerate(updates):
        await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
        await app.runner.receive([update])
    await app.runner.wait_idle()


async def full_stack(users: int, locales: Locales, profile: str | None,
                     rate: float | None = None) -> tuple[Result, App]:
    """Flat out (as fast as the poller can store them), or offered at a steady `rate`."""
    with tempfile.TemporaryDirectory() as tmp:
        app, _ = await start_app(Path(tmp), locales)
        try:
            updates = parse(list(journeys(users)), app.bot)
            times: list[float] = []
            app.runner.handle = timed(app.runner.handle, times)  # type: ignore[method-assign]
            gc.collect()
            settle_heap()  # as `bot.app.run` does before it starts polling
            profiler = cProfile.Profile() if profile else None
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            if rate is None:
                await feed(app, chunks(updates))
            else:
                await paced(app, updates, rate)
            elapsed = time.perf_counter() - started
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            await check_journeys(app, users)
        finally:
            await shutdown(app)
    name = "bot (full stack)" if rate is None else f"bot, offered {rate:.0f}/s"
    return Result(name, len(updates), elapsed, times), app


async def check_journeys(app: App, users: int) -> None:
    """The run counts only if every journey went through: onboarded, enrolled, quiz passed."""
    async with app.db.read() as tx:
        cur = await tx.conn.execute(
            "SELECT (SELECT count(*) FROM users WHERE onboarded_at IS NOT NULL), "
            "(SELECT count(*) FROM enrollments WHERE course_id = ?), "
            "(SELECT count(*) FROM lesson_progress WHERE course_id = ? AND lesson_id = 'one'), "
            "(SELECT count(*) FROM inbox WHERE status != 'done')", (COURSE, COURSE))
        onboarded, enrolled, passed, not_done = await cur.fetchone()  # type: ignore[misc]
    problems = []
    if onboarded != users:
        problems.append(f"{onboarded} of {users} onboarded")
    if enrolled != users:
        problems.append(f"{enrolled} of {users} enrolled")
    if passed != users:
        problems.append(f"{passed} of {users} passed the first lesson")
    if not_done:
        problems.append(f"{not_done} update(s) not handled")
    if problems:
        raise SystemExit("the journeys did not go through: " + "; ".join(problems))


async def bare(count: int, users: int) -> Result:
    """A bare aiogram bot: memory storage, one echo handler, the same session."""
    bot = Bot(TOKEN, session=NullSession())
    dp = Dispatcher(storage=MemoryStorage())

    async def echo(message: Message) -> None:
        await message.answer(message.text or "")

    dp.message.register(echo)
    updates = parse(list(echo_updates(count, users)), bot)
    times: list[float] = []

    async def one(update: Update) -> None:
        started = time.perf_counter()
        await dp.feed_update(bot, update)
        times.append(time.perf_counter() - started)

    gc.collect()
    started = time.perf_counter()
    for batch in chunks(updates):  # as aiogram's polling does: each update a task
        await asyncio.gather(*(one(u) for u in batch))
    elapsed = time.perf_counter() - started
    await bot.session.close()
    return Result("bare aiogram (echo)", count, elapsed, times)


class RoundTrips:
    """Counts, per update, what the bot asks of the database."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.sites: Counter[str] = Counter()

    def install(self, app: App) -> None:
        db = app.db
        conn = db.conn
        transaction, read = db.transaction, db.read
        counts, sites = self.counts, self.sites

        def site() -> str:
            frame = sys._getframe(2)
            while frame.f_back is not None and frame.f_code.co_filename.endswith(
                    ("contextlib.py", "fsm.py", "database.py")):
                frame = frame.f_back
            name = Path(frame.f_code.co_filename).stem
            return f"{name}.{frame.f_code.co_name}"

        def counted_transaction() -> Any:
            counts["write blocks"] += 1
            sites["write " + site()] += 1
            return transaction()

        def counted_read() -> Any:
            counts["reads"] += 1
            sites["read " + site()] += 1
            return read()

        def counted(execute: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
            async def run(*args: Any, **kwargs: Any) -> Any:
                counts["statements"] += 1
                if args and args[0] == "COMMIT":
                    counts["commits"] += 1
                return await execute(*args, **kwargs)
            return run

        db.transaction = counted_transaction  # type: ignore[method-assign]
        db.read = counted_read  # type: ignore[method-assign]
        for name in ("execute", "execute_fetchall", "executemany"):
            setattr(conn, name, counted(getattr(conn, name)))


async def count_round_trips(users: int, locales: Locales) -> tuple[int, RoundTrips]:
    trips = RoundTrips()
    with tempfile.TemporaryDirectory() as tmp:
        app, _ = await start_app(Path(tmp), locales)
        try:
            updates = parse(list(journeys(users)), app.bot)
            trips.install(app)
            await feed(app, chunks(updates))
            await check_journeys(app, users)
        finally:
            await shutdown(app)
    return len(updates), trips


async def main(users: int, count_users: int, profile: str | None, rate: float) -> int:
    logging.basicConfig(level=logging.WARNING)
    locales = Locales()
    full, app = await full_stack(users, locales, profile)
    base = await bare(full.count, users)
    steady, _ = await full_stack(max(1, int(rate * 20 / len(JOURNEY))), locales, None, rate)
    print(f"synthetic users: {users:,}, {len(JOURNEY)} updates each (onboarding, menu, catalog, "
          f"enroll, lesson and quiz); MAX_CONCURRENT_UPDATES={app.settings.max_concurrent_updates}")
    print(full.line())
    print(base.line())
    print(steady.line() + "  (offered at a steady rate, not flat out)")
    print(f"ratio bot/bare: throughput {full.rate / base.rate:.3f}, "
          f"p50 {full.p50 / base.p50:.1f}x, p99 {full.p99 / base.p99:.1f}x")
    print(f"targets: >= 1,000 updates/s ({'met' if full.rate >= 1000 else 'MISSED'}: "
          f"{full.rate:,.0f}/s); p99 handling < 20 ms at a steady rate below capacity "
          f"({'met' if steady.p99 < 20 else 'MISSED'}: {steady.p99:.1f} ms at "
          f"{rate:.0f}/s; flat out, where it includes waiting for the others in flight: "
          f"{full.p99:.1f} ms)")
    counted, trips = await count_round_trips(count_users, locales)
    per = {k: v / counted for k, v in trips.counts.items()}
    print(f"database per update (instrumented pass, {counted:,} updates): "
          f"{per.get('commits', 0):.2f} commits, {per.get('write blocks', 0):.2f} write "
          f"blocks (savepoints of the update's unit), {per.get('reads', 0):.2f} read blocks, "
          f"{per.get('statements', 0):.1f} statements, run on the event loop's thread "
          f"(no round trips to another thread)")
    print("  where (per update): " + ", ".join(
        f"{name} {n / counted:.2f}" for name, n in trips.sites.most_common(12)))
    if profile:
        print(f"profile written to {profile}")
    return 0 if full.rate >= 1000 and steady.p99 < 20 else 1


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--count-users", type=int, default=200,
                        help="users of the instrumented pass that counts database round trips")
    parser.add_argument("--profile", help="write a cProfile of the full-stack run to this file")
    parser.add_argument("--rate", type=float, default=50.0,
                        help="the steady offered rate of the second pass (20 s of journeys)")
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.users, args.count_users, args.profile, args.rate)))
