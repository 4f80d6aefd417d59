"""Templates are installed, and the indices behind the aliases are built from them."""

from __future__ import annotations

from elasticsearch import Elasticsearch

from piwatch.search import indices


def test_templates_installed_and_used(es: Elasticsearch, index_prefix: str) -> None:
    indices.ensure(es, index_prefix)
    for kind in indices.KINDS:
        name = f"{index_prefix}-{kind}"
        assert es.cluster.exists_component_template(name=name)
        template = es.indices.get_index_template(name=name)["index_templates"][0]
        assert template["index_template"]["composed_of"] == [f"{index_prefix}-common", name]
        concrete = f"{name}-000001"
        assert es.indices.get_alias(name=name)[concrete]["aliases"][name]["is_write_index"]
        # The index got its mapping from the templates, not from dynamic guessing.
        mapping = es.indices.get_mapping(index=concrete)[concrete]["mappings"]
        assert mapping["dynamic_templates"][0]["zh_words"]["mapping"]["analyzer"] == "whitespace"
    articles = es.indices.get_mapping(index=f"{index_prefix}-articles")
    props = next(iter(articles.values()))["mappings"]["properties"]
    assert props["content"]["analyzer"] == "standard"
    assert props["content_zh"] == {"type": "text", "analyzer": "whitespace"}
    assert props["source"]["type"] == "keyword"
    leads = es.indices.get_mapping(index=f"{index_prefix}-leads")
    lead_props = next(iter(leads.values()))["mappings"]["properties"]
    for facet in ("conduct", "sectors", "pi_types", "province", "city", "bureau", "source",
                  "source_type", "status", "business_names"):  # fmt: skip
        assert lead_props[facet]["type"] == "keyword", facet
    assert lead_props["first_seen"]["type"] == "date"
    assert lead_props["businesses"]["properties"]["name"]["fields"]["text"]["type"] == "text"


def test_ensure_is_idempotent_and_keeps_documents(es: Elasticsearch, index_prefix: str) -> None:
    indices.ensure(es, index_prefix)
    alias = f"{index_prefix}-articles"
    es.index(index=alias, id="a1", document={"url": "http://127.0.0.1/a1"}, refresh=True)
    indices.ensure(es, index_prefix)
    assert es.count(index=alias)["count"] == 1
    assert list(es.indices.get_alias(name=alias)) == [f"{alias}-000001"]


def test_unknown_fields_become_keywords_and_zh_fields_whitespace_text(
    es: Elasticsearch, index_prefix: str
) -> None:
    indices.ensure(es, index_prefix)
    alias = f"{index_prefix}-runs"
    es.index(
        index=alias,
        id="r1",
        document={
            "run_id": "r1",
            "note_zh": "夜间 抓取",
            "extra": "x",
            "sources": {"a": {"pages": 3}},
        },
        refresh=True,
    )
    props = next(iter(es.indices.get_mapping(index=alias).values()))["mappings"]["properties"]
    assert props["note_zh"]["analyzer"] == "whitespace"
    assert props["extra"]["type"] == "keyword"
    assert props["sources"]["properties"]["a"]["properties"]["pages"]["type"] == "long"
