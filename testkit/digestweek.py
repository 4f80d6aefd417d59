"""The digest's default week, taken when a ``piwatch`` child started next will take the same."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from piwatch.reports.weeks import Week, last_complete_week, week_of

MARGIN = timedelta(minutes=4)
"""Longer than a test runs its digest children; a week ending sooner than this is waited out."""


def settled_last_week(tz: ZoneInfo) -> Week:
    """``last_complete_week(now)``, the week a digest child computes for itself from its clock.

    Seeded by the test before the child runs, the two agree unless a week ends in between
    (Monday 00:00 in ``tz``); when that is less than ``MARGIN`` away, wait for it first.
    """
    now = datetime.now(UTC)
    left = week_of(now, tz).end - now
    if left < MARGIN:
        time.sleep(left.total_seconds() + 1)
    return last_complete_week(datetime.now(UTC), tz)
