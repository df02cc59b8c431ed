"""Webhook mode end to end: `python -m bot` with WEBHOOK_URL set, Telegram's side played by the
local Bot API server (setWebhook, the replies) and by the test (POSTing updates)."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.settings import SettingsError, load_settings
from tests.e2e import BotProcess
from tests.fake_api import FakeTelegram
from tests.harness import TOKEN

SECRET = "wh_secret-0123456789-abcdefXYZ"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
USER = 5151


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(TOKEN) as server:
        yield server
    assert not server.problems, server.problems


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def start_webhook_bot(fake: FakeTelegram, tmp_path: Path,
                            processes: list[BotProcess]) -> tuple[BotProcess, str]:
    """The bot in webhook mode; returns it and its base URL once Telegram knows the webhook."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    bot = BotProcess(fake, tmp_path, TOKEN, WEBHOOK_URL=f"{base}/tg", WEBHOOK_SECRET=SECRET,
                     WEBHOOK_LISTEN_PORT=str(port))
    processes.append(bot)
    await bot.start()
    try:
        await fake.wait_for("setWebhook", timeout=40)
    except TimeoutError:
        raise AssertionError(bot.output()) from None
    return bot, base


def message_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private message as Telegram POSTs it to a webhook."""
    user = {"id": user_id, "is_bot": False, "first_name": "Nigina", "language_code": "ru"}
    message: dict[str, Any] = {
        "message_id": 1000 + update_id, "from": user,
        "chat": {"id": user_id, "type": "private", "first_name": "Nigina"},
        "date": int(time.time()), "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": update_id, "message": message}


async def post(http: aiohttp.ClientSession, url: str, body: Any,
               secret: str | None = SECRET) -> tuple[int, str]:
    headers = {HEADER: secret} if secret is not None else {}
    if isinstance(body, bytes):
        headers["Content-Type"] = "application/json"
        async with http.post(url, data=body, headers=headers) as r:
            return r.status, await r.text()
    async with http.post(url, json=body, headers=headers) as r:
        return r.status, await r.text()


async def health(http: aiohttp.ClientSession, base: str) -> tuple[int, dict[str, Any]]:
    async with http.get(f"{base}/healthz") as r:
        return r.status, await r.json()


async def _inbox_before_200_and_locked_database(bot: BotProcess, fake: FakeTelegram,
                                                http: aiohttp.ClientSession, base: str) -> None:
    fake.hold("sendMessage", 3.0, predicate=lambda p: p.get("chat_id") == USER)
    assert (await post(http, f"{base}/tg", message_update(9101, USER, "/start")))[0] == 200
    # the reply is held, so handling has not finished: the row was stored before the 200
    assert bot.query("SELECT status FROM inbox WHERE update_id = ?", 9101) == [("pending",)]
    await bot.until("SELECT status FROM inbox WHERE update_id = ?", 9101, expect=[("done",)])

    # another process holds the write lock: the health probe cannot write
    locker = sqlite3.connect(bot.db_path, timeout=5, isolation_level=None)
    try:
        locker.execute("BEGIN IMMEDIATE")
        status, body = await health(http, base)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert status == 503, body
    assert str(body["database"]).startswith("error") and body["scheduler"] == "running"
    for _ in range(100):
        status, body = await health(http, base)
        if status == 200:
            break
        await asyncio.sleep(0.1)
    assert body == {"database": "ok", "scheduler": "running", "mode": "webhook"}


async def test_webhook_mode_answers_checks_the_secret_and_keeps_the_webhook(
    fake: FakeTelegram, tmp_path: Path, processes: list[BotProcess]
) -> None:
    bot, base = await start_webhook_bot(fake, tmp_path, processes)
    hook = fake.calls("setWebhook")[-1].params
    assert hook["url"] == f"{base}/tg"
    assert hook["secret_token"] == SECRET and fake.webhook_secret == SECRET
    assert {"message", "callback_query"} <= set(hook["allowed_updates"])
    assert hook.get("drop_pending_updates") in (None, False)
    assert not fake.calls("deleteWebhook") and not fake.calls("getUpdates")

    async with aiohttp.ClientSession() as http:
        since = len(fake.requests)
        assert await post(http, f"{base}/tg", message_update(9001, USER, "/start")) == (200, "")
        picker = await bot.next_screen(USER, since)
        buttons = [b["text"] for row in picker["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons == ["Русский", "Тоҷикӣ", "English"]
        await bot.until("SELECT status FROM inbox WHERE update_id = ?", 9001, expect=[("done",)])

        # without the right secret nothing is read, stored or answered
        wrong = await post(http, f"{base}/tg", message_update(9002, 6262, "/start"), "nope")
        missing = await post(http, f"{base}/tg", message_update(9003, 6363, "/start"), None)
        assert wrong[0] == missing[0] == 401
        assert (await post(http, f"{base}/tg", b"{not json"))[0] == 400
        assert (await post(http, f"{base}/tg", {"message": {"text": "no id"}}))[0] == 400
        status, body = await health(http, base)
        assert (status, body) == (200, {"database": "ok", "scheduler": "running",
                                         "mode": "webhook"})
        # a later good update is handled: the refused ones were never queued before it
        assert (await post(http, f"{base}/tg", message_update(9004, USER, "/help")))[0] == 200
        await bot.until("SELECT status FROM inbox WHERE update_id = ?", 9004, expect=[("done",)])
        # an update is in the inbox before the 200; /healthz sees a locked database
        await _inbox_before_200_and_locked_database(bot, fake, http, base)
    assert bot.query("SELECT update_id FROM inbox WHERE update_id IN (9002, 9003)") == []
    assert fake.sent_texts(6262) == [] and fake.sent_texts(6363) == []

    bot.signal(signal.SIGTERM)
    assert await bot.wait() == 0
    # the webhook stays: Telegram keeps updates for the next start
    assert fake.webhook_url == f"{base}/tg" and not fake.calls("deleteWebhook")
    out = bot.output()
    assert SECRET not in out and TOKEN not in out
    assert "Traceback" not in out


@pytest.mark.parametrize(("env", "problem"), [
    ({"webhook_url": "https://bot.example.org/telegram"}, "WEBHOOK_SECRET"),
    ({"webhook_url": "https://bot.example.org/telegram", "webhook_secret": "a b"},
     "WEBHOOK_SECRET"),
    ({"webhook_url": "https://bot.example.org/t", "webhook_secret": "x" * 257}, "WEBHOOK_SECRET"),
    ({"webhook_url": "http://bot.example.org/telegram", "webhook_secret": "abc"}, "WEBHOOK_URL"),
    ({"webhook_url": "bot.example.org/telegram", "webhook_secret": "abc"}, "WEBHOOK_URL"),
    ({"webhook_listen_port": 70000}, "WEBHOOK_LISTEN_PORT"),
])
def test_webhook_settings_are_checked(env: dict[str, Any], problem: str) -> None:
    with pytest.raises(SettingsError, match=problem) as e:
        load_settings(bot_token=TOKEN, _env_file=None, **env)
    assert "a b" not in str(e.value) and "x" * 257 not in str(e.value)


def test_webhook_settings_defaults_and_path() -> None:
    polling = load_settings(bot_token=TOKEN, _env_file=None)
    assert polling.webhook_url is None and polling.webhook_secret is None
    assert (polling.webhook_listen_host, polling.webhook_listen_port) == ("127.0.0.1", 8080)
    hook = load_settings(bot_token=TOKEN, _env_file=None,
                         webhook_url="https://bot.example.org/telegram", webhook_secret=SECRET)
    assert hook.webhook_path == "/telegram" and SECRET not in repr(hook)
    bare = load_settings(bot_token=TOKEN, _env_file=None,
                         webhook_url="https://bot.example.org", webhook_secret=SECRET)
    assert bare.webhook_path == "/"
