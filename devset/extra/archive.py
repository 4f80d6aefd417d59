"""What the builders of the ``extra`` batches share: reading a pinned commit of an archive's
clone, and writing a batch of headlines (with or without a summary) in the corpus's record
format."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

PI_KEYWORDS = (
    "个人信息",
    "隐私",
    "泄露",
    "泄漏",
    "骚扰电话",
    "骚扰短信",
    "推销电话",
    "营销电话",
    "电话轰炸",
    "倒卖",
    "贩卖",
    "非法获取",
    "用户信息",
    "手机号",
    "身份证",
    "违规收集",
    "过度索取",
    "个人数据",
    "人脸",
    "信息安全",
    "公民信息",
    "用户数据",
)
"""Personal-information words a batch builder picks its keyword pools by (the generic ones,
数据, APP, 通报, 罚款, 处罚, 推销, are left out: nearly every long text has them)."""


def git(repo: Path, *args: str) -> str:
    """A git command's output in ``repo`` (a clone or a bare mirror)."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout


def write_titles(
    path: Path,
    prefix: str,
    source: str,
    commit: str,
    entries: Sequence[Mapping[str, str | None]],
    max_chars: int | None = None,
) -> None:
    """One record per entry, ids numbered in order. Each entry gives ``title``,
    ``source_path``, ``published`` and ``url``; optionally ``text`` (a summary; without one the
    record is headline-only and says so), ``commit`` (where an entry was read at another commit
    than the batch's) and fields of its own (``selection_pool``, ``outlet``), kept in order. A
    text longer than ``max_chars`` is cut there and the record says so (``text_truncated``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as sink:
        for n, entry in enumerate(entries):
            extra = {key: value for key, value in entry.items() if key not in _RECORD_KEYS}
            record = {
                "id": f"{prefix}-{n:04d}",
                "source_repo": source,
                "source_path": entry["source_path"],
                "commit": entry.get("commit", commit),
                "title": entry["title"],
                "text": entry.get("text") or entry["title"],
                "published": entry["published"],
                "url": entry["url"],
                **extra,
            }
            if not entry.get("text"):
                record["text_is_title_only"] = True
            elif max_chars is not None and len(str(entry["text"])) > max_chars:
                record["text"] = str(entry["text"])[:max_chars]
                record["text_truncated"] = True
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


_RECORD_KEYS = {"title", "text", "source_path", "commit", "published", "url"}
