"""Input checked at the door (issue 12 items 1, 10, 11): nothing is lost when an output path is
the input, secrets inside URLs never show, and messages with brackets are printed as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def piwatch(tmp: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piwatch", *args],
        env={**os.environ, "PIWATCH_CONFIG": str(tmp / "absent.toml"), **env},
        cwd=tmp, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_extract_refuses_an_output_that_is_its_input(tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    line = json.dumps({"id": "a", "text": "某公司出售客户信息。"}, ensure_ascii=False) + "\n"
    texts.write_text(line, encoding="utf-8")
    for out in (texts, tmp_path / "." / "texts.jsonl"):
        done = piwatch(tmp_path, "extract", "--in", str(texts), "--out", str(out))
        assert done.returncode == 1
        assert "is the input file" in done.stderr
        assert texts.read_text(encoding="utf-8") == line
    done = piwatch(tmp_path, "extract", "--in", str(texts), "--out", str(tmp_path / "out.jsonl"))
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".partial")] == []


def test_config_show_masks_passwords_in_urls_and_prints_toml(tmp_path: Path) -> None:
    done = piwatch(
        tmp_path, "config", "show",
        PIWATCH_ELASTICSEARCH__URL="https://reader:s3cret@es.example:9200",
        PIWATCH_REDIS__URL="redis://:hunter2@cache.example:6379/0",
        PIWATCH_DIGEST__RECIPIENTS='[{"email": "js@test.example", "province": "江苏省"}]',
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "s3cret" not in done.stdout and "hunter2" not in done.stdout
    parsed = tomllib.loads(done.stdout)
    assert parsed["elasticsearch"]["url"] == "https://reader:***@es.example:9200"
    assert parsed["redis"]["url"] == "redis://:***@cache.example:6379/0"
    assert parsed["digest"]["recipients"][0]["province"] == "江苏省"


def test_brackets_in_messages_are_printed_as_written(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: news[bold]\n    kind: feed\n", encoding="utf-8")
    done = piwatch(tmp_path, "sources", "check", "--sources", str(sources))
    assert done.returncode != 0
    assert "source news[bold]: field name" in done.stderr, done.stderr
