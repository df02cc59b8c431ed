"""The one sender against the local Bot API server: pacing, 429 pauses, retries, priority.

Telegram's limits and the bot's rates are both scaled up ten times so the tests run fast."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App, build_app, shutdown
from bot.clock import ManualClock, to_db
from bot.delivery.outbox import Notification
from bot.delivery.pacer import GlobalLimiter, Priority
from bot.i18n import Locales
from tests.fake_api import FakeTelegram
from tests.harness import TOKEN, make_settings

L = Locales()
SCALE = 10


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        server.enforce_limits(global_per_second=30 * SCALE, chat_burst=3,
                              chat_refill_per_second=1.0 * SCALE)
        yield server
    assert not server.problems, server.problems


async def _app(fake: FakeTelegram, tmp_path: Path, scale: int) -> App:
    settings = make_settings(tmp_path / "bot.sqlite3", bot_api_url=fake.url,
                             send_rate=25.0 * scale, chat_rate=1.0 * scale,
                             retry_backoff_seconds=0.05, outbox_max_sending=50)
    return await build_app(settings, clock=ManualClock())


@pytest.fixture
async def app(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    application = await _app(fake, tmp_path, SCALE)
    yield application
    await shutdown(application)


@pytest.fixture
async def real_pace_app(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[App]:
    """Telegram's own limits and the bot's default rates, unscaled."""
    fake.enforce_limits()
    application = await _app(fake, tmp_path, 1)
    yield application
    await shutdown(application)


async def users_with_notifications(app: App, count: int, *, first_id: int = 10_000,
                                   per_user: int = 1) -> list[int]:
    ids = list(range(first_id, first_id + count))
    now = app.clock.now()
    async with app.db.transaction() as tx:
        for uid in ids:
            await tx.users.create(uid, to_db(now), "en")
            for n in range(per_user):
                await app.services.outbox.enqueue(tx, Notification(
                    user_id=uid, kind="test", template="help-text", args={"count": n},
                    due_at=now, dedup_key=f"burst:{uid}:{n}"))
    return ids


def calls_to(fake: FakeTelegram, chat_id: int) -> list[object]:
    return [r for r in fake.calls("sendMessage") if r.params["chat_id"] == chat_id]


async def outbox_statuses(app: App) -> Counter[str]:
    async with app.db.read() as tx:
        cur = await tx.conn.execute("SELECT status, count(*) FROM outbox GROUP BY status")
        return Counter({row[0]: row[1] for row in await cur.fetchall()})


async def test_300_notifications_at_once_all_delivered_once_within_limits(
    app: App, fake: FakeTelegram
) -> None:
    ids = await users_with_notifications(app, 300)
    report = await app.deliverer.run_due()
    assert report["sent"] == 300
    delivered = Counter(int(r.params["chat_id"]) for r in fake.accepted_sends())
    assert set(delivered) == set(ids) and max(delivered.values()) == 1
    assert fake.rate_limited == []  # the bot's own pace never hit Telegram's limits
    assert await outbox_statuses(app) == Counter({"sent": 300})


async def test_one_chat_gets_its_messages_paced_not_refused(
    app: App, fake: FakeTelegram
) -> None:
    (uid,) = await users_with_notifications(app, 1, per_user=8)
    report = await app.deliverer.run_due()
    assert report["sent"] == 8
    assert len(fake.accepted_sends(uid)) == 8
    assert fake.rate_limited == []


async def test_429_pauses_every_sender_retries_and_sends_nothing_twice(
    app: App, fake: FakeTelegram
) -> None:
    ids = await users_with_notifications(app, 30)
    fake.fail("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    report = await app.deliverer.run_due()
    assert report["sent"] == 30
    delivered = Counter(int(r.params["chat_id"]) for r in fake.accepted_sends())
    assert set(delivered) == set(ids) and max(delivered.values()) == 1
    sends = fake.calls("sendMessage")
    assert len(sends) == 31  # the refused one was retried, once
    refused = next(r for r in sends if r.status == 429)
    assert refused.responded_at is not None
    # nothing left the bot during the pause except what was already on its way
    after = [r for r in sends if r.at > refused.responded_at + 0.05]
    assert after and all(r.at >= refused.responded_at + 0.9 for r in after)


async def test_server_errors_non_json_and_dropped_connections_are_retried(
    app: App, fake: FakeTelegram
) -> None:
    a, b, c = await users_with_notifications(app, 3)
    fake.fail("sendMessage", 500, "Internal Server Error", predicate=lambda p: p["chat_id"] == a)
    fake.fail_non_json("sendMessage", predicate=lambda p: p["chat_id"] == b)
    fake.drop("sendMessage", predicate=lambda p: p["chat_id"] == c)
    report = await app.deliverer.run_due()
    assert report["sent"] == 3
    for uid in (a, b, c):
        assert len(calls_to(fake, uid)) == 2 and len(fake.accepted_sends(uid)) == 1


async def test_retries_are_bounded(app: App, fake: FakeTelegram) -> None:
    a, b, c = await users_with_notifications(app, 3)
    retries = app.settings.send_retries
    fake.fail("sendMessage", 502, "Bad Gateway", count=retries + 1,
              predicate=lambda p: p["chat_id"] == a)
    fake.drop("sendMessage", count=retries + 1, predicate=lambda p: p["chat_id"] == b)
    fake.fail("sendMessage", 400, "Bad Request: chat not found",
              predicate=lambda p: p["chat_id"] == c)
    report = await app.deliverer.run_due()
    assert len(calls_to(fake, a)) == retries + 1 and len(calls_to(fake, b)) == retries + 1
    assert len(calls_to(fake, c)) == 1  # other 4xx are not retried
    assert (report["failed"], report["unknown"]) == (2, 1)  # a dropped one may have arrived


async def test_a_users_start_during_a_burst_goes_ahead_of_bulk(
    real_pace_app: App, fake: FakeTelegram
) -> None:
    app = real_pace_app
    await users_with_notifications(app, 80)
    burst = asyncio.create_task(app.deliverer.run_due())
    while len(fake.accepted_sends()) < 5:  # noqa: ASYNC110 - the server has no event for it
        await asyncio.sleep(0.005)
    written = time.monotonic()
    update_id = fake.user_message(4242, "/start", language_code="ru")
    await app.runner.receive(await app.bot.get_updates(offset=update_id, timeout=0))
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == 4242)
    await app.runner.wait_idle(10)
    assert (await burst)["sent"] == 80
    assert reply.params["text"] == L["ru"]("language-choose")
    bulk_before_reply = [r for r in fake.accepted_sends()
                         if r.params["chat_id"] != 4242 and written <= r.at < reply.at]
    # About 45 bulk requests were waiting for a slot (two seconds' worth at 25/s); the reply
    # did not queue behind them: fewer than one second's worth of bulk went before it.
    assert len(bulk_before_reply) < 25
    assert fake.rate_limited == []


async def test_interactive_requests_are_granted_before_waiting_bulk() -> None:
    limiter = GlobalLimiter(rate=20)
    order: list[str] = []

    async def take(name: str, priority: Priority) -> None:
        await limiter.acquire(priority)
        order.append(name)

    bulk = [asyncio.create_task(take(f"bulk{i}", Priority.bulk)) for i in range(5)]
    await asyncio.sleep(0)
    await asyncio.sleep(0.01)
    reply = asyncio.create_task(take("reply", Priority.interactive))
    await asyncio.gather(*bulk, reply)
    assert order.index("reply") <= 2
    assert sorted(order) == sorted([*(f"bulk{i}" for i in range(5)), "reply"])


async def test_a_pause_holds_every_waiter() -> None:
    loop = asyncio.get_running_loop()
    limiter = GlobalLimiter(rate=1000)
    limiter.pause(0.3)
    start = loop.time()
    await asyncio.gather(*(limiter.acquire(Priority.bulk) for _ in range(3)))
    assert loop.time() - start >= 0.29


async def test_slots_missed_while_the_process_was_busy_never_make_a_second_exceed_the_rate(
) -> None:
    """The pacer makes up slots a busy event loop made it miss, but a sliding one-second
    window still holds: never more grants than the rate in any second."""
    limiter = GlobalLimiter(rate=40)
    granted: list[float] = []

    async def one() -> None:
        await limiter.acquire(Priority.bulk)
        granted.append(time.monotonic())
        if len(granted) == 10:
            time.sleep(0.2)  # noqa: ASYNC251 - the process is busy: the pacer cannot wake

    await asyncio.gather(*(one() for _ in range(60)))
    assert len(granted) == 60
    for i, start in enumerate(granted):
        assert sum(1 for t in granted[i:] if t - start < 1.0) <= 40
