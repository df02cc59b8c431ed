"""End to end: `python -m bot` as a real process against the local Bot API server."""

from __future__ import annotations

import asyncio
import signal
import time
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
USER = 4242


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server
    assert not server.problems, server.problems


async def _start(fake: FakeTelegram, tmp_path: Path, started: list[BotProcess],
                 token: str = TOKEN, *, literal: bool = False) -> BotProcess:
    p = BotProcess(fake, tmp_path, token, literal=literal)
    started.append(p)
    await p.start()
    return p


async def test_onboarding_in_tajik_then_sigterm_lets_a_held_reply_go_out(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    t = L["tg"]
    bot = await _start(fake, tmp_path, processes, literal=True)  # the very `python -m bot`
    await bot.wait_polling()
    assert fake.commands_for(None, "tg") is not None  # command lists set at start
    picker = await bot.say(USER, "/start", language_code="ru")
    buttons = [b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["Русский", "Тоҷикӣ", "English"]
    assert (await bot.tap(USER, "lg:tg"))["text"] == t("consent-text")
    assert (await bot.tap(USER, "ob:consent:yes"))["text"] == t("name-ask")
    assert (await bot.say(USER, "Меҳрубон"))["text"] == t("age-ask")
    assert (await bot.tap(USER, "ob:age:16-17"))["text"] == t("guardian-ask")
    assert (await bot.tap(USER, "ob:guardian:yes"))["text"] == t("region-ask")
    assert (await bot.tap(USER, "ob:region:TJ-GB"))["text"] == t(
        "city-ask", region="ВМКБ (Бадахшон)")
    assert (await bot.tap(USER, "ob:city:khorog"))["text"] == t("status-ask")
    await bot.tap(USER, "ob:status:school")
    await bot.tap(USER, "ob:interests:robotics")
    assert (await bot.tap(USER, "ob:interests:done"))["text"] == t("level-ask")
    assert (await bot.tap(USER, "ob:level:beginner"))["text"] == t("goal-ask")
    final = await bot.tap(USER, "ob:goal:learn")
    assert str(final["text"]).startswith(t("onboarding-done"))
    await bot.until(
        "SELECT language, name, age_group, city, onboarded_at IS NOT NULL FROM users "
        "WHERE id = ?", USER, expect=[("tg", "Меҳрубон", "16-17", "khorog", 1)])
    scoped = fake.commands_for({"type": "chat", "chat_id": USER})
    assert scoped is not None and scoped[0]["description"] == t("cmd-start")

    # SIGTERM while Telegram holds a reply: the reply still goes out, the exit code is 0
    fake.hold("sendMessage", 2.0)
    update_id = fake.user_message(USER + 1, "/help", language_code="en")
    held = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER + 1)
    bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
    assert held.ok, held.response
    assert held.params["text"] == L["en"]("help-text", count=1)
    assert bot.query("SELECT status FROM inbox WHERE update_id = ?", update_id) == [("done",)]


async def test_sigkill_mid_onboarding_loses_nothing_sends_once_and_resumes(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    t = L["ru"]
    bot = await _start(fake, tmp_path, processes)
    await bot.wait_polling()
    await bot.say(USER, "/start", language_code="en")
    await bot.tap(USER, "lg:ru")
    await bot.tap(USER, "ob:consent:yes")
    await bot.say(USER, "Фарзона")
    fake.hold("editMessageText", 2.0)
    since = len(fake.requests)
    age_message = fake.messages(USER)[-1]["message_id"]
    update_id = fake.user_callback(USER, "ob:age:25-34", message_id=age_message)
    await fake.wait_for("editMessageText", lambda p: p["chat_id"] == USER, since=since)
    bot.signal(signal.SIGKILL)  # dies while Telegram holds the reply
    assert await bot.wait() == -signal.SIGKILL

    again = await _start(fake, tmp_path, processes)
    await again.until("SELECT status FROM inbox WHERE update_id = ?", update_id,
                      expect=[("done",)], timeout=60)
    # her answer was not lost, and the reply caught in flight went out exactly once
    assert again.query("SELECT age_group FROM users WHERE id = ?", USER) == [("25-34",)]
    region_questions = [r for r in fake.calls("editMessageText")
                        if r.params["chat_id"] == USER and r.params["text"] == t("region-ask")]
    assert len(region_questions) == 1
    assert "delivery unknown" in again.output()
    # the dialog continues from the same step, once Telegram let the held reply through
    for _ in range(100):
        if fake.messages(USER)[-1].get("text") == t("region-ask"):
            break
        await asyncio.sleep(0.05)
    assert (await again.tap(USER, "ob:region:TJ-DU"))["text"] == t("status-ask")
    again.signal(signal.SIGTERM)
    assert await again.wait() == 0


async def test_a_token_telegram_rejects_gets_a_clear_message(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    wrong = TOKEN.split(":")[0] + ":" + "B" * 35
    bot = await _start(fake, tmp_path, processes, token=wrong)
    assert await bot.wait(timeout=60) == 2
    out = bot.output()
    assert "BOT_TOKEN was rejected by Telegram" in out
    assert "Traceback" not in out and wrong not in out


async def _queue_notifications(db_path: Path, count: int) -> list[int]:
    """Users and notifications due now, written before the process starts."""
    db = Database(db_path)
    await db.open()
    outbox = Outbox(SystemClock())
    now = SystemClock().now()
    ids = list(range(50_000, 50_000 + count))
    async with db.transaction() as tx:
        for uid in ids:
            await tx.users.create(uid, to_db(now), "ru")
            await outbox.enqueue(tx, Notification(
                user_id=uid, kind="test", template="help-text", args={"count": 5},
                due_at=now - timedelta(minutes=1), dedup_key=f"e2e:{uid}", urgent=True))
    await db.close()
    return ids


async def test_sigkill_while_sending_notifications_never_sends_twice(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    fake.enforce_limits()  # Telegram's real limits
    ids = await _queue_notifications(tmp_path / "bot.sqlite3", 120)
    bot = BotProcess(fake, tmp_path, TOKEN, SEND_RATE="20", OUTBOX_MAX_SENDING="50")
    processes.append(bot)
    await bot.start()
    while len(fake.accepted_sends()) < 30:  # noqa: ASYNC110 - polling the server's record
        await asyncio.sleep(0.01)
    bot.signal(signal.SIGKILL)
    await bot.wait()
    killed_at = time.monotonic()

    again = BotProcess(fake, tmp_path, TOKEN, SEND_RATE="20", OUTBOX_MAX_SENDING="50")
    processes.append(again)
    await again.start()
    await again.until("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')",
                      expect=[(0,)], timeout=60)
    copies = Counter(int(r.params["chat_id"]) for r in fake.accepted_sends())
    assert max(copies.values()) == 1, "someone got a notification twice"
    rows = dict(again.query("SELECT user_id, status FROM outbox"))  # type: ignore[arg-type]
    unknown = {uid for uid, status in rows.items() if status == "unknown"}
    assert {uid for uid, status in rows.items() if status == "sent"} <= set(copies)
    none = set(ids) - set(copies)
    assert none == {uid for uid in unknown if uid not in copies}
    assert none, "the kill came while a batch was being sent: some rows must be unknown"
    # an unknown row with a copy was in flight at the kill: Telegram had it, the bot never heard
    for uid in unknown & set(copies):
        assert all(r.at < killed_at for r in fake.accepted_sends(uid))
    assert set(rows.values()) <= {"sent", "unknown"}
    assert fake.rate_limited == []
    again.signal(signal.SIGTERM)
    assert await again.wait() == 0
