"""The source registry: a YAML ``sources:`` list validated into typed, frozen source models."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from lxml.cssselect import CSSSelector
from parsel import Selector
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from piwatch.errors import PiwatchError

logger = logging.getLogger(__name__)

Kind = Literal["feed", "sitemap", "listing", "forum", "api"]
SourceType = Literal["news", "forum", "complaint", "official"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


ARTICLE_FIELDS = frozenset({"title", "body", "date", "author"})
"""Selectors applied to article pages by lxml's CSS engine (no XPath, no ``::text``)."""
_XPATH_START = ("/", "(", "./")
_EMPTY_PAGE = Selector(text="<html><body></body></html>", type="html")
_XPATH_FUNCTION_NAMES = (
    "last position count id local-name namespace-uri name string concat starts-with contains "
    "substring-before substring-after substring string-length normalize-space translate "
    "boolean not true false lang number sum floor ceiling round "
    "text node comment processing-instruction has-class"
)  # XPath 1.0, its node tests, and parsel's has-class; re: and set: (EXSLT) are registered too
_XPATH_FUNCTIONS = frozenset(_XPATH_FUNCTION_NAMES.split())
_XPATH_CALL = re.compile(r"([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
_XPATH_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"")


def is_xpath(expression: str) -> bool:
    """The rule list, link, pagination and forum selectors follow: XPath, else CSS."""
    return expression.startswith(_XPATH_START)


def selector_problem(field: str, expression: str) -> str | None:
    """Why ``expression`` cannot be used for ``field``, or None; compiled by the engine that
    will run it, so a selector that passes here cannot fail in the crawl."""
    if field in ARTICLE_FIELDS:
        try:
            CSSSelector(expression)
        except (SyntaxError, RuntimeError, ValueError) as exc:  # cssselect's errors
            return (
                f"{expression!r} is not CSS that article pages can use ({exc}); title, body, "
                "date and author take plain CSS, without XPath, ::text or ::attr()"
            )
    if is_xpath(expression):
        try:
            _EMPTY_PAGE.xpath(expression)
        except ValueError as exc:
            reason = str(exc).removeprefix("XPath error: ").removesuffix(f" in {expression}")
            return f"{expression!r} is not valid XPath ({reason})"
        if unknown := _unknown_xpath_functions(expression):
            return f"{expression!r} is not valid XPath (unknown function {', '.join(unknown)})"
        return None
    try:
        _EMPTY_PAGE.css(expression)
    except (SyntaxError, RuntimeError, ValueError) as exc:
        return f"{expression!r} is not a valid CSS selector ({exc})"
    return None


def _unknown_xpath_functions(expression: str) -> list[str]:
    """Functions lxml only looks up when a predicate meets a node, so an empty page misses them."""
    calls = _XPATH_CALL.findall(_XPATH_LITERAL.sub("''", expression))
    return [
        f"{name}()"
        for name in dict.fromkeys(calls)
        if name not in _XPATH_FUNCTIONS and not name.startswith(("re:", "set:"))
    ]


class Selectors(_Frozen):
    """Where things are on a source's pages.

    Article fields (title, body, date, author) are CSS selectors that win over the generic
    extractor when they match. List, link, pagination and forum fields are CSS, or XPath when
    the expression starts with ``/``, ``(`` or ``./``. Every selector is compiled when the
    sources file is read, so a typo is refused with its source and field before any crawl.
    """

    list_items: str | None = None  # each item of a list page (a link or an element holding one)
    link: str = "a::attr(href)"  # the article link inside a list item
    next_page: str | None = None  # the link to the next list page (or next thread page)
    title: str | None = None
    body: str | None = None
    date: str | None = None
    author: str | None = None
    posts: str | None = None  # forum: each post (opening post and replies) of a thread page
    post_body: str | None = None
    post_author: str | None = None
    post_date: str | None = None
    thread_title: str | None = None

    @field_validator("*")
    @classmethod
    def _compiles(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and (problem := selector_problem(info.field_name or "", value)):
            raise ValueError(problem)
        return value


class Region(_Frozen):
    province: str | None = None
    city: str | None = None


class Politeness(_Frozen):
    download_delay: float | None = Field(default=None, ge=0)
    concurrency: int | None = Field(default=None, ge=1, le=64)
    obey_robots: bool | None = None


class ApiMapping(_Frozen):
    """Where things are in a JSON list endpoint; dotted paths (``data.list``)."""

    items: str = ""  # path to the list of records; empty: the document itself is the list
    url: str = "url"  # record field holding the article URL
    title: str | None = "title"
    content: str | None = None  # record field with the text; None: fetch ``url`` as an article
    published: str | None = None
    author: str | None = None
    page_param: str | None = None  # query parameter incremented for the next page
    first_page: int = 1


class Source(_Frozen):
    """One crawlable source, as configured by an investigator."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
    kind: Kind
    start_urls: list[str] = Field(min_length=1)
    allowed_domains: list[str] = Field(default_factory=list)
    selectors: Selectors = Field(default_factory=Selectors, validate_default=True)
    # browser: every page through Chromium; browser-lists: only list pages (lists filled by
    # script), articles over plain HTTP, about a core-second less per article
    render: Literal["http", "browser", "browser-lists"] = "http"
    source_type: SourceType = "news"
    region: Region = Field(default_factory=Region)
    max_pages: int | None = Field(default=None, ge=1)
    max_depth: int | None = Field(default=None, ge=0)
    max_pages_per_template: int = Field(default=200, ge=1)
    politeness: Politeness = Field(default_factory=Politeness)
    encoding: str | None = None
    api: ApiMapping | None = None
    timezone: str | None = None
    reachable_from_build_machine: bool = True
    notes: str | None = None

    @field_validator("start_urls")
    @classmethod
    def _http_only(cls, urls: list[str]) -> list[str]:
        for url in urls:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise ValueError(f"{url!r} is not an http(s) URL")
        return urls

    @field_validator("selectors")
    @classmethod
    def _forum_needs_posts(cls, value: Selectors, info: ValidationInfo) -> Selectors:
        if info.data.get("kind") == "forum" and not value.posts:
            raise ValueError("a forum source needs selectors.posts (the CSS of each post)")
        return value

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        import codecs

        if value is not None:
            try:
                codecs.lookup(value)
            except LookupError:
                raise ValueError(f"unknown encoding {value!r}") from None
        return value

    @model_validator(mode="after")
    def _defaults(self) -> Source:
        if not self.allowed_domains:
            hosts = sorted({urlsplit(u).hostname or "" for u in self.start_urls})
            object.__setattr__(self, "allowed_domains", hosts)
        if self.kind == "api" and self.api is None:
            object.__setattr__(self, "api", ApiMapping())
        return self

    @property
    def uses_browser(self) -> bool:
        """Some of its pages go through Chromium."""
        return self.render != "http"

    def in_browser(self, *, listing: bool) -> bool:
        """Whether one of its pages (a list page, or an article when not) goes through Chromium."""
        return self.render == "browser" or (self.render == "browser-lists" and listing)


def parse_sources(data: Any, origin: str = "<sources>") -> list[Source]:
    """Validate parsed YAML; every problem names the file, the source and the field."""
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise PiwatchError(f"{origin}: expected a top-level 'sources:' list")
    out: list[Source] = []
    problems: list[str] = []
    names: set[str] = set()
    for index, raw in enumerate(data["sources"]):
        label = raw.get("name") if isinstance(raw, dict) else None
        label = _printable(label) if isinstance(label, str) and label else f"#{index + 1}"
        if not isinstance(raw, dict):
            problems.append(f"source {label}: expected a mapping")
            continue
        try:
            source = Source.model_validate(raw)
        except ValidationError as exc:
            for err in exc.errors():
                field = _printable(".".join(str(p) for p in err["loc"])) or "(source)"
                message = _printable(err["msg"].removeprefix("Value error, "))
                problems.append(f"source {label}: field {field}: {message}")
            continue
        if source.name in names:
            problems.append(f"source {label}: field name: duplicate source name")
            continue
        names.add(source.name)
        out.append(source)
    if problems:
        raise PiwatchError(f"{origin}: " + "; ".join(problems) + "; fix the sources file")
    return out


def _printable(text: str) -> str:
    """Names from the file as they can be shown in a one-line error (control chars escaped)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def load_sources(path: Path) -> list[Source]:
    """Read and validate a sources file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PiwatchError(f"cannot read sources file {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise PiwatchError(f"{path}: not UTF-8 text; save the sources file as UTF-8") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PiwatchError(f"{path}: not valid YAML: {exc}".replace("\n", " ")) from None
    return parse_sources(data, str(path))


def select_sources(sources: Sequence[Source], names: Iterable[str]) -> list[Source]:
    """The named sources (all when no names are given); unknown names are an error."""
    wanted = list(names)
    if not wanted:
        return list(sources)
    by_name = {s.name: s for s in sources}
    missing = [n for n in wanted if n not in by_name]
    if missing:
        raise PiwatchError(
            f"unknown source(s): {', '.join(missing)}; known: {', '.join(sorted(by_name))}"
        )
    return [by_name[n] for n in wanted]
