"""Index templates (component + composable) and the first index behind each piwatch alias.

Every document is written and read through an alias (``{prefix}-articles``, ``-leads``,
``-runs``); the concrete indices (``{prefix}-articles-000001``, ...) are this module's business.
Mappings use only what every Elasticsearch 8 cluster has (no plugins, no analysis-common).
"""

from __future__ import annotations

import copy
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from elasticsearch import BadRequestError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from piwatch.config import ElasticsearchSettings

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
KINDS = ("articles", "leads", "runs")
FIRST_GENERATION = "000001"


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Index settings an operator may change (production clusters want replicas)."""

    number_of_shards: int = 1
    number_of_replicas: int = 0

    @classmethod
    def from_settings(cls, settings: ElasticsearchSettings) -> IndexOptions:
        return cls(settings.number_of_shards, settings.number_of_replicas)


def alias(prefix: str, kind: str) -> str:
    """The alias documents of ``kind`` are read and written through."""
    if kind not in KINDS:
        raise ValueError(f"unknown index kind {kind!r}; expected one of {KINDS}")
    return f"{prefix}-{kind}"


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((TEMPLATES / name).read_text(encoding="utf-8"))


def component_templates(prefix: str, options: IndexOptions) -> dict[str, dict[str, Any]]:
    """Component template name → body."""
    common = copy.deepcopy(_load("component-common.json"))
    common["template"]["settings"]["index"].update(
        number_of_shards=options.number_of_shards, number_of_replicas=options.number_of_replicas
    )
    out = {f"{prefix}-common": common}
    for kind in KINDS:
        out[f"{prefix}-{kind}"] = copy.deepcopy(_load(f"component-{kind}.json"))
    return out


def index_templates(prefix: str) -> dict[str, dict[str, Any]]:
    """Composable index template name → body."""
    raw = (TEMPLATES / "index-template.json").read_text(encoding="utf-8")
    return {
        f"{prefix}-{kind}": json.loads(raw.replace("__PREFIX__", prefix).replace("__KIND__", kind))
        for kind in KINDS
    }


def ensure_configured(es: Elasticsearch, settings: ElasticsearchSettings) -> None:
    """:func:`ensure` with the index prefix and options an operator configured."""
    ensure(es, settings.index_prefix, IndexOptions.from_settings(settings))


def ensure(es: Elasticsearch, prefix: str = "piwatch", options: IndexOptions | None = None) -> None:
    """Install (or update) the templates and create the first index behind each missing alias.

    Idempotent and safe to call at every start; existing indices and documents are untouched.
    """
    options = options or IndexOptions()
    for name, body in component_templates(prefix, options).items():
        es.cluster.put_component_template(name=name, **body)
    for name, body in index_templates(prefix).items():
        es.indices.put_index_template(name=name, **body)
    for kind in KINDS:
        name = alias(prefix, kind)
        if es.indices.exists_alias(name=name):
            continue
        index = f"{name}-{FIRST_GENERATION}"
        try:
            es.indices.create(index=index, aliases={name: {"is_write_index": True}})
            log.info("created index %s behind alias %s", index, name)
        except BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise


@dataclass(frozen=True, slots=True)
class Rollover:
    """What one rollover request did to one alias."""

    alias: str
    old_index: str
    new_index: str
    rolled_over: bool

    def describe(self) -> str:
        if self.rolled_over:
            return f"new write index {self.new_index} (earlier documents stay in {self.old_index})"
        return f"kept {self.old_index} (younger than the rollover age, or empty)"


def rollover(
    es: Elasticsearch, prefix: str, *, max_age: str | None, kinds: tuple[str, ...] = KINDS
) -> list[Rollover]:
    """Start a new generation behind each alias whose write index is ``max_age`` old and not
    empty (``max_age=None``: every alias, now).

    Reads still go through the alias to every generation; the bulk writer sends a document
    written again to the generation that already holds it, so no id is ever stored twice.
    """
    conditions = {"max_age": max_age, "min_docs": 1} if max_age else None
    done = []
    for kind in kinds:
        name = alias(prefix, kind)
        response = es.indices.rollover(alias=name, conditions=conditions)
        done.append(
            Rollover(name, response["old_index"], response["new_index"], response["rolled_over"])
        )
        if response["rolled_over"]:
            log.info("rolled %s over to %s", name, response["new_index"])
    return done


def drop(es: Elasticsearch, prefix: str) -> None:
    """Delete every index and template of ``prefix`` (tests, and a deliberate reset).

    Indices are resolved to concrete names first, so this works where wildcard deletes are
    forbidden (``action.destructive_requires_name``).
    """
    names = list(es.indices.get(index=f"{prefix}-*", expand_wildcards="all").keys())
    if names:
        es.indices.delete(index=",".join(names))
    for name in index_templates(prefix):
        if es.indices.exists_index_template(name=name):
            es.indices.delete_index_template(name=name)
    for name in component_templates(prefix, IndexOptions()):
        if es.cluster.exists_component_template(name=name):
            es.cluster.delete_component_template(name=name)
