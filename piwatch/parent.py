"""A child the scheduler starts stops when the scheduler dies, even by SIGKILL (no orphan crawl)."""

from __future__ import annotations

import ctypes
import os
import signal

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
