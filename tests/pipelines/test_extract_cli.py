"""`piwatch extract` and `piwatch eval` as an operator runs them: a real subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from testkit.crawlrun import run_piwatch

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_KEYS = [
    "id",
    "is_lead",
    "score",
    "conduct",
    "sectors",
    "businesses",
    "pi_types",
    "regions",
    "evidence",
]


def piwatch(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PIWATCH_CONFIG": "", "PYTHONPATH": str(ROOT)}
    return run_piwatch(env, *args, cwd=cwd)


def test_extract_follows_the_contract(tmp_path: Path) -> None:
    lines = [
        {
            "id": "a1",
            "title": "深圳某房产中介公司员工倒卖业主信息",
            "source_type": "news",
            "text": "深圳某房产中介公司员工出售业主信息5万余条，联系电话13812345678。",
            "published": "2026-11-20T08:00:00+08:00",
            "url": "http://127.0.0.1/a1",
        },
        {"id": "a2", "text": "今天天气很好，适合出游。"},
        "{not json",
        {"id": "a4"},
        {"id": "a5", "text": "工信部通报12款侵害用户权益App，涉及快看日历、点点记账等。"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines)
        + "\n\n",
        encoding="utf-8",
    )
    out = tmp_path / "out" / "leads.jsonl"
    done = piwatch("extract", "--in", str(source), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in results] == ["a1", "a2", None, "a4", "a5"]
    first, second, bad, missing, notice = results
    assert list(first) == CONTRACT_KEYS
    assert first["is_lead"] and first["conduct"] == ["disclose_or_sell"]
    assert first["businesses"] == [{"name": "深圳某房产中介公司", "role": "subject"}]
    assert first["regions"] == [{"province": "广东省", "city": "深圳市"}]
    assert "13812345678" not in json.dumps(first, ensure_ascii=False)
    assert not second["is_lead"] and list(second) == CONTRACT_KEYS
    assert set(bad) == {"id", "error"} and bad["error"].startswith("line 3: not JSON")
    assert missing == {"id": "a4", "error": "line 4: missing text (a string is required)"}
    assert notice["is_lead"] and notice["sectors"] == ["internet_apps"]
    assert [b["name"] for b in notice["businesses"]] == ["快看日历", "点点记账"]


def test_extract_reports_a_missing_input_in_one_line(tmp_path: Path) -> None:
    done = piwatch(
        "extract", "--in", str(tmp_path / "nope.jsonl"), "--out", "x.jsonl", cwd=tmp_path
    )
    assert done.returncode == 1
    assert "input file not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_eval_on_written_labels(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    raw = corpus / "written"
    labels = tmp_path / "labels"
    raw.mkdir(parents=True)
    (labels / "written").mkdir(parents=True)
    records = [
        {
            "id": "w1",
            "title": "广州某快递网点员工倒卖面单信息",
            "text": "广州某快递网点员工倒卖快递面单信息3000余条。",
        },
        {"id": "w2", "title": "如何保护个人信息", "text": "专家提醒：不要随意透露手机号码。"},
    ]
    (raw / "written.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    gold = [
        {
            "id": "w1",
            "file": "written.jsonl",
            "is_lead": True,
            "businesses": ["广州某快递网点"],
            "businesses_truncated": False,
            "conduct": ["disclose_or_sell"],
            "sectors": ["express_delivery"],
            "confidence": "high",
            "why": "outlet staff sell waybills",
        },
        {
            "id": "w2",
            "file": "written.jsonl",
            "is_lead": False,
            "businesses": [],
            "businesses_truncated": False,
            "conduct": [],
            "sectors": [],
            "confidence": "high",
            "why": "advice",
        },
    ]
    _write_labels(labels, gold)
    done = piwatch("eval", "--corpus", str(corpus), "--labels", str(labels), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "development set: 2 labelled texts, 1 leads"
    rows = {line[:28].strip(): line[28:].split() for line in lines[2:]}
    assert rows["lead detection"] == ["1.000", "1.000", "1.000"]
    assert rows["business names"] == ["1.000", "1.000", "1.000"]
    assert rows["conduct accuracy (exact set)"] == ["1.000"]
    assert rows["conduct on found leads"] == ["1.000", "1.000", "1.000"]
    assert rows["sectors (micro)"] == ["1.000", "1.000", "1.000"]
    assert rows["sectors on found leads"] == ["1.000", "1.000", "1.000"]
    # every named rule is counted: the headline rule fired on the lead and was right
    rules = {
        line[:30].strip(): line[30:].split() for line in lines if re.match(r"[XLS]\d\d ", line)
    }
    assert rules["L01 headline-reports"] == ["lead", "1", "1.00"]
    assert sum(int(fired) for _, fired, _ in rules.values()) >= 2
    # the score's reliability on these labels: the one lead found, true, in its tenth
    tenths = [line.split() for line in lines if re.match(r"\d\.\d-\d\.\d ", line)]
    assert [row[1:] for row in tenths] == [["1", "1", "1.00"]]

    table = _held_out_table(corpus, labels, "written", tmp_path)
    assert table["written/written *"][:5] == ["2", "1", "1.000", "1.000", "1.000"]
    assert table["held out (*)"][:2] == ["2", "1"]
    unknown = piwatch(
        "eval", "--corpus", str(corpus), "--labels", str(labels), "--held-out-groups", "nope",
        cwd=tmp_path,
    )  # fmt: skip
    assert unknown.returncode == 1
    assert "unknown group(s) nope; groups are: written/written" in unknown.stderr

    # a later round's labels of the same file are a group of their own, named by its round
    gold[1]["round"] = "r9"
    _write_labels(labels, gold)
    table = _held_out_table(corpus, labels, "r9", tmp_path)
    assert table["written/written@r9 *"][:2] == ["1", "0"]
    assert table["written/written"][:2] == ["1", "1"]
    assert table["held out (*)"][:2] == ["1", "0"]


def _write_labels(labels: Path, gold: list[dict[str, object]]) -> None:
    (labels / "written" / "written.jsonl").write_text(
        "\n".join(json.dumps(g, ensure_ascii=False) for g in gold) + "\n", encoding="utf-8"
    )


def _held_out_table(corpus: Path, labels: Path, spec: str, cwd: Path) -> dict[str, list[str]]:
    """``piwatch eval --held-out-groups spec``'s group table, by row name."""
    done = piwatch(
        "eval", "--corpus", str(corpus), "--labels", str(labels), "--held-out-groups", spec,
        cwd=cwd,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return {line[:46].strip(): line[46:].split() for line in done.stdout.splitlines()}


def test_eval_without_corpus_fails_clearly(tmp_path: Path) -> None:
    done = piwatch("eval", "--corpus", str(tmp_path / "absent"), cwd=tmp_path)
    assert done.returncode == 1
    assert "corpus not found" in done.stderr


@pytest.mark.parametrize("args", [["extract", "--help"], ["eval", "--help"]])
def test_help(args: list[str], tmp_path: Path) -> None:
    done = piwatch(*args, cwd=tmp_path)
    assert done.returncode == 0 and "Usage" in done.stdout
