"""The scheduler: APScheduler only triggers; the truth about what is due is in the database.

Every recurring job is registered here, in one place. Jobs hold nothing that is not also in
SQLite: a restart loses no promise, because the work of each tick reads what is due.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger


@dataclass(frozen=True)
class Job:
    id: str
    trigger: BaseTrigger
    run: Callable[[], Awaitable[Any]]
    at_start: bool = False  # also run right after start, not only after the first interval


def build_scheduler(timezone: str, jobs: list[Job]) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)
    for job in jobs:
        extra: dict[str, Any] = {}
        if job.at_start:
            extra["next_run_time"] = datetime.now(ZoneInfo(timezone))
        scheduler.add_job(job.run, job.trigger, id=job.id, max_instances=1, coalesce=True,
                          misfire_grace_time=None, **extra)
    return scheduler


def every(seconds: float) -> IntervalTrigger:
    return IntervalTrigger(seconds=seconds)
