"""Localization with Fluent: tg, ru, en; user-supplied values are HTML-escaped."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax import ast as ftl

from bot.settings import LANGUAGES

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"

# The language names as buttons show them: each in its own language.
LANGUAGE_NAMES: dict[str, str] = {"tg": "Тоҷикӣ", "ru": "Русский", "en": "English"}


class Markup(str):
    """A value that is already safe HTML (built by us, not typed by a user)."""


def escape(value: object) -> object:
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, str):
        return html.escape(value, quote=False)
    return value


@dataclass(frozen=True, slots=True)
class Translator:
    """Formats messages in one locale. Call it: t("help-text", name=...)."""

    locale: str
    bundle: FluentBundle
    # a message without arguments always reads the same: formatted once (button labels,
    # headings; most of what a screen shows)
    _plain: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __call__(self, key: str, **args: object) -> str:
        if not args and key in self._plain:
            return self._plain[key]
        message = self.bundle.get_message(key) if self.bundle.has_message(key) else None
        if message is None or message.value is None:
            log.error("missing message %r in locale %s", key, self.locale)
            return key
        value, errors = self.bundle.format_pattern(
            message.value, {k: escape(v) for k, v in args.items()}
        )
        if errors:
            log.error("formatting %r in %s: %s", key, self.locale, errors)
        elif not args:
            self._plain[key] = str(value)
        return str(value)


class Locales:
    """All bundles, loaded once at start."""

    def __init__(self, directory: Path = LOCALES_DIR, languages: Iterable[str] = LANGUAGES):
        self.directory = directory
        self.languages = tuple(languages)
        self._translators: dict[str, Translator] = {}
        for lang in self.languages:
            bundle = FluentBundle([lang], use_isolating=False)
            for path in sorted((directory / lang).glob("*.ftl")):
                resource = FluentResource(path.read_text(encoding="utf-8"))
                junk = [e for e in resource.body if isinstance(e, ftl.Junk)]
                if junk:
                    raise RuntimeError(f"{path}: cannot parse: {junk[0].content[:80]!r}")
                bundle.add_resource(resource)
            self._translators[lang] = Translator(lang, bundle)

    def get(self, locale: str) -> Translator:
        return self._translators[locale]

    def __getitem__(self, locale: str) -> Translator:
        return self._translators[locale]


def pick_locale(stored: str | None, telegram_code: str | None, default: str) -> str:
    """Her stored choice, else Telegram's language_code, else the default."""
    if stored in LANGUAGE_NAMES:
        return stored
    if telegram_code:
        base = telegram_code.split("-")[0].lower()
        if base in LANGUAGE_NAMES:
            return base
    return default


def language_order(telegram_code: str | None, default: str) -> list[str]:
    """The languages for a picker: the one matching her Telegram language first."""
    first = pick_locale(None, telegram_code, default)
    return [first, *(lang for lang in LANGUAGES if lang != first)]
