"""Running the real bot process (`python -m bot`) against the local Bot API server.

Each start is a new process running the `bot` package as `__main__`, exactly as
`python -m bot` does. By default it is forked from a server process (one per test worker)
that has imported the bot's modules once: importing aiogram builds some 450 pydantic models,
about 8 s of one core here, and the end-to-end tests start some twenty processes. A test can
ask for the literal `python -m bot` command instead (`literal=True`).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import runpy
import signal
import sqlite3
import sys
from multiprocessing.context import ForkServerContext
from pathlib import Path
from typing import Any

from bot.clock import SystemClock, to_db
from storage import Database, Tx
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


_forks: ForkServerContext | None = None


def _forkserver() -> ForkServerContext:
    global _forks
    if _forks is None:
        _forks = multiprocessing.get_context("forkserver")
        _forks.set_forkserver_preload(["bot.app", "bot.cli"])
    return _forks


def _run_bot(env: dict[str, str], cwd: str, log_path: str) -> None:
    """In the forked process: her environment, working directory and output, then the `bot`
    package as `__main__` (what `python -m bot` runs)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_DFL)
    log = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    sys.stdout = open(1, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", buffering=1, encoding="utf-8", closefd=False)  # noqa: SIM115
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.argv = ["-m"]  # no arguments: run the bot (run_module puts the file's path first)
    runpy.run_module("bot", run_name="__main__", alter_sys=True)


async def add_onboarded(tx: Tx, people: list[tuple[int, str, str]]) -> None:
    """(id, language, name) of each: onboarded now, a student of 18-24 in Dushanbe with quiet
    hours off, written straight into the users table (without going through onboarding)."""
    now = to_db(SystemClock().now())
    await tx.conn.executemany(
        "INSERT INTO users (id, language, name, consent_at, onboarded_at, region, "
        "age_group, status, quiet_hours, created_at, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?, 'TJ-DU', '18-24', 'university', 'off', ?, ?)",
        [(uid, language, name, now, now, now, now) for uid, language, name in people])


async def seed_community(db_path: Path, ids: list[int], owner: int) -> None:
    """Onboarded participants in Russian and the owner in English, written straight into a
    new database (what a broadcast to 2,000 or 10,000 people needs, without onboarding each)."""
    db = Database(db_path)
    await db.open()
    async with db.transaction() as tx:
        await add_onboarded(tx, [(uid, "ru", f"Участница {uid}") for uid in ids]
                            + [(owner, "en", "Owner")])
    await db.close()


class BotProcess:
    def __init__(self, fake: FakeTelegram, workdir: Path, token: str, *,
                 literal: bool = False, **env: str) -> None:
        self.fake = fake
        self.workdir = workdir
        self.db_path = workdir / "bot.sqlite3"
        self.token = token
        self.extra_env = env
        self.literal = literal
        self.proc: asyncio.subprocess.Process | None = None
        self.forked: Any = None  # a multiprocessing Process
        self.log_path = workdir / "bot.log"

    async def start(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_"))}
        env.update({
            "BOT_TOKEN": self.token, "BOT_API_URL": self.fake.url,
            "DATABASE_PATH": str(self.db_path), "POLLING_TIMEOUT": "1",
            "LOG_LEVEL": "DEBUG", "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
        })
        env.update(self.extra_env)
        if not self.literal:
            self.forked = _forkserver().Process(
                target=_run_bot, args=(env, str(self.workdir), str(self.log_path)),
                name="bot", daemon=False)
            await asyncio.to_thread(self.forked.start)
            return
        log = self.log_path.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=self.workdir, env=env,
            stdout=log, stderr=log, stdin=asyncio.subprocess.DEVNULL,
        )
        log.close()

    @property
    def pid(self) -> int:
        if self.forked is not None:
            return int(self.forked.pid)
        assert self.proc is not None
        return self.proc.pid

    @property
    def returncode(self) -> int | None:
        if self.forked is not None:
            return self.forked.exitcode  # type: ignore[no-any-return]
        return None if self.proc is None else self.proc.returncode

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
        if self.forked is not None:
            if self.forked.exitcode is None:
                os.kill(self.forked.pid, sig)
            return
        assert self.proc is not None
        self.proc.send_signal(sig)

    async def wait(self, timeout: float = 30.0) -> int:
        if self.forked is not None:
            deadline = asyncio.get_running_loop().time() + timeout
            while self.forked.exitcode is None:
                if asyncio.get_running_loop().time() > deadline:
                    raise TimeoutError(f"bot process {self.forked.pid} still runs")
                await asyncio.sleep(0.02)
            self.forked.join()
            return int(self.forked.exitcode)
        assert self.proc is not None
        return await asyncio.wait_for(self.proc.wait(), timeout)

    async def stop(self) -> None:
        """Kills the process if it still runs; its output must never carry the token."""
        started = self.forked is not None or self.proc is not None
        if started and self.returncode is None:
            self.signal(signal.SIGKILL)
            await self.wait()
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
