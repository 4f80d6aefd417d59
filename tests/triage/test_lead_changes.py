"""The pure part of triage: which fields change and what the audit trail records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from piwatch.errors import PiwatchError
from piwatch.search.lead_changes import NOTE_AUDIT_CHARS, TriageChange, plan

AT = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
STAMP = AT.isoformat()


def test_status_and_assignee_are_audited():
    out = plan({"status": "new"}, TriageChange(by="李四", status="reviewing", assignee="张三"), AT)
    assert out == {
        "status": "reviewing",
        "assignee": "张三",
        "history": [
            {"at": STAMP, "by": "李四", "field": "status", "from": "new", "to": "reviewing"},
            {"at": STAMP, "by": "李四", "field": "assignee", "from": None, "to": "张三"},
        ],
    }


def test_history_is_appended_not_replaced():
    old = {"at": "2026-11-01T00:00:00+00:00", "by": "x", "field": "status", "from": "new",
           "to": "reviewing"}  # fmt: skip
    out = plan({"status": "reviewing", "history": [old]}, TriageChange("y", "confirmed"), AT)
    assert out["history"][0] == old and out["history"][1]["to"] == "confirmed"


@pytest.mark.parametrize(
    ("current", "change"),
    [
        ({"status": "new"}, TriageChange("x", status="new")),
        ({}, TriageChange("x", status="new")),  # a missing status is "new"
        ({"assignee": "张三"}, TriageChange("x", assignee="张三")),
        ({}, TriageChange("x", note="   ")),
    ],
)
def test_no_change_writes_nothing(current, change):
    assert plan(current, change, AT) == {}


def test_empty_assignee_clears_it():
    out = plan({"assignee": "张三"}, TriageChange("x", assignee=""), AT)
    assert out["assignee"] is None
    assert out["history"][-1]["from"] == "张三"


def test_note_is_kept_whole_and_audited_short():
    text = "核实" * 300
    out = plan({"notes": [{"at": "t", "by": "a", "text": "旧"}]}, TriageChange("b", note=text), AT)
    assert out["notes"][-1] == {"at": STAMP, "by": "b", "text": text}
    assert len(out["notes"]) == 2
    assert out["history"][-1]["field"] == "notes"
    assert len(out["history"][-1]["to"]) == NOTE_AUDIT_CHARS


@pytest.mark.parametrize("kwargs", [{"status": "closed"}, {"by": " "}])
def test_bad_input_is_an_operator_error(kwargs):
    with pytest.raises(PiwatchError):
        TriageChange(**{"by": "x", **kwargs})
