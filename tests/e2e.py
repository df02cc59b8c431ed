"""Running the real bot process (`python -m bot`) against the local Bot API server."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

from tests.fake_api import FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ("sendMessage", "editMessageText")


def assert_no_token(text: str, where: str, *tokens: str) -> None:
    """Fails when a token, or the secret part after its colon, appears in the text."""
    for token in tokens:
        _, _, secret = token.partition(":")
        for leaked in (token, secret):
            if leaked and leaked in text:
                line = next(x for x in text.splitlines() if leaked in x)
                raise AssertionError(
                    f"the bot token appears in {where}: {line.replace(leaked, '<TOKEN>')!r}")


class BotProcess:
    def __init__(self, fake: FakeTelegram, workdir: Path, token: str, **env: str) -> None:
        self.fake = fake
        self.workdir = workdir
        self.db_path = workdir / "bot.sqlite3"
        self.token = token
        self.extra_env = env
        self.proc: asyncio.subprocess.Process | None = None
        self.log_path = workdir / "bot.log"

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_"))}
        env.update({
            "BOT_TOKEN": self.token, "BOT_API_URL": self.fake.url,
            "DATABASE_PATH": str(self.db_path), "POLLING_TIMEOUT": "1",
            "LOG_LEVEL": "DEBUG", "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        log = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=env,
            stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL,
        )
        log.close()

    async def wait_polling(self, timeout: float = 40.0) -> None:
        """Until the process has started and asks for updates."""
        since = len(self.fake.requests)
        await self.fake.wait_for("getUpdates", timeout=timeout, since=since)

    async def say(self, user_id: int, text: str, **kw: object) -> dict[str, object]:
        """She sends a message; returns the bot's next screen for her."""
        since = len(self.fake.requests)
        self.fake.user_message(user_id, text, **kw)  # type: ignore[arg-type]
        return await self.next_screen(user_id, since)

    async def tap(self, user_id: int, data: str, **kw: object) -> dict[str, object]:
        """She taps the button with this data on the newest message that shows it."""
        message_id = next(
            m["message_id"] for m in reversed(self.fake.messages(user_id))
            if any(b.get("callback_data") == data
                   for row in (m.get("reply_markup") or {}).get("inline_keyboard", [])
                   for b in row)
        )
        since = len(self.fake.requests)
        self.fake.user_callback(user_id, data, message_id=message_id, **kw)  # type: ignore[arg-type]
        return await self.next_screen(user_id, since)

    async def next_screen(self, user_id: int, since: int,
                          timeout: float = 10.0) -> dict[str, object]:
        """The first message sent or edited for her after request number `since`."""
        deadline = asyncio.get_running_loop().time() + timeout
        while asyncio.get_running_loop().time() < deadline:
            for request in self.fake.requests[since:]:
                if request.method in SCREENS and request.params.get("chat_id") == user_id:
                    return request.params
            await asyncio.sleep(0.02)
        raise AssertionError(f"no screen for {user_id}\n{self.output()}")

    def signal(self, sig: signal.Signals) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    async def wait(self, timeout: float = 30.0) -> int:
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self) -> None:
        """Kills the process if it still runs; its output must never carry the token."""
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()
            await self.proc.wait()
        assert_no_token(self.output(), f"the output of {self.log_path}", self.token)

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if (
            self.log_path.exists()) else ""

    def query(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db_path, timeout=5) as conn:
            return list(conn.execute(sql, args))

    async def until(self, sql: str, *args: object, expect: object,
                    timeout: float = 15.0) -> None:
        """Poll the database until the query answers `expect`."""
        deadline = asyncio.get_running_loop().time() + timeout
        last: object = None
        while asyncio.get_running_loop().time() < deadline:
            if self.db_path.exists():
                try:
                    last = self.query(sql, *args)
                except sqlite3.OperationalError:
                    last = None
                if last == expect:
                    return
            await asyncio.sleep(0.05)
        raise AssertionError(f"{sql} gave {last!r}, expected {expect!r}\n{self.output()}")
