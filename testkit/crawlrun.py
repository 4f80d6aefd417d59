"""``piwatch`` as a child process (Twisted's reactor runs once per process): its environment and
a runner for crawl tests."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from piwatch.crawlers.seen import SeenStore, default_seen_path

ROOT = Path(__file__).resolve().parents[1]
PIWATCH = [sys.executable, "-m", "piwatch"]


def piwatch_env(es_url: str, prefix: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """Environment of a ``python -m piwatch`` child on the test's node, index prefix and data
    dir, with no config file; no ``PIWATCH_*`` variable of this process leaks in (a developer's
    settings, a scheduler's run id). ``extra`` variables are added last."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIWATCH_")}
    env.update(
        PIWATCH_CONFIG="",
        PIWATCH_DATA_DIR=str(data_dir),
        PIWATCH_ELASTICSEARCH__URL=es_url,
        PIWATCH_ELASTICSEARCH__INDEX_PREFIX=prefix,
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run_piwatch(
    env: dict[str, str], *args: str, cwd: Path = ROOT, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m piwatch ARGS`` to completion, its output captured as text."""
    return subprocess.run(
        [*PIWATCH, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


@dataclass
class PiwatchCrawl:
    """Runs piwatch with its own data dir, index prefix and Elasticsearch URL."""

    es_url: str
    prefix: str
    data_dir: Path
    env_extra: dict[str, str]
    download_timeout: float = 5.0

    def env(self) -> dict[str, str]:
        crawl = {
            "PIWATCH_CRAWL__DOWNLOAD_DELAY": "0",
            "PIWATCH_CRAWL__DOWNLOAD_TIMEOUT": str(self.download_timeout),
        }
        return piwatch_env(self.es_url, self.prefix, self.data_dir, **{**crawl, **self.env_extra})

    def sources_file(self, sources: list[dict[str, Any]], name: str = "sources.yaml") -> Path:
        path = self.data_dir / name
        path.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), "utf-8")
        return path

    def start(self, sources: Path, *args: str, quiet: bool = True) -> subprocess.Popen[str]:
        """``piwatch crawl`` in the background (progress lines off unless ``quiet`` is false)."""
        return subprocess.Popen(
            [*PIWATCH, "crawl", "--sources", str(sources), *(["--quiet"] if quiet else []), *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=self.data_dir,
        )

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        """Any piwatch command, to completion."""
        return run_piwatch(self.env(), *args, cwd=self.data_dir, timeout=timeout)

    def seen(self, source: str) -> int:
        """Pages of ``source`` the seen-store records as indexed (written after the index
        acknowledged them; 0 before the first crawl)."""
        path = default_seen_path(self.data_dir, self.prefix)
        if not path.exists():
            return 0
        store = SeenStore(path)
        try:
            return store.count(source)
        finally:
            store.close()

    def log(self) -> str:
        logs = sorted((self.data_dir / "logs").glob("*.log"))
        return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)


@dataclass
class Crawl(PiwatchCrawl):
    """``piwatch crawl`` runs on the session's node, and the articles they indexed."""

    es: Any = None

    def crawl(
        self, sources: Path, *args: str, timeout: float = 300
    ) -> subprocess.CompletedProcess[str]:
        return self.run("crawl", "--sources", str(sources), *args, timeout=timeout)

    def docs(self, source: str | None = None) -> list[dict[str, Any]]:
        self.es.indices.refresh(index=f"{self.prefix}-articles")
        query = {"term": {"source": source}} if source else {"match_all": {}}
        found = self.es.search(index=f"{self.prefix}-articles", query=query, size=1000)
        return [hit["_source"] | {"_id": hit["_id"]} for hit in found["hits"]["hits"]]
