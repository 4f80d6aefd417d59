"""Cron expressions: crontab weekday numbers, optional seconds field, operator errors."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from piwatch.config import ConfigError, cron_trigger

TZ = ZoneInfo("Asia/Shanghai")
SAT = datetime(2026, 11, 28, 12, 0, tzinfo=TZ)  # a Saturday


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("0 2 * * *", datetime(2026, 11, 29, 2, 0, tzinfo=TZ)),
        ("0 8 * * mon", datetime(2026, 11, 30, 8, 0, tzinfo=TZ)),
        ("0 8 * * 1", datetime(2026, 11, 30, 8, 0, tzinfo=TZ)),  # crontab: 1 is Monday
        ("0 8 * * 0", datetime(2026, 11, 29, 8, 0, tzinfo=TZ)),  # 0 is Sunday
        ("0 8 * * 7", datetime(2026, 11, 29, 8, 0, tzinfo=TZ)),  # so is 7
        ("30 9 * * 1-5", datetime(2026, 11, 30, 9, 30, tzinfo=TZ)),
        ("15 30 12 * * *", datetime(2026, 11, 28, 12, 30, 15, tzinfo=TZ)),  # seconds first
    ],
)
def test_next_fire_time(expr, expected):
    assert cron_trigger(expr, TZ).get_next_fire_time(None, SAT) == expected


@pytest.mark.parametrize("expr", ["0 2 * *", "61 * * * *", "0 8 * * funday"])
def test_bad_expressions_are_operator_errors(expr):
    with pytest.raises(ConfigError, match="bad cron expression"):
        cron_trigger(expr, TZ)
