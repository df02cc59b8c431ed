"""Consistent copies of the live database (SQLite's online backup), and keeping a few."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

BACKUP_GLOB = "bot-*.sqlite3"


def backup_file(source: Path, target: Path) -> Path:
    """Copy `source` to `target` while the bot may be writing: a consistent snapshot, written
    to a temporary name and renamed, so a half-written copy never looks like a backup."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            ok = dst.execute("PRAGMA integrity_check").fetchone()
            if ok is None or ok[0] != "ok":
                raise RuntimeError(f"the copy failed its integrity check: {ok}")
        finally:
            dst.close()
    finally:
        src.close()
    partial.replace(target)
    return target


def backup_name(now: datetime) -> str:
    return now.strftime("bot-%Y%m%d-%H%M%S.sqlite3")


def keep_newest(directory: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` newest backups; returns what was deleted."""
    backups = sorted(directory.glob(BACKUP_GLOB))
    old = backups[:-keep] if keep > 0 else backups
    for path in old:
        path.unlink()
    return old
