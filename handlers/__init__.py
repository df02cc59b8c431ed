"""One Router per feature, each built by a factory (a fresh Router per Dispatcher)."""

from __future__ import annotations

from aiogram import Router

from handlers import (
    admin,
    broadcast,
    course_admin,
    courses,
    errors,
    event_admin,
    events,
    fallback,
    job_admin,
    jobs,
    learning,
    mentoring,
    mentorship,
    menu,
    onboarding,
    peers,
    privacy,
    questions,
    settings,
    start,
    stories,
)


def routers() -> list[Router]:
    """Every feature router, in the order they should see updates; the fallback is last."""
    return [
        errors.router(),
        start.router(),
        mentoring.router(),  # early: while she writes to her mentor, her messages go there
        onboarding.router(),
        settings.router(),
        privacy.router(),
        courses.router(),
        learning.router(),
        mentorship.router(),
        jobs.router(),
        events.router(),
        stories.router(),
        peers.router(),
        menu.router(),
        course_admin.router(),
        admin.router(),
        broadcast.router(),
        job_admin.router(),
        event_admin.router(),
        questions.router(),
        fallback.router(),
    ]
