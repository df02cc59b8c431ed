"""Users, their roles and interests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.clock import from_db
from storage.direct import DirectConnection
from storage.models import UserRow

USER_COLUMNS = (
    "id, language, name, age_group, consent_at, guardian_consent_at, region, city, status, "
    "level, wants, timezone, is_active, created_at, last_seen_at, onboarded_at, quiet_hours, "
    "source, announcements_muted"
)

SEP = "\x1f"  # char(31): joins her roles and interests in `get`; no role or topic holds it

# Profile columns a service may set through `update_fields`.
PROFILE_FIELDS = frozenset(
    {
        "language", "name", "age_group", "consent_at", "guardian_consent_at", "region", "city",
        "status", "level", "wants", "timezone", "onboarded_at", "quiet_hours", "source",
        "announcements_muted",
    }
)


def _dt(text: str | None) -> datetime | None:
    return from_db(text) if text else None


class Users:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def get(self, user_id: int) -> UserRow | None:
        """Her row with her roles and interests, in one statement (every update reads it)."""
        found = await self.conn.execute_fetchall(
            f"SELECT {USER_COLUMNS}, "
            f"(SELECT group_concat(role, char(31)) FROM user_roles WHERE user_id = users.id), "
            f"(SELECT group_concat(topic, char(31)) FROM user_interests "
            f"WHERE user_id = users.id) "
            f"FROM users WHERE id = ?", (user_id,))
        if not found:
            return None
        r = next(iter(found))
        roles = r[19].split(SEP) if r[19] else []
        interests = sorted(r[20].split(SEP)) if r[20] else []
        return UserRow(
            id=r[0], language=r[1], name=r[2], age_group=r[3], consent_at=_dt(r[4]),
            guardian_consent_at=_dt(r[5]), region=r[6], city=r[7], status=r[8], level=r[9],
            wants=r[10], timezone=r[11], is_active=bool(r[12]), created_at=from_db(r[13]),
            last_seen_at=from_db(r[14]), onboarded_at=_dt(r[15]), quiet_hours=r[16],
            source=r[17], announcements_muted=bool(r[18]),
            roles=frozenset(roles),
            interests=tuple(interests),
        )

    async def create(self, user_id: int, now: str, language: str | None = None) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO users (id, language, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?)",
            (user_id, language, now, now),
        )
        return cur.rowcount == 1

    async def update_fields(self, user_id: int, **fields: object) -> None:
        unknown = set(fields) - PROFILE_FIELDS
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        if not fields:
            return
        names = sorted(fields)
        assignments = ", ".join(f"{n} = ?" for n in names)
        await self.conn.execute(
            f"UPDATE users SET {assignments} WHERE id = ?",
            (*(fields[n] for n in names), user_id),
        )

    async def touch(self, user_id: int, now: str) -> None:
        """Record that she was seen; a user who writes again is active again."""
        await self.conn.execute(
            "UPDATE users SET last_seen_at = ?, is_active = 1, blocked_at = NULL WHERE id = ?",
            (now, user_id),
        )

    async def mark_blocked(self, user_id: int, now: str) -> bool:
        """She blocked the bot (403): inactive until she writes again."""
        cur = await self.conn.execute(
            "UPDATE users SET is_active = 0, blocked_at = ? WHERE id = ? AND is_active = 1",
            (now, user_id),
        )
        return cur.rowcount == 1

    async def roles(self, user_id: int) -> list[str]:
        rows = await self.conn.execute_fetchall(
            "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role", (user_id,)
        )
        return [r[0] for r in rows]

    async def add_role(self, user_id: int, role: str, now: str) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO user_roles (user_id, role, granted_at) VALUES (?, ?, ?)",
            (user_id, role, now),
        )
        return cur.rowcount == 1

    async def remove_role(self, user_id: int, role: str) -> None:
        await self.conn.execute(
            "DELETE FROM user_roles WHERE user_id = ? AND role = ?", (user_id, role)
        )

    async def set_interests(self, user_id: int, topics: Iterable[str]) -> None:
        await self.conn.execute("DELETE FROM user_interests WHERE user_id = ?", (user_id,))
        await self.conn.executemany(
            "INSERT INTO user_interests (user_id, topic) VALUES (?, ?)",
            [(user_id, t) for t in sorted(set(topics))],
        )

    async def count_with_role(self, role: str) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM user_roles r JOIN users u ON u.id = r.user_id "
            "WHERE r.role = ? AND u.is_active = 1",
            (role,),
        )
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def with_role(self, role: str) -> list[int]:
        cur = await self.conn.execute(
            "SELECT r.user_id FROM user_roles r JOIN users u ON u.id = r.user_id "
            "WHERE r.role = ? AND u.is_active = 1 ORDER BY r.user_id", (role,))
        return [r[0] for r in await cur.fetchall()]

    async def count_active(self) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM users WHERE is_active = 1 AND language IS NOT NULL"
        )
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def records(self, user_id: int) -> dict[str, list[dict[str, object]]]:
        """Every row of every other table that belongs to her, for /mydata."""
        tables = {"user_roles": "user_id = ?", "user_interests": "user_id = ?",
                  "enrollments": "user_id = ?", "lesson_progress": "user_id = ?",
                  "quiz_answers": "user_id = ?", "certificates": "user_id = ?",
                  "mentors": "user_id = ?", "mentor_requests": "user_id = ?",
                  "mentorships": "? IN (mentor_id, mentee_id)", "questions": "user_id = ?",
                  "job_alerts": "user_id = ?", "saved_jobs": "user_id = ?",
                  "relayed_messages": "sender_id = ?", "meeting_feedback": "user_id = ?",
                  "mentorship_checkins": "user_id = ?", "mentorship_feedback": "user_id = ?",
                  "mentorship_reports": "reporter_id = ?",
                  "event_rsvps": "user_id = ?", "event_ratings": "user_id = ?",
                  "story_subscriptions": "user_id = ?", "peer_profiles": "user_id = ?"}
        out: dict[str, list[dict[str, object]]] = {}
        for table, where in tables.items():
            cur = await self.conn.execute(f"SELECT * FROM {table} WHERE {where}", (user_id,))
            names = [d[0] for d in cur.description]
            out[table] = [dict(zip(names, row, strict=True)) for row in await cur.fetchall()]
        return out

    async def forget_editor(self, user_id: int) -> None:
        """Changes she made as a coordinator stay; that she made them does not."""
        await self.conn.execute(
            "UPDATE session_changes SET changed_by = NULL WHERE changed_by = ?", (user_id,)
        )

    async def delete(self, user_id: int) -> None:
        await self.conn.execute("DELETE FROM users WHERE id = ?", (user_id,))
