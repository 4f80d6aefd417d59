"""The ids `piwatch search` prints work in `piwatch lead` (issue 12, item 6), and both stay
readable in 80 columns (item 7): real node, `python -m piwatch` as a child process."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from rich.cells import cell_len

from piwatch.search import documents, indices
from testkit.crawlrun import piwatch_env, run_piwatch
from testkit.esnode import NodeUnderTest
from testkit.factories import article, extraction

SEEN = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
TITLE = "借款要交手机服务密码和通话详单？杭州一小贷公司超范围收集信息被责令整改"
BODY = (
    "近日，浙江省杭州市地方金融监管部门在检查中发现，杭州钱塘信融小额贷款有限公司在办理借款业务时"
    "存在超范围收集借款人个人信息的问题。检查发现，该公司要求所有申请人在纸质申请表上填写手机服务"
    "密码，再由业务员登录运营商网站下载申请人的通话详单，并拍照留存申请人手机通讯录。监管部门认为，"
    "通话详单和通讯录与贷款审批并无直接关联。"
)
SECOND = "检查发现，该公司要求所有申请人在纸质申请表上填写手机服务密码，再由业务员登录运营商网站下载申请人的通话详单，并拍照留存申请人手机通讯录。"  # noqa: E501
LEGAL = ["《个人信息保护法》第六条（最小必要原则：处理个人信息应当限于实现处理目的的最小范围）"]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def lead_ids(es: Elasticsearch, index_prefix: str) -> list[str]:
    """Twenty leads: the first is the small-loans one, the others make id prefixes collide."""
    indices.ensure(es, index_prefix)
    ids = []
    for n in range(20):
        item = article(n, title=TITLE if n == 0 else f"第{n}条线索", content=BODY)
        ext = extraction(
            f"x{n}",
            conduct=("collect_without_consent",),
            sectors=("small_loans",),
            province="浙江省",
            city="杭州市",
            business="杭州钱塘信融小额贷款有限公司",
            evidence=BODY.split("。")[0] + "。",
        )
        ext.evidence.insert(0, item.title)
        ext.legal_basis[:] = LEGAL
        lead_id, doc = documents.lead_document(ext, item, seen_at=SEEN)
        es.index(index=indices.alias(index_prefix, "leads"), id=lead_id, document=doc)
        ids.append(lead_id)
    es.indices.refresh(index=indices.alias(index_prefix, "leads"))
    return ids


@pytest.fixture
def run(tmp_path: Path, es_node: NodeUnderTest, index_prefix: str) -> Run:
    def piwatch(*args: str, columns: int = 250) -> subprocess.CompletedProcess[str]:
        env = piwatch_env(es_node.url, index_prefix, tmp_path / "data", COLUMNS=str(columns))
        return run_piwatch(env, *args, timeout=120)

    return piwatch


def _cells(out: str) -> str:
    """The text inside a table's value column, lines joined (wrapped text made whole again)."""
    parts = [line.split("│") for line in out.splitlines()]
    return "".join(p[2].strip() for p in parts if len(p) > 2)


def test_the_printed_id_works_in_lead_show_and_set(run: Run, lead_ids: list[str]) -> None:
    table = run("search", "小贷", "--limit", "1")
    assert table.returncode == 0, table.stderr
    printed = lead_ids[0][:12]
    assert printed in table.stdout
    shown = run("lead", "show", printed)
    assert shown.returncode == 0, shown.stderr
    assert f"lead {lead_ids[0]}" in shown.stdout
    changed = run("lead", "set", printed, "--status", "reviewing", "--by", "李四")
    assert changed.returncode == 0, changed.stderr
    assert f"lead {lead_ids[0]}: updated status" in changed.stdout


def test_an_ambiguous_prefix_lists_the_candidates(run: Run, lead_ids: list[str]) -> None:
    # twenty ids, sixteen hex digits: some first digit starts two ids at least
    first = [i[0] for i in lead_ids]
    shared = next(c for c in first if first.count(c) > 1)
    result = run("lead", "show", shared)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for lead_id in (i for i in lead_ids if i.startswith(shared)):
        assert lead_id in result.stderr
    assert "give more of the id" in result.stderr
    missing = run("lead", "show", "zz")
    assert missing.returncode == 1 and "no lead with id 'zz'" in missing.stderr


def test_json_gives_the_lead_id_as_id(run: Run, lead_ids: list[str]) -> None:
    shown = run("lead", "show", lead_ids[0][:12], "--json")
    assert shown.returncode == 0, shown.stderr
    doc = json.loads(shown.stdout)
    assert doc["id"] == lead_ids[0]
    assert doc["extraction_id"] == "x0"
    assert not [k for k in doc if k.endswith(("_zh", "_gram"))]
    (row,) = [
        json.loads(line)
        for line in run("search", "小贷", "--json", "--limit", "1").stdout.splitlines()
    ]
    assert row["id"] == lead_ids[0]


def test_lead_show_wraps_and_never_truncates(run: Run, lead_ids: list[str]) -> None:
    shown = run("lead", "show", lead_ids[0], columns=80)
    assert shown.returncode == 0, shown.stderr
    assert "…" not in shown.stdout
    assert max(cell_len(line) for line in shown.stdout.splitlines()) <= 80
    cells = _cells(shown.stdout)
    for text in (TITLE, LEGAL[0], BODY.split("。")[0] + "。", "杭州钱塘信融小额贷款有限公司"):
        assert text in cells, text


def test_the_evidence_column_shows_the_best_sentence_of_the_body(
    run: Run, lead_ids: list[str]
) -> None:
    result = run("search", "运营商网站 通话详单", "--json", "--limit", "1")
    row = json.loads(result.stdout.splitlines()[0])
    assert row["excerpt"] == SECOND
    plain = json.loads(run("search", "--json", "--limit", "1").stdout.splitlines()[0])
    assert plain["excerpt"] != plain["title"]


def test_search_reads_in_80_columns(run: Run, lead_ids: list[str]) -> None:
    result = run("search", "--limit", "3", columns=80)  # newest first: leads 19, 18, 17
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= 80
    assert any("collect_without_consent" in line for line in lines)  # codes whole
    assert any("small_loans" in line for line in lines)
    assert lead_ids[19][:12] in result.stdout
    joined = "".join(line.strip() for line in lines)
    assert "第19条线索" in joined and "杭州钱塘信融小额贷款有限公司" in joined
