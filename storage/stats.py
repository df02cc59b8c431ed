"""Read-only queries for coordinators: statistics and CSV exports. Names of columns and
tables here are fixed strings; values only ever come as parameters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.direct import DirectConnection

ONBOARDED = "onboarded_at IS NOT NULL AND consent_at IS NOT NULL"
GROUPABLE = {"region": "region", "language": "language", "age_group": "age_group",
             "status": "status", "source": "coalesce(source, '')"}
WEEK = "date({col}, '-6 days', 'weekday 1')"  # the Monday that starts its week


class Stats:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = await self.conn.execute(sql, params)
        return [tuple(r) for r in await cur.fetchall()]

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> int:
        row = await (await self.conn.execute(sql, params)).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    async def users_by(self, column: str) -> list[tuple[str, int]]:
        """Onboarded users grouped by one profile column, biggest group first."""
        expr = GROUPABLE[column]
        return [(r[0] or "", r[1]) for r in await self._rows(
            f"SELECT {expr}, count(*) FROM users WHERE {ONBOARDED} "
            f"GROUP BY 1 ORDER BY 2 DESC, 1")]

    async def onboarded(self) -> int:
        return await self._one(f"SELECT count(*) FROM users WHERE {ONBOARDED}")

    async def consented(self) -> int:
        return await self._one("SELECT count(*) FROM users WHERE consent_at IS NOT NULL")

    async def active_since(self, since: str) -> int:
        return await self._one(
            f"SELECT count(*) FROM users WHERE {ONBOARDED} AND is_active = 1 "
            "AND last_seen_at >= ?", (since,))

    async def new_per_week(self, since: str) -> list[tuple[str, int]]:
        week = WEEK.format(col="created_at")
        return [(r[0], r[1]) for r in await self._rows(
            f"SELECT {week}, count(*) FROM users WHERE {ONBOARDED} AND created_at >= ? "
            "GROUP BY 1 ORDER BY 1", (since,))]

    async def matches_per_week(self, since: str) -> list[tuple[str, int]]:
        week = WEEK.format(col="started_at")
        return [(r[0], r[1]) for r in await self._rows(
            f"SELECT {week}, count(*) FROM mentorships WHERE started_at >= ? "
            "GROUP BY 1 ORDER BY 1", (since,))]

    async def enrolled_users(self) -> int:
        return await self._one(
            "SELECT count(DISTINCT user_id) FROM enrollments WHERE enrolled_at IS NOT NULL")

    async def enrollments(self) -> int:
        return await self._one("SELECT count(*) FROM enrollments WHERE enrolled_at IS NOT NULL")

    async def completions(self, lessons: dict[int, Sequence[str]]) -> list[int]:
        """Users who did every lesson of a course, one entry per (user, course)."""
        done: list[int] = []
        for course_id, ids in lessons.items():
            if not ids:
                continue
            marks = ", ".join("?" * len(ids))
            done.extend(r[0] for r in await self._rows(
                "SELECT user_id FROM lesson_progress WHERE course_id = ? "
                f"AND lesson_id IN ({marks}) GROUP BY user_id HAVING count(*) = ?",
                (course_id, *ids, len(ids))))
        return done

    async def mentor_requests(self) -> int:
        return await self._one("SELECT count(*) FROM mentor_requests")

    async def open_requests(self) -> int:
        return await self._one(
            "SELECT count(*) FROM mentor_requests WHERE status IN ('open', 'unmatched')")

    async def meetings(self, *, happened: bool) -> int:
        """Meetings one side said took place; a missed one is one either side said did not."""
        if happened:
            return await self._one(
                "SELECT count(DISTINCT meeting_id) FROM meeting_feedback WHERE happened = 1 "
                "AND meeting_id NOT IN (SELECT meeting_id FROM meeting_feedback "
                "WHERE happened = 0)")
        return await self._one(
            "SELECT count(DISTINCT meeting_id) FROM meeting_feedback WHERE happened = 0")

    async def open_reports(self) -> int:
        return await self._one("SELECT count(*) FROM mentorship_reports WHERE status = 'open'")

    async def matches(self) -> int:
        return await self._one("SELECT count(*) FROM mentorships")

    async def sent_of_kind(self, kind: str) -> int:
        return await self._one(
            "SELECT count(*) FROM outbox WHERE kind = ? AND status = 'sent'", (kind,))

    # --- exports -------------------------------------------------------------------------
    async def participants(self) -> list[tuple[Any, ...]]:
        return await self._rows(
            "SELECT u.id, u.name, u.language, u.age_group, u.region, u.city, u.status, "
            "u.level, u.wants, (SELECT group_concat(topic, ' ') FROM "
            "(SELECT topic FROM user_interests i WHERE i.user_id = u.id ORDER BY topic)), "
            "coalesce(u.source, ''), u.created_at, u.onboarded_at, u.last_seen_at, u.is_active "
            f"FROM users u WHERE {ONBOARDED.replace('onboarded_at', 'u.onboarded_at')} "
            "ORDER BY u.id")

    async def enrollment_rows(self) -> list[tuple[Any, ...]]:
        return await self._rows(
            "SELECT e.user_id, u.name, e.course_id, e.status, e.enrolled_at, e.left_at, "
            "coalesce(e.source, ''), (SELECT count(*) FROM lesson_progress p "
            "WHERE p.user_id = e.user_id AND p.course_id = e.course_id), "
            "(SELECT max(p.completed_at) FROM lesson_progress p "
            "WHERE p.user_id = e.user_id AND p.course_id = e.course_id), "
            "(SELECT c.code FROM certificates c "
            "WHERE c.user_id = e.user_id AND c.course_id = e.course_id) "
            "FROM enrollments e JOIN users u ON u.id = e.user_id "
            "ORDER BY e.course_id, e.user_id")

    async def mentorship_rows(self) -> list[tuple[Any, ...]]:
        return await self._rows(
            "SELECT m.id, m.mentor_id, a.name, m.mentee_id, b.name, r.topic, r.language, "
            "r.format, m.started_at, m.ended_at, m.matched_by IS NOT NULL "
            "FROM mentorships m JOIN mentor_requests r ON r.id = m.request_id "
            "JOIN users a ON a.id = m.mentor_id JOIN users b ON b.id = m.mentee_id "
            "ORDER BY m.id")
