"""The guard that fails a test when the bot token leaks really catches a leak."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from tests.conftest import check_captured
from tests.e2e import BotProcess, assert_no_token
from tests.harness import TOKEN

SECRET = TOKEN.split(":", 1)[1]
log = logging.getLogger("bot.test_guard")


def test_the_check_finds_the_token_and_its_secret_but_not_the_redacted_form() -> None:
    with pytest.raises(AssertionError, match="the bot token appears in a log"):
        assert_no_token(f"POST /bot{TOKEN}/getMe", "a log", TOKEN)
    with pytest.raises(AssertionError, match="appears in stderr"):
        assert_no_token(f"secret={SECRET}\n", "stderr", TOKEN)
    assert_no_token("POST /bot<BOT_TOKEN>/getMe, bot id 123456", "a log", TOKEN)


def test_a_planted_log_record_with_the_token_in_a_traceback_is_caught(
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise RuntimeError(f"https://api.telegram.org/bot{TOKEN}/sendMessage failed")
    except RuntimeError:
        log.exception("request failed")  # the message is clean; the traceback is not
    with pytest.raises(AssertionError, match="a log record"):
        check_captured(caplog, capsys)
    caplog.clear()  # the planted leak is gone: the autouse guard passes this test
    check_captured(caplog, capsys)


def test_planted_stdout_and_stderr_leaks_are_caught(
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    print(f"token {TOKEN}")
    with pytest.raises(AssertionError, match="stdout"):
        check_captured(caplog, capsys)
    print(f"only the secret {SECRET}", file=sys.stderr)
    with pytest.raises(AssertionError, match="stderr"):
        check_captured(caplog, capsys)
    check_captured(caplog, capsys)  # read once: nothing is left to leak


async def test_a_bot_process_whose_output_holds_the_token_fails_when_stopped(
        tmp_path: Path) -> None:
    p = BotProcess(None, tmp_path, TOKEN)  # type: ignore[arg-type]
    p.log_path.write_text(f"INFO bot: started\nERROR aiohttp: GET /bot{TOKEN}/getUpdates\n")
    with pytest.raises(AssertionError, match="the bot token appears in the output"):
        await p.stop()
    p.log_path.write_text("ERROR aiohttp: GET /bot<BOT_TOKEN>/getUpdates\n")
    await p.stop()
