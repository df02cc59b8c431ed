"""The choices a profile is made of. Labels live in locales under `<kind>-<code>`."""

from __future__ import annotations

AGE_GROUPS = ("13-15", "16-17", "18-24", "25-34", "35+")
MINOR_AGE_GROUPS = frozenset({"13-15", "16-17"})
UNDER_13 = "under13"
STATUSES = ("school", "university", "graduate", "employed", "seeking")
INTERESTS = ("programming", "web", "mobile", "data_ai", "design", "cybersecurity", "robotics",
             "product", "marketing")
LEVELS = ("beginner", "intermediate", "advanced")
GOALS = ("learn", "mentor")


def label_key(kind: str, code: str) -> str:
    """The Fluent key of a choice's label: age-35plus, interest-data_ai -> interest-data-ai."""
    return f"{kind}-" + code.replace("+", "plus").replace("_", "-")
