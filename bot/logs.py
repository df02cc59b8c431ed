"""Logging that never prints the bot token, not even inside a traceback."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from urllib.parse import quote

REDACTED = "<BOT_TOKEN>"


class Redactor:
    def __init__(self, secrets: Iterable[str]) -> None:
        variants: set[str] = set()
        for secret in secrets:
            if not secret:
                continue
            variants.add(secret)
            variants.add(quote(secret, safe=""))
            # the part after the colon is the secret itself; redact it alone too
            _, _, tail = secret.partition(":")
            if len(tail) >= 16:
                variants.add(tail)
        # longest first, so a full token is replaced before its tail
        self._variants = sorted(variants, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for v in self._variants:
            if v in text:
                text = text.replace(v, REDACTED)
        return text


class RedactingFormatter(logging.Formatter):
    """Redacts the final formatted text: message, arguments, traceback and stack."""

    def __init__(self, inner: logging.Formatter, redact: Redactor) -> None:
        super().__init__()
        self.inner = inner
        self.redact = redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(self.inner.format(record))


FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str, secrets: Iterable[str], stream: object = None) -> Redactor:
    """Configure the root logger; every handler's output passes the redactor."""
    redact = Redactor(secrets)
    root = logging.getLogger()
    root.setLevel(level)
    if not root.handlers:
        root.addHandler(logging.StreamHandler(stream or sys.stderr))  # type: ignore[arg-type]
    protect_handlers(root.handlers, redact)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    def excepthook(exc_type: type[BaseException], exc: BaseException, tb: object) -> None:
        logging.getLogger("bot").critical("unhandled exception", exc_info=(exc_type, exc, tb))  # type: ignore[arg-type]

    sys.excepthook = excepthook
    return redact


def protect_handlers(handlers: Iterable[logging.Handler], redact: Redactor) -> None:
    for handler in handlers:
        current = handler.formatter
        if isinstance(current, RedactingFormatter):
            current.redact = redact
            continue
        handler.setFormatter(RedactingFormatter(current or logging.Formatter(FORMAT), redact))
