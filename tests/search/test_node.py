"""The embedded node answers like any Elasticsearch: root document, ping, product check."""

from __future__ import annotations

import json
import urllib.request

from elasticsearch import Elasticsearch

from piwatch.config import ES_VERSION


def test_info_and_ping(es: Elasticsearch, es_node) -> None:
    info = es.info()
    assert info["tagline"] == "You Know, for Search"
    assert info["cluster_uuid"]
    if es_node.options is not None:
        assert info["version"]["number"] == ES_VERSION
    assert es.ping() is True


def test_root_document_over_plain_http(es_node) -> None:
    with urllib.request.urlopen(es_node.url + "/", timeout=10) as response:
        assert response.headers["X-Elastic-Product"] == "Elasticsearch"
        body = json.loads(response.read())
    assert body["version"]["number"].startswith("8.")
    assert body["name"]
