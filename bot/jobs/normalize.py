"""Job openings from any feed turned into one shape: plain text, UTC times, known codes.

Pure functions, no I/O except `TopicTable.load` reading content/job_topics.toml.
"""

from __future__ import annotations

import email.utils
import re
import time
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as dtime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.content import ContentError
from bot.profile import INTERESTS, LEVELS

TOPICS_FILE = Path(__file__).resolve().parent.parent.parent / "content" / "job_topics.toml"
TITLE_MAX = 200
NAME_MAX = 100  # company and location
URL_MAX = 2048
LABEL_LANGS = ("tg", "ru", "en")


@dataclass(frozen=True)
class Opening:
    title: str
    company: str
    location: str
    remote: bool
    level: str | None  # one of LEVELS
    topics: tuple[str, ...]  # codes of INTERESTS, in that order
    url: str
    published: datetime  # UTC, never in the future
    deadline: datetime | None  # UTC
    source: str

    @property
    def canonical_url(self) -> str:
        return canonical_url(self.url)

    @property
    def dedup_key(self) -> str:
        return dedup_key(self.title, self.company)


# --- text -------------------------------------------------------------------------------------

_FOLD = str.maketrans({"ғ": "г", "қ": "к", "ҳ": "х", "ҷ": "ч", "ӣ": "и", "ӯ": "у", "ё": "е",
                       "һ": "х", "ҹ": "ч"})  # һ, ҹ: look-alikes often typed for ҳ, ҷ


def fold(text: str) -> str:
    """Text for comparing: NFC, casefolded, Tajik letters as their Russian twins, ё as е."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return text.casefold().translate(_FOLD)


_NOT_WORD = re.compile(r"[\W_]+")


def dedup_key(title: str, company: str) -> str:
    """Folded title and company, letters and digits only: "senior ux designer|somon"."""
    def words(text: str) -> str:
        return _NOT_WORD.sub(" ", fold(text)).strip()
    return f"{words(title)}|{words(company)}"


_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript"})
_BLOCK_TAGS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl",
                         "dt", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
                         "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"})
_MARKUP = re.compile(r"<[a-zA-Z/!?]|&(?:[a-zA-Z]+\d*|#\d+|#[xX][0-9a-fA-F]+);")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_CONTENT:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _strip_once(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def strip_html(text: str) -> str:
    """Plain text: no tags, no script/style content, entities decoded, whitespace collapsed.

    Feeds often escape HTML twice, so markup that appears after decoding is stripped again.
    """
    for _ in range(3):
        if not _MARKUP.search(text):
            break
        text = _strip_once(text)
    return " ".join(_CONTROL.sub("", text).split())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# --- URLs -------------------------------------------------------------------------------------

_TRACKING = frozenset({"ref", "source", "fbclid", "gclid"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in _TRACKING


def canonical_url(url: str) -> str:
    """The same page the same way: lowercase scheme and host, no www., fragment, tracking
    parameters (utm_*, ref, source, fbclid, gclid), default port or trailing slash; other
    parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    params = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                    if not _tracking(k))
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), urlencode(params), ""))


def http_url(value: Any) -> str | None:
    """The URL if it is an absolute http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or len(url) > URL_MAX or any(c.isspace() for c in url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return url


# --- words: topics, level, remote -------------------------------------------------------------

def _keyword_pattern(keyword: str) -> str:
    """`front end` -> front[\\s-]+end; a trailing * allows any word ending."""
    words = []
    for word in fold(keyword).split():
        stem = word.rstrip("*")
        words.append(re.escape(stem) + (r"\w*" if word.endswith("*") else ""))
    return r"[\s\-]+".join(words)


def _matcher(keywords: Iterable[str]) -> re.Pattern[str]:
    """Whole-word match of any of the keywords, for folded text."""
    alternatives = sorted({_keyword_pattern(k) for k in keywords}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "beginner": ("intern", "interns", "internship*", "junior*", "trainee*", "entry level",
                 "стажер*", "стажир*", "начинающ*", "младш*", "джун*", "без опыта",
                 "таҷрибаомӯз*", "навкор*", "ҷавон*"),
    "intermediate": ("middle", "mid level", "мидл*", "средний", "среднего уровня", "миёна"),
    "advanced": ("senior*", "lead", "team lead*", "tech lead*", "principal",
                 "старший", "старшая", "старшего", "ведущий", "ведущая", "ведущего",
                 "сеньор*", "синьор*", "тимлид*", "техлид*"),
}
_LEVEL_RE = re.compile(r"(?<!\w)(?:" + "|".join(
    f"(?P<{level}>" + "|".join(_keyword_pattern(w) for w in words) + ")"
    for level, words in _LEVEL_WORDS.items()) + r")(?!\w)")
_REMOTE_RE = _matcher(("remote", "remotely", "work from home", "wfh", "удаленн*", "удаленк*",
                       "дистанционн*", "из дома", "фосилавӣ", "аз хона"))


def detect_level(text: str) -> str | None:
    """beginner / intermediate / advanced by the first level word in the text, else None."""
    found = _LEVEL_RE.search(fold(text))
    return found.lastgroup if found else None


def detect_remote(text: str) -> bool:
    return _REMOTE_RE.search(fold(text)) is not None


class _TopicSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tg: str = Field(min_length=1)
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)
    keywords: list[str] = Field(min_length=1)

    @field_validator("keywords")
    @classmethod
    def _plain_words(cls, value: list[str]) -> list[str]:
        for keyword in value:
            if not keyword.strip() or keyword != keyword.lower():
                raise ValueError(f"{keyword!r}: keywords are non-empty and lowercase")
            if any("*" in word.rstrip("*") for word in keyword.split()):
                raise ValueError(f"{keyword!r}: * may only end a word")
        return value


class TopicTable:
    """Topic labels and the keywords that mark an opening as being about a topic."""

    def __init__(self, specs: Mapping[str, _TopicSpec]) -> None:
        self._labels = {code: {"tg": s.tg, "ru": s.ru, "en": s.en} for code, s in specs.items()}
        self._matchers = {code: _matcher(s.keywords) for code, s in specs.items()}

    @classmethod
    def load(cls, path: Path = TOPICS_FILE) -> TopicTable:
        """The table, or ContentError naming each problem (every INTERESTS code, no others)."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ContentError([f"{path.name}: not valid TOML: {e}"]) from None
        return cls.from_dict(data, path.name)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], name: str = "job topics") -> TopicTable:
        problems = [f"{name}: {code}: unknown topic; use {list(INTERESTS)}"
                    for code in data if code not in INTERESTS]
        problems += [f"{name}: {code}: missing" for code in INTERESTS if code not in data]
        specs: dict[str, _TopicSpec] = {}
        for code in INTERESTS:
            try:
                specs[code] = _TopicSpec.model_validate(data.get(code, {}))
            except ValidationError as e:
                problems += [f"{name}: {code}.{'.'.join(map(str, err['loc']))}: "
                             + err["msg"].removeprefix("Value error, ")
                             for err in e.errors() if code in data]
        if problems:
            raise ContentError(problems)
        return cls(specs)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._labels)

    def label(self, code: str, lang: str) -> str:
        """The topic's name in tg, ru or en (en for any other language); KeyError if unknown."""
        return self._labels[code][lang if lang in LABEL_LANGS else "en"]

    def topics_of(self, text: str) -> tuple[str, ...]:
        """Codes whose keywords occur in the text, in INTERESTS order."""
        folded = fold(text)
        return tuple(code for code, found in self._matchers.items() if found.search(folded))


# --- times ------------------------------------------------------------------------------------

_END_OF_DAY = dtime(23, 59, 59)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_when(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """A UTC datetime from a datetime, date, struct_time, epoch seconds, ISO 8601 or RFC 2822
    text; naive times count as UTC; a bare date is its start (or end, for deadlines)."""
    if isinstance(value, datetime):
        return _utc(value)
    if isinstance(value, date):
        return datetime.combine(value, _END_OF_DAY if end_of_day else dtime(), UTC)
    if isinstance(value, time.struct_time):
        return datetime(*value[:6], tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC)
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str):
        return _parse_text_time(value.strip(), end_of_day)
    return None


def _parse_text_time(text: str, end_of_day: bool) -> datetime | None:
    if len(text) == 10:
        try:
            return parse_when(date.fromisoformat(text), end_of_day=end_of_day)
        except ValueError:
            pass
    try:
        return _utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return _utc(email.utils.parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


# --- one opening ------------------------------------------------------------------------------

_YES = frozenset({"true", "yes", "1", "remote", "да", "ҳа"})
_NO = frozenset({"false", "no", "0", "onsite", "on-site", "office", "нет", "не"})


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list | tuple):
        return ""
    return strip_html(value if isinstance(value, str) else str(value))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _explicit_remote(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        return True if word in _YES else False if word in _NO else None
    return None


def _explicit_level(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    word = value.strip().casefold()
    return word if word in LEVELS else detect_level(word)


def normalize(raw: Mapping[str, Any], source: str, now: datetime,
              topics: TopicTable) -> Opening | None:
    """An Opening from a loose dict, or None without a title or an absolute http(s) url.

    Keys (all but title and url optional): title, company, location, url, published,
    deadline, summary, remote, level, topics (codes), tags (extra words for topic detection).
    """
    title = _clip(_text(raw.get("title")), TITLE_MAX)
    url = http_url(raw.get("url"))
    if not title or url is None:
        return None
    summary = _text(raw.get("summary"))
    location = _clip(_text(raw.get("location")), NAME_MAX)
    now = _utc(now)
    published = parse_when(raw.get("published")) or now
    remote = _explicit_remote(raw.get("remote"))
    if remote is None:
        remote = detect_remote(f"{title}\n{location}\n{summary}")
    wanted = set(_strings(raw.get("topics")))
    codes = tuple(c for c in topics.codes if c in wanted)
    if not codes:
        tags = " ".join(_text(t) for t in _strings(raw.get("tags")))
        codes = topics.topics_of(f"{title}\n{summary}\n{tags}")
    return Opening(
        title=title,
        company=_clip(_text(raw.get("company")), NAME_MAX),
        location=location,
        remote=remote,
        level=_explicit_level(raw.get("level")) or detect_level(title) or detect_level(summary),
        topics=codes,
        url=url,
        published=min(published, now),
        deadline=parse_when(raw.get("deadline"), end_of_day=True),
        source=source,
    )
