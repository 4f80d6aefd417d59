"""Exported saved objects: NDJSON shape Kibana 8 imports, references resolve, fields exist."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from piwatch.search import indices
from piwatch.search.kibana import ids

REPO = Path(__file__).resolve().parents[2]
KQL_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_.]*)\s*(?::|>=|<=|>|<)")


def export(tmp_path: Path, prefix: str) -> list[dict[str, Any]]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PIWATCH_CONFIG": "",
        "PIWATCH_DATA_DIR": str(tmp_path / "data"),
        "PIWATCH_ELASTICSEARCH__INDEX_PREFIX": prefix,
    }
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "piwatch", "kibana", "export", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = (out / "piwatch-saved-objects.ndjson").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def mapped_fields(mapping: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for name, spec in mapping.items():
        path = prefix + name
        out.add(path)
        out |= mapped_fields(spec.get("properties", {}), path + ".")
        out |= {f"{path}.{sub}" for sub in spec.get("fields", {})}
    return out


def referenced_fields(obj: dict[str, Any]) -> set[str]:
    """Every field name an object uses: time field, columns, sort, KQL, Lens source fields."""
    found: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, str) and node[:1] in "[{" and key.endswith("JSON"):
            walk(json.loads(node))
        elif isinstance(node, dict):
            for k, v in node.items():
                if k in ("timeFieldName", "sourceField") and v != "___records___":
                    found.add(v)
                elif k == "columns" and isinstance(v, list) and v and isinstance(v[0], str):
                    found.update(v)
                elif k == "sort" and isinstance(v, list) and v and isinstance(v[0], list):
                    found.update(s[0] for s in v)
                elif k == "query" and isinstance(v, dict) and v.get("language") == "kuery":
                    found.update(KQL_FIELD.findall(v["query"]))
                else:
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(obj)
    found.discard("not")
    return found


def test_ndjson_has_the_import_shape(tmp_path):
    objects = export(tmp_path, "piwatch")
    assert [o["type"] for o in objects].count("index-pattern") == 3
    # 4 conducts, this week, evidence, cross-regional cases
    assert [o["type"] for o in objects].count("search") == 7
    assert [o["type"] for o in objects].count("dashboard") == 1
    by_id = {(o["type"], o["id"]) for o in objects}
    assert len(by_id) == len(objects)
    for o in objects:
        assert set(o) >= {"type", "id", "attributes", "references"}
        assert o["coreMigrationVersion"].startswith("8.")
        assert isinstance(o["attributes"]["title"], str) and o["attributes"]["title"]
        for ref in o["references"]:
            assert set(ref) == {"name", "type", "id"}
            assert (ref["type"], ref["id"]) in by_id, ref
    views = {o["id"]: o["attributes"] for o in objects if o["type"] == "index-pattern"}
    assert views == {
        "piwatch-leads": views["piwatch-leads"],
        "piwatch-articles": views["piwatch-articles"],
        "piwatch-runs": views["piwatch-runs"],
    }
    assert views["piwatch-leads"]["title"] == "piwatch-leads"
    assert ids.data_view_id("piwatch", "leads") == "piwatch-leads"  # the digest links use it


def test_dashboard_panels_and_references_agree(tmp_path):
    objects = export(tmp_path, "piwatch")
    (board,) = [o for o in objects if o["type"] == "dashboard"]
    panels = json.loads(board["attributes"]["panelsJSON"])
    assert [p["type"] for p in panels].count("lens") == 5
    titles = {p["title"] for p in panels}
    assert titles == {
        "线索数量趋势",
        "按行业",
        "按行为",
        "按省份",
        "涉及最多的经营者",
        "最新证据摘录",
    }
    names = {r["name"] for r in board["references"]}
    for panel in panels:
        if panel["type"] == "lens":
            attrs = panel["embeddableConfig"]["attributes"]
            layers = attrs["state"]["datasourceStates"]["formBased"]["layers"]
            for layer_id, layer in layers.items():
                ref = f"indexpattern-datasource-layer-{layer_id}"
                assert ref in {r["name"] for r in attrs["references"]}
                assert f"{panel['panelIndex']}:{ref}" in names
                assert layer["columnOrder"] == list(layer["columns"])
        else:
            assert f"{panel['panelIndex']}:{panel['panelRefName']}" in names


def test_every_field_exists_in_the_real_mapping(tmp_path, es, index_prefix):
    indices.ensure(es, index_prefix)
    objects = export(tmp_path, index_prefix)
    mapping = {
        kind: set().union(
            *(
                mapped_fields(body["mappings"].get("properties", {}))
                for body in es.indices.get_mapping(index=indices.alias(index_prefix, kind)).values()
            )
        )
        for kind in indices.KINDS
    }
    view_kind = {ids.data_view_id(index_prefix, k): k for k in indices.KINDS}
    checked = 0
    for o in objects:
        if o["type"] == "index-pattern":
            kind = view_kind[o["id"]]
        else:
            kind = "leads"  # every search and panel reads the leads data view
            assert {r["id"] for r in o["references"] if r["type"] == "index-pattern"} <= {
                ids.data_view_id(index_prefix, "leads")
            }
        fields = referenced_fields(o)
        assert fields, o["id"]
        missing = fields - mapping[kind]
        assert not missing, f"{o['type']} {o['id']} uses unmapped fields {missing}"
        checked += len(fields)
    assert checked >= 40


@pytest.mark.parametrize("field", ["first_seen", "business_names", "province", "sectors"])
def test_builder_refuses_unknown_fields(field):
    from piwatch.search.kibana.fields import template_fields
    from piwatch.search.kibana.objects import UnknownField, build_objects

    fields = {k: template_fields(k) for k in indices.KINDS}
    del fields["leads"][field]
    with pytest.raises(UnknownField, match=field):
        build_objects("piwatch", fields)


def test_a_saved_search_shows_the_cross_regional_cases(tmp_path):
    from piwatch.search.kibana.ids import cross_regional_search_id

    found = {o["id"]: o for o in export(tmp_path, "piwatch")}
    search = found[cross_regional_search_id("piwatch")]["attributes"]
    assert search["title"] == "跨地区案件"
    assert "cross_regional:true" in search["kibanaSavedObjectMeta"]["searchSourceJSON"]
    assert "case_bureaus" in search["columns"]
