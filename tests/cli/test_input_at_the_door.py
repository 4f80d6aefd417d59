"""Input checked at the door (issue 12 items 1, 8, 9, 10, 11): nothing is lost when an output
path is the input, bad configuration is one line and exit status 2, secrets inside URLs never
show, and messages with brackets are printed as written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def piwatch(tmp: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piwatch", *args],
        env={**os.environ, "PIWATCH_CONFIG": "", **env},
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


@pytest.mark.parametrize(
    ("file_text", "env", "expected"),
    [
        ("[crawl\nx = 1\n", {}, "not valid TOML"),
        (None, {}, "not UTF-8 text"),
        ("[crawl]\nnot_a_key = 1\n", {}, "crawl.not_a_key: Extra inputs are not permitted"),
        ("", {"PIWATCH_SCHEDULE__TIMEZONE": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ("", {"PIWATCH_NODE__PORT": "99999"}, "node.port: Input should be less than or equal"),
        ("", {"PIWATCH_CRAWL__CONCURRENT_REQUESTS": "0"}, "crawl.concurrent_requests"),
        ("", {"PIWATCH_SCHEDULE__CRAWL_CRON": "99 * * * *"}, "bad cron expression '99 * * * *'"),
        ("", {"PIWATCH_DIGEST__SENDER": "nobody"}, "digest.sender"),
        ("[[digest.recipients]]\nemail = \"a@b.c\"\nprovince = \"江苏\"\n", {},
         "unknown province '江苏'"),
    ],
)  # fmt: skip
def test_bad_configuration_is_one_line_and_status_2(
    tmp_path: Path, file_text: str | None, env: dict[str, str], expected: str
) -> None:
    config = tmp_path / "piwatch.toml"
    if file_text is None:
        config.write_bytes('[crawl]\nuser_agent = "监测"\n'.encode("gbk"))
    else:
        config.write_text(file_text, encoding="utf-8")
    done = piwatch(tmp_path, "config", "show", PIWATCH_CONFIG=str(config), **env)
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert expected in lines[0]


def test_a_missing_settings_file_named_by_the_environment_is_an_error(tmp_path: Path) -> None:
    done = piwatch(tmp_path, "config", "show", PIWATCH_CONFIG=str(tmp_path / "gone.toml"))
    assert done.returncode == 2
    assert "PIWATCH_CONFIG names" in done.stderr and "gone.toml" in done.stderr


def test_an_unwritable_path_is_one_line(tmp_path: Path) -> None:
    done = piwatch(tmp_path, "kibana", "export", "--out", "/proc/piwatch-test")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("piwatch: ") and "/proc/piwatch-test" in done.stderr
    assert "Traceback" not in done.stderr


def test_extract_input_encodings_and_streams(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "bom", "text": "某公司出售客户信息。"}, ensure_ascii=False),
        "",
        json.dumps({"id": "gbk", "text": "某中介出售业主电话。"}, ensure_ascii=False),
        json.dumps({"id": "utf8", "text": "天气晴。"}, ensure_ascii=False),
    ]
    data = (
        b"\xef\xbb\xbf" + lines[0].encode() + b"\n\n"
        + lines[2].encode("gbk") + b"\n" + lines[3].encode() + b"\n"
    )  # fmt: skip
    texts = tmp_path / "texts.jsonl"
    texts.write_bytes(data)
    out = tmp_path / "out.jsonl"
    done = piwatch(tmp_path, "extract", "--in", str(texts), "--out", str(out))
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in results] == ["bom", None, "utf8"]  # the blank line is skipped
    assert results[1]["error"].startswith("line 3: not UTF-8")
    assert "is_lead" in results[0] and "is_lead" in results[2]
    streamed = subprocess.run(
        [sys.executable, "-m", "piwatch", "extract", "--in", "-", "--out", "-"],
        input=data, capture_output=True, timeout=120,
        env={**os.environ, "PIWATCH_CONFIG": ""}, cwd=tmp_path,
    )  # fmt: skip
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout.decode("utf-8") == out.read_text(encoding="utf-8")
