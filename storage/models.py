"""Plain rows returned by repositories."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class UserRow:
    id: int
    language: str | None
    name: str | None
    age_group: str | None
    consent_at: datetime | None
    guardian_consent_at: datetime | None
    region: str | None
    city: str | None
    status: str | None
    level: str | None
    wants: str | None
    timezone: str | None
    is_active: bool
    created_at: datetime
    last_seen_at: datetime
    onboarded_at: datetime | None = None
    quiet_hours: str | None = None
    source: str | None = None
    announcements_muted: bool = False
    roles: frozenset[str] = field(default_factory=frozenset)
    interests: tuple[str, ...] = ()

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def onboarded(self) -> bool:
        return self.onboarded_at is not None


@dataclass(frozen=True, slots=True)
class InboxRow:
    update_id: int
    user_key: int | None
    payload: str
    attempts: int
