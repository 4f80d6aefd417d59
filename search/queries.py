"""Lead and article queries: text in Chinese with word semantics, facet filters, aggregations,
and the small read/update needed for triage.

Text queries (:func:`parse_query`): every space-separated term must match, ``A OR B`` means
either, text in double quotes is a phrase. A term matches the jieba-segmented ``*_zh`` fields by
its words (see ``search.zh``); in lead search it also matches as a run of characters in the
``*_gram`` fields, so a term jieba cuts differently inside the text (小贷 in 杭州一小贷公司) or
part of a business name (沪安人寿 in 沪安人寿保险股份有限公司上海分公司) is still found, ranked
below word hits. No scripts are used, so everything works on any Elasticsearch 8 cluster (and
on the plugin-less local node).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from piwatch.pipelines.leads.regions import load_gazetteer
from piwatch.pipelines.text.sentences import split_sentences
from piwatch.search.documents import LEAD_STATUSES, iso
from piwatch.search.indices import alias
from piwatch.search.zh import GRAM_SUFFIX, ZH_SUFFIX, fold, grams, phrase_words, query_words

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

LEAD_FACETS = ("sectors", "conduct", "province")
GRAM_WEIGHT = 0.5  # a hit on characters only ranks below the same hit on words
INTERNAL_FIELDS = ("*" + ZH_SUFFIX, "*" + GRAM_SUFFIX)  # search siblings, never shown


@dataclass(frozen=True, slots=True)
class TextField:
    """A searched field, its boost, and whether it has a ``*_gram`` sibling."""

    name: str
    boost: float = 1.0
    grams: bool = False


LEAD_TEXT_FIELDS = (
    TextField("business_names", 4.0, grams=True),
    TextField("places", 3.0, grams=True),
    TextField("article_title", 2.0, grams=True),
    TextField("evidence", 1.5, grams=True),
    TextField("article_content", 1.0, grams=True),
)
ARTICLE_TEXT_FIELDS = (TextField("title", 2.0), TextField("content", 1.0))


@dataclass(frozen=True, slots=True)
class Term:
    """One thing a user searches for: a word (or run of words) or a quoted phrase."""

    text: str
    phrase: bool = False


_TOKEN = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」|(\S+)')
OR = "OR"


def parse_query(text: str) -> list[list[Term]]:
    """Clauses that must all match, each a list of alternatives (joined by ``OR``).

    ``沪安 上海`` → both; ``小贷 OR 网贷 杭州`` → (小贷 or 网贷) and 杭州; ``"超范围收集"`` → the
    phrase. ``OR`` is an operator only in capitals and between two terms.
    """
    clauses: list[list[Term]] = []
    joined = False
    for match in _TOKEN.finditer(text):
        bare = match.group(4)
        if bare == OR:
            joined = bool(clauses)
            continue
        phrase = bare is None
        term = Term(next(g for g in match.groups() if g is not None), phrase)
        if joined:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        joined = False
    return clauses


def _fields(fields: Sequence[TextField], suffix: str) -> list[str]:
    return [f"{f.name}{suffix}^{f.boost:g}" for f in fields]


def term_query(term: Term, fields: Sequence[TextField]) -> dict[str, Any] | None:
    """``term`` as its words in the ``*_zh`` fields or its characters in the ``*_gram`` fields
    (None: nothing searchable in it, only punctuation)."""
    should: list[dict[str, Any]] = []
    if term.phrase:
        words = phrase_words(term.text)
        if words:
            should.append({"multi_match": {"query": words, "fields": _fields(fields, ZH_SUFFIX),
                                           "type": "phrase"}})  # fmt: skip
    else:
        all_words = query_words(term.text)
        if all_words:
            should.append({"multi_match": {"query": " ".join(all_words),
                                           "fields": _fields(fields, ZH_SUFFIX),
                                           "type": "cross_fields", "operator": "and"}})  # fmt: skip
    chars = grams(term.text)
    gram_fields = [f for f in fields if f.grams]
    if chars and gram_fields:
        should.append({"multi_match": {"query": chars, "fields": _fields(gram_fields, GRAM_SUFFIX),
                                       "type": "phrase", "boost": GRAM_WEIGHT}})  # fmt: skip
    return _any(should) if should else None


def _any(queries: list[dict[str, Any]]) -> dict[str, Any]:
    """Any of ``queries`` (the query itself when there is only one)."""
    if len(queries) == 1:
        return queries[0]
    return {"bool": {"should": queries, "minimum_should_match": 1}}


def text_query(text: str, fields: Sequence[TextField]) -> dict[str, Any]:
    """Match ``text`` (see :func:`parse_query`) against ``fields``.

    Traditional characters find simplified text and vice versa. Text with nothing searchable
    (only punctuation) matches nothing.
    """
    clauses = []
    for alternatives in parse_query(text):
        queries = [q for term in alternatives if (q := term_query(term, fields)) is not None]
        if queries:
            clauses.append(_any(queries))
    if not clauses:
        return {"match_none": {}}
    return clauses[0] if len(clauses) == 1 else {"bool": {"must": clauses}}


@dataclass(frozen=True, slots=True)
class LeadQuery:
    """Filters of ``piwatch search`` and the digest; empty means no filter."""

    text: str | None = None
    conduct: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    region: str | None = None  # a province or a city, as written in lead documents
    status: tuple[str, ...] = ()
    since: date | datetime | None = None  # on published_at, inclusive
    until: date | datetime | None = None  # exclusive
    size: int = 20
    offset: int = 0
    sort: str = "published_at"  # or "score" (relevance, then lead score)
    extra_filters: tuple[dict[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        unknown = set(self.status) - set(LEAD_STATUSES)
        if unknown:
            raise ValueError(f"unknown lead status {sorted(unknown)}; expected {LEAD_STATUSES}")


# a lead whose article was edited and no longer reads as one (``documents.lead_withdrawal``)
WITHDRAWN: dict[str, Any] = {"term": {"is_lead": False}}


def lead_filters(query: LeadQuery) -> list[dict[str, Any]]:
    """The filter clauses of ``query`` (shared by search and aggregations)."""
    filters: list[dict[str, Any]] = list(query.extra_filters)
    if query.conduct:
        filters.append({"terms": {"conduct": list(query.conduct)}})
    if query.sectors:
        filters.append({"terms": {"sectors": list(query.sectors)}})
    if query.status:
        filters.append({"terms": {"status": list(query.status)}})
    if query.region and query.region.strip():
        filters.append(region_filter(query.region.strip()))
    span: dict[str, str] = {}
    if query.since is not None:
        span["gte"] = iso(query.since) or ""
    if query.until is not None:
        span["lt"] = iso(query.until) or ""
    if span:
        filters.append({"range": {"published_at": span}})
    return filters


def _either(field: str, value: str) -> dict[str, Any]:
    """``value`` as the lead's first region (``field``) or any of its regions."""
    return {"bool": {"should": [{"term": {field: value}}, {"term": {f"regions.{field}": value}}],
                     "minimum_should_match": 1}}  # fmt: skip


def _region_clause(province: str, city: str | None, county: str | None) -> dict[str, Any]:
    """The most specific division named; a municipality (city = province) by its province."""
    clause = _either("city", city) if city and city != province else _either("province", province)
    if county:
        return {"bool": {"filter": [clause, {"term": {"regions.county": county}}]}}
    return clause


def region_filter(region: str) -> dict[str, Any]:
    """Leads in ``region`` as people write it: 广东, 广东省, 深圳, 广东省深圳市, 上海, 浦东新区.

    The gazetteer turns it into divisions (several: any of them); text it does not know is
    compared as written with the stored province and city.
    """
    found = load_gazetteer().find(fold(region))
    if not found:
        return _any([_either("province", region), _either("city", region)])
    return _any([_region_clause(r.province, r.city, r.county) for r in found])


def lead_query_body(query: LeadQuery) -> dict[str, Any]:
    """The ``query`` clause for ``query`` (withdrawn leads never match; blank text: no text)."""
    text = (query.text or "").strip()
    must = [text_query(text, LEAD_TEXT_FIELDS)] if text else []
    return {"bool": {"must": must, "filter": lead_filters(query), "must_not": [WITHDRAWN]}}


@dataclass(frozen=True, slots=True)
class Page:
    """One page of hits: ``total`` matching, ``hits`` as sources with ``_id`` added."""

    total: int
    hits: list[dict[str, Any]]


def _page(response: Any) -> Page:
    hits = [{"_id": hit["_id"], **hit["_source"]} for hit in response["hits"]["hits"]]
    return Page(total=response["hits"]["total"]["value"], hits=hits)


def search_leads(es: Elasticsearch, prefix: str, query: LeadQuery) -> Page:
    """Leads matching ``query``, newest first (or by relevance with ``sort="score"``)."""
    if query.sort == "score":
        sort: list[Any] = ["_score", {"score": "desc"}]
    else:
        sort = [{query.sort: {"order": "desc", "missing": "_last"}}, "_score"]
    response = es.search(
        index=alias(prefix, "leads"),
        query=lead_query_body(query),
        source_excludes=list(INTERNAL_FIELDS),
        sort=sort,
        size=query.size,
        from_=query.offset,
        track_total_hits=True,
    )
    return _page(response)


def lead_aggregations(
    es: Elasticsearch,
    prefix: str,
    query: LeadQuery | None = None,
    facets: Sequence[str] = LEAD_FACETS,
    size: int = 50,
) -> dict[str, list[tuple[str, int]]]:
    """Lead counts per value of each facet (sector, conduct, province by default)."""
    query = query or LeadQuery()
    response = es.search(
        index=alias(prefix, "leads"),
        query=lead_query_body(query),
        size=0,
        aggs={facet: {"terms": {"field": facet, "size": size}} for facet in facets},
    )
    return {
        facet: [(b["key"], b["doc_count"]) for b in response["aggregations"][facet]["buckets"]]
        for facet in facets
    }


def search_articles(es: Elasticsearch, prefix: str, text: str, size: int = 20) -> Page:
    """Articles (and forum posts) matching ``text`` in title or content."""
    response = es.search(
        index=alias(prefix, "articles"),
        query=text_query(text, ARTICLE_TEXT_FIELDS),
        size=size,
        track_total_hits=True,
    )
    return _page(response)


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value or []]


def _term_score(sentence: str, term: Term) -> float:
    """1 for the whole term in ``sentence`` (folded), else half the share of its words there."""
    if fold("".join(term.text.split())) in sentence:
        return 1.0
    words = query_words(term.text)
    return sum(w in sentence for w in words) / len(words) / 2 if words else 0.0


def best_sentence(lead: Mapping[str, Any], text: str | None = None) -> str:
    """The sentence that shows a lead best: the one of its evidence and article body with the
    most of ``text``'s terms; without a match, the first evidence sentence that is not the
    headline (evidence often starts with it, and a table already shows the title)."""
    title = str(lead.get("article_title") or "").strip()
    evidence = [e.strip() for e in _strings(lead.get("evidence")) if e.strip() != title]
    body = [s.text for s in split_sentences(str(lead.get("article_content") or ""))]
    candidates = list(dict.fromkeys([*evidence, *(s for s in body if s != title)]))
    terms = [term for alternatives in parse_query(text or "") for term in alternatives]
    if terms and candidates:
        scores = [sum(_term_score(fold(c), t) for t in terms) for c in candidates]
        best = max(range(len(candidates)), key=lambda i: (scores[i], -i))
        if scores[best] > 0:
            return candidates[best]
    return candidates[0] if candidates else title
