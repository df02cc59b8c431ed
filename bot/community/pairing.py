"""Weekly peer pairing: a pure function, no database, no clock.

Rules (every pair satisfies all of them):
- at least one interest in common ("meet someone with shared interests");
- the same language;
- both under 18, or both adults;
- if either wants to meet in person, the same region;
- never two people who were paired before (in any week).

Fairness: those left out last week choose first; then those with the fewest possible
partners (so the hard-to-match are not left over); each takes the free partner with the most
shared interests (then one who also waited, then the same region, then the lowest id, so the
result is reproducible).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    language: str
    region: str | None
    wants_offline: bool
    interests: frozenset[str] = field(default_factory=frozenset)
    minor: bool = False
    waited: bool = False  # left out at last week's pairing


@dataclass(frozen=True, slots=True)
class Pairing:
    pairs: tuple[tuple[int, int], ...]  # (smaller id, larger id)
    left_out: tuple[int, ...]  # nobody suitable was free: they go first next week


def key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def compatible(p: Person, q: Person, past: set[tuple[int, int]]) -> bool:
    if p.id == q.id or key(p.id, q.id) in past:
        return False
    if p.language != q.language or p.minor != q.minor or not p.interests & q.interests:
        return False
    offline = p.wants_offline or q.wants_offline
    return not offline or (p.region is not None and p.region == q.region)


def pair_week(people: Iterable[Person], past: set[tuple[int, int]]) -> Pairing:
    everyone = sorted({p.id: p for p in people}.values(), key=lambda p: p.id)
    options = {p.id: [q for q in everyone if compatible(p, q, past)] for p in everyone}
    order = sorted(everyone, key=lambda p: (not p.waited, len(options[p.id]), p.id))
    free = {p.id for p in everyone}
    pairs: list[tuple[int, int]] = []
    for p in order:
        if p.id not in free:
            continue
        candidates = [q for q in options[p.id] if q.id in free]
        if not candidates:
            continue
        best = min(candidates, key=lambda q: (-len(p.interests & q.interests), not q.waited,
                                              q.region != p.region, q.id))
        free -= {p.id, best.id}
        pairs.append(key(p.id, best.id))
    return Pairing(tuple(sorted(pairs)), tuple(sorted(free)))
