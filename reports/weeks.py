"""ISO weeks in the digest's time zone: parse ``YYYY-Www``, last complete week, bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from piwatch.errors import PiwatchError

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week as an aware half-open interval ``[start, end)`` in a time zone."""

    year: int
    number: int
    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    def previous(self) -> Week:
        return week_of(self.start - timedelta(days=1), self.start.tzinfo)  # type: ignore[arg-type]


def week_from_label(label: str, tz: ZoneInfo) -> Week:
    """Parse ``YYYY-Www`` (ISO 8601 week); a bad label is an operator error, not a stack trace."""
    match = _WEEK.match(label.strip())
    if not match:
        raise PiwatchError(f"bad week {label!r}; write it as YYYY-Www, e.g. 2026-W47")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise PiwatchError(f"week {label!r} does not exist; {year} has no week {number}") from None
    return _week_starting(monday, tz)


def week_of(moment: datetime, tz: ZoneInfo) -> Week:
    """The ISO week containing ``moment`` as seen in ``tz``."""
    local = moment.astimezone(tz).date()
    return _week_starting(local - timedelta(days=local.weekday()), tz)


def last_complete_week(now: datetime, tz: ZoneInfo) -> Week:
    """The digest's default: the most recent week that has fully ended at ``now``."""
    return week_of(now, tz).previous()


def _week_starting(monday: date, tz: ZoneInfo) -> Week:
    year, number, _ = monday.isocalendar()
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    nxt = monday + timedelta(days=7)
    end = datetime(nxt.year, nxt.month, nxt.day, tzinfo=tz)
    return Week(year=year, number=number, start=start, end=end)
