"""Trusted time for an evidence package: an RFC 3161 time stamp over its manifest.

OpenSSL's ``ts`` command builds the request and verifies the reply (the token names the
hash it stamped and is signed by the authority); the authority is any RFC 3161 service
reached over HTTP (``evidence.tsa_url``).
"""

from __future__ import annotations

import subprocess
import urllib.request
from pathlib import Path

from piwatch.errors import PiwatchError

TIMEOUT_SECONDS = 30.0


def request_timestamp(data: Path, url: str, reply: Path) -> None:
    """Have the authority at ``url`` time-stamp ``data``'s SHA-256; its reply goes to ``reply``."""
    query = _openssl("ts", "-query", "-data", str(data), "-sha256", "-cert")
    http = urllib.request.Request(
        url, data=query, headers={"Content-Type": "application/timestamp-query"}
    )
    try:
        with urllib.request.urlopen(http, timeout=TIMEOUT_SECONDS) as answer:
            token = answer.read()
    except OSError as exc:
        raise PiwatchError(f"time-stamping authority {url} did not answer: {exc}") from None
    reply.write_bytes(token)


def verify_timestamp(data: Path, reply: Path, ca_file: Path) -> str | None:
    """None when ``reply`` is a valid time stamp of ``data`` signed under ``ca_file``; else why."""
    done = subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(data), "-in", str(reply), "-CAfile",
         str(ca_file)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode == 0 and "Verification: OK" in done.stdout:
        return None
    return (done.stderr.strip().splitlines() or ["verification failed"])[-1]


def timestamp_time(reply: Path) -> str | None:
    """The time the authority put in the token, as it prints it."""
    done = subprocess.run(
        ["openssl", "ts", "-reply", "-in", str(reply), "-text"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    for line in done.stdout.splitlines():
        if line.startswith("Time stamp:"):
            return line.split(":", 1)[1].strip()
    return None


def _openssl(*args: str) -> bytes:
    done = subprocess.run(["openssl", *args], capture_output=True, check=False)
    if done.returncode != 0:
        raise PiwatchError(f"openssl {args[0]} failed: {done.stderr.decode(errors='replace')}")
    return done.stdout
