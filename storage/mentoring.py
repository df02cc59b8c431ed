"""The life of a mentorship after the match: its state, meetings, feedback, check-ins and
reports."""

from __future__ import annotations

from dataclasses import dataclass

from storage.direct import DirectConnection


@dataclass(frozen=True, slots=True)
class MentorshipRow:
    id: int
    request_id: int
    mentor_id: int
    mentee_id: int
    status: str
    started_at: str
    ended_at: str | None
    topic: str

    def other(self, user_id: int) -> int:
        return self.mentee_id if user_id == self.mentor_id else self.mentor_id

    def has(self, user_id: int) -> bool:
        return user_id in (self.mentor_id, self.mentee_id)


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    mentorship_id: int
    proposed_by: int
    starts_at: str
    status: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    id: int
    mentorship_id: int
    reporter_id: int | None
    text: str | None
    status: str
    created_at: str
    decided_by: int | None


M_COLS = ("s.id, s.request_id, s.mentor_id, s.mentee_id, s.status, s.started_at, s.ended_at, "
          "r.topic")
M_FROM = "FROM mentorships s JOIN mentor_requests r ON r.id = s.request_id"
MEET_COLS = "id, mentorship_id, proposed_by, starts_at, status"
REPORT_COLS = "id, mentorship_id, reporter_id, text, status, created_at, decided_by"


class Mentoring:
    def __init__(self, conn: DirectConnection) -> None:
        self.conn = conn

    # --- mentorships ---
    async def get(self, mentorship_id: int) -> MentorshipRow | None:
        cur = await self.conn.execute(f"SELECT {M_COLS} {M_FROM} WHERE s.id = ?",
                                      (mentorship_id,))
        r = await cur.fetchone()
        return MentorshipRow(*r) if r else None

    async def of_user(self, user_id: int) -> list[MentorshipRow]:
        """Her mentorships that have not ended, as mentor or mentee."""
        cur = await self.conn.execute(
            f"SELECT {M_COLS} {M_FROM} WHERE (s.mentor_id = ? OR s.mentee_id = ?) "
            "AND s.status != 'ended' ORDER BY s.id", (user_id, user_id))
        return [MentorshipRow(*r) for r in await cur.fetchall()]

    async def ids_of(self, user_id: int) -> list[int]:
        """Every mentorship she is or was in."""
        cur = await self.conn.execute(
            "SELECT id FROM mentorships WHERE ? IN (mentor_id, mentee_id)", (user_id,))
        return [int(r[0]) for r in await cur.fetchall()]

    async def of_mentor(self, mentor_id: int) -> list[MentorshipRow]:
        cur = await self.conn.execute(
            f"SELECT {M_COLS} {M_FROM} WHERE s.mentor_id = ? AND s.status != 'ended'",
            (mentor_id,))
        return [MentorshipRow(*r) for r in await cur.fetchall()]

    async def set_status(self, mentorship_id: int, status: str, expected: tuple[str, ...],
                         by: int | None = None, now: str | None = None) -> bool:
        """Move it to `status` if it is in one of `expected`; ending stamps who and when."""
        marks = ", ".join("?" * len(expected))
        cur = await self.conn.execute(
            f"UPDATE mentorships SET status = ?, "
            "ended_at = CASE WHEN ? = 'ended' THEN ? ELSE ended_at END, "
            "ended_by = CASE WHEN ? = 'ended' THEN ? ELSE ended_by END "
            f"WHERE id = ? AND status IN ({marks})",
            (status, status, now, status, by, mentorship_id, *expected))
        return cur.rowcount == 1

    async def suspend_mentor(self, mentor_id: int, now: str) -> None:
        await self.conn.execute(
            "UPDATE mentors SET suspended_at = ?, paused = 1 WHERE user_id = ?",
            (now, mentor_id))

    async def is_suspended(self, mentor_id: int) -> bool:
        cur = await self.conn.execute(
            "SELECT 1 FROM mentors WHERE user_id = ? AND suspended_at IS NOT NULL",
            (mentor_id,))
        return await cur.fetchone() is not None

    # --- meetings ---
    async def add_meeting(self, mentorship_id: int, proposed_by: int, starts_at: str,
                          now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO meetings (mentorship_id, proposed_by, starts_at, status, created_at) "
            "VALUES (?, ?, ?, 'proposed', ?)", (mentorship_id, proposed_by, starts_at, now))
        return int(cur.lastrowid or 0)

    async def meeting(self, meeting_id: int) -> MeetingRow | None:
        cur = await self.conn.execute(f"SELECT {MEET_COLS} FROM meetings WHERE id = ?",
                                      (meeting_id,))
        r = await cur.fetchone()
        return MeetingRow(*r) if r else None

    async def next_meeting(self, mentorship_id: int, now: str) -> MeetingRow | None:
        cur = await self.conn.execute(
            f"SELECT {MEET_COLS} FROM meetings WHERE mentorship_id = ? AND starts_at > ? "
            "AND status IN ('proposed', 'confirmed') ORDER BY starts_at LIMIT 1",
            (mentorship_id, now))
        r = await cur.fetchone()
        return MeetingRow(*r) if r else None

    async def answer_meeting(self, meeting_id: int, status: str, now: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE meetings SET status = ?, answered_at = ? "
            "WHERE id = ? AND status = 'proposed'", (status, now, meeting_id))
        return cur.rowcount == 1

    async def cancel_upcoming(self, mentorship_id: int, now: str) -> list[MeetingRow]:
        """Upcoming meetings of a paused or ended mentorship are off."""
        cur = await self.conn.execute(
            f"SELECT {MEET_COLS} FROM meetings WHERE mentorship_id = ? AND starts_at > ? "
            "AND status IN ('proposed', 'confirmed')", (mentorship_id, now))
        found = [MeetingRow(*r) for r in await cur.fetchall()]
        await self.conn.execute(
            "UPDATE meetings SET status = 'cancelled', answered_at = ? WHERE mentorship_id = ? "
            "AND starts_at > ? AND status IN ('proposed', 'confirmed')",
            (now, mentorship_id, now))
        return found

    async def meeting_feedback(self, meeting_id: int, user_id: int
                               ) -> tuple[bool, int | None, str | None] | None:
        cur = await self.conn.execute(
            "SELECT happened, rating, comment FROM meeting_feedback "
            "WHERE meeting_id = ? AND user_id = ?", (meeting_id, user_id))
        r = await cur.fetchone()
        return (bool(r[0]), r[1], r[2]) if r else None

    async def set_happened(self, meeting_id: int, user_id: int, happened: bool,
                           now: str) -> bool:
        """Her first answer counts."""
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO meeting_feedback (meeting_id, user_id, happened, "
            "answered_at) VALUES (?, ?, ?, ?)", (meeting_id, user_id, int(happened), now))
        return cur.rowcount == 1

    async def rate_meeting(self, meeting_id: int, user_id: int, rating: int) -> bool:
        cur = await self.conn.execute(
            "UPDATE meeting_feedback SET rating = ? WHERE meeting_id = ? AND user_id = ? "
            "AND happened = 1 AND rating IS NULL", (rating, meeting_id, user_id))
        return cur.rowcount == 1

    async def comment_meeting(self, meeting_id: int, user_id: int, comment: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE meeting_feedback SET comment = ? WHERE meeting_id = ? AND user_id = ? "
            "AND happened = 1 AND comment IS NULL", (comment, meeting_id, user_id))
        return cur.rowcount == 1

    # --- check-ins and the feedback at the end ---
    async def checkin(self, mentorship_id: int, user_id: int, day: int, answer: str,
                      now: str) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO mentorship_checkins (mentorship_id, user_id, day, answer, "
            "answered_at) VALUES (?, ?, ?, ?, ?)", (mentorship_id, user_id, day, answer, now))
        return cur.rowcount == 1

    async def rate_mentorship(self, mentorship_id: int, user_id: int, rating: int,
                              now: str) -> bool:
        cur = await self.conn.execute(
            "INSERT OR IGNORE INTO mentorship_feedback (mentorship_id, user_id, rating, "
            "answered_at) VALUES (?, ?, ?, ?)", (mentorship_id, user_id, rating, now))
        return cur.rowcount == 1

    async def comment_mentorship(self, mentorship_id: int, user_id: int, comment: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE mentorship_feedback SET comment = ? WHERE mentorship_id = ? "
            "AND user_id = ? AND comment IS NULL", (comment, mentorship_id, user_id))
        return cur.rowcount == 1

    # --- reports ---
    async def add_report(self, mentorship_id: int, reporter_id: int, text: str | None,
                         now: str) -> int:
        cur = await self.conn.execute(
            "INSERT INTO mentorship_reports (mentorship_id, reporter_id, text, status, "
            "created_at) VALUES (?, ?, ?, 'open', ?)", (mentorship_id, reporter_id, text, now))
        return int(cur.lastrowid or 0)

    async def report(self, report_id: int) -> ReportRow | None:
        cur = await self.conn.execute(
            f"SELECT {REPORT_COLS} FROM mentorship_reports WHERE id = ?", (report_id,))
        r = await cur.fetchone()
        return ReportRow(*r) if r else None

    async def set_report_text(self, report_id: int, text: str) -> None:
        await self.conn.execute("UPDATE mentorship_reports SET text = ? WHERE id = ?",
                                (text, report_id))

    async def decide_report(self, report_id: int, status: str, by: int, now: str) -> bool:
        cur = await self.conn.execute(
            "UPDATE mentorship_reports SET status = ?, decided_by = ?, decided_at = ? "
            "WHERE id = ? AND status = 'open'", (status, by, now, report_id))
        return cur.rowcount == 1

    async def close_open_reports(self, mentorship_id: int, status: str, by: int,
                                 now: str) -> None:
        await self.conn.execute(
            "UPDATE mentorship_reports SET status = ?, decided_by = ?, decided_at = ? "
            "WHERE mentorship_id = ? AND status = 'open'", (status, by, now, mentorship_id))

    async def forget_reports(self, before: str) -> int:
        """What a reporter wrote is kept as long as relayed messages, counted from the
        decision."""
        cur = await self.conn.execute(
            "UPDATE mentorship_reports SET text = NULL WHERE status != 'open' "
            "AND decided_at < ? AND text IS NOT NULL", (before,))
        return cur.rowcount
