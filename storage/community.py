"""Rows of the community features: events and RSVPs, story runs and subscriptions, peer
profiles, pairs and relayed-message records."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.direct import DirectConnection

EVENT_COLUMNS = ("id, kind, title, description, language, speaker, starts_at, duration_min, "
                 "link, region, city, venue_name, venue_address, lat, lon, seats, status, "
                 "created_by, updated_at")
# what a coordinator may change, column by column (names are never taken from input)
EVENT_FIELDS = frozenset({"kind", "title", "description", "language", "speaker", "starts_at",
                          "duration_min", "link", "region", "city", "venue_name",
                          "venue_address", "lat", "lon", "seats"})


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    kind: str
    title: dict[str, str]
    description: dict[str, str]
    language: str
    speaker: str
    starts_at: str | None
    duration_min: int
    link: str | None
    region: str | None
    city: str | None
    venue_name: str | None
    venue_address: str | None
    lat: float | None
    lon: float | None
    seats: int | None
    status: str
    created_by: int | None
    updated_at: str


def _event(r: tuple[object, ...]) -> EventRow:
    return EventRow(
        int(r[0]), str(r[1]), json.loads(str(r[2])), json.loads(str(r[3])), str(r[4]),
        str(r[5]), r[6], int(r[7]), r[8], r[9], r[10], r[11], r[12],  # type: ignore[arg-type]
        r[13], r[14], r[15], str(r[16]), r[17], str(r[18]),  # type: ignore[arg-type]
    )


@dataclass(frozen=True, slots=True)
class RsvpRow:
    id: int
    event_id: int
    user_id: int
    status: str
    queued_at: str


class Events:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def create(self, by: int, now: str, starts_at: str | None, language: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO events (created_by, created_at, updated_at, starts_at, language) "
            "VALUES (?, ?, ?, ?, ?)", (by, now, now, starts_at, language))
        assert cur.lastrowid is not None
        return cur.lastrowid

    async def get(self, event_id: int) -> EventRow | None:
        cur = await self.conn.execute(f"SELECT {EVENT_COLUMNS} FROM events WHERE id = ?",
                                      (event_id,))
        row = await cur.fetchone()
        return _event(tuple(row)) if row else None

    async def upcoming(self, now: str) -> list[EventRow]:
        """Published events that have not ended yet, soonest first."""
        cur = await self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE status = 'published' "
            "AND datetime(starts_at, '+' || duration_min || ' minutes') > datetime(?) "
            "ORDER BY starts_at, id", (now,))
        return [_event(tuple(r)) for r in await cur.fetchall()]

    async def for_coordinators(self, now: str) -> list[EventRow]:
        """Drafts, and events not cancelled that ended at most 30 days ago (their ratings)."""
        cur = await self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE status != 'cancelled' "
            "AND (starts_at IS NULL OR datetime(starts_at, '+' || duration_min || ' minutes', "
            "'+30 days') > datetime(?)) ORDER BY starts_at, id", (now,))
        return [_event(tuple(r)) for r in await cur.fetchall()]

    async def set(self, event_id: int, now: str, **values: object) -> None:
        for column in values:
            if column not in EVENT_FIELDS:
                raise ValueError(f"not an event field: {column}")
        stored = {k: json.dumps(v, ensure_ascii=False, sort_keys=True)
                  if isinstance(v, dict) else v for k, v in values.items()}
        assignments = ", ".join(f"{column} = ?" for column in stored)
        await self.conn.execute(
            f"UPDATE events SET {assignments}, updated_at = ? WHERE id = ?",
            (*stored.values(), now, event_id))

    async def set_status(self, event_id: int, status: str, now: str) -> None:
        await self.conn.execute("UPDATE events SET status = ?, updated_at = ? WHERE id = ?",
                                (status, now, event_id))

    async def add_visit(self, event_id: int, source: str, new_user: bool, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO event_visits (event_id, source, new_user, at) VALUES (?, ?, ?, ?)",
            (event_id, source, int(new_user), now))

    # --- RSVPs ---------------------------------------------------------------------------
    async def rsvp(self, event_id: int, user_id: int) -> RsvpRow | None:
        cur = await self.conn.execute(
            "SELECT id, event_id, user_id, status, queued_at FROM event_rsvps "
            "WHERE event_id = ? AND user_id = ?", (event_id, user_id))
        r = await cur.fetchone()
        return RsvpRow(r[0], r[1], r[2], r[3], r[4]) if r else None

    async def put_rsvp(self, event_id: int, user_id: int, status: str, now: str,
                       source: str | None) -> None:
        """Her one row for this event: created, or brought back after she left."""
        await self.conn.execute(
            "INSERT INTO event_rsvps (event_id, user_id, status, source, queued_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(event_id, user_id) DO UPDATE SET "
            "status = excluded.status, queued_at = excluded.queued_at, "
            "updated_at = excluded.updated_at, source = coalesce(excluded.source, source)",
            (event_id, user_id, status, source, now, now))

    async def set_rsvp_status(self, rsvp_id: int, status: str, now: str) -> None:
        await self.conn.execute(
            "UPDATE event_rsvps SET status = ?, updated_at = ? WHERE id = ?",
            (status, now, rsvp_id))

    async def count(self, event_id: int, status: str) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM event_rsvps WHERE event_id = ? AND status = ?",
            (event_id, status))
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def with_status(self, event_id: int, *statuses: str) -> list[RsvpRow]:
        marks = ", ".join("?" for _ in statuses)
        cur = await self.conn.execute(
            "SELECT id, event_id, user_id, status, queued_at FROM event_rsvps "
            f"WHERE event_id = ? AND status IN ({marks}) ORDER BY queued_at, id",
            (event_id, *statuses))
        return [RsvpRow(r[0], r[1], r[2], r[3], r[4]) for r in await cur.fetchall()]

    async def position(self, event_id: int, user_id: int) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM event_rsvps w, event_rsvps me "
            "WHERE me.event_id = ? AND me.user_id = ? AND w.event_id = me.event_id "
            "AND w.status = 'waitlisted' AND (w.queued_at < me.queued_at OR "
            "(w.queued_at = me.queued_at AND w.id <= me.id))", (event_id, user_id))
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def attendees(self, event_id: int) -> list[tuple[str, str]]:
        """(status, first name) of those going and waiting, in order."""
        cur = await self.conn.execute(
            "SELECT r.status, coalesce(u.name, '') FROM event_rsvps r "
            "JOIN users u ON u.id = r.user_id WHERE r.event_id = ? "
            "AND r.status IN ('going', 'waitlisted') ORDER BY r.status, r.queued_at, r.id",
            (event_id,))
        return [(str(r[0]), str(r[1])) for r in await cur.fetchall()]

    async def rate(self, event_id: int, user_id: int, stars: int, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO event_ratings (event_id, user_id, stars, rated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(event_id, user_id) DO UPDATE SET stars = excluded.stars, "
            "rated_at = excluded.rated_at", (event_id, user_id, stars, now))

    async def rating(self, event_id: int) -> tuple[int, float]:
        cur = await self.conn.execute(
            "SELECT count(*), coalesce(avg(stars), 0) FROM event_ratings WHERE event_id = ?",
            (event_id,))
        row = await cur.fetchone()
        return (int(row[0]), float(row[1])) if row else (0, 0.0)


class Stories:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def subscribed(self, user_id: int) -> bool:
        cur = await self.conn.execute(
            "SELECT subscribed FROM story_subscriptions WHERE user_id = ?", (user_id,))
        row = await cur.fetchone()
        return bool(row[0]) if row else False

    async def subscribe(self, user_id: int, on: bool, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO story_subscriptions (user_id, subscribed, changed_at) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET subscribed = excluded.subscribed, "
            "changed_at = excluded.changed_at", (user_id, int(on), now))

    async def subscribers(self) -> list[tuple[int, str | None]]:
        """(id, time zone) of active subscribers."""
        cur = await self.conn.execute(
            "SELECT u.id, u.timezone FROM story_subscriptions s JOIN users u ON u.id = s.user_id "
            "WHERE s.subscribed = 1 AND u.is_active = 1 ORDER BY u.id")
        return [(int(r[0]), r[1]) for r in await cur.fetchall()]

    async def runs(self) -> dict[str, str]:
        cur = await self.conn.execute("SELECT story_id, queued_at FROM story_runs")
        return {str(r[0]): str(r[1]) for r in await cur.fetchall()}

    async def add_run(self, story_id: str, now: str, recipients: int) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO story_runs (story_id, queued_at, recipients) VALUES (?, ?, ?)",
            (story_id, now, recipients))
        return cur.rowcount == 1


@dataclass(frozen=True, slots=True)
class PeerRow:
    user_id: int
    name: str
    language: str
    region: str | None
    city: str | None
    age_group: str | None
    interests: tuple[str, ...]
    wants_offline: bool
    waited: bool


@dataclass(frozen=True, slots=True)
class PairRow:
    id: int
    a: int
    b: int
    week: str
    status: str

    def other(self, user_id: int) -> int:
        return self.b if user_id == self.a else self.a

    def has(self, user_id: int) -> bool:
        return user_id in (self.a, self.b)


class Peers:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def profile(self, user_id: int) -> tuple[bool, bool] | None:
        """(opted in, wants offline), or None if she never opened the screen."""
        cur = await self.conn.execute(
            "SELECT opted_in, wants_offline FROM peer_profiles WHERE user_id = ?", (user_id,))
        row = await cur.fetchone()
        return (bool(row[0]), bool(row[1])) if row else None

    async def put_profile(self, user_id: int, now: str, *, opted_in: bool | None = None,
                          wants_offline: bool | None = None) -> None:
        await self.conn.execute(
            "INSERT INTO peer_profiles (user_id, opted_in, wants_offline, changed_at) "
            "VALUES (?, coalesce(?, 0), coalesce(?, 0), ?) ON CONFLICT(user_id) DO UPDATE SET "
            "opted_in = coalesce(?, opted_in), wants_offline = coalesce(?, wants_offline), "
            "changed_at = excluded.changed_at",
            (user_id, opted_in, wants_offline, now, opted_in, wants_offline))

    async def opted_in(self) -> list[PeerRow]:
        """Everyone who may be paired now: opted in, onboarded, still here."""
        cur = await self.conn.execute(
            "SELECT u.id, coalesce(u.name, ''), coalesce(u.language, 'tg'), u.region, u.city, "
            "u.age_group, p.wants_offline, p.waited, "
            "(SELECT group_concat(topic) FROM user_interests i WHERE i.user_id = u.id) "
            "FROM peer_profiles p JOIN users u ON u.id = p.user_id "
            "WHERE p.opted_in = 1 AND u.is_active = 1 AND u.onboarded_at IS NOT NULL "
            "ORDER BY u.id")
        return [PeerRow(int(r[0]), str(r[1]), str(r[2]), r[3], r[4], r[5],
                        tuple(sorted(str(r[8]).split(","))) if r[8] else (), bool(r[6]),
                        bool(r[7]))
                for r in await cur.fetchall()]

    async def set_waited(self, waited: set[int], everyone: set[int]) -> None:
        for uid in everyone:
            await self.conn.execute("UPDATE peer_profiles SET waited = ? WHERE user_id = ?",
                                    (int(uid in waited), uid))

    async def past_pairs(self) -> set[tuple[int, int]]:
        cur = await self.conn.execute("SELECT a, b FROM peer_pairs")
        return {(int(r[0]), int(r[1])) for r in await cur.fetchall()}

    async def add_pair(self, a: int, b: int, week: str, now: str) -> int | None:
        lo, hi = min(a, b), max(a, b)
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO peer_pairs (a, b, week, created_at) VALUES (?, ?, ?, ?)",
            (lo, hi, week, now))
        return cur.lastrowid if cur.rowcount == 1 else None

    async def pair(self, pair_id: int) -> PairRow | None:
        cur = await self.conn.execute(
            "SELECT id, a, b, week, status FROM peer_pairs WHERE id = ?", (pair_id,))
        r = await cur.fetchone()
        return PairRow(r[0], r[1], r[2], r[3], r[4]) if r else None

    async def pairs_of(self, user_id: int) -> list[PairRow]:
        cur = await self.conn.execute(
            "SELECT id, a, b, week, status FROM peer_pairs WHERE ? IN (a, b) ORDER BY id DESC",
            (user_id,))
        return [PairRow(r[0], r[1], r[2], r[3], r[4]) for r in await cur.fetchall()]

    async def claim_week(self, week: str, now: str) -> bool:
        """True once per week: the pairing of that week may run."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO peer_weeks (week, pairs, at) VALUES (?, 0, ?)", (week, now))
        return cur.rowcount == 1

    async def count_week(self, week: str, pairs: int) -> None:
        await self.conn.execute("UPDATE peer_weeks SET pairs = ? WHERE week = ?", (pairs, week))

    async def end(self, pair_id: int, status: str, by: int, now: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE peer_pairs SET status = ?, ended_by = ?, ended_at = ? "
            "WHERE id = ? AND status = 'active'", (status, by, now, pair_id))
        return cur.rowcount == 1

    async def cancel_relays(self, sender_id: int, recipient_id: int, now: str) -> int:
        """Messages from one to the other still waiting in the outbox are not sent."""
        cur = await self.conn.execute(
            "UPDATE outbox SET status = 'cancelled', finished_at = ?, args = '{}', "
            "buttons = NULL WHERE kind = 'relay' AND status = 'pending' AND user_id = ? "
            "AND dedup_key >= ? AND dedup_key < ?",
            (now, recipient_id, f"relay:{sender_id}:", f"relay:{sender_id}:\uffff"))
        return cur.rowcount
