"""Her time zone and quiet hours: when a non-urgent notification may reach her."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_QUIET = "22:00-08:00"
QUIET_OFF = "off"
QUIET_CHOICES = ("22:00-08:00", "23:00-07:00", "21:00-09:00", "00:00-09:00", QUIET_OFF)
QUIET_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")

# Zones offered in /settings: home first, then where our mentors and students abroad live.
COMMON_ZONES = (
    "Asia/Dushanbe", "Asia/Tashkent", "Asia/Almaty", "Europe/Moscow", "Europe/Istanbul",
    "Asia/Dubai", "Europe/Berlin", "Europe/London", "America/New_York", "Asia/Seoul",
)
# Whole-hour UTC offsets for anywhere else. IANA's Etc/GMT signs are inverted: UTC+5 = Etc/GMT-5.
UTC_OFFSETS = tuple(range(-12, 15))


def offset_zone(hours: int) -> str:
    if hours == 0:
        return "Etc/UTC"
    return f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


def zone(name: str | None, default: str) -> ZoneInfo:
    try:
        return ZoneInfo(name or default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


def is_known_zone(name: str) -> bool:
    allowed = set(COMMON_ZONES) | {offset_zone(h) for h in UTC_OFFSETS}
    return name in allowed


def utc_offset_label(name: str, at: datetime) -> str:
    """UTC+05:00 for Asia/Dushanbe."""
    offset = at.astimezone(ZoneInfo(name)).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@dataclass(frozen=True, slots=True)
class QuietHours:
    start: time
    end: time

    @classmethod
    def parse(cls, value: str | None) -> QuietHours | None:
        """None means no quiet hours ('off'); NULL in the database means the default."""
        value = value or DEFAULT_QUIET
        if value == QUIET_OFF:
            return None
        m = QUIET_RE.match(value)
        if not m or value[:5] == value[6:]:
            m = QUIET_RE.match(DEFAULT_QUIET)
            assert m is not None
        return cls(time(int(m.group(1)), int(m.group(2))), time(int(m.group(3)),
                                                                  int(m.group(4))))

    def contains(self, local: time) -> bool:
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end  # the window spans midnight

    def ends_after(self, now: datetime, tz: ZoneInfo) -> datetime:
        """The first moment after `now` when the quiet window is over, in UTC."""
        local = now.astimezone(tz)
        end = datetime.combine(local.date(), self.end, tzinfo=tz)
        if end <= local:
            end += timedelta(days=1)
        return end.astimezone(UTC)


def quiet_until(now: datetime, quiet_value: str | None, tz_name: str | None,
                default_tz: str) -> datetime | None:
    """When a non-urgent notification due now may go out; None if it may go now."""
    quiet = QuietHours.parse(quiet_value)
    if quiet is None:
        return None
    tz = zone(tz_name, default_tz)
    if not quiet.contains(now.astimezone(tz).time()):
        return None
    return quiet.ends_after(now, tz)


def local_time(dt: datetime, tz_name: str | None, default_tz: str) -> datetime:
    return dt.astimezone(zone(tz_name, default_tz))


def format_when(dt: datetime, tz_name: str | None, default_tz: str) -> str:
    """16.01.2027 10:00 in her zone: the one way times are written to users."""
    return local_time(dt, tz_name, default_tz).strftime("%d.%m.%Y %H:%M")


def format_day(day: date) -> str:
    return day.strftime("%d.%m.%Y")
