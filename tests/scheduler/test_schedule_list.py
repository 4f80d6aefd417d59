"""`piwatch schedule --list` before the scheduler ever ran: the configured jobs, their cron
triggers and next run times in the configured time zone, and no file created."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from testkit.crawlrun import piwatch_env

REPO = Path(__file__).resolve().parents[2]
ZONE = "America/New_York"  # not the default, so the listing must honour the setting


def next_daily(hour: int, tz: ZoneInfo, now: datetime) -> datetime:
    """The next ``hour``:00 in ``tz`` after ``now``, worked out without the scheduler."""
    local = now.astimezone(tz)
    today = datetime(local.year, local.month, local.day, hour, tzinfo=tz)
    return today if today > local else today + timedelta(days=1)


def next_monday(hour: int, tz: ZoneInfo, now: datetime) -> datetime:
    local = now.astimezone(tz)
    day = datetime(local.year, local.month, local.day, hour, tzinfo=tz)
    day -= timedelta(days=day.weekday())
    return day if day > local else day + timedelta(days=7)


def block(out: str, job: str) -> str:
    """A job's lines of the listing: its name line and the indented lines under it."""
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(f"{job} "))
    rest = [line for line in lines[first + 1 :] if line.startswith("  ")]
    return "\n".join([lines[first], *rest[:2]])


def test_list_shows_configured_jobs_and_creates_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = piwatch_env(
        "http://127.0.0.1:9",
        "tschedule",
        data,
        PIWATCH_SCHEDULE__TIMEZONE=ZONE,
        PIWATCH_SCHEDULE__CRAWL_CRON="0 2 * * *",
        PIWATCH_SCHEDULE__DIGEST_CRON="0 8 * * 1",
        PIWATCH_SCHEDULE__ROLLOVER_CRON="",
        PIWATCH_SCHEDULE__RECHECK_CRON="",
    )
    before = datetime.now(ZoneInfo(ZONE))
    done = subprocess.run(
        [sys.executable, "-m", "piwatch", "schedule", "--list"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    after = datetime.now(ZoneInfo(ZONE))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert ZONE in out.splitlines()[0]
    tz = ZoneInfo(ZONE)
    crawl = block(out, "nightly-crawl")
    assert "cron '0 2 * * *' = cron[" in crawl and "hour='2'" in crawl
    assert any(  # the child ran between before and after
        f"next {next_daily(2, tz, t).isoformat()} ({next_daily(2, tz, t):%a}, {ZONE})" in crawl
        for t in (before, after)
    )
    digest = block(out, "weekly-digest")
    assert "cron '0 8 * * 1' = cron[" in digest and "day_of_week='mon'" in digest
    assert any(
        f"next {next_monday(8, tz, t).isoformat()} (Mon, {ZONE})" in digest for t in (before, after)
    )
    assert "monthly-rollover: disabled" in out
    assert not (data / "scheduler.sqlite").exists()
    assert not data.exists() or not any(data.iterdir())
