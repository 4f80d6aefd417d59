"""Child processes of piwatch (the scheduler's jobs, the demo's crawl): run one with a log and a
time limit, and make it stop when its parent dies, even by SIGKILL (no orphan crawl)."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PARENT_ENV = "PIWATCH_PARENT_PID"
_PR_SET_PDEATHSIG = 1


def child_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` for a child that should follow this process (see :func:`follow_parent`)."""
    return {**env, PARENT_ENV: str(os.getpid())}


def follow_parent() -> None:
    """When started through :func:`child_env`: SIGTERM from the kernel once the parent dies.

    Done in the child at start-up rather than in a ``preexec_fn`` (unsafe in the threaded
    scheduler); a parent that died before this point is noticed by its pid and stops us at once.
    SIGTERM lets a crawl flush what it holds and stop cleanly.
    """
    parent = os.environ.pop(PARENT_ENV, None)  # not inherited by our own children
    if not parent:
        return
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != int(parent):
        os.kill(os.getpid(), signal.SIGTERM)


def stop(proc: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM (a crawl flushes what it holds), then SIGKILL after ``grace`` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_logged(
    command: Sequence[str],
    log_path: Path,
    *,
    timeout: float,
    env: dict[str, str] | None = None,
    grace: float = 30.0,
    on_start: Callable[[subprocess.Popen[bytes]], None] | None = None,
    on_poll: Callable[[], None] | None = None,
    poll_seconds: float = 1.0,
) -> int | None:
    """Run ``command`` with its output in ``log_path``; its exit status, or None when it ran
    past ``timeout`` and was stopped. ``on_poll`` is called every ``poll_seconds`` meanwhile."""
    deadline = time.monotonic() + timeout
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
        )
        if on_start is not None:
            on_start(proc)
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                wait = min(poll_seconds, remaining) if on_poll else remaining
                try:
                    return proc.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    if on_poll is not None:
                        on_poll()
        finally:
            if proc.poll() is None:
                stop(proc, grace)
