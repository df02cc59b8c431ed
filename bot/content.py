"""Course content: version-controlled TOML files under content/courses/, every user-visible
field in tg, ru and en, validated with pydantic before anything is imported.

`python -m bot content check` validates every file and prints each problem as
`FILE: FIELD: what is wrong`; the bot does the same at start and refuses to start on a broken
file, so content is never half-imported.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from bot.profile import INTERESTS
from bot.settings import LANGUAGES

COURSES_DIR = Path(__file__).resolve().parent.parent / "content" / "courses"
LESSON_ID = r"^[a-z0-9][a-z0-9-]{0,31}$"
REGIONS = ("TJ-DU", "TJ-SU", "TJ-KT", "TJ-GB", "TJ-RA")
TAG_RE = re.compile(r"</?([a-zA-Z]+)[^>]*>")
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "s", "code", "pre", "a", "blockquote", "tg-spoiler"}

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """One text in all three languages."""

    tg: Text
    ru: Text
    en: Text

    def get(self, lang: str) -> str:
        return str(getattr(self, lang if lang in LANGUAGES else "en"))

    @field_validator("tg", "ru", "en")
    @classmethod
    def _telegram_html(cls, value: str) -> str:
        for tag in TAG_RE.findall(value):
            if tag.lower() not in ALLOWED_TAGS:
                raise ValueError(f"<{tag}> is not a tag Telegram understands")
        bare = TAG_RE.sub("", value)
        if "<" in bare or ">" in bare:
            raise ValueError("write &lt; and &gt; for < and > outside tags")
        if re.search(r"&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)", bare):
            raise ValueError("write &amp; for & (texts are HTML)")
        return value


class Format(StrEnum):
    online_self = "online_self"  # self-paced, lessons in the chat
    online_live = "online_live"  # live online sessions (a link)
    offline = "offline"  # in person, at a venue


class Venue(Strict):
    name: Localized
    address: Localized
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)


class Session(Strict):
    id: Annotated[str, StringConstraints(pattern=LESSON_ID)]
    title: Localized
    starts_at: datetime
    duration_minutes: int = Field(gt=0, le=24 * 60)
    venue: Venue | None = None
    link: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None

    @field_validator("starts_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("needs a UTC offset, e.g. 2026-12-12T10:00:00+05:00")
        return value


class Quiz(Strict):
    question: Localized
    options: list[Localized] = Field(min_length=2, max_length=6)
    correct: int = Field(ge=0)
    explanation: Localized

    @model_validator(mode="after")
    def _correct_is_an_option(self) -> Quiz:
        if self.correct >= len(self.options):
            raise ValueError(
                f"correct = {self.correct} but there are {len(self.options)} options "
                f"(counted from 0)")
        return self


BODY_MAX = 3500  # a lesson is one message: 4096 with its title and progress line


class Lesson(Strict):
    id: Annotated[str, StringConstraints(pattern=LESSON_ID)]
    title: Localized
    body: Localized
    link: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    picture: Annotated[str, StringConstraints(pattern=r"^https://\S+$")] | None = None
    quiz: list[Quiz] = Field(default_factory=list)

    @field_validator("body")
    @classmethod
    def _fits_a_message(cls, value: Localized) -> Localized:
        for lang in LANGUAGES:
            length = len(TAG_RE.sub("", value.get(lang)))
            if length > BODY_MAX:
                raise ValueError(f"{lang} is {length} characters; at most {BODY_MAX} fit")
        return value


class Drip(Strict):
    every_days: int = Field(default=0, ge=0, le=30)  # 0: every lesson open at once


class Course(Strict):
    id: int = Field(gt=0, lt=1_000_000)
    slug: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")]
    format: Format
    title: Localized
    summary: Localized
    topics: list[str] = Field(min_length=1)
    languages: list[str] = Field(min_length=1)  # languages of instruction
    region: str | None = None  # where an offline course takes place
    capacity: int | None = Field(default=None, gt=0, le=10_000)  # None: no limit
    pass_mark: int = Field(default=70, ge=0, le=100)  # % of quiz answers right to pass
    starts: date | None = None
    ends: date | None = None
    drip: Drip = Field(default_factory=Drip)
    sessions: list[Session] = Field(default_factory=list)
    lessons: list[Lesson] = Field(default_factory=list)

    @field_validator("topics")
    @classmethod
    def _known_topics(cls, value: list[str]) -> list[str]:
        unknown = [t for t in value if t not in INTERESTS]
        if unknown:
            raise ValueError(f"unknown topics {unknown}; use {list(INTERESTS)}")
        return value

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        unknown = [lang for lang in value if lang not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown languages {unknown}; use {list(LANGUAGES)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Course:
        if self.format == Format.offline:
            if self.region not in REGIONS:
                raise ValueError(f"an offline course needs region, one of {list(REGIONS)}")
            if not self.sessions or any(s.venue is None for s in self.sessions):
                raise ValueError("an offline course needs sessions, each with a venue")
            if self.capacity is None:
                raise ValueError("an offline course needs capacity (the number of seats)")
        elif self.region is not None and self.region not in REGIONS:
            raise ValueError(f"region must be one of {list(REGIONS)}")
        if self.format == Format.online_live and any(s.link is None for s in self.sessions):
            raise ValueError("every session of a live online course needs a link")
        if self.format == Format.online_self and not self.lessons:
            raise ValueError("a self-paced course needs lessons")
        for kind, items in (("lesson", self.lessons), ("session", self.sessions)):
            ids = [i.id for i in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"{kind} ids must be unique: {dupes} repeat")
        if self.starts and self.ends and self.ends < self.starts:
            raise ValueError("ends is before starts")
        return self

    @property
    def quiz_count(self) -> int:
        return sum(len(lesson.quiz) for lesson in self.lessons)


class ContentError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def load_course(path: Path) -> Course:
    """One file, or ContentError naming the file, the field and what is wrong."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ContentError([f"{name}: not valid TOML: {e}"]) from None
    try:
        return Course.model_validate(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                msg = "unknown field (a typo?)"
            problems.append(f"{name}: {_where(tuple(err['loc']))}: {msg}")
        raise ContentError(problems) from None


def load_courses(directory: Path = COURSES_DIR) -> list[Course]:
    """Every course file, all valid, or ContentError listing every problem of every file."""
    courses: list[Course] = []
    problems: list[str] = []
    seen: dict[int, str] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            course = load_course(path)
        except ContentError as e:
            problems.extend(e.problems)
            continue
        if course.id in seen:
            problems.append(f"{path.name}: id: {course.id} is also used by {seen[course.id]}")
        seen.setdefault(course.id, path.name)
        courses.append(course)
    if problems:
        raise ContentError(problems)
    return courses
