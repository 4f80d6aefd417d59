"""Removal watch: are the pages open leads came from still there, and do they still say it?

Each page is fetched again. It is **removed** when the site answers 404 or 410, or serves a short
page that says the content was deleted (phrases in ``deleted_pages.txt``); **changed** when a
passage of the evidence quoted from the captured page is no longer in it (judged only where
the capture itself contains the quote, so a page whose text the check cannot read is never
called changed);
**unreachable** (server errors, timeouts, a robots.txt that now disallows the page: the watch
obeys it as the crawl does) leaves the lead untouched until the next check. The lead
records ``source_removed_at`` or ``source_changed_at`` once, with the check in its history;
nothing here deletes a capture.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any, Literal
from urllib.parse import urlsplit

import urllib3
from elasticsearch import Elasticsearch
from elasticsearch.helpers import scan
from protego import Protego

from piwatch.config import Settings
from piwatch.evidence.retention import open_with_capture
from piwatch.evidence.warc import Capture, original_bytes, stored_payload
from piwatch.pipelines.text.article import page_text
from piwatch.pipelines.text.decode import NotText, decode_body
from piwatch.pipelines.text.mask import mask_pii
from piwatch.pipelines.text.normalize import normalize
from piwatch.search.indices import alias

log = logging.getLogger(__name__)

Outcome = Literal["present", "changed", "removed", "unreachable"]
GONE_STATUSES = frozenset({404, 410})
DELETED_PAGE_MAX_CHARS = 600  # a "deleted" notice is a short page, not an article quoting one
QUOTE_MIN_CHARS = 6  # shorter fragments of a quote match by chance
MAX_BODY_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class PageCheck:
    """What one fetch of a lead page found."""

    url: str
    outcome: Outcome
    status: int | None
    detail: str


@dataclass(frozen=True, slots=True)
class RecheckResult:
    checked: list[PageCheck]
    marked: int  # leads that got source_removed_at or source_changed_at this time

    def count(self, outcome: Outcome) -> int:
        return sum(1 for c in self.checked if c.outcome == outcome)


@cache
def deleted_page_phrases() -> tuple[str, ...]:
    """What Chinese sites say on the page left where a post or article was deleted."""
    text = files("piwatch.evidence").joinpath("deleted_pages.txt").read_text(encoding="utf-8")
    phrases = tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    if not phrases:
        raise RuntimeError("evidence/deleted_pages.txt is empty")
    return phrases


def judge(
    status: int, body: bytes, content_type: str | None, quotes: Sequence[str], captured: str
) -> tuple[Outcome, str]:
    """Pure: the outcome for a page fetched again, given the lead's quotes and the captured
    page's text."""
    if status in GONE_STATUSES:
        return "removed", f"HTTP {status}"
    if status >= 400:
        return "unreachable", f"HTTP {status}"
    try:
        text = page_text(decode_body(body, content_type).text)
    except NotText:
        return "changed", "the page is no longer text"
    flat = _flat(text)
    if len(flat) <= DELETED_PAGE_MAX_CHARS:
        for phrase in deleted_page_phrases():
            if phrase in flat:
                return "removed", f"the page says {phrase}"
    was = _flat(captured)
    in_capture = [f for q in quotes for f in _fragments(q) if f in was]
    if not in_capture:
        return "present", "no quote of the capture to compare"
    missing = [f for f in in_capture if f not in flat]
    if not missing:
        return "present", "the quoted text is still there"
    return "changed", f"{len(missing)} of {len(in_capture)} quoted passages no longer on the page"


def open_lead_pages(es: Elasticsearch, settings: Settings) -> dict[str, list[Mapping[str, Any]]]:
    """Open leads not yet found removed, with a capture, by the page they came from."""
    query = open_with_capture(settings, {"exists": {"field": "source_removed_at"}})
    pages: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    fields = ["capture", "evidence", "source_changed_at", "history"]
    for hit in scan(
        es,
        index=alias(settings.elasticsearch.index_prefix, "leads"),
        query={"query": query, "_source": fields},
    ):
        capture = hit["_source"]["capture"]
        pages[capture["target_uri"]].append(hit)
    return pages


def recheck(
    es: Elasticsearch,
    settings: Settings,
    *,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
    progress: Callable[[PageCheck], None] | None = None,
) -> RecheckResult:
    """Fetch every open lead page again and record what was found on its leads."""
    pages = open_lead_pages(es, settings)
    http = urllib3.PoolManager(
        headers={"User-Agent": settings.crawl.user_agent},
        timeout=urllib3.Timeout(total=settings.evidence.recheck_timeout_seconds),
        retries=urllib3.Retry(total=2, redirect=5, status_forcelist=(), raise_on_status=False),
    )
    checked: list[PageCheck] = []
    marked = 0
    last_fetch: dict[str, float] = {}  # host -> when it was last asked
    robots: dict[str, Protego | None] = {}  # site -> its rules (None: no robots.txt)
    for url in _polite_order(pages):
        hits = pages[url]
        if settings.crawl.obey_robots and not _allowed(http, robots, url, settings):
            check = PageCheck(url, "unreachable", None, "robots.txt now disallows it")
        else:
            _pause(last_fetch, url, settings.evidence.recheck_delay_seconds)
            check = _check(http, settings, url, hits)
        checked.append(check)
        if progress is not None:
            progress(check)
        if check.outcome in ("removed", "changed"):
            marked += _mark(es, hits, check, now())
    return RecheckResult(checked, marked)


def _allowed(
    http: urllib3.PoolManager, robots: dict[str, Protego | None], url: str, settings: Settings
) -> bool:
    """As the crawl (``crawl.obey_robots``): the site's robots.txt, read once per run, for
    piwatch's user agent; a site without one (or that cannot be read) allows everything."""
    parts = urlsplit(url)
    site = f"{parts.scheme}://{parts.netloc}"
    if site not in robots:
        try:
            response = http.request("GET", site + "/robots.txt")
            text = response.data.decode("utf-8", "replace") if response.status == 200 else ""
        except urllib3.exceptions.HTTPError:
            text = ""
        robots[site] = Protego.parse(text) if text else None
    rules = robots[site]
    return rules is None or rules.can_fetch(url, settings.crawl.user_agent)


def _check(
    http: urllib3.PoolManager, settings: Settings, url: str, hits: Sequence[Mapping[str, Any]]
) -> PageCheck:
    capture = Capture.from_document(dict(hits[0]["_source"]["capture"]))
    try:
        captured_body, captured_type = stored_payload(original_bytes(settings.warc_dir, capture))
        captured = page_text(decode_body(captured_body, captured_type).text)
    except (OSError, ValueError):
        captured = ""  # capture gone or unreadable: "changed" cannot be judged
    try:
        response = http.request("GET", url, preload_content=False)
        body = response.read(MAX_BODY_BYTES, decode_content=True)
        response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        return PageCheck(url, "unreachable", None, f"{type(exc).__name__}: {exc}"[:300])
    quotes = [q for h in hits for q in h["_source"].get("evidence") or ()]
    outcome, detail = judge(
        response.status, body, response.headers.get("Content-Type"), quotes, captured
    )
    return PageCheck(url, outcome, response.status, detail)


def _mark(
    es: Elasticsearch, hits: Iterable[Mapping[str, Any]], check: PageCheck, at: datetime
) -> int:
    field = "source_removed_at" if check.outcome == "removed" else "source_changed_at"
    marked = 0
    for hit in hits:
        source = hit["_source"]
        if source.get(field):
            continue  # recorded once: the first time it was found
        entry = {"at": at.isoformat(), "by": "removal-watch", "field": field, "from": None,
                 "to": f"{check.outcome}: {check.detail}"}  # fmt: skip
        es.update(
            index=hit["_index"],
            id=hit["_id"],
            doc={
                field: at.isoformat(),
                "source_check": {**asdict(check), "at": at.isoformat()},
                "history": [*(source.get("history") or []), entry],
            },
            refresh="wait_for",
        )
        marked += 1
    return marked


def _polite_order(pages: Mapping[str, object]) -> list[str]:
    """Hosts interleaved, so the delay between two pages of one host overlaps other hosts."""
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in sorted(pages):
        by_host[urlsplit(url).netloc].append(url)
    order: list[str] = []
    while any(by_host.values()):
        for urls in by_host.values():
            if urls:
                order.append(urls.pop(0))
    return order


def _pause(last_fetch: dict[str, float], url: str, delay: float) -> None:
    """Politeness: at least ``delay`` seconds between two requests to one host."""
    host = urlsplit(url).netloc
    last = last_fetch.get(host)
    if last is not None:
        time.sleep(max(0.0, last + delay - time.monotonic()))
    last_fetch[host] = time.monotonic()


def _flat(text: str) -> str:
    """Compared as stored: normalised, identifiers masked, no whitespace."""
    return "".join(mask_pii(normalize(text)).split())


def _fragments(quote: str) -> list[str]:
    """The parts of a quote between its ellipses, long enough to mean something."""
    parts = _flat(quote).replace("...", "…").split("…")
    return [p for p in parts if len(p) >= QUOTE_MIN_CHARS]
