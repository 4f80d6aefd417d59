"""Kibana 8 saved objects for piwatch: data views, saved searches and a Lens dashboard.

Pure builders: given the index prefix and the template fields they return the objects as dicts
(``type``, ``id``, ``attributes``, ``references``, migration versions) ready for NDJSON. Every
field a panel or search names is checked against the index templates, so a renamed field fails
the export instead of producing an empty dashboard.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from piwatch.pipelines.codes import CONDUCTS
from piwatch.search.kibana import ids
from piwatch.search.kibana.links import kql_quote

CORE_MIGRATION = "8.8.0"
# The oldest model version whose shape these objects have; Kibana migrates them forward on import.
TYPE_MIGRATION = {"index-pattern": "7.11.0", "search": "7.9.3", "dashboard": "8.7.0"}
PANEL_VERSION = "8.11.0"
TIME_FIELDS = {"leads": "first_seen", "articles": "published_at", "runs": "started_at"}
TITLES = {"leads": "piwatch 线索", "articles": "piwatch 文章", "runs": "piwatch 运行记录"}
CONDUCT_TITLES = {
    "collect_without_consent": "未经同意收集使用",
    "disclose_or_sell": "泄露、出售或非法提供",
    "unsolicited_marketing": "未经同意的商业营销",
    "breach": "安全事件导致泄露",
}
# what `piwatch search` shows and searches: business names, places, title, evidence (the data
# view's free-text search reads the same fields: the leads template's index.query.default_field)
LEAD_COLUMNS = (
    "score",
    "business_names",
    "places",
    "article_title",
    "conduct",
    "sectors",
    "status",
    "source",
)
CROSS_REGIONAL_COLUMNS = (
    "business_names",
    "conduct",
    "places",
    "case_regions",
    "case_bureaus",
    "major",
    "article_title",
    "source",
)
# the removal watch's dates beside the evidence: the page was deleted or changed since (the
# capture is kept; `piwatch evidence export` packages it)
EVIDENCE_COLUMNS = (
    *("business_names", "places", "article_title", "evidence"),
    *("source_removed_at", "source_changed_at", "score"),
)
HIDDEN_FIELDS = ("*_zh", "*_gram")  # search siblings built for piwatch's own queries
# open leads: neither dismissed by an investigator nor withdrawn (article edited, no longer a lead)
OPEN_LEADS = f"not status:{kql_quote('dismissed')} and not is_lead:false"
_NS = uuid.UUID("6d1f0c3e-7a43-4f59-9d0c-5b1a2f8e9c10")


class UnknownField(ValueError):
    """A saved object names a field the index templates do not define."""


def build_objects(prefix: str, fields: Mapping[str, Mapping[str, str]]) -> list[dict[str, Any]]:
    """All saved objects, data views first (Kibana resolves references in file order)."""
    leads = fields["leads"]
    objects = [data_view(prefix, kind, fields[kind]) for kind in ("leads", "articles", "runs")]
    dv = ids.data_view_id(prefix, "leads")
    for code in CONDUCTS:
        objects.append(
            saved_search(
                ids.conduct_search_id(prefix, code),
                f"线索 · {CONDUCT_TITLES[code]}",
                dv,
                f"conduct:{kql_quote(code)} and {OPEN_LEADS}",
                LEAD_COLUMNS,
                leads,
            )
        )
    objects.append(
        saved_search(
            ids.new_leads_search_id(prefix),
            "本周新增线索",
            dv,
            f"status:{kql_quote('new')} and first_seen >= {kql_quote('now/w')}",
            LEAD_COLUMNS,
            leads,
        )
    )
    objects.append(
        saved_search(
            ids.latest_evidence_search_id(prefix),
            "最新证据摘录",
            dv,
            OPEN_LEADS,
            EVIDENCE_COLUMNS,
            leads,
        )
    )
    objects.append(
        saved_search(
            ids.cross_regional_search_id(prefix),
            "跨地区案件",
            dv,
            f"cross_regional:true and {OPEN_LEADS}",
            CROSS_REGIONAL_COLUMNS,
            leads,
        )
    )
    objects.append(dashboard(prefix, leads))
    return objects


def data_view(prefix: str, kind: str, fields: Mapping[str, str]) -> dict[str, Any]:
    time_field = _check(TIME_FIELDS[kind], fields)
    return _saved(
        "index-pattern",
        ids.data_view_id(prefix, kind),
        {
            "title": f"{prefix}-{kind}",
            "name": TITLES[kind],
            "timeFieldName": time_field,
            "sourceFilters": json.dumps([{"value": pattern} for pattern in HIDDEN_FIELDS]),
            "fields": "[]",
            "fieldFormatMap": "{}",
            "runtimeFieldMap": "{}",
            "typeMeta": "{}",
        },
        [],
    )


def saved_search(
    object_id: str,
    title: str,
    data_view_id: str,
    kql: str,
    columns: Sequence[str],
    fields: Mapping[str, str],
) -> dict[str, Any]:
    source = {
        "query": {"query": kql, "language": "kuery"},
        "filter": [],
        "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
    }
    return _saved(
        "search",
        object_id,
        {
            "title": title,
            "description": "",
            "columns": [_check(c, fields) for c in columns],
            "sort": [[_check("first_seen", fields), "desc"]],
            "hits": 0,
            "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(source, ensure_ascii=False)},
        },
        [_ref("kibanaSavedObjectMeta.searchSourceJSON.index", "index-pattern", data_view_id)],
    )


def dashboard(prefix: str, fields: Mapping[str, str]) -> dict[str, Any]:
    """Leads over time, by sector, by conduct, by province, top businesses, latest evidence."""
    dv = ids.data_view_id(prefix, "leads")
    lenses = [
        ("over-time", "线索数量趋势", (0, 0, 48, 12), _time_series(fields)),
        ("by-sector", "按行业", (0, 12, 16, 14), _bars("sectors", "行业", 11, fields)),
        ("by-conduct", "按行为", (16, 12, 16, 14), _bars("conduct", "行为", 4, fields)),
        ("by-province", "按省份", (32, 12, 16, 14), _bars("province", "省份", 34, fields)),
        ("top-businesses", "涉及最多的经营者", (0, 26, 16, 16), _table(fields)),
    ]
    panels: list[dict[str, Any]] = []
    references: list[dict[str, str]] = []
    for key, title, grid, (vis_type, layer_id, layer, visualization) in lenses:
        panel_index = _uuid(f"{prefix}-panel-{key}")
        layer_ref = f"indexpattern-datasource-layer-{layer_id}"
        attributes = {
            "title": title,
            "description": "",
            "visualizationType": vis_type,
            "type": "lens",
            "references": [_ref(layer_ref, "index-pattern", dv)],
            "state": {
                "visualization": visualization,
                "query": {"query": "", "language": "kuery"},
                "filters": [],
                "datasourceStates": {"formBased": {"layers": {layer_id: layer}}},
                "internalReferences": [],
                "adHocDataViews": {},
            },
        }
        panels.append(
            {
                "version": PANEL_VERSION,
                "type": "lens",
                "gridData": _grid(grid, panel_index),
                "panelIndex": panel_index,
                "embeddableConfig": {"attributes": attributes, "enhancements": {}},
                "title": title,
            }
        )
        references.append(_ref(f"{panel_index}:{layer_ref}", "index-pattern", dv))
    evidence_index = _uuid(f"{prefix}-panel-latest-evidence")
    panels.append(
        {
            "version": PANEL_VERSION,
            "type": "search",
            "gridData": _grid((16, 26, 32, 16), evidence_index),
            "panelIndex": evidence_index,
            "embeddableConfig": {"enhancements": {}},
            "panelRefName": f"panel_{evidence_index}",
            "title": "最新证据摘录",
        }
    )
    references.append(
        _ref(
            f"{evidence_index}:panel_{evidence_index}",
            "search",
            ids.latest_evidence_search_id(prefix),
        )
    )
    return _saved(
        "dashboard",
        ids.dashboard_id(prefix),
        {
            "title": "piwatch 个人信息保护线索",
            "description": "新增线索、行业、行为、地区与经营者（不含已排除线索）",
            "panelsJSON": json.dumps(panels, ensure_ascii=False),
            "optionsJSON": json.dumps(
                {"useMargins": True, "syncColors": False, "hidePanelTitles": False}
            ),
            "timeRestore": True,
            "timeFrom": "now-30d",
            "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 60000},
            "version": 1,
            "kibanaSavedObjectMeta": {
                "searchSourceJSON": json.dumps(
                    {"query": {"query": OPEN_LEADS, "language": "kuery"}, "filter": []}
                )
            },
        },
        references,
    )


Lens = tuple[str, str, dict[str, Any], dict[str, Any]]


def _count(label: str = "线索数") -> dict[str, Any]:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "number",
        "operationType": "count",
        "isBucketed": False,
        "scale": "ratio",
        "sourceField": "___records___",
        "params": {"emptyAsNull": True},
    }


def _terms(field: str, label: str, size: int, order_by: str, fields: Mapping[str, str]) -> dict:
    return {
        "label": label,
        "customLabel": True,
        "dataType": "string",
        "operationType": "terms",
        "isBucketed": True,
        "scale": "ordinal",
        "sourceField": _check(field, fields, "keyword"),
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": order_by},
            "orderDirection": "desc",
            "otherBucket": False,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
        },
    }


def _layer(columns: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {"columns": columns, "columnOrder": list(columns), "incompleteColumns": {}}


def _time_series(fields: Mapping[str, str]) -> Lens:
    layer_id, x, y = _uuid("layer-over-time"), _uuid("col-over-time-x"), _uuid("col-over-time-y")
    layer = _layer(
        {
            x: {
                "label": "首次发现",
                "customLabel": True,
                "dataType": "date",
                "operationType": "date_histogram",
                "isBucketed": True,
                "scale": "interval",
                "sourceField": _check("first_seen", fields, "date"),
                "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
            },
            y: _count(),
        }
    )
    return "lnsXY", layer_id, layer, _xy(layer_id, x, y, "bar_stacked")


def _bars(field: str, label: str, size: int, fields: Mapping[str, str]) -> Lens:
    layer_id, x, y = _uuid(f"layer-{field}"), _uuid(f"col-{field}-x"), _uuid(f"col-{field}-y")
    layer = _layer({x: _terms(field, label, size, y, fields), y: _count()})
    return "lnsXY", layer_id, layer, _xy(layer_id, x, y, "bar_horizontal")


def _table(fields: Mapping[str, str]) -> Lens:
    layer_id, a, b = _uuid("layer-businesses"), _uuid("col-business"), _uuid("col-business-n")
    layer = _layer({a: _terms("business_names", "经营者", 20, b, fields), b: _count()})
    visualization = {
        "layerId": layer_id,
        "layerType": "data",
        "columns": [{"columnId": a}, {"columnId": b}],
    }
    return "lnsDatatable", layer_id, layer, visualization


def _xy(layer_id: str, x: str, y: str, series: str) -> dict[str, Any]:
    return {
        "legend": {"isVisible": False, "position": "right"},
        "valueLabels": "show" if series == "bar_horizontal" else "hide",
        "preferredSeriesType": series,
        "layers": [
            {
                "layerId": layer_id,
                "layerType": "data",
                "seriesType": series,
                "xAccessor": x,
                "accessors": [y],
            }
        ],
    }


def _grid(box: tuple[int, int, int, int], panel_index: str) -> dict[str, Any]:
    x, y, w, h = box
    return {"x": x, "y": y, "w": w, "h": h, "i": panel_index}


def _saved(
    kind: str, object_id: str, attributes: dict[str, Any], references: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": object_id,
        "attributes": attributes,
        "references": references,
        "coreMigrationVersion": CORE_MIGRATION,
        "typeMigrationVersion": TYPE_MIGRATION[kind],
        "managed": False,
    }


def _ref(name: str, kind: str, object_id: str) -> dict[str, str]:
    return {"name": name, "type": kind, "id": object_id}


def _uuid(name: str) -> str:
    """Stable ids, so a re-export is byte-identical and an import overwrites in place."""
    return str(uuid.uuid5(_NS, name))


def _check(field: str, fields: Mapping[str, str], expected: str | None = None) -> str:
    kind = fields.get(field)
    if kind is None:
        raise UnknownField(f"field {field!r} is not in the index template")
    if expected and kind != expected:
        raise UnknownField(f"field {field!r} is {kind}, not {expected}")
    return field


def to_ndjson(objects: Sequence[Mapping[str, Any]]) -> str:
    """One JSON object per line, as Kibana's export writes and its import reads."""
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objects)
