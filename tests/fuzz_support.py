"""What the fault and abuse tests share: hostile text, a check of Telegram's HTML rules, and
running hypothesis examples against a harness that lives on the test's event loop."""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from hypothesis import strategies as st

from bot.i18n import Locales
from tests.harness import Harness, rows
from tests.recording import Recorded

T = TypeVar("T")
L = Locales()
ERROR_TEXTS = {L[lang]("error-generic") for lang in ("tg", "ru", "en")}
SCREENS = ("sendMessage", "editMessageText", "sendPhoto", "sendDocument", "copyMessage",
           "editMessageCaption")

# pieces a hostile or simply unusual user types: markup, SQL, entities, right-to-left and
# zero-width characters, emoji with joiners, Tajik letters, line breaks
FRAGMENTS = ["<b>", "</a>", "<a href=\"tg://user?id=1\">", "<script>alert(1)</script>", "<wit>",
             "'; DROP TABLE users;--", "\" OR 1=1 --", "&amp;", "&", "&lt;", "<", ">", "\"",
             "'", "\u200b", "\u200d", "\u200f", "\u202e", "\ufeff", "🌸", "👩🏽‍💻", "🇹🇯",
             "سلام", "שלום", "Ғӯқҳҷӣ", "Малика", "Nigora", "\n", "  ", "%s", "{name}", "\\",
             "-", "—", "5", "²", "٣", "12.12.2026 10:00"]
_chars = st.characters(exclude_categories=("Cs", "Cc"))
_piece = st.one_of(st.sampled_from(FRAGMENTS), st.text(_chars, min_size=1, max_size=12))
_short = st.lists(_piece, min_size=1, max_size=12).map("".join)
_long = st.builds(lambda piece, n: piece * n, _short, st.integers(50, 1200))


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def as_telegram_sends(text: str) -> str:
    """Telegram trims a message and keeps at most 4,096 UTF-16 units."""
    units = 0
    for i, ch in enumerate(text.strip()):
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > 4096:
            return text.strip()[:i].strip()
    return text.strip()


hostile_text = st.one_of(_short, _short, _long).map(as_telegram_sends).filter(
    lambda s: bool(s) and not s.startswith("/"))


# --- Telegram's HTML: every < starts a supported tag, tags nest, & starts an entity ---------
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
            "tg-spoiler", "span", "blockquote", "tg-emoji"}


def html_problems(text: str) -> list[str]:
    problems: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            m = _TAG.match(text, i)
            if m is None or m.group(2).lower() not in _ALLOWED:
                problems.append(f"unsupported or bare '<' at {i}: {text[i:i + 30]!r}")
                i += 1
                continue
            name = m.group(2).lower()
            if m.group(1):
                if not stack or stack[-1] != name:
                    problems.append(f"</{name}> closes nothing open at {i}")
                else:
                    stack.pop()
            else:
                stack.append(name)
            i = m.end()
            continue
        if ch == "&" and _ENTITY.match(text, i) is None:
            problems.append(f"bare '&' at {i}: {text[i:i + 20]!r}")
        i += 1
    if stack:
        problems.append(f"unclosed tags {stack}")
    return problems


def shown_text(r: Recorded) -> str:
    return str(r.params.get("text") or r.params.get("caption") or "")


def check_screens(new: list[Recorded], typed: str | None = None) -> None:
    """Everything shown parses as Telegram HTML; nothing she typed with markup in it reaches a
    screen raw; no screen is the generic error."""
    for r in new:
        if r.method not in SCREENS:
            continue
        text = shown_text(r)
        assert text not in ERROR_TEXTS, f"{r.method} showed the generic error"
        if str(r.params.get("parse_mode", "")).lower() == "html":
            bad = html_problems(text)
            assert not bad, f"{r.method} to {r.chat_id}: {bad}\n{text[:500]!r}"
            if typed and "<" in typed:  # escaped, her text has no '<' left in it
                assert typed not in text, f"{r.method} shows her text unescaped: {typed!r}"


async def failed_updates(h: Harness) -> list[tuple[object, ...]]:
    return await rows(h.app.db, "SELECT update_id, status FROM inbox WHERE status = 'failed'")


class OnLoop:
    """Hypothesis calls examples synchronously; the harness lives on the test's event loop.
    Examples run in a worker thread and each step is run on the loop and waited for."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop

    def __call__(self, coro: Awaitable[T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(60)  # type: ignore[arg-type]


async def run_in_thread(body: Callable[[OnLoop], Any]) -> None:
    on_loop = OnLoop(asyncio.get_running_loop())
    await asyncio.to_thread(body, on_loop)


def escaped(value: str) -> str:
    return html.escape(value, quote=False)
