"""What a learner is told later about a course, scheduled in the outbox inside the caller's
transaction: session reminders (a day and an hour before) and gentle nudges (3 days after her
last activity, at most twice per course)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import to_db
from bot.content import Localized
from bot.delivery.outbox import Button, Notification, Outbox, Pin
from keyboards.callbacks import LearnAction, LearnCb
from storage import Tx

if TYPE_CHECKING:
    from bot.services.courses import CourseView

NUDGE_AFTER = timedelta(days=3)
MAX_NUDGES = 2
REMINDERS = (("day", timedelta(days=1)), ("hour", timedelta(hours=1)))


def localized(text: Localized) -> dict[str, object]:
    """A content text as an outbox argument: rendered in her language at send time."""
    return {"$t": text.model_dump()}


def reminder_prefix(course_id: int, user_id: int) -> str:
    return f"course:{course_id}:remind:{user_id}:"


def nudge_prefix(course_id: int, user_id: int) -> str:
    return f"course:{course_id}:nudge:{user_id}:"


async def schedule_reminders(outbox: Outbox, tx: Tx, view: CourseView, user_id: int,
                             now: datetime) -> None:
    """Replace her reminders of this course's sessions by ones for the sessions as they are."""
    await outbox.cancel_prefix(tx, reminder_prefix(view.id, user_id))
    for session in view.sessions:
        if session.starts_at <= now:
            continue
        args: dict[str, object] = {
            "title": localized(view.course.title), "session": localized(session.session.title),
            "when": {"$when": to_db(session.starts_at)}, "link": session.session.link or "",
        }
        pin = None
        if session.venue is not None:
            args["venue"] = localized(session.venue.name)
            args["address"] = localized(session.venue.address)
            pin = Pin(session.venue.lat, session.venue.lon, session.venue.name.model_dump(),
                      session.venue.address.model_dump())
        template = "learn-reminder-venue" if session.venue else "learn-reminder-link"
        for label, before in REMINDERS:
            await outbox.enqueue(tx, Notification(
                user_id=user_id, kind=f"course.reminder_{label}", template=template, args=args,
                due_at=max(session.starts_at - before, now), expires_at=session.starts_at,
                priority=3, venue=pin,
                dedup_key=f"{reminder_prefix(view.id, user_id)}{session.id}:{label}:"
                f"{to_db(session.starts_at)}"))


async def schedule_nudge(outbox: Outbox, tx: Tx, view: CourseView, user_id: int,
                         now: datetime) -> None:
    """She was active: the next nudge, if any, comes 3 days after this (at most 2 in all)."""
    prefix = nudge_prefix(view.id, user_id)
    sent = await tx.outbox.count_prefix(prefix, "sent")
    await outbox.cancel_prefix(tx, prefix)
    for n in range(sent + 1, MAX_NUDGES + 1):  # 3 days of silence, then 3 more
        await outbox.enqueue(tx, Notification(
            user_id=user_id, kind="course.nudge", template="learn-nudge",
            args={"title": localized(view.course.title)},
            buttons=((Button("btn-continue", LearnCb(action=LearnAction.go,
                                                     course_id=view.id).pack()),),),
            due_at=now + NUDGE_AFTER * (n - sent), priority=8,
            dedup_key=f"{prefix}{n}:{to_db(now)}"))


async def forget_course(outbox: Outbox, tx: Tx, course_id: int, user_id: int) -> None:
    """She left the course: no reminders, no nudges."""
    await outbox.cancel_prefix(tx, reminder_prefix(course_id, user_id))
    await outbox.cancel_prefix(tx, nudge_prefix(course_id, user_id))
