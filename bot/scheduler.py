"""The scheduler: APScheduler only triggers; the truth about what is due is in the database.

Every recurring job is registered here, in one place. Jobs hold nothing that is not also in
SQLite: a restart loses no promise, because the work of each tick reads what is due.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: str
    trigger: BaseTrigger
    run: Callable[[], Awaitable[Any]]
    at_start: bool = False  # also run right after start, not only after the first interval


@dataclass
class Runs:
    """The job runs in progress, so that shutdown can let them finish instead of cutting
    them off (a tick cut off mid-transaction is harmless, but it is noise in the log)."""
    tasks: set[asyncio.Task[Any]] = field(default_factory=set)

    def wrap(self, job: Job) -> Callable[[], Awaitable[Any]]:
        async def run() -> Any:
            task = asyncio.current_task()
            if task is not None:
                self.tasks.add(task)
            try:
                return await job.run()
            except asyncio.CancelledError:
                log.warning("job %s was cut off at shutdown", job.id)
                return None
            finally:
                if task is not None:
                    self.tasks.discard(task)
        return run

    async def finish(self, timeout: float) -> bool:
        """Wait for the runs in progress; cancel those still going after `timeout`."""
        await asyncio.sleep(0)  # a run the scheduler has just started gets to register
        if not self.tasks:
            return True
        _, pending = await asyncio.wait(set(self.tasks), timeout=max(timeout, 0.0))
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=1.0)
        return not pending


def build_scheduler(timezone: str, jobs: list[Job], runs: Runs | None = None
                    ) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=timezone)
    for job in jobs:
        extra: dict[str, Any] = {}
        if job.at_start:
            extra["next_run_time"] = datetime.now(ZoneInfo(timezone))
        scheduler.add_job(runs.wrap(job) if runs else job.run, job.trigger, id=job.id,
                          max_instances=1, coalesce=True, misfire_grace_time=None, **extra)
    return scheduler


def every(seconds: float) -> IntervalTrigger:
    return IntervalTrigger(seconds=seconds)
