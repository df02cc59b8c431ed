"""`python -m bot`: load settings, set up redacted logging, run until stopped."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.logs import setup_logging
from bot.settings import TOKEN_REJECTED, SettingsError, load_settings


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as e:
        print(e, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, [settings.token])
    from bot.app import TokenRejected, run

    try:
        return asyncio.run(run(settings))
    except TokenRejected:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except Exception:
        logging.getLogger("bot").critical("the bot stopped on an unexpected error", exc_info=True)
        return 1
