"""The process entry: settings errors are one plain line; the token never reaches output."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import REDACTED, setup_logging
from bot.settings import SettingsError, load_settings
from tests.harness import TOKEN

ROOT = Path(__file__).resolve().parent.parent


def _run_bot(env_extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "BOT_API_URL"}}
    env.update(env_extra)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "bot"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("token", [None, "", "not-a-token", "123:short"])
def test_missing_or_malformed_token_exits_2_with_one_clear_line(
    token: str | None, tmp_path: Path
) -> None:
    env = {} if token is None else {"BOT_TOKEN": token}
    result = _run_bot(env, tmp_path)
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr


def test_other_bad_settings_name_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TIMEZONE", "Mars/Olympus")
    with pytest.raises(SettingsError, match="TIMEZONE"):
        load_settings(_env_file=None)


def test_settings_parse_admin_ids_and_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", "11, 22 33")
    for name in ("DATABASE_PATH", "DEFAULT_LANGUAGE", "TIMEZONE", "BOT_API_URL"):
        monkeypatch.delenv(name, raising=False)
    s = load_settings(_env_file=None)
    assert s.admin_ids == {11, 22, 33}
    assert s.timezone == "Asia/Dushanbe"
    assert s.database_path == Path("data/bot.sqlite3")
    assert s.bot_api_url is None
    assert TOKEN not in repr(s)


def test_token_never_appears_in_log_output() -> None:
    stream = io.StringIO()
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers = []
    try:
        setup_logging("INFO", [TOKEN], stream=stream)
        log = logging.getLogger("bot.test")
        try:
            raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            log.exception("request to /bot%s/getMe failed", TOKEN)
        secret_tail = TOKEN.split(":", 1)[1]
        log.warning("only the secret part: %s", secret_tail)
    finally:
        root.handlers = saved
    output = stream.getvalue()
    assert "Traceback" in output and "RuntimeError" in output
    assert REDACTED in output
    for line in output.splitlines():
        assert TOKEN not in line
        assert TOKEN.split(":", 1)[1] not in line
