"""Fixed saved-object ids, shared by the exported objects and the digest's deep links."""

from __future__ import annotations


def data_view_id(prefix: str, kind: str) -> str:
    """Data view ids equal the alias, so a link written today opens after a re-import."""
    return f"{prefix}-{kind}"


def conduct_search_id(prefix: str, conduct: str) -> str:
    return f"{prefix}-search-conduct-{conduct.replace('_', '-')}"


def new_leads_search_id(prefix: str) -> str:
    return f"{prefix}-search-new-this-week"


def dashboard_id(prefix: str) -> str:
    return f"{prefix}-dashboard-leads"


def latest_evidence_search_id(prefix: str) -> str:
    return f"{prefix}-search-latest-evidence"


def cross_regional_search_id(prefix: str) -> str:
    return f"{prefix}-search-cross-regional"
