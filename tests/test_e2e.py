"""End to end: `python -m bot` as a real process against the local Bot API server."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.i18n import Locales
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


@pytest.fixture
async def processes(fake: FakeTelegram, tmp_path: Path) -> AsyncIterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for p in started:
        await p.stop()


async def _start(fake: FakeTelegram, tmp_path: Path, started: list[BotProcess],
                 token: str = TOKEN) -> BotProcess:
    p = BotProcess(fake, tmp_path, token)
    started.append(p)
    await p.start()
    return p


def _done(update_id: int) -> tuple[str, list[tuple[object, ...]]]:
    return "SELECT status FROM inbox WHERE update_id = ?", [("done",)]


async def test_start_and_language_choice(fake: FakeTelegram, tmp_path: Path,
                                         processes: list[BotProcess]) -> None:
    bot = await _start(fake, tmp_path, processes)
    await bot.wait_polling()
    assert fake.commands_for(None, "tg") is not None  # command lists set at start
    fake.user_message(USER, "/start", language_code="ru")
    picker = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    buttons = [b for row in picker.params["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["Русский", "Тоҷикӣ", "English"]
    tajik = next(b for b in buttons if b["text"] == "Тоҷикӣ")
    fake.user_callback(USER, tajik["callback_data"], message_id=picker.result["message_id"])
    edit = await fake.wait_for("editMessageText", lambda p: p["chat_id"] == USER)
    assert L["tg"]("menu-title") in edit.params["text"]
    await bot.until("SELECT language FROM users WHERE id = ?", USER, expect=[("tg",)])
    bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0


async def test_sigkill_during_held_reply_loses_nothing_and_sends_once(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = await _start(fake, tmp_path, processes)
    await bot.wait_polling()
    fake.user_message(USER, "/start", language_code="en")
    picker = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    fake.hold("editMessageText", 2.0)
    update_id = fake.user_callback(USER, "lg:ru", message_id=picker.result["message_id"])
    await fake.wait_for("editMessageText", lambda p: p["chat_id"] == USER)
    bot.signal(signal.SIGKILL)  # dies while Telegram holds the reply
    assert await bot.wait() == -signal.SIGKILL

    again = await _start(fake, tmp_path, processes)
    await again.until("SELECT status FROM inbox WHERE update_id = ?", update_id,
                      expect=[("done",)])
    await again.until("SELECT language FROM users WHERE id = ?", USER, expect=[("ru",)])
    edits = [r for r in fake.calls("editMessageText") if r.params["chat_id"] == USER]
    assert len(edits) == 1
    assert "delivery unknown" in again.output()
    again.signal(signal.SIGTERM)
    assert await again.wait() == 0


async def test_sigterm_during_held_reply_lets_it_go_out_and_exits_0(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot = await _start(fake, tmp_path, processes)
    await bot.wait_polling()
    fake.hold("sendMessage", 2.0)
    update_id = fake.user_message(USER, "/help", language_code="en")
    held = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
    assert held.ok, held.response
    assert held.params["text"] == L["en"]("help-text", count=0)
    assert bot.query("SELECT status FROM inbox WHERE update_id = ?", update_id) == [("done",)]


async def test_a_token_telegram_rejects_gets_a_clear_message(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    wrong = TOKEN.split(":")[0] + ":" + "B" * 35
    bot = await _start(fake, tmp_path, processes, token=wrong)
    assert await bot.wait() == 2
    out = bot.output()
    assert "BOT_TOKEN was rejected by Telegram" in out
    assert "Traceback" not in out and wrong not in out
