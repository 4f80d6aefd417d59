"""What the builders of the ``extra`` batches share: reading a pinned commit of an archive's
clone, and writing a batch of headline-only texts in the corpus's record format."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    """A git command's output in ``repo`` (a clone or a bare mirror)."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def write_titles(
    path: Path, prefix: str, source: str, commit: str, titles: list[dict[str, str]]
) -> None:
    """One record per title, ids numbered in order; each entry gives ``title``,
    ``source_path``, ``published``, ``url`` and optionally ``selection_pool``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as sink:
        for n, entry in enumerate(titles):
            record = {
                "id": f"{prefix}-{n:04d}",
                "source_repo": source,
                "source_path": entry["source_path"],
                "commit": commit,
                "title": entry["title"],
                "text": entry["title"],
                "published": entry["published"],
                "url": entry["url"],
            }
            if "selection_pool" in entry:
                record["selection_pool"] = entry["selection_pool"]
            record["text_is_title_only"] = True
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
