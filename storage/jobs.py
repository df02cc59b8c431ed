"""Job openings, job alerts, saved jobs and feed state."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storage.direct import DirectConnection

JOB_COLS = ("id, title, company, location, remote, level, topics, url, source, published_at, "
            "deadline, expires_at, added_at")


@dataclass(frozen=True, slots=True)
class JobRow:
    id: int
    title: str
    company: str
    location: str
    remote: bool
    level: str | None
    topics: tuple[str, ...]
    url: str
    source: str
    published_at: str
    deadline: str | None
    expires_at: str
    added_at: str


def _job(r: Sequence[Any]) -> JobRow:
    return JobRow(r[0], r[1], r[2], r[3], bool(r[4]), r[5], tuple(json.loads(r[6])), r[7], r[8],
                  r[9], r[10], r[11], r[12])


@dataclass(frozen=True, slots=True)
class AlertRow:
    user_id: int
    frequency: str
    topics: tuple[str, ...]
    level: str | None
    remote: str
    include_words: str
    exclude_words: str
    hour: int
    last_digest_at: str | None
    last_period: str | None = None
    timezone: str | None = None  # her zone, for the due check
    last_job_id: int = 0  # openings with a higher id are new to her


ALERT_COLS = ("a.user_id, a.frequency, a.topics, a.level, a.remote, a.include_words, "
              "a.exclude_words, a.hour, a.last_digest_at, a.last_period, u.timezone, a.last_job_id")


_TOPIC_LISTS: dict[str, tuple[str, ...]] = {}  # the same few hundred JSON lists, parsed once


def _topics(text: str) -> tuple[str, ...]:
    found = _TOPIC_LISTS.get(text)
    if found is None:
        found = tuple(json.loads(text))
        if len(_TOPIC_LISTS) < 10_000:
            _TOPIC_LISTS[text] = found
    return found


def _alert(r: Sequence[Any]) -> AlertRow:
    return AlertRow(r[0], r[1], _topics(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                    r[11])


ALERT_FIELDS = frozenset({"frequency", "topics", "level", "remote", "include_words",
                          "exclude_words", "hour"})


class Jobs:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def add(self, *, title: str, company: str, location: str, remote: bool,
                  level: str | None, topics: Iterable[str], url: str, canonical_url: str,
                  dedup_key: str, source: str, published_at: str, deadline: str | None,
                  expires_at: str, now: str, posted_by: int | None = None) -> int | None:
        """The new opening's id, or None when the same one (by URL or title and company)
        is known already."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO jobs (title, company, location, remote, level, topics, url, "
            "canonical_url, dedup_key, source, posted_by, published_at, deadline, expires_at, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (title, company, location, int(remote), level, json.dumps(sorted(set(topics))),
             url, canonical_url, dedup_key, source, posted_by, published_at, deadline,
             expires_at, now))
        return cur.lastrowid if cur.rowcount == 1 else None

    async def get(self, job_id: int) -> JobRow | None:
        cur = await self.conn.execute(f"SELECT {JOB_COLS} FROM jobs WHERE id = ?", (job_id,))
        r = await cur.fetchone()
        return _job(r) if r else None

    async def by_ids(self, ids: Sequence[int]) -> list[JobRow]:
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        cur = await self.conn.execute(f"SELECT {JOB_COLS} FROM jobs WHERE id IN ({marks})",
                                      list(ids))
        found = {r[0]: _job(r) for r in await cur.fetchall()}
        return [found[i] for i in ids if i in found]

    async def open(self, now: str) -> list[JobRow]:
        """Every open opening, newest first."""
        cur = await self.conn.execute(
            f"SELECT {JOB_COLS} FROM jobs WHERE expires_at > ? "
            "ORDER BY published_at DESC, id DESC", (now,))
        return [_job(r) for r in await cur.fetchall()]

    async def newer_than(self, job_id: int, now: str) -> list[JobRow]:
        """Open openings stored after opening `job_id`, newest first (ids only grow, so no
        opening stored in the same second as a digest can slip between two digests)."""
        cur = await self.conn.execute(
            f"SELECT {JOB_COLS} FROM jobs WHERE id > ? AND expires_at > ? ORDER BY id DESC",
            (job_id, now))
        return [_job(r) for r in await cur.fetchall()]

    async def last_id(self) -> int:
        row = await (await self.conn.execute("SELECT coalesce(max(id), 0) FROM jobs")).fetchone()
        return int(row[0]) if row else 0

    async def prune(self, before: str) -> int:
        """Openings closed before `before` are forgotten (saved copies with them)."""
        cur = await self.conn.execute("DELETE FROM jobs WHERE expires_at < ?", (before,))
        return cur.rowcount


class Alerts:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def get(self, user_id: int) -> AlertRow | None:
        cur = await self.conn.execute(
            f"SELECT {ALERT_COLS} FROM job_alerts a JOIN users u ON u.id = a.user_id "
            "WHERE a.user_id = ?", (user_id,))
        r = await cur.fetchone()
        return _alert(r) if r else None

    async def create(self, user_id: int, topics: Iterable[str], now: str,
                     last_job_id: int) -> bool:
        """Alerts on; openings stored before now are not news to her."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO job_alerts (user_id, topics, last_job_id, created_at) "
            "VALUES (?, ?, ?, ?)", (user_id, json.dumps(sorted(set(topics))), last_job_id, now))
        return cur.rowcount == 1

    async def update(self, user_id: int, **fields: Any) -> None:
        unknown = set(fields) - ALERT_FIELDS
        if unknown:
            raise ValueError(f"not alert fields: {sorted(unknown)}")
        if "topics" in fields:
            fields["topics"] = json.dumps(sorted(set(fields["topics"])))
        names = sorted(fields)
        await self.conn.execute(
            "UPDATE job_alerts SET " + ", ".join(f"{n} = ?" for n in names) + " WHERE user_id = ?",
            (*(fields[n] for n in names), user_id))

    async def subscribed(self, after: int = 0, limit: int = 1_000_000) -> list[AlertRow]:
        """Alerts that are on, of people the bot may write to, by user id after `after`."""
        cur = await self.conn.execute(
            f"SELECT {ALERT_COLS} FROM job_alerts a JOIN users u ON u.id = a.user_id "
            "WHERE a.user_id > ? AND a.frequency != 'off' AND u.is_active = 1 "
            "AND u.consent_at IS NOT NULL AND u.onboarded_at IS NOT NULL "
            "ORDER BY a.user_id LIMIT ?", (after, limit))
        return [_alert(r) for r in await cur.fetchall()]

    async def oldest_seen(self) -> int | None:
        """The lowest opening id any alert that is on has seen (None: no alert is on)."""
        row = await (await self.conn.execute(
            "SELECT min(last_job_id) FROM job_alerts WHERE frequency != 'off'")).fetchone()
        return None if row is None or row[0] is None else int(row[0])

    async def mark_digest(self, marks: Sequence[tuple[int, str]], at: str,
                          last_job_id: int) -> None:
        """(user, period) pairs whose digest was queued at `at`, covering openings up to
        `last_job_id`."""
        await self.conn.executemany(
            "UPDATE job_alerts SET last_digest_at = ?, last_period = ?, last_job_id = ? "
            "WHERE user_id = ?", [(at, period, last_job_id, uid) for uid, period in marks])


class SavedJobs:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def toggle(self, user_id: int, job_id: int, now: str) -> bool:
        """Saved (True) or no longer saved (False)."""
        cur = await self.conn.execute(
            "DELETE FROM saved_jobs WHERE user_id = ? AND job_id = ?", (user_id, job_id))
        if cur.rowcount:
            return False
        await self.conn.execute(
            "INSERT INTO saved_jobs (user_id, job_id, saved_at) VALUES (?, ?, ?)",
            (user_id, job_id, now))
        return True

    async def ids(self, user_id: int) -> list[int]:
        cur = await self.conn.execute(
            "SELECT job_id FROM saved_jobs WHERE user_id = ? ORDER BY saved_at DESC, job_id DESC",
            (user_id,))
        return [r[0] for r in await cur.fetchall()]


class FeedStates:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def all(self) -> dict[str, tuple[str | None, str | None]]:
        cur = await self.conn.execute("SELECT url, etag, last_modified FROM feed_state")
        return {r[0]: (r[1], r[2]) for r in await cur.fetchall()}

    async def put(self, url: str, *, etag: str | None, last_modified: str | None, now: str,
                  error: str | None) -> None:
        await self.conn.execute(
            "INSERT INTO feed_state (url, etag, last_modified, checked_at, ok_at, error) "
            "VALUES (?, ?, ?, ?, CASE WHEN ? IS NULL THEN ? END, ?) "
            "ON CONFLICT(url) DO UPDATE SET etag = coalesce(excluded.etag, etag), "
            "last_modified = coalesce(excluded.last_modified, last_modified), "
            "checked_at = excluded.checked_at, ok_at = coalesce(excluded.ok_at, ok_at), "
            "error = excluded.error",
            (url, etag, last_modified, now, error, now, error))
