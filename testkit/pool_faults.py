"""Work for extraction-pool tests that kills its own worker, as a page that crashes the parser
would (importable by the pool's spawned workers)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path


def crash_once(marker: str, value: str) -> str:
    """SIGKILL its worker the first time (``marker`` does not exist yet), then work."""
    path = Path(marker)
    if not path.exists():
        path.write_text("crashed", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
    return value.upper()


def crash_always(value: str) -> str:
    os.kill(os.getpid(), signal.SIGKILL)
    return value  # never reached


def slow_upper(value: str, seconds: float = 0.05) -> str:
    time.sleep(seconds)
    return value.upper()


_PINNED: list[bytearray] = []


def churn_heap(megabytes: int) -> int:
    """Allocate ``megabytes`` of heap and free all but every 32nd block, as a large page's
    trees and texts leave it: the blocks that stay keep glibc from giving the freed space back
    by lowering the heap's top. The worker's pid."""
    chunks = [bytearray(64 * 1024) for _ in range(megabytes * 16)]
    _PINNED.extend(chunks[::32])
    del chunks
    return os.getpid()
