"""Small courses for flow tests, written as TOML files the way volunteers write them."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any


def loc(text: str) -> dict[str, str]:
    return {"tg": f"{text} (тҷ)", "ru": f"{text} (ру)", "en": text}


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return str(v)
    if isinstance(v, datetime):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return json.dumps(v, ensure_ascii=False)


def to_toml(data: dict[str, Any], prefix: str = "") -> str:
    """Enough TOML for course files: scalars, tables and arrays of tables."""
    lines: list[str] = []
    tables: list[tuple[str, dict[str, Any]]] = []
    arrays: list[tuple[str, list[dict[str, Any]]]] = []
    for key, value in data.items():
        if isinstance(value, dict):
            tables.append((key, value))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            arrays.append((key, value))
        elif value is not None:
            lines.append(f"{key} = {_value(value)}")
    for key, table in tables:
        lines.append(f"[{prefix}{key}]")
        lines.append(to_toml(table, f"{prefix}{key}."))
    for key, items in arrays:
        for item in items:
            lines.append(f"[[{prefix}{key}]]")
            lines.append(to_toml(item, f"{prefix}{key}."))
    return "\n".join(lines)


def lesson(lid: str, questions: int = 2) -> dict[str, Any]:
    return {
        "id": lid, "title": loc(f"Lesson {lid}"), "body": loc(f"<b>{lid}</b> body text."),
        "quiz": [{"correct": 1, "question": loc(f"{lid} question {n}"),
                  "options": [loc("wrong"), loc("right"), loc("also wrong")],
                  "explanation": loc("because")} for n in range(questions)],
    }


def venue(name: str = "IT Park") -> dict[str, Any]:
    return {"lat": 40.2826, "lon": 69.6222, "name": loc(name), "address": loc("Lenin 1")}


def course(cid: int, slug: str, fmt: str = "online_self", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": cid, "slug": slug, "format": fmt, "topics": ["programming"],
        "languages": ["tg", "ru", "en"], "title": loc(slug.replace("-", " ").title()),
        "summary": loc(f"About {slug}."),
    }
    data.update(extra)
    if fmt == "online_self" and "lessons" not in data:
        two = {**lesson("two"), "link": "https://docs.python.org/3/",
               "picture": "https://example.org/lesson-two.png"}
        data["lessons"] = [lesson("one"), two, lesson("three")]
    return data


def sample_courses() -> list[dict[str, Any]]:
    sessions = [
        {"id": "day-1", "title": loc("Day one"), "duration_minutes": 180,
         "starts_at": datetime.fromisoformat("2026-12-12T10:00:00+05:00"), "venue": venue()},
        {"id": "day-2", "title": loc("Day two"), "duration_minutes": 180,
         "starts_at": datetime.fromisoformat("2026-12-13T10:00:00+05:00"), "venue": venue()},
    ]
    live = [{"id": "live-1", "title": loc("Live one"), "duration_minutes": 60,
             "starts_at": datetime.fromisoformat("2026-11-05T18:00:00+05:00"),
             "link": "https://meet.example.org/wit"}]
    courses = [
        course(101, "python-start", topics=["programming", "data_ai"], drip={"every_days": 1}),
        course(102, "khujand-web", "offline", topics=["web"], languages=["tg", "ru"],
               region="TJ-SU", capacity=2, sessions=sessions),
        course(103, "design-live", "online_live", topics=["design"], languages=["en"],
               capacity=30, sessions=live),
    ]
    for n, topic in enumerate(["marketing", "mobile", "robotics", "product", "web"]):
        courses.append(course(110 + n, f"extra-{topic}", topics=[topic], languages=["ru"],
                              lessons=[lesson("only", 1)]))
    return courses


def write_courses(directory: Path, courses: list[dict[str, Any]] | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.toml"):
        old.unlink()
    for data in courses if courses is not None else sample_courses():
        (directory / f"{data['slug']}.toml").write_text(to_toml(data), encoding="utf-8")
    return directory
