"""Courses, session changes, enrollments, visits and lesson progress."""

from __future__ import annotations

from dataclasses import dataclass

from storage.direct import DirectConnection


@dataclass(frozen=True, slots=True)
class CourseRow:
    id: int
    content: str
    active: bool
    seats: int | None


@dataclass(frozen=True, slots=True)
class SessionChange:
    session_id: str
    starts_at: str | None
    venue: str | None


@dataclass(frozen=True, slots=True)
class EnrollmentRow:
    id: int
    course_id: int
    user_id: int
    status: str
    source: str | None
    queued_at: str
    offer_expires_at: str | None
    enrolled_at: str | None = None


ENROLLMENT_COLUMNS = (
    "id, course_id, user_id, status, source, queued_at, offer_expires_at, enrolled_at"
)
HOLDING_A_SEAT = ("enrolled", "offered")


def _enrollment(r: tuple[object, ...]) -> EnrollmentRow:
    return EnrollmentRow(int(r[0]), int(r[1]), int(r[2]), str(r[3]),  # type: ignore[arg-type]
                         r[4], str(r[5]), r[6], r[7])  # type: ignore[arg-type]


class Courses:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def upsert(self, course_id: int, slug: str, content: str, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO courses (id, slug, content, active, imported_at) VALUES (?, ?, ?, 1, ?) "
            "ON CONFLICT(id) DO UPDATE SET slug = excluded.slug, content = excluded.content, "
            "active = 1, imported_at = excluded.imported_at",
            (course_id, slug, content, now),
        )

    async def deactivate_others(self, keep: list[int]) -> int:
        marks = ",".join("?" * len(keep)) or "NULL"
        cur = await self.conn.execute(
            f"UPDATE courses SET active = 0 WHERE active = 1 AND id NOT IN ({marks})", keep
        )
        return cur.rowcount

    async def all_active(self) -> list[CourseRow]:
        cur = await self.conn.execute(
            "SELECT id, content, active, seats FROM courses WHERE active = 1 ORDER BY id"
        )
        return [CourseRow(r[0], r[1], bool(r[2]), r[3]) for r in await cur.fetchall()]

    async def get(self, course_id: int) -> CourseRow | None:
        cur = await self.conn.execute(
            "SELECT id, content, active, seats FROM courses WHERE id = ?", (course_id,)
        )
        r = await cur.fetchone()
        return CourseRow(r[0], r[1], bool(r[2]), r[3]) if r else None

    async def set_seats(self, course_id: int, seats: int) -> None:
        await self.conn.execute("UPDATE courses SET seats = ? WHERE id = ?", (seats, course_id))

    async def session_changes(self, course_id: int) -> list[SessionChange]:
        cur = await self.conn.execute(
            "SELECT session_id, starts_at, venue FROM session_changes WHERE course_id = ?",
            (course_id,),
        )
        return [SessionChange(r[0], r[1], r[2]) for r in await cur.fetchall()]

    async def change_session(self, course_id: int, session_id: str, *, starts_at: str | None,
                             venue: str | None, by: int, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO session_changes (course_id, session_id, starts_at, venue, changed_by, "
            "changed_at) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(course_id, session_id) DO UPDATE SET "
            "starts_at = coalesce(excluded.starts_at, starts_at), "
            "venue = coalesce(excluded.venue, venue), changed_by = excluded.changed_by, "
            "changed_at = excluded.changed_at",
            (course_id, session_id, starts_at, venue, by, now),
        )

    async def add_visit(self, course_id: int, source: str, new_user: bool, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO course_visits (course_id, source, new_user, at) VALUES (?, ?, ?, ?)",
            (course_id, source, int(new_user), now),
        )

    async def visits_by_source(self, course_id: int) -> dict[str, int]:
        cur = await self.conn.execute(
            "SELECT source, count(*) FROM course_visits WHERE course_id = ? GROUP BY source",
            (course_id,),
        )
        return {r[0]: r[1] for r in await cur.fetchall()}


class Enrollments:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def get(self, course_id: int, user_id: int) -> EnrollmentRow | None:
        cur = await self.conn.execute(
            f"SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE course_id = ? AND user_id = ?",
            (course_id, user_id),
        )
        r = await cur.fetchone()
        return _enrollment(r) if r else None

    async def for_user(self, user_id: int) -> list[EnrollmentRow]:
        cur = await self.conn.execute(
            f"SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE user_id = ? "
            "AND status IN ('enrolled', 'waitlisted', 'offered') ORDER BY queued_at",
            (user_id,),
        )
        return [_enrollment(r) for r in await cur.fetchall()]

    async def with_status(self, course_id: int, *statuses: str) -> list[EnrollmentRow]:
        marks = ",".join("?" * len(statuses))
        cur = await self.conn.execute(
            f"SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE course_id = ? "
            f"AND status IN ({marks}) ORDER BY queued_at, id",
            (course_id, *statuses),
        )
        return [_enrollment(r) for r in await cur.fetchall()]

    async def seats_taken(self, course_id: int) -> int:
        cur = await self.conn.execute(
            "SELECT count(*) FROM enrollments WHERE course_id = ? "
            "AND status IN ('enrolled', 'offered')",
            (course_id,),
        )
        row = await cur.fetchone()
        return int(row[0]) if row else 0

    async def position(self, course_id: int, user_id: int) -> int | None:
        """Her place on the waitlist, from 1."""
        cur = await self.conn.execute(
            "SELECT count(*) FROM enrollments w JOIN enrollments me "
            "ON me.course_id = w.course_id AND me.user_id = ? AND me.status = 'waitlisted' "
            "WHERE w.course_id = ? AND w.status = 'waitlisted' "
            "AND (w.queued_at < me.queued_at OR (w.queued_at = me.queued_at AND w.id <= me.id))",
            (user_id, course_id),
        )
        row = await cur.fetchone()
        return int(row[0]) if row and row[0] else None

    async def put(self, course_id: int, user_id: int, status: str, now: str, *,
                  source: str | None = None, offer_expires_at: str | None = None) -> None:
        """Insert or move her row to `status`; joining anew puts her at the end of the queue."""
        enrolled_at = now if status == "enrolled" else None
        await self.conn.execute(
            "INSERT INTO enrollments (course_id, user_id, status, source, queued_at, "
            "offer_expires_at, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(course_id, user_id) DO UPDATE SET status = excluded.status, "
            "source = coalesce(excluded.source, source), queued_at = excluded.queued_at, "
            "offer_expires_at = excluded.offer_expires_at, "
            "enrolled_at = excluded.enrolled_at, left_at = NULL",
            (course_id, user_id, status, source, now, offer_expires_at, enrolled_at),
        )

    async def set_status(self, enrollment_id: int, status: str, now: str, *,
                         offer_expires_at: str | None = None) -> None:
        await self.conn.execute(
            "UPDATE enrollments SET status = ?, offer_expires_at = ?, "
            "enrolled_at = CASE WHEN ? = 'enrolled' THEN ? ELSE enrolled_at END, "
            "left_at = CASE WHEN ? IN ('left', 'lapsed') THEN ? ELSE left_at END "
            "WHERE id = ?",
            (status, offer_expires_at, status, now, status, now, enrollment_id),
        )

    async def expired_offers(self, now: str) -> list[EnrollmentRow]:
        cur = await self.conn.execute(
            f"SELECT {ENROLLMENT_COLUMNS} FROM enrollments WHERE status = 'offered' "
            "AND offer_expires_at <= ? ORDER BY offer_expires_at",
            (now,),
        )
        return [_enrollment(r) for r in await cur.fetchall()]


@dataclass(frozen=True, slots=True)
class CertificateRow:
    code: str
    user_id: int | None  # None once she deleted her data
    course_id: int
    name: str | None
    language: str
    issued_at: str


class Progress:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    async def forget_certificate_holder(self, user_id: int) -> None:
        """Her certificates keep verifying, without her name (her id goes with her row)."""
        await self.conn.execute("UPDATE certificates SET name = NULL WHERE user_id = ?",
                                (user_id,))

    async def answer(self, user_id: int, course_id: int, lesson_id: str, question: int,
                     choice: int, correct: bool, now: str) -> None:
        await self.conn.execute(
            "INSERT INTO quiz_answers (user_id, course_id, lesson_id, question, choice, correct, "
            "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(user_id, course_id, lesson_id, question) DO UPDATE SET "
            "choice = excluded.choice, correct = excluded.correct, "
            "attempts = attempts + 1, answered_at = excluded.answered_at",
            (user_id, course_id, lesson_id, question, choice, int(correct), now),
        )

    async def answers(self, user_id: int, course_id: int, lesson_id: str) -> dict[int, bool]:
        cur = await self.conn.execute(
            "SELECT question, correct FROM quiz_answers "
            "WHERE user_id = ? AND course_id = ? AND lesson_id = ?",
            (user_id, course_id, lesson_id),
        )
        return {r[0]: bool(r[1]) for r in await cur.fetchall()}

    async def clear_answers(self, user_id: int, course_id: int, lesson_id: str) -> None:
        await self.conn.execute(
            "DELETE FROM quiz_answers WHERE user_id = ? AND course_id = ? AND lesson_id = ?",
            (user_id, course_id, lesson_id),
        )

    async def touch(self, user_id: int, course_id: int, now: str) -> None:
        await self.conn.execute(
            "UPDATE enrollments SET last_activity_at = ? WHERE user_id = ? AND course_id = ?",
            (now, user_id, course_id),
        )

    async def certificate(self, user_id: int, course_id: int) -> CertificateRow | None:
        cur = await self.conn.execute(
            "SELECT code, user_id, course_id, name, language, issued_at FROM certificates "
            "WHERE user_id = ? AND course_id = ?",
            (user_id, course_id),
        )
        r = await cur.fetchone()
        return CertificateRow(*r) if r else None

    async def certificate_by_code(self, code: str) -> CertificateRow | None:
        cur = await self.conn.execute(
            "SELECT code, user_id, course_id, name, language, issued_at FROM certificates "
            "WHERE code = ?",
            (code,),
        )
        r = await cur.fetchone()
        return CertificateRow(*r) if r else None

    async def add_certificate(self, code: str, user_id: int, course_id: int, name: str,
                              language: str, now: str) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO certificates (code, user_id, course_id, name, language, "
            "issued_at) VALUES (?, ?, ?, ?, ?, ?)",
            (code, user_id, course_id, name, language, now),
        )
        return cur.rowcount == 1

    async def complete(self, user_id: int, course_id: int, lesson_id: str, now: str) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO lesson_progress (user_id, course_id, lesson_id, completed_at) "
            "VALUES (?, ?, ?, ?)",
            (user_id, course_id, lesson_id, now),
        )
        return cur.rowcount == 1

    async def done(self, user_id: int, course_id: int) -> set[str]:
        cur = await self.conn.execute(
            "SELECT lesson_id FROM lesson_progress WHERE user_id = ? AND course_id = ?",
            (user_id, course_id),
        )
        return {r[0] for r in await cur.fetchall()}
