"""`piwatch lead show|set` and `piwatch search` on a real node, as child processes."""

from __future__ import annotations

import json

from piwatch.search import indices


def test_set_records_an_audit_trail(cli, leads, es, index_prefix):
    lead = leads["a"]
    first = cli("lead", "set", lead, "--status", "reviewing", "--assignee", "张三", "--by", "李四")
    assert first.returncode == 0, first.stderr
    assert "updated status, assignee" in first.stdout

    noted = cli("lead", "set", lead, "--note", "已电话联系举报人", "--by", "李四")
    assert noted.returncode == 0, noted.stderr

    again = cli("lead", "set", lead, "--status", "reviewing", "--by", "王五")
    assert "nothing changed" in again.stdout

    doc = es.get(index=indices.alias(index_prefix, "leads"), id=lead)["_source"]
    assert doc["status"] == "reviewing" and doc["assignee"] == "张三"
    assert [(h["by"], h["field"], h["from"], h["to"]) for h in doc["history"]] == [
        ("李四", "status", "new", "reviewing"),
        ("李四", "assignee", None, "张三"),
        ("李四", "notes", None, "已电话联系举报人"),
    ]
    assert doc["notes"][0]["text"] == "已电话联系举报人"

    shown = cli("lead", "show", lead)
    assert shown.returncode == 0, shown.stderr
    assert "房产中介出售业主电话" in shown.stdout and "已电话联系举报人" in shown.stdout
    assert "139********" in shown.stdout and "13912345678" not in shown.stdout
    as_json = json.loads(cli("lead", "show", lead, "--json").stdout)
    assert as_json["status"] == "reviewing" and len(as_json["history"]) == 3


def test_operator_errors_are_one_line(cli, leads):
    bad = cli("lead", "set", leads["a"], "--status", "closed", "--by", "x")
    assert bad.returncode == 1 and "unknown status 'closed'" in bad.stderr
    missing = cli("lead", "show", "no-such-lead")
    assert missing.returncode == 1 and "no lead with id 'no-such-lead'" in missing.stderr
    empty = cli("lead", "set", leads["a"])
    assert empty.returncode == 1 and "nothing to change" in empty.stderr
    for result in (bad, missing, empty):
        assert "Traceback" not in result.stderr


def _ids(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_search_filters_and_respects_status(cli, leads):
    assert set(_ids(cli("search", "--json"))) == set(leads.values())
    assert _ids(cli("search", "中介", "--json")) == [leads["a"]]
    assert _ids(cli("search", "--conduct", "unsolicited_marketing", "--json")) == [leads["b"]]
    assert _ids(cli("search", "--sector", "education_training", "--json")) == [leads["c"]]
    assert set(_ids(cli("search", "--region", "广东省", "--json"))) == {leads["a"], leads["c"]}
    assert _ids(cli("search", "--since", "2026-11-12", "--json")) == [leads["c"]]
    assert len(_ids(cli("search", "--limit", "1", "--json"))) == 1

    assert cli("lead", "set", leads["b"], "--status", "dismissed", "--by", "x").returncode == 0
    assert leads["b"] not in _ids(cli("search", "--json"))
    assert _ids(cli("search", "--status", "dismissed", "--json")) == [leads["b"]]

    row = json.loads(cli("search", "中介", "--json").stdout)
    assert row["evidence"] == ["深圳某地产泄露客户电话139********"]
    assert row["businesses"] == ["深圳某地产"] and row["region"] == "广东省深圳市"

    table = cli("search", "--region", "广东省")
    assert table.returncode == 0, table.stderr
    assert "2 leads" in table.stdout and "房产中介出售业主电话" in table.stdout


def test_search_rejects_unknown_codes(cli, leads):
    result = cli("search", "--conduct", "spam")
    assert result.returncode == 1 and "unknown conduct spam" in result.stderr
    result = cli("search", "--since", "last week")
    assert result.returncode == 1 and "not a date" in result.stderr
