"""`python -m bot`: load settings, set up redacted logging, run until stopped."""

from __future__ import annotations

import asyncio
import logging
import sys

from bot.logs import setup_logging
from bot.settings import TOKEN_REJECTED, SettingsError, load_settings


def content_check(directory: str | None = None) -> int:
    """`python -m bot content check [DIR]`: validate every course file (and, without DIR, the
    stories), import nothing."""
    from pathlib import Path

    from bot.content import COURSES_DIR, ContentError, load_courses

    where = Path(directory) if directory else COURSES_DIR
    try:
        courses = load_courses(where)
    except ContentError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} problem(s) in {where}", file=sys.stderr)
        return 1
    for course in courses:
        print(f"ok  {course.id:>4}  {course.slug}: {len(course.lessons)} lessons, "
              f"{course.quiz_count} quiz questions, {len(course.sessions)} sessions")
    if directory is None:  # the shipped content: the stories too
        return stories_check()
    return 0


def stories_check() -> int:
    from bot.community.stories import STORIES_DIR, load_stories
    from bot.content import ContentError

    try:
        stories = load_stories(STORIES_DIR)
    except ContentError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"{len(e.problems)} problem(s) in {STORIES_DIR}", file=sys.stderr)
        return 1
    for story in stories:
        photo = f", photo {story.photo}" if story.photo else ""
        print(f"ok  story {story.id}: published {story.published.isoformat()}{photo}")
    return 0


def backup(target: str) -> int:
    """`python -m bot backup PATH`: a consistent copy of the live database, no token needed."""
    import os
    import sqlite3
    from pathlib import Path

    from dotenv import dotenv_values

    from storage.backup import backup_file

    env = {**dotenv_values(".env"), **os.environ}
    source = Path(env.get("DATABASE_PATH") or "data/bot.sqlite3")
    if not source.exists():
        print(f"No database at {source} (DATABASE_PATH).", file=sys.stderr)
        return 2
    try:
        backup_file(source, Path(target))
    except (OSError, sqlite3.Error, RuntimeError) as e:
        print(f"Backup failed: {e}", file=sys.stderr)
        return 1
    print(f"Backup of {source} written to {target}")
    return 0


USAGE = (
    "usage: python -m bot                       run the bot\n"
    "       python -m bot content check [DIR]   validate course files\n"
    "       python -m bot backup PATH           copy the live database to PATH"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:2] == ["content", "check"] and len(args) <= 3:
        return content_check(args[2] if len(args) == 3 else None)
    if args[:1] == ["backup"] and len(args) == 2:
        return backup(args[1])
    if args:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as e:
        print(e, file=sys.stderr)
        return 2
    setup_logging(settings.log_level, [settings.token])
    from bot.app import TokenRejected, run
    from bot.content import ContentError

    try:
        return asyncio.run(run(settings))
    except TokenRejected:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    except ContentError as e:
        print("Course content has problems; nothing was imported:", file=sys.stderr)
        for problem in e.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    except Exception:
        logging.getLogger("bot").critical("the bot stopped on an unexpected error", exc_info=True)
        return 1
