"""Mentors, requests, offers and mentorships."""

from __future__ import annotations

import json
from dataclasses import dataclass

from storage.direct import DirectConnection


@dataclass(frozen=True, slots=True)
class MentorRow:
    user_id: int
    status: str
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    format: str
    region: str | None
    bio: str
    workplace: str
    capacity: int
    paused: bool
    applied_at: str
    decided_by: int | None


@dataclass(frozen=True, slots=True)
class RequestRow:
    id: int
    user_id: int
    topic: str
    goal: str
    language: str
    format: str
    status: str
    created_at: str


@dataclass(frozen=True, slots=True)
class OfferRow:
    id: int
    request_id: int
    mentor_id: int
    status: str
    offered_at: str
    expires_at: str


MENTOR_COLS = ("user_id, status, expertise, languages, format, region, bio, workplace, "
               "capacity, paused, applied_at, decided_by")
REQUEST_COLS = "id, user_id, topic, goal, language, format, status, created_at"
OFFER_COLS = "id, request_id, mentor_id, status, offered_at, expires_at"


def _mentor(r: tuple[object, ...]) -> MentorRow:
    return MentorRow(r[0], r[1], tuple(json.loads(r[2])), tuple(json.loads(r[3])),  # type: ignore[arg-type]
                     r[4], r[5], r[6], r[7], r[8], bool(r[9]), r[10], r[11])  # type: ignore[arg-type]


class Mentors:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def get(self, user_id: int) -> MentorRow | None:
        cur = await self.conn.execute(f"SELECT {MENTOR_COLS} FROM mentors WHERE user_id = ?",
                                      (user_id,))
        r = await cur.fetchone()
        return _mentor(tuple(r)) if r else None

    async def apply(self, user_id: int, *, expertise: list[str], languages: list[str],
                    format: str, region: str | None, bio: str, workplace: str, capacity: int,
                    now: str) -> None:
        await self.conn.execute(
            "INSERT INTO mentors (user_id, status, expertise, languages, format, region, bio, "
            "workplace, capacity, applied_at) VALUES (?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET status = 'pending', "
            "expertise = excluded.expertise, languages = excluded.languages, "
            "format = excluded.format, region = excluded.region, bio = excluded.bio, "
            "workplace = excluded.workplace, capacity = excluded.capacity, paused = 0, "
            "applied_at = excluded.applied_at, decided_by = NULL, decided_at = NULL",
            (user_id, json.dumps(sorted(expertise)), json.dumps(sorted(languages)), format,
             region, bio, workplace, capacity, now),
        )

    async def decide(self, user_id: int, status: str, by: int, now: str) -> bool:
        """The first decision wins: False if it was decided already."""
        cur = await self.conn.execute(
            "UPDATE mentors SET status = ?, decided_by = ?, decided_at = ? "
            "WHERE user_id = ? AND status = 'pending'",
            (status, by, now, user_id),
        )
        return cur.rowcount == 1

    async def set_paused(self, user_id: int, paused: bool) -> None:
        await self.conn.execute("UPDATE mentors SET paused = ? WHERE user_id = ?",
                                (int(paused), user_id))

    async def set_capacity(self, user_id: int, capacity: int) -> None:
        await self.conn.execute("UPDATE mentors SET capacity = ? WHERE user_id = ?",
                                (capacity, user_id))

    async def pending(self) -> list[MentorRow]:
        cur = await self.conn.execute(
            f"SELECT {MENTOR_COLS} FROM mentors WHERE status = 'pending' ORDER BY applied_at")
        return [_mentor(tuple(r)) for r in await cur.fetchall()]

    async def available(self) -> list[tuple[MentorRow, int, bool, int, int, str]]:
        """Approved, active, not paused mentors with (load, has open offer, answered,
        expired, last offered at)."""
        cur = await self.conn.execute(
            f"SELECT {', '.join('m.' + c for c in MENTOR_COLS.split(', '))}, "
            "(SELECT count(*) FROM mentorships s WHERE s.mentor_id = m.user_id "
            " AND s.ended_at IS NULL), "
            "EXISTS (SELECT 1 FROM mentor_offers o WHERE o.mentor_id = m.user_id "
            " AND o.status = 'open'), "
            "(SELECT count(*) FROM mentor_offers o WHERE o.mentor_id = m.user_id "
            " AND o.status IN ('accepted', 'declined')), "
            "(SELECT count(*) FROM mentor_offers o WHERE o.mentor_id = m.user_id "
            " AND o.status = 'expired'), "
            "coalesce((SELECT max(offered_at) FROM mentor_offers o "
            " WHERE o.mentor_id = m.user_id), '') "
            "FROM mentors m JOIN users u ON u.id = m.user_id "
            "WHERE m.status = 'approved' AND m.paused = 0 AND u.is_active = 1"
        )
        out = []
        for r in await cur.fetchall():
            row = tuple(r)
            out.append((_mentor(row[:12]), int(row[12]), bool(row[13]), int(row[14]),
                        int(row[15]), str(row[16])))
        return out

    async def load(self, mentor_id: int) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM mentorships WHERE mentor_id = ? AND ended_at IS NULL",
            (mentor_id,))
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    # --- requests ---
    async def open_request(self, user_id: int) -> RequestRow | None:
        cur = await self.conn.execute(
            f"SELECT {REQUEST_COLS} FROM mentor_requests WHERE user_id = ? "
            "AND status IN ('open', 'unmatched')", (user_id,))
        r = await cur.fetchone()
        return RequestRow(*r) if r else None

    async def request(self, request_id: int) -> RequestRow | None:
        cur = await self.conn.execute(
            f"SELECT {REQUEST_COLS} FROM mentor_requests WHERE id = ?", (request_id,))
        r = await cur.fetchone()
        return RequestRow(*r) if r else None

    async def add_request(self, user_id: int, topic: str, goal: str, language: str,
                          format: str, now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO mentor_requests (user_id, topic, goal, language, format, status, "
            "created_at) VALUES (?, ?, ?, ?, ?, 'open', ?)",
            (user_id, topic, goal, language, format, now))
        return int(cur.lastrowid or 0)

    async def close_request(self, request_id: int, status: str, now: str) -> None:
        await self.conn.execute(
            "UPDATE mentor_requests SET status = ?, closed_at = CASE WHEN ? IN "
            "('matched', 'withdrawn') THEN ? ELSE closed_at END WHERE id = ?",
            (status, status, now, request_id))

    async def unmatched(self) -> list[RequestRow]:
        cur = await self.conn.execute(
            f"SELECT {REQUEST_COLS} FROM mentor_requests WHERE status = 'unmatched' "
            "ORDER BY created_at")
        return [RequestRow(*r) for r in await cur.fetchall()]

    # --- offers ---
    async def add_offer(self, request_id: int, mentor_id: int, now: str, expires: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO mentor_offers (request_id, mentor_id, status, offered_at, expires_at) "
            "VALUES (?, ?, 'open', ?, ?)", (request_id, mentor_id, now, expires))
        return int(cur.lastrowid or 0)

    async def offer(self, offer_id: int) -> OfferRow | None:
        cur = await self.conn.execute(f"SELECT {OFFER_COLS} FROM mentor_offers WHERE id = ?",
                                      (offer_id,))
        r = await cur.fetchone()
        return OfferRow(*r) if r else None

    async def open_offer_of_mentor(self, mentor_id: int) -> OfferRow | None:
        cur = await self.conn.execute(
            f"SELECT {OFFER_COLS} FROM mentor_offers WHERE mentor_id = ? AND status = 'open'",
            (mentor_id,))
        r = await cur.fetchone()
        return OfferRow(*r) if r else None

    async def open_offer_of_request(self, request_id: int) -> OfferRow | None:
        cur = await self.conn.execute(
            f"SELECT {OFFER_COLS} FROM mentor_offers WHERE request_id = ? AND status = 'open'",
            (request_id,))
        r = await cur.fetchone()
        return OfferRow(*r) if r else None

    async def tried(self, request_id: int) -> set[int]:
        cur = await self.conn.execute(
            "SELECT mentor_id FROM mentor_offers WHERE request_id = ?", (request_id,))
        return {r[0] for r in await cur.fetchall()}

    async def answer_offer(self, offer_id: int, status: str, now: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE mentor_offers SET status = ?, answered_at = ? "
            "WHERE id = ? AND status = 'open'", (status, now, offer_id))
        return cur.rowcount == 1

    async def expired_offers(self, now: str) -> list[OfferRow]:
        cur = await self.conn.execute(
            f"SELECT {OFFER_COLS} FROM mentor_offers WHERE status = 'open' AND expires_at <= ? "
            "ORDER BY expires_at", (now,))
        return [OfferRow(*r) for r in await cur.fetchall()]

    # --- mentorships ---
    async def add_mentorship(self, request_id: int, mentor_id: int, mentee_id: int,
                             by: int | None, now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO mentorships (request_id, mentor_id, mentee_id, matched_by, started_at) "
            "VALUES (?, ?, ?, ?, ?)", (request_id, mentor_id, mentee_id, by, now))
        return int(cur.lastrowid or 0)

    async def mentorship_of_request(self, request_id: int) -> int | None:
        cur = await self.conn.execute("SELECT mentor_id FROM mentorships WHERE request_id = ?",
                                      (request_id,))
        r = await cur.fetchone()
        return int(r[0]) if r else None
