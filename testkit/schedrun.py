"""``piwatch schedule`` children whose nightly crawl is due a few seconds after they start."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
ADDED = re.compile(r'^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) .*Added job "nightly-crawl"', re.M)


def cron_at(at: datetime) -> str:
    """A 6-field cron (seconds first) that fires once a day at ``at``, in Shanghai."""
    at = at.astimezone(TZ)
    return f"{at.second} {at.minute} {at.hour} * * *"


def far_hour() -> int:
    """An hour of the day (Shanghai) twelve hours away: a job at that hour cannot fire while
    a test runs, whatever the time of day the suite runs at."""
    return (datetime.now(TZ).hour + 12) % 24


def _size(path: Path) -> int:
    return path.stat().st_size if path.exists() else 0


def added_at(log: Path, offset: int, proc: subprocess.Popen, timeout: float = 180) -> datetime:
    """When the scheduler added its crawl job: the time of its log line (written after
    ``offset``), in the child's local time like the test's."""
    deadline = time.monotonic() + timeout
    while True:
        with log.open("rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
        if match := ADDED.search(text):
            return datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f").astimezone()
        assert proc.poll() is None, f"the scheduler exited ({proc.returncode}):\n{text}"
        assert time.monotonic() < deadline, f"the scheduler never added its crawl job:\n{text}"
        time.sleep(0.2)


def start_crawl_soon(
    spawn: Callable[[dict[str, str]], subprocess.Popen],
    env: dict[str, str],
    log: Path,
    lead: float = 5.0,
) -> tuple[subprocess.Popen, dict[str, str]]:
    """Spawn the scheduler (``spawn(env)`` appends its output to ``log``) with the crawl due
    ``lead`` seconds from now; returns the child and the environment it got.

    A cron trigger installed after its time of day waits until tomorrow. On a busy machine the
    child can take longer than ``lead`` to install its jobs; then it is stopped (it ran nothing)
    and started again with three times the lead.
    """
    for _ in range(4):
        due = (datetime.now(TZ) + timedelta(seconds=lead)).replace(microsecond=0)
        run_env = {**env, "PIWATCH_SCHEDULE__CRAWL_CRON": cron_at(due)}
        offset = _size(log)
        proc = spawn(run_env)
        if added_at(log, offset, proc) < due:
            return proc, run_env
        proc.terminate()
        proc.wait(timeout=120)
        lead *= 3
    raise AssertionError(f"the scheduler never installed its jobs within {lead / 3:.0f}s")
