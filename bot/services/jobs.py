"""Jobs: openings from feeds and coordinators, the list and saved jobs, job alerts, and the
digests at the hour each subscriber picked.

Digests: every subscriber whose hour it is (in her zone) and whose day (or, weekly, Monday's
week) has no digest yet gets one notification with up to 10 openings added since her last
digest. The period is stored with the alert in the same transaction that queues the digest,
and the outbox key carries it too, so a restart at the digest hour never sends twice.
Nothing new: no message.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.clock import Clock, from_db, to_db
from bot.delivery.outbox import Outbox
from bot.i18n import Locales, Translator
from bot.jobs.feeds import FeedState, fetch_all, merge
from bot.jobs.matching import Digest, DigestBuilder, Filters, index, matches, words
from bot.jobs.normalize import Opening, TopicTable, canonical_url, dedup_key, strip_html
from bot.profile import LEVELS, label_key
from bot.services.users import COORDINATOR
from keyboards.callbacks import JobAction, JobCb, MenuCb, MenuItem
from storage import Database
from storage.jobs import AlertRow, JobRow
from storage.outbox import OutboxRow

log = logging.getLogger(__name__)

MAX_AGE = timedelta(days=30)
PAGE_SIZE = 5
CHUNK = 10_000  # alerts read and digests queued per transaction
DIGEST_KIND = "jobs.digest"
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*\.[^\s]{2,}$", re.IGNORECASE)
FREQUENCIES = ("daily", "weekly", "off")
REMOTE_CHOICES = ("any", "remote", "onsite")


class Posted(StrEnum):
    ok = "ok"
    duplicate = "duplicate"
    invalid = "invalid"
    forbidden = "forbidden"


@dataclass(frozen=True)
class Page:
    jobs: tuple[JobRow, ...]
    page: int
    pages: int
    total: int


@dataclass
class JobDraft:
    """A coordinator's opening, step by step (kept in her dialog memory)."""

    title: str = ""
    company: str = ""
    location: str = ""
    remote: bool = False
    level: str | None = None
    topics: tuple[str, ...] = ()
    url: str = ""
    deadline: str | None = None  # UTC


def valid_url(raw: str) -> str | None:
    url = raw.strip()
    return url if len(url) <= 500 and URL_RE.match(url) else None


class JobService:
    def __init__(self, db: Database, clock: Clock, outbox: Outbox, *, feeds: Sequence[str],
                 default_timezone: str, timeout: float = 20.0, max_bytes: int = 2_000_000,
                 topics: TopicTable | None = None) -> None:
        self.db = db
        self.clock = clock
        self.outbox = outbox
        self.feeds = list(feeds)
        self.default_timezone = default_timezone
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.topics = topics or TopicTable.load()
        self._rendered: dict[int, JobRow] = {}

    # --- openings ---------------------------------------------------------------------------
    async def _add(self, tx: object, o: Opening, now: datetime,
                   posted_by: int | None = None) -> int | None:
        expires = o.deadline or (o.published + MAX_AGE)
        if expires <= now:
            return None
        return await tx.jobs.add(  # type: ignore[attr-defined]
            title=o.title, company=o.company, location=o.location, remote=o.remote,
            level=o.level, topics=o.topics, url=o.url, canonical_url=canonical_url(o.url),
            dedup_key=dedup_key(o.title, o.company), source=o.source,
            published_at=to_db(o.published),
            deadline=to_db(o.deadline) if o.deadline else None, expires_at=to_db(expires),
            now=to_db(now), posted_by=posted_by)

    async def ingest(self) -> int:
        """The scheduler's job: fetch every feed (a broken one is logged and tried again next
        round), store the new openings. Returns how many were new."""
        if not self.feeds:
            return 0
        now = self.clock.now()
        async with self.db.read() as tx:
            known = await tx.feeds.all()
        states = {url: FeedState(*known.get(url, (None, None))) for url in self.feeds}
        results = await fetch_all(self.feeds, states, timeout=self.timeout,
                                  max_bytes=self.max_bytes, now=now, topics=self.topics)
        added = 0
        async with self.db.transaction() as tx:
            for r in results:
                await tx.feeds.put(r.url, etag=r.state.etag, last_modified=r.state.last_modified,
                                   now=to_db(now), error=r.error)
            for opening in merge(results):
                added += await self._add(tx, opening, now) is not None
            await tx.jobs.prune(to_db(now - MAX_AGE))
        if added:
            log.info("%d new job opening(s) from %d feed(s)", added, len(self.feeds))
        return added

    async def post(self, by: int, d: JobDraft) -> tuple[Posted, int | None]:
        """A coordinator's opening; it reaches everyone whose alert matches."""
        if not d.title or not valid_url(d.url):
            return Posted.invalid, None
        now = self.clock.now()
        opening = Opening(
            title=d.title, company=d.company, location=d.location, remote=d.remote,
            level=d.level if d.level in LEVELS else None,
            topics=tuple(t for t in d.topics if t in self.topics.codes), url=d.url,
            published=now, deadline=from_db(d.deadline) if d.deadline else None,
            source="coordinator")
        async with self.db.transaction() as tx:
            if COORDINATOR not in await tx.users.roles(by):
                return Posted.forbidden, None
            job_id = await self._add(tx, opening, now, posted_by=by)
            if job_id is None:
                return Posted.duplicate, None
            await tx.audit.add(to_db(now), by, "job.post", f"job:{job_id}")
        return Posted.ok, job_id

    async def get(self, job_id: int) -> JobRow | None:
        async with self.db.read() as tx:
            return await tx.jobs.get(job_id)

    async def page(self, user_id: int, page: int, mine: bool) -> Page:
        """Open openings newest first; `mine` applies her alert's filters."""
        now = to_db(self.clock.now())
        async with self.db.read() as tx:
            jobs = await tx.jobs.open(now)
            alert = await tx.alerts.get(user_id) if mine else None
        if alert is not None:
            f = Filters.of(alert)
            jobs = [ix.job for ix in map(index, jobs) if matches(ix, f)]
        pages = max(1, -(-len(jobs) // PAGE_SIZE))
        page = min(max(page, 0), pages - 1)
        return Page(tuple(jobs[page * PAGE_SIZE:(page + 1) * PAGE_SIZE]), page, pages, len(jobs))

    async def saved(self, user_id: int) -> list[JobRow]:
        async with self.db.read() as tx:
            return await tx.jobs.by_ids(await tx.saved_jobs.ids(user_id))

    async def saved_ids(self, user_id: int) -> set[int]:
        async with self.db.read() as tx:
            return set(await tx.saved_jobs.ids(user_id))

    async def toggle_save(self, user_id: int, job_id: int) -> bool | None:
        """Saved, unsaved, or None when the opening is gone or she has no profile."""
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded or await tx.jobs.get(job_id) is None:
                return None
            return await tx.saved_jobs.toggle(user_id, job_id, to_db(self.clock.now()))

    # --- alerts -----------------------------------------------------------------------------
    async def alert(self, user_id: int) -> AlertRow | None:
        async with self.db.read() as tx:
            return await tx.alerts.get(user_id)

    async def subscribe(self, user_id: int) -> AlertRow | None:
        """Alerts on (daily at 9:00 by default), her interests preselected."""
        async with self.db.transaction() as tx:
            user = await tx.users.get(user_id)
            if user is None or not user.onboarded:
                return None
            topics = [t for t in user.interests if t in self.topics.codes]
            if not await tx.alerts.create(user_id, topics, to_db(self.clock.now()),
                                          await tx.jobs.last_id()):
                current = await tx.alerts.get(user_id)
                if current is not None and current.frequency == "off":
                    await tx.alerts.update(user_id, frequency="daily")
            return await tx.alerts.get(user_id)

    def _allowed(self, name: str, value: object) -> bool:
        choices: dict[str, tuple[object, ...]] = {
            "frequency": FREQUENCIES, "remote": REMOTE_CHOICES, "level": (None, *LEVELS),
            "hour": tuple(range(24))}
        if name in choices:
            return value in choices[name]
        if name == "topics":
            return isinstance(value, (list, tuple, set, frozenset)) and all(
                t in self.topics.codes for t in value)
        return name in ("include_words", "exclude_words") and isinstance(value, str)

    async def change(self, user_id: int, **fields: object) -> AlertRow | None:
        """One change of her alert; None when the value is not one the bot offers."""
        clean: dict[str, object] = {}
        for name, value in fields.items():
            if not self._allowed(name, value):
                return None
            if name == "topics":
                clean[name] = list(value)  # type: ignore[call-overload]
            elif name in ("include_words", "exclude_words"):
                clean[name] = " ".join(words(strip_html(str(value))))
            else:
                clean[name] = value
        async with self.db.transaction() as tx:
            if await tx.alerts.get(user_id) is None:
                return None
            await tx.alerts.update(user_id, **clean)
            return await tx.alerts.get(user_id)

    # --- digests ----------------------------------------------------------------------------
    async def send_digests(self, now: datetime | None = None) -> int:
        """The scheduler's job (every 15 minutes): queue every digest due now."""
        now = now or self.clock.now()
        stamp = to_db(now)
        async with self.db.read() as tx:
            oldest = await tx.alerts.oldest_seen()
            if oldest is None:
                return 0
            jobs = await tx.jobs.newer_than(oldest, stamp)
        newest = jobs[0].id if jobs else oldest
        builder = DigestBuilder(jobs, now, self.default_timezone)
        texts: dict[tuple[tuple[int, ...], int], str] = {}

        def args_of(d: Digest) -> str:  # neighbours share one text
            key = (d.job_ids, d.total)
            text = texts.get(key)
            if text is None:
                text = texts[key] = digest_args(d)
            return text
        expires = to_db(now + timedelta(hours=20))
        queued, after = 0, 0
        while True:  # a page of alerts at a time keeps memory flat
            async with self.db.read() as tx:
                alerts = await tx.alerts.subscribed(after, CHUNK)
            if not alerts:
                return queued
            after = alerts[-1].user_id
            digests = [d for d in map(builder.digest, alerts) if d is not None]
            if not digests:
                continue
            rows = [(d.user_id, DIGEST_KIND, "jobs-digest", args_of(d), stamp, 6, expires,
                     f"jobs:{d.user_id}:{d.period}", stamp) for d in digests]
            async with self.db.transaction() as tx:
                await tx.outbox.add_many(rows)
                await tx.alerts.mark_digest([(d.user_id, d.period) for d in digests], stamp,
                                            newest)
            queued += len(digests)

    async def render_digest(self, row: OutboxRow, locales: Locales,
                            lang: str) -> tuple[str, InlineKeyboardMarkup | None]:
        """The digest in her language at send time (the Deliverer's renderer)."""
        args = json.loads(row.args)
        ids = [int(i) for i in args.get("jobs", [])]
        missing = [i for i in ids if i not in self._rendered]
        if missing:
            async with self.db.read() as tx:
                for job in await tx.jobs.by_ids(missing):
                    self._rendered[job.id] = job
            if len(self._rendered) > 5000:
                self._rendered = {i: self._rendered[i] for i in ids if i in self._rendered}
        jobs = [self._rendered[i] for i in ids if i in self._rendered]
        t = locales[lang]
        blocks = [job_block(t, job, n) for n, job in enumerate(jobs, 1)]
        total = int(args.get("total", len(jobs)))
        text = t("jobs-digest", count=total) + "\n\n" + "\n\n".join(blocks)
        if total > len(jobs):
            text += "\n\n" + t("jobs-digest-more", count=total - len(jobs))
        markup = InlineKeyboardMarkup(inline_keyboard=[
            [InlineKeyboardButton(text=t("jobs-btn-more"),
                                  callback_data=JobCb(action=JobAction.mine).pack())],
            [InlineKeyboardButton(text=t("jobs-btn-alerts"),
                                  callback_data=JobCb(action=JobAction.alerts).pack())],
            [InlineKeyboardButton(text=t("menu-open"),
                                  callback_data=MenuCb(item=MenuItem.home).pack())]])
        return text, markup


def digest_args(d: Digest) -> str:
    """The outbox arguments of a digest: the same JSON as json.dumps, written directly
    (100,000 of these are made at once)."""
    return '{"jobs": [' + ", ".join(map(str, d.job_ids)) + '], "total": ' + str(d.total) + "}"


def job_block(t: Translator, job: JobRow, n: int) -> str:
    """One opening: title, company, place or Remote, level, deadline, link. Feed text is
    plain (HTML stripped at ingestion) and escaped here."""
    parts = [html.escape(p) for p in (job.company, job.location) if p]
    if job.remote:
        parts.append(t("jobs-remote"))
    if job.level:
        parts.append(t(label_key("level", job.level)))
    text = f"{n}. <b>{html.escape(job.title)}</b>"
    if parts:
        text += "\n" + " · ".join(parts)
    if job.deadline:
        text += "\n" + t("jobs-deadline", date=from_db(job.deadline).strftime("%d.%m.%Y"))
    return text + f'\n<a href="{html.escape(job.url, quote=True)}">{t("jobs-open-link")}</a>'
