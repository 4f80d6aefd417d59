"""Peak memory of a large crawl: Scrapy's in-memory request queue against piwatch's disk queues.

The generated site is a 10-ary tree crawled breadth-first (piwatch's FIFO order), so the frontier
grows to most of the last level: with ``--pages 100000`` about 90,000 requests wait at the peak.
The baseline keeps them in memory (Scrapy without JOBDIR); piwatch's crawl keeps them on disk
(JOBDIR with ``PickleFifoDiskQueue``, as ``piwatch crawl`` does per source). Peak resident memory
of the crawler process is sampled with psutil. ``python -m bench.memory --pages N`` runs it alone.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

from bench.figures import Pair
from testkit.gensite import GenSite
from testkit.sitecrawl import count_items, spawn

logger = logging.getLogger(__name__)

FULL_PAGES = 100_000
QUICK_PAGES = 5_000
SAMPLE_EVERY = 0.2


@dataclass(frozen=True, slots=True)
class CrawlMemory:
    peak_mib: float
    seconds: float
    pages: int
    lost: int


def peak_rss(proc: psutil.Process, timeout: float) -> float:
    """Sample the resident memory of ``proc`` (and its children) until it exits; MiB."""
    peak = 0
    deadline = time.monotonic() + timeout
    while proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
        try:
            rss = proc.memory_info().rss + sum(
                c.memory_info().rss for c in proc.children(recursive=True)
            )
        except psutil.NoSuchProcess:
            break
        peak = max(peak, rss)
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError(f"crawl still running after {timeout:.0f}s")
        time.sleep(SAMPLE_EVERY)
    return peak / 2**20


def measure(pages: int, workdir: Path, *, disk_queue: bool, timeout: float) -> CrawlMemory:
    label = "disk" if disk_queue else "memory"
    with GenSite(pages, fanout=10, filler=1) as site:
        sink = workdir / f"items-{label}.sqlite"
        started = time.monotonic()
        child = spawn(
            site.url(0), sink, jobdir=workdir / f"job-{label}" if disk_queue else None,
            concurrency=32, flush_every=500, log_file=workdir / f"{label}.log",
        )  # fmt: skip
        peak = peak_rss(psutil.Process(child.pid), timeout)
        child.wait()
        seconds = time.monotonic() - started
        fetched = len(site.hits())
    count = count_items(sink, {site.url(n) for n in range(pages)})
    if child.returncode != 0 or count.lost:
        raise RuntimeError(f"{label}-queue crawl failed: exit {child.returncode}, {count.line()}")
    return CrawlMemory(peak, seconds, fetched, count.lost)


def run(quick: bool = False, pages: int | None = None, timeout: float = 3600) -> list[Pair]:
    pages = pages or (QUICK_PAGES if quick else FULL_PAGES)
    with tempfile.TemporaryDirectory(prefix="piwatch-bench-mem-") as tmp:
        memory = measure(pages, Path(tmp), disk_queue=False, timeout=timeout)
        disk = measure(pages, Path(tmp), disk_queue=True, timeout=timeout)
    note = f"{pages:,} pages, BFS frontier ~{int(pages * 0.9):,} requests"
    return [
        Pair(
            name="peak memory of the crawl",
            unit="MiB",
            baseline_label="in-memory queue",
            baseline=memory.peak_mib,
            piwatch_label="disk queues (JOBDIR)",
            piwatch=disk.peak_mib,
            higher_is_better=False,
            note=note,
        ),
        Pair(
            name="crawl rate, same crawl",
            unit="pages/s",
            baseline_label="in-memory queue",
            baseline=memory.pages / memory.seconds,
            piwatch_label="disk queues (JOBDIR)",
            piwatch=disk.pages / disk.seconds,
            note=note,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=FULL_PAGES)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per crawl")
    args = parser.parse_args()
    for pair in run(pages=args.pages, timeout=args.timeout):
        print(
            f"{pair.name}: {pair.baseline_label} {pair.baseline:.1f} {pair.unit},"
            f" {pair.piwatch_label} {pair.piwatch:.1f} {pair.unit} ({pair.note})"
        )


if __name__ == "__main__":
    main()
