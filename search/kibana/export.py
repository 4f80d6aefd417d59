"""Write the saved objects for an index prefix as the NDJSON file Kibana's import reads."""

from __future__ import annotations

from pathlib import Path

from piwatch.search.kibana.fields import template_fields
from piwatch.search.kibana.objects import build_objects, to_ndjson

EXPORT_NAME = "piwatch-saved-objects.ndjson"
KINDS = ("leads", "articles", "runs")


def export_text(prefix: str) -> tuple[str, int]:
    """The NDJSON text and the number of objects, built from the index templates."""
    objects = build_objects(prefix, {kind: template_fields(kind) for kind in KINDS})
    return to_ndjson(objects), len(objects)


def write_export(prefix: str, directory: Path) -> tuple[Path, int]:
    """``directory/piwatch-saved-objects.ndjson`` and the number of objects in it."""
    directory.mkdir(parents=True, exist_ok=True)
    text, count = export_text(prefix)
    path = directory / EXPORT_NAME
    path.write_text(text, encoding="utf-8")
    return path, count
