"""Audiences of broadcasts: a small query builder over users.

Every condition is a fixed SQL fragment with `?` placeholders; values come only as
parameters, never as SQL text. Filters of one kind are alternatives (OR), kinds combine
(AND): "Russian or English speakers in Sughd who finished course 3".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# Who can be sent anything at all: she consented, finished onboarding, has not blocked us.
BASE = ("u.is_active = 1", "u.consent_at IS NOT NULL", "u.onboarded_at IS NOT NULL",
        "u.language IS NOT NULL")
NOT_MUTED = "u.announcements_muted = 0"


@dataclass(frozen=True)
class Segment:
    languages: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    age_groups: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()
    enrolled: frozenset[int] = frozenset()   # course ids: enrolled in any of them
    finished: frozenset[int] = frozenset()   # course ids: finished any of them
    active_days: int | None = None           # seen in the last N days

    @property
    def is_everyone(self) -> bool:
        return self == Segment()

    def toggle(self, kind: str, value: Any) -> Segment:
        current: frozenset[Any] = getattr(self, kind)
        return replace(self, **{kind: current ^ {value}})

    def to_json(self) -> str:
        out: dict[str, Any] = {k: sorted(v) for k, v in self._sets().items() if v}
        if self.active_days:
            out["active_days"] = self.active_days
        return json.dumps(out, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Segment:
        raw = json.loads(text or "{}")
        return cls(
            **{k: frozenset(raw.get(k, ())) for k in SET_KINDS},
            active_days=raw.get("active_days"),
        )

    def _sets(self) -> dict[str, frozenset[Any]]:
        return {k: getattr(self, k) for k in SET_KINDS}


SET_KINDS = ("languages", "regions", "age_groups", "roles", "statuses", "enrolled", "finished")


def _marks(n: int) -> str:
    return ", ".join("?" * n)


@dataclass
class Query:
    where: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, fragment: str, values: Iterable[Any] = ()) -> None:
        self.where.append(fragment)
        self.params.extend(values)

    def sql(self, select: str) -> tuple[str, list[Any]]:
        return f"{select} FROM users u WHERE " + " AND ".join(self.where), self.params


def build(segment: Segment, *, urgent: bool, since: str | None,
          lessons: dict[int, Sequence[str]]) -> Query:
    """The WHERE clause of a segment.

    `since` is the timestamp N days ago for `active_days`; `lessons` maps each course id in
    `finished` to its lesson ids (finishing = every lesson done).
    """
    q = Query()
    for fragment in BASE:
        q.add(fragment)
    if not urgent:
        q.add(NOT_MUTED)
    columns = {"languages": "u.language", "regions": "u.region", "age_groups": "u.age_group",
               "statuses": "u.status"}
    for kind, column in columns.items():
        values = sorted(getattr(segment, kind))
        if values:
            q.add(f"{column} IN ({_marks(len(values))})", values)
    if segment.roles:
        roles = sorted(segment.roles)
        q.add(f"EXISTS (SELECT 1 FROM user_roles r WHERE r.user_id = u.id "
              f"AND r.role IN ({_marks(len(roles))}))", roles)
    if segment.enrolled:
        ids = sorted(segment.enrolled)
        q.add(f"EXISTS (SELECT 1 FROM enrollments e WHERE e.user_id = u.id "
              f"AND e.status = 'enrolled' AND e.course_id IN ({_marks(len(ids))}))", ids)
    if segment.finished:
        parts: list[str] = []
        params: list[Any] = []
        for course_id in sorted(segment.finished):
            ids = list(lessons.get(course_id, ()))
            if not ids:  # a course without lessons cannot be finished in the bot
                parts.append("0")
                continue
            parts.append(f"(SELECT count(*) FROM lesson_progress p WHERE p.user_id = u.id "
                         f"AND p.course_id = ? AND p.lesson_id IN ({_marks(len(ids))})) = ?")
            params.extend([course_id, *ids, len(ids)])
        q.add("(" + " OR ".join(parts) + ")", params)
    if segment.active_days and since is not None:
        q.add("u.last_seen_at >= ?", [since])
    return q
