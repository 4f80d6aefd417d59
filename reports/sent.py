"""Which week's digest went to which recipient (SQLite under the data directory)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sent (
    week TEXT NOT NULL,
    recipient TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    message_id TEXT NOT NULL,
    leads INTEGER NOT NULL,
    PRIMARY KEY (week, recipient)
)
"""


class SentStore:
    """Records deliveries so a week's digest reaches each recipient once unless forced."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._path = path
        with self._connect() as db:
            db.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self._path, timeout=30)
        try:
            with db:  # commit or roll back
                yield db
        finally:
            db.close()

    def was_sent(self, week: str, recipient: str) -> bool:
        with self._connect() as db:
            row = db.execute(
                "SELECT 1 FROM sent WHERE week = ? AND recipient = ?", (week, recipient.lower())
            ).fetchone()
        return row is not None

    def record(self, week: str, recipient: str, at: datetime, message_id: str, leads: int) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO sent VALUES (?, ?, ?, ?, ?)",
                (week, recipient.lower(), at.isoformat(), message_id, leads),
            )

    def sent(self, week: str) -> list[tuple[str, str, int]]:
        """(recipient, sent_at, leads) for one week."""
        with self._connect() as db:
            return list(
                db.execute(
                    "SELECT recipient, sent_at, leads FROM sent WHERE week = ? ORDER BY recipient",
                    (week,),
                )
            )
