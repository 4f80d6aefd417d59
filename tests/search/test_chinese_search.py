"""Chinese queries find the right documents, with word semantics, on the plugin-less node."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from piwatch.search import documents, indices
from piwatch.search.bulk import BulkWriter
from piwatch.search.outbox import Outbox
from piwatch.search.queries import search_articles
from testkit.factories import article

TEXTS = {
    1: (
        "深圳某房产中介泄露客户个人信息",
        "记者调查发现，一家房产中介将业主的姓名和电话打包出售给装修公司。",
    ),
    2: ("我和服装店老板聊生意", "我和服装店老板聊了聊今年的生意，她说客流少了很多。"),
    3: (
        "网贷平台违规收集通讯录",
        "多名用户投诉某网贷App注册时强制读取通讯录，逾期后给联系人打电话催收。",
    ),
    4: ("培训机构推销电话不断", "家长反映报名后每天接到多个培训机构的推销电话和短信。"),
    5: ("和服文化展开幕", "展览介绍了和服的历史与织造工艺。"),
    6: ("台灣某電信業者洩露用戶個人資料", "數十萬筆用戶資料在論壇上被公開販售。"),
}


@pytest.fixture
def corpus(es: Elasticsearch, index_prefix: str, tmp_path: Path) -> Iterator[str]:
    indices.ensure(es, index_prefix)
    with BulkWriter(es, Outbox(tmp_path), index_prefix) as writer:
        for n, (title, content) in TEXTS.items():
            writer.add("articles", *documents.article_document(article(n, title, content)))
    assert writer.stats.indexed == len(TEXTS)
    es.indices.refresh(index=f"{index_prefix}-articles")
    yield index_prefix


def found(es: Elasticsearch, prefix: str, text: str) -> set[int]:
    page = search_articles(es, prefix, text)
    return {int(hit["url"].rsplit("/", 1)[1].split(".")[0]) for hit in page.hits}


def test_word_query(es: Elasticsearch, corpus: str) -> None:
    assert found(es, corpus, "个人信息") == {1}
    assert found(es, corpus, "通讯录") == {3}
    assert found(es, corpus, "推销电话") == {4}


def test_part_of_a_compound_word_is_found(es: Elasticsearch, corpus: str) -> None:
    # 个人信息 is one jieba word; its part 信息 must still find the document.
    assert found(es, corpus, "信息") == {1}


def test_word_boundaries_are_respected(es: Elasticsearch, corpus: str) -> None:
    # 和服 (kimono) also occurs as characters across 和 / 服装店 in document 2: only word hits.
    assert found(es, corpus, "和服") == {5}
    standard = es.search(
        index=f"{corpus}-articles", query={"match_phrase": {"content": "和服"}}, size=10
    )
    assert len(standard["hits"]["hits"]) == 2  # what the standard analyzer alone would give


def test_all_words_versus_phrase(es: Elasticsearch, corpus: str) -> None:
    assert found(es, corpus, "客户 泄露") == {1}
    assert found(es, corpus, "泄露 装修公司") == {1}  # words spread over title and content
    assert found(es, corpus, '"泄露客户个人信息"') == {1}
    assert found(es, corpus, "“客户泄露”") == set()


def test_traditional_and_simplified_find_each_other(es: Elasticsearch, corpus: str) -> None:
    assert found(es, corpus, "個人信息") == {1}
    assert found(es, corpus, "房產中介") == {1}
    assert found(es, corpus, "泄露") == {1, 6}
    assert found(es, corpus, "公开贩售") == {6}


def test_no_words_no_hits(es: Elasticsearch, corpus: str) -> None:
    assert found(es, corpus, "，。！") == set()
