"""Ranking mentors for a request: a pure function, no database, no Telegram.

Required: approved and not paused (the caller passes only those), free capacity, no open
offer, a shared language, a format she offers, and not tried before for this request.
Preferred, in this order: topic overlap; the same region for an in-person request; a lower
share of her capacity in use; better past responsiveness; then whoever waited longest since
her last offer, so equal mentors share requests fairly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MentorInfo:
    user_id: int
    languages: frozenset[str]
    expertise: frozenset[str]
    format: str  # online, offline or both
    region: str | None
    capacity: int
    load: int  # mentorships going on now
    has_open_offer: bool
    answered: int = 0  # offers she accepted or declined
    expired: int = 0  # offers she let expire
    last_offered_at: str = ""  # ISO time of her latest offer; "" if never


@dataclass(frozen=True)
class Need:
    topic: str
    language: str
    format: str  # online or offline
    region: str | None
    tried: frozenset[int] = frozenset()


def eligible(need: Need, m: MentorInfo) -> bool:
    formats = {"online": ("online", "both"), "offline": ("offline", "both")}[need.format]
    return (m.load < m.capacity and not m.has_open_offer and need.language in m.languages
            and m.format in formats and m.user_id not in need.tried)


def responsiveness(m: MentorInfo) -> float:
    """Share of offers she answered, with one answered offer assumed for newcomers."""
    return (m.answered + 1) / (m.answered + m.expired + 1)


def rank(need: Need, mentors: list[MentorInfo]) -> list[MentorInfo]:
    def key(m: MentorInfo) -> tuple[object, ...]:
        same_region = need.format == "offline" and need.region is not None and (
            m.region == need.region)
        return (need.topic not in m.expertise, not same_region, m.load / m.capacity,
                -responsiveness(m), m.last_offered_at, m.user_id)

    return sorted((m for m in mentors if eligible(need, m)), key=key)
