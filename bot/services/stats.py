"""Statistics and exports for coordinators: numbers from one read, charts as PNG pictures,
CSV files that Excel opens (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from bot.clock import Clock, to_db
from storage import Database

Lessons = Callable[[], Awaitable[dict[int, list[str]]]]
Label = Callable[[str, str], str]  # (kind, code) -> a label in the coordinator's language
WEEKS = 12


class Export(StrEnum):
    participants = "participants"
    enrollments = "enrollments"
    mentorships = "mentorships"


HEADERS: dict[Export, tuple[str, ...]] = {
    Export.participants: ("user_id", "name", "language", "age_group", "region", "city",
                          "status", "level", "goal", "interests", "source", "joined_at",
                          "onboarded_at", "last_seen_at", "active"),
    Export.enrollments: ("user_id", "name", "course_id", "status", "enrolled_at", "left_at",
                         "source", "lessons_done", "last_lesson_at", "certificate"),
    Export.mentorships: ("id", "mentor_id", "mentor_name", "mentee_id", "mentee_name", "topic",
                         "language", "format", "started_at", "ended_at", "matched_by_hand"),
}


@dataclass(frozen=True)
class Numbers:
    consented: int
    onboarded: int
    active_7: int
    active_30: int
    by_region: list[tuple[str, int]]
    by_language: list[tuple[str, int]]
    by_age: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    enrollments: int
    enrolled_users: int
    completions: int
    completed_users: int
    mentor_requests: int
    matches: int
    open_requests: int
    meetings_held: int
    meetings_missed: int
    open_reports: int
    job_alerts: int
    new_per_week: list[tuple[date, int]]
    matches_per_week: list[tuple[date, int]]


def week_starts(today: date, weeks: int = WEEKS) -> list[date]:
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=i) for i in range(weeks - 1, -1, -1)]


def _fill(weeks: list[date], rows: list[tuple[str, int]]) -> list[tuple[date, int]]:
    found = {date.fromisoformat(k): v for k, v in rows}
    return [(w, found.get(w, 0)) for w in weeks]


class StatsService:
    def __init__(self, db: Database, clock: Clock, lessons: Lessons) -> None:
        self.db = db
        self.clock = clock
        self.lessons = lessons

    async def numbers(self) -> Numbers:
        now = self.clock.now()
        weeks = week_starts(now.date())
        since = to_db(datetime.combine(weeks[0], datetime.min.time(), tzinfo=now.tzinfo))
        lessons = await self.lessons()
        async with self.db.read() as tx:
            s = tx.stats
            completions = await s.completions(lessons)
            return Numbers(
                consented=await s.consented(), onboarded=await s.onboarded(),
                active_7=await s.active_since(to_db(now - timedelta(days=7))),
                active_30=await s.active_since(to_db(now - timedelta(days=30))),
                by_region=await s.users_by("region"), by_language=await s.users_by("language"),
                by_age=await s.users_by("age_group"), by_status=await s.users_by("status"),
                by_source=await s.users_by("source"),
                enrollments=await s.enrollments(), enrolled_users=await s.enrolled_users(),
                completions=len(completions), completed_users=len(set(completions)),
                mentor_requests=await s.mentor_requests(), matches=await s.matches(),
                open_requests=await s.open_requests(),
                meetings_held=await s.meetings(happened=True),
                meetings_missed=await s.meetings(happened=False),
                open_reports=await s.open_reports(),
                job_alerts=await s.sent_of_kind("jobs.digest"),
                new_per_week=_fill(weeks, await s.new_per_week(since)),
                matches_per_week=_fill(weeks, await s.matches_per_week(since)),
            )

    async def charts(self, n: Numbers, t: Callable[..., str],
                     label: Label) -> list[tuple[str, bytes]]:
        """(file name, PNG) for each chart, labelled in the coordinator's language. Drawn in
        a worker thread so updates keep flowing meanwhile."""
        empty = t("stats-chart-empty")
        weeks = [w.strftime("%d.%m") for w, _ in n.new_per_week]

        def draw() -> list[tuple[str, bytes]]:
            from bot import charts  # matplotlib loads on the first /stats, not at start-up

            return [
                ("new-users.png", charts.line_chart(
                    t("stats-chart-new-users"), weeks,
                    {t("stats-chart-new-users-series"): [v for _, v in n.new_per_week]},
                    ylabel=t("stats-chart-people"), empty=empty)),
                ("regions.png", charts.bar_chart(
                    t("stats-chart-regions"), [label("region", c) for c, _ in n.by_region],
                    [v for _, v in n.by_region], horizontal=True, empty=empty)),
                ("funnel.png", charts.funnel_chart(t("stats-chart-funnel"), [
                    (t("stats-funnel-consented"), n.consented),
                    (t("stats-funnel-onboarded"), n.onboarded),
                    (t("stats-funnel-enrolled"), n.enrolled_users),
                    (t("stats-funnel-completed"), n.completed_users)], empty=empty)),
                ("matches.png", charts.line_chart(
                    t("stats-chart-matches"), weeks,
                    {t("stats-chart-matches-series"): [v for _, v in n.matches_per_week]},
                    ylabel=t("stats-chart-count"), empty=empty)),
            ]

        return await asyncio.to_thread(draw)

    async def export(self, kind: Export) -> tuple[str, bytes, int]:
        """(file name, CSV bytes, number of rows)."""
        async with self.db.read() as tx:
            if kind == Export.participants:
                rows: Sequence[Sequence[Any]] = await tx.stats.participants()
            elif kind == Export.enrollments:
                rows = await tx.stats.enrollment_rows()
            else:
                rows = await tx.stats.mentorship_rows()
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(HEADERS[kind])
        for row in rows:
            writer.writerow(["" if v is None else _cell(v) for v in row])
        stamp = self.clock.now().strftime("%Y-%m-%d")
        return f"{kind.value}-{stamp}.csv", out.getvalue().encode("utf-8-sig"), len(rows)


def _cell(value: Any) -> Any:
    """Text that Excel would run as a formula is prefixed with an apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
