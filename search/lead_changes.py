"""Triage changes as data: which lead fields change, and the audit entries that record them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from piwatch.errors import PiwatchError
from piwatch.search.documents import LEAD_STATUSES

NOTE_AUDIT_CHARS = 200  # a note's text in the history entry is cut to this length


@dataclass(frozen=True, slots=True)
class TriageChange:
    """What an investigator asks for; ``None`` leaves a field as it is (``""`` clears assignee)."""

    by: str
    status: str | None = None
    assignee: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in LEAD_STATUSES:
            raise PiwatchError(
                f"unknown status {self.status!r}; use one of: {', '.join(LEAD_STATUSES)}"
            )
        if not self.by.strip():
            raise PiwatchError("say who makes the change (--by NAME)")


def plan(current: Mapping[str, Any], change: TriageChange, at: datetime) -> dict[str, Any]:
    """The partial document to write: changed fields plus the whole new ``history`` (and notes).

    Empty when nothing changes, so a repeated command leaves no audit noise.
    """
    stamp = at.isoformat()
    history = list(current.get("history") or [])
    out: dict[str, Any] = {}
    for name, wanted in (("status", change.status), ("assignee", change.assignee)):
        if wanted is None:
            continue
        before = current.get(name) or (None if name == "assignee" else "new")
        after = wanted or None
        if before == after:
            continue
        out[name] = after
        history.append({"at": stamp, "by": change.by, "field": name, "from": before, "to": after})
    if change.note and change.note.strip():
        text = change.note.strip()
        out["notes"] = [*(current.get("notes") or []), {"at": stamp, "by": change.by, "text": text}]
        history.append(
            {
                "at": stamp,
                "by": change.by,
                "field": "notes",
                "from": None,
                "to": text[:NOTE_AUDIT_CHARS],
            }
        )
    if out:
        out["history"] = history
    return out
