"""Stories of women in tech: TOML files under content/stories/, every text in tg, ru and en,
an optional photo (a file in the same folder), a publication date. Validated at start: a
broken file stops the bot with every problem listed, as for courses."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import StringConstraints, ValidationError, field_validator

from bot.content import ContentError, Localized, Strict

STORIES_DIR = Path(__file__).resolve().parent.parent.parent / "content" / "stories"
PHOTO_MAX_BYTES = 5 * 1024 * 1024


class Story(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")]
    published: date
    photo: str | None = None
    name: Localized
    role: Localized
    text: Localized

    @field_validator("photo")
    @classmethod
    def _plain_name(cls, value: str | None) -> str | None:
        if value is not None and ("/" in value or "\\" in value or value.startswith(".")):
            raise ValueError("a file name in content/stories, without folders")
        return value


def load_stories(directory: Path = STORIES_DIR) -> list[Story]:
    """Every story, newest publication first, or ContentError listing every problem."""
    stories: list[Story] = []
    problems: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        try:
            story = Story.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError) as e:
            problems.append(f"{path.name}: {e}")
            continue
        if story.id in seen:
            problems.append(f"{path.name}: id: {story.id} is also used by {seen[story.id]}")
        seen.setdefault(story.id, path.name)
        if story.photo is not None:
            photo = directory / story.photo
            if not photo.is_file() or photo.stat().st_size > PHOTO_MAX_BYTES:
                problems.append(f"{path.name}: photo: {story.photo} is missing or too big")
        stories.append(story)
    if problems:
        raise ContentError(problems)
    return sorted(stories, key=lambda s: (s.published, s.id), reverse=True)
