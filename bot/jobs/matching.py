"""Which openings match her job alert, and the digests due at one hour, built in one pass.

Matching folds both sides (NFC, case, Tajik letters to their Russian-keyboard twins, see
`bot.jobs.normalize.fold`), so "ҷавон" finds "чавон" and "Python" finds "python".
Words match at the start of a word: "python" finds "Python3", "разработ" finds
"разработчик". Include words: at least one must appear; exclude words: none may.
An opening whose level is unknown matches every level.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.delivery.timezones import zone
from bot.jobs.normalize import fold
from storage.jobs import AlertRow, JobRow

MAX_WORDS = 10
WORD_MAX = 40
DIGEST_SIZE = 10
WEEKLY_DAY = 0  # weekly digests come on Mondays, at her hour
_SEPARATORS = re.compile(r"[^\w+#]+")


def words(raw: str) -> tuple[str, ...]:
    """Typed words (commas or spaces between), folded, without repeats, at most 10."""
    out: list[str] = []
    for part in _SEPARATORS.split(fold(raw)):
        part = part.strip("_")[:WORD_MAX]
        if part and part not in out:
            out.append(part)
    return tuple(out[:MAX_WORDS])


def searchable(*parts: str) -> str:
    """Folded text with single spaces around words, so ' ' + word finds a word start."""
    return " " + " ".join(_SEPARATORS.sub(" ", fold(p)) for p in parts if p) + " "


@dataclass(frozen=True, slots=True)
class Filters:
    topics: frozenset[str] = frozenset()
    level: str | None = None
    remote: str = "any"  # remote / onsite / any
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    @classmethod
    def of(cls, alert: AlertRow) -> Filters:
        return cls(frozenset(alert.topics), alert.level, alert.remote,
                   words(alert.include_words), words(alert.exclude_words))

    @property
    def base(self) -> tuple[frozenset[str], str | None, str]:
        return self.topics, self.level, self.remote


@dataclass(frozen=True, slots=True)
class Indexed:
    job: JobRow
    text: str
    topics: frozenset[str]


def index(job: JobRow) -> Indexed:
    return Indexed(job, searchable(job.title, job.company, job.location), frozenset(job.topics))


def base_match(ix: Indexed, f: Filters) -> bool:
    if f.topics and not (f.topics & ix.topics):
        return False
    if f.level and ix.job.level and ix.job.level != f.level:
        return False
    if f.remote == "remote" and not ix.job.remote:
        return False
    return not (f.remote == "onsite" and ix.job.remote)


def words_match(ix: Indexed, f: Filters) -> bool:
    text = ix.text
    if f.include and not any(" " + w in text for w in f.include):
        return False
    return not (f.exclude and any(" " + w in text for w in f.exclude))


def matches(ix: Indexed, f: Filters) -> bool:
    return base_match(ix, f) and words_match(ix, f)


def select(jobs: Iterable[Indexed], f: Filters) -> list[Indexed]:
    return [ix for ix in jobs if matches(ix, f)]


def period_of(alert: AlertRow, now: datetime, default_tz: str) -> str | None:
    """The day or week her digest is for, when `now` is her digest hour; else None."""
    local = now.astimezone(zone(alert.timezone, default_tz))
    if alert.frequency == "off" or local.hour != alert.hour:
        return None
    if alert.frequency == "weekly":
        if local.weekday() != WEEKLY_DAY:
            return None
        year, week, _ = local.isocalendar()
        return f"w{year}-{week:02d}"
    return f"d{local.date().isoformat()}"


@dataclass(frozen=True, slots=True)
class Digest:
    user_id: int
    period: str
    job_ids: tuple[int, ...]  # the newest matching, at most DIGEST_SIZE
    total: int  # every new matching opening


class DigestBuilder:
    """Digests due at `now`, built alert by alert with shared work.

    `jobs` are the open openings, newest (highest id) first. People with the same topics, level,
    remote choice and last digest share one scan; a typed word is looked for once in every
    opening, and each person's words then cost one set lookup per opening.
    """

    def __init__(self, jobs: Sequence[JobRow], now: datetime, default_tz: str,
                 limit: int = DIGEST_SIZE) -> None:
        self.indexed = [index(j) for j in jobs]
        self._ids = [ix.job.id for ix in self.indexed]
        self._shared_ids: dict[tuple[object, ...], tuple[int, ...]] = {}
        self.now = now
        self.default_tz = default_tz
        self.limit = limit
        self._periods: dict[tuple[str | None, str, int], str | None] = {}
        self._filters: dict[tuple[object, ...], Filters] = {}
        self._shared: dict[tuple[object, ...], list[int]] = {}
        self._word_hits: dict[str, frozenset[int]] = {}
        self._hits: dict[tuple[str, ...], frozenset[int]] = {}

    def _having(self, ws: tuple[str, ...]) -> frozenset[int]:
        """Positions of the openings that mention any of these words."""
        found = self._hits.get(ws)
        if found is None:
            for w in ws:
                if w not in self._word_hits:
                    needle = " " + w
                    self._word_hits[w] = frozenset(
                        i for i, ix in enumerate(self.indexed) if needle in ix.text)
            found = frozenset().union(*(self._word_hits[w] for w in ws))
            self._hits[ws] = found
        return found

    def _fresh(self, f: Filters, since: int) -> list[int]:
        key = (*f.base, since)
        fresh = self._shared.get(key)
        if fresh is None:
            fresh = []
            for i, ix in enumerate(self.indexed):
                if ix.job.id <= since:
                    break  # newest first: the rest she has seen already
                if base_match(ix, f):
                    fresh.append(i)
            self._shared[key] = fresh
        return fresh

    def digest(self, alert: AlertRow) -> Digest | None:
        when = (alert.timezone, alert.frequency, alert.hour)
        if when not in self._periods:
            self._periods[when] = period_of(alert, self.now, self.default_tz)
        period = self._periods[when]
        if period is None or alert.last_period == period:
            return None
        raw = (alert.topics, alert.level, alert.remote, alert.include_words,
               alert.exclude_words)
        f = self._filters.get(raw)
        if f is None:
            f = self._filters[raw] = Filters.of(alert)
        since = alert.last_job_id
        picked = self._fresh(f, since)
        if not (f.include or f.exclude):  # most people: the same digest as their neighbours
            if not picked:
                return None
            key = (*f.base, since)
            chosen = self._shared_ids.get(key)
            if chosen is None:
                chosen = self._shared_ids[key] = tuple([self._ids[i]
                                                        for i in picked[:self.limit]])
            return Digest(alert.user_id, period, chosen, len(picked))
        if f.include:
            wanted = self._having(f.include)
            picked = [i for i in picked if i in wanted]
        if f.exclude:
            unwanted = self._having(f.exclude)
            picked = [i for i in picked if i not in unwanted]
        if not picked:
            return None
        return Digest(alert.user_id, period, tuple([self._ids[i] for i in picked[:self.limit]]),
                      len(picked))


def build_digests(alerts: Sequence[AlertRow], jobs: Sequence[JobRow], now: datetime,
                  default_tz: str, limit: int = DIGEST_SIZE) -> list[Digest]:
    """Every digest due at `now` for these alerts, in one pass."""
    builder = DigestBuilder(jobs, now, default_tz, limit)
    return [d for d in map(builder.digest, alerts) if d is not None]
