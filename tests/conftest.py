from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.app import shutdown
from tests.e2e import BotProcess, assert_no_token
from tests.harness import TOKEN, Harness, make_settings, start_harness

MakeHarness = Callable[..., Awaitable[Harness]]


@pytest.fixture
async def make_harness(tmp_path: Path) -> AsyncIterator[MakeHarness]:
    started: list[Harness] = []

    async def make(**settings: Any) -> Harness:
        return await start_harness(make_settings(tmp_path / "bot.sqlite3", **settings), started)

    yield make
    for h in started:
        if h.app.db._conn is not None:
            await shutdown(h.app)
    for h in started:
        h.assert_all_requests_valid()


@pytest.fixture
async def processes() -> AsyncIterator[list[BotProcess]]:
    """Bot processes a test started; killed at the end whatever happened."""
    started: list[BotProcess] = []
    yield started
    for p in started:
        await p.stop()


@pytest.fixture
async def harness(make_harness: MakeHarness) -> Harness:
    return await make_harness()


def log_text(records: list[logging.LogRecord]) -> str:
    """Every record as a handler would print it: message, arguments, traceback and stack."""
    formatter = logging.Formatter("%(name)s: %(message)s")
    return "\n".join(formatter.format(r) for r in records)


def check_captured(caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    """What the test logged and printed so far carries neither the token nor its secret."""
    out, err = capsys.readouterr()
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert_no_token(log_text(records), "a log record", TOKEN)
    assert_no_token(out, "stdout", TOKEN)
    assert_no_token(err, "stderr", TOKEN)


@pytest.fixture(autouse=True)
def token_never_shown(caplog: pytest.LogCaptureFixture,
                      capsys: pytest.CaptureFixture[str]) -> Iterator[None]:
    """Fails any test whose log records, stdout or stderr carry the bot token or its secret."""
    yield
    check_captured(caplog, capsys)


SLOW_FIRST = ("test_e2e", "test_e2e_broadcast", "test_webhook", "test_e2e_relay",
              "test_e2e_events")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """End-to-end tests (real processes, mostly waiting) start first, so the fast flow tests
    fill the other worker meanwhile instead of waiting behind them at the end. The crash test
    (four processes, SIGKILLs) is not among them: beside the end-to-end tests that measure
    answer times within a second, it made them miss on a shared 2-core machine."""
    items.sort(key=lambda item: item.module.__name__.rsplit(".", 1)[-1] not in SLOW_FIRST
               if item.module else True)
