"""A scheduled child follows its parent: SIGTERM when the parent dies, or at once if it is gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import psutil

from piwatch.parent import PARENT_ENV

CHILD = (
    "import time; from piwatch.parent import follow_parent; follow_parent(); "
    "import os; print(os.environ.get('PIWATCH_PARENT_PID'), flush=True); time.sleep(60)"
)


def test_child_whose_parent_is_already_gone_stops_at_once() -> None:
    env = {**os.environ, PARENT_ENV: "1"}  # pid 1 is not the parent of a process we start
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, timeout=60)
    assert done.returncode == -signal.SIGTERM
    assert done.stdout == b""


def test_child_of_a_killed_parent_gets_sigterm() -> None:
    # parent: a Python process that starts the child with child_env(), then waits
    parent_code = (
        "import os, subprocess, sys; from piwatch.parent import child_env; "
        f"p = subprocess.Popen([sys.executable, '-c', {CHILD!r}], env=child_env(dict(os.environ)),"
        " stdout=subprocess.PIPE); print(p.pid, flush=True); "
        "print(p.stdout.readline().decode().strip(), flush=True); p.wait()"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE)
    assert parent.stdout is not None
    child_pid = int(parent.stdout.readline())
    assert parent.stdout.readline().strip() == b"None"  # the variable is not passed further down
    child = psutil.Process(child_pid)
    parent.kill()
    parent.wait(timeout=30)
    child.wait(timeout=30)  # stops (psutil cannot read a grandchild's exit status)
    assert not child.is_running()
