"""The fields each index kind defines, read from the index templates (the one source of truth)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def flatten(properties: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """Mapping properties → ``{"path.to.field": type}``; objects are ``object``.

    Multi-fields (``fields``) appear as ``name.sub``, as Kibana lists them.
    """
    out: dict[str, str] = {}
    for name, spec in properties.items():
        path = f"{prefix}{name}"
        if "properties" in spec:
            out[path] = spec.get("type", "object")
            out.update(flatten(spec["properties"], path + "."))
            continue
        out[path] = spec.get("type", "object")
        for sub, subspec in (spec.get("fields") or {}).items():
            out[f"{path}.{sub}"] = subspec.get("type", "object")
    return out


def template_fields(kind: str, templates: Path = TEMPLATES) -> dict[str, str]:
    """Field path → type for ``kind`` (leads, articles, runs) as its component template maps it."""
    body = json.loads((templates / f"component-{kind}.json").read_text(encoding="utf-8"))
    return flatten(body["template"]["mappings"]["properties"])
