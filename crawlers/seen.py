"""The seen-store: what each canonical URL looked like when it was last indexed (SQLite).

A URL counts as *done* only once its item reached the index layer, so a crawl killed between
fetch and indexing fetches it again on the next run instead of losing it.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from piwatch.crawlers.context import crawl_context

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_SCHEMA = """
create table if not exists pages (
    url text primary key,
    source text not null,
    etag text,
    last_modified text,
    content_hash text,
    indexed_at real not null
)
"""


@dataclass(frozen=True, slots=True)
class SeenPage:
    url: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None
    indexed_at: float


class PageVersion(NamedTuple):
    """A page as it is about to be indexed: what the store records once it is durable."""

    url: str
    source: str
    etag: str | None
    last_modified: str | None
    content_hash: str | None


class SeenStore:
    """One SQLite file shared by the crawlers of a run (and by the following runs)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, timeout=30)
        self._db.execute("pragma journal_mode=wal")
        self._db.execute("pragma synchronous=normal")
        self._db.execute(_SCHEMA)

    def get(self, url: str) -> SeenPage | None:
        row = self._db.execute(
            "select url, etag, last_modified, content_hash, indexed_at from pages where url = ?",
            (url,),
        ).fetchone()
        return SeenPage(*row) if row else None

    def mark_indexed(self, rows: list[PageVersion]) -> None:
        """Record these page versions as indexed now."""
        if not rows:
            return
        now = time.time()
        with self._db:
            self._db.executemany(
                "insert into pages (url, source, etag, last_modified, content_hash, indexed_at)"
                " values (?, ?, ?, ?, ?, ?) on conflict(url) do update set"
                " etag = excluded.etag, last_modified = excluded.last_modified,"
                " content_hash = excluded.content_hash, indexed_at = excluded.indexed_at",
                [(*row, now) for row in rows],
            )

    def count(self, source: str | None = None) -> int:
        if source is None:
            return self._db.execute("select count(*) from pages").fetchone()[0]
        return self._db.execute(
            "select count(*) from pages where source = ?", (source,)
        ).fetchone()[0]

    def close(self) -> None:
        self._db.close()


def default_seen_path(data_dir: Path, index_prefix: str) -> Path:
    """One store per index prefix: a page indexed under one prefix is new to another."""
    return data_dir / "crawl" / f"seen-{index_prefix}.sqlite3"


def seen_path(crawler: Crawler) -> Path:
    """The seen-store file: the ``PIWATCH_SEEN_PATH`` setting, else from the run's settings."""
    configured = crawler.settings.get("PIWATCH_SEEN_PATH")
    if configured:
        return Path(configured)
    settings = crawl_context(crawler).settings
    return default_seen_path(settings.data_dir, settings.elasticsearch.index_prefix)
