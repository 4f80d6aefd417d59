"""Renderings of a lead's page for people: a PDF and a full-page PNG made by headless Chromium.

The live page is rendered when it answers with a success status; otherwise the stored capture is
replayed: the page's own request is answered from the WARC record and every other request is
refused, so a replay never touches the network. Either way the page's charset label is corrected
to what its bytes are in (a GBK page labelled UTF-8 stays readable; the bytes are unchanged).
``rendering.json`` beside the two files says which it was, when, and their SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from piwatch.browser import CHROMIUM_ARGS
from piwatch.errors import PiwatchError
from piwatch.pipelines.text.decode import NotText, decode_body

if TYPE_CHECKING:
    from playwright.sync_api import Page, Route

log = logging.getLogger(__name__)

PDF = "page.pdf"
PNG = "page.png"
RECORD = "rendering.json"
VIEWPORT = {"width": 1280, "height": 900}

Origin = Literal["live", "capture"]


@dataclass(frozen=True, slots=True)
class StoredPage:
    """The page as captured: what a replay serves."""

    url: str
    body: bytes
    content_type: str


@dataclass(frozen=True, slots=True)
class Rendering:
    """A PDF and PNG of one page, and where they came from."""

    directory: Path
    url: str
    origin: Origin
    rendered_at: str  # ISO 8601, UTC
    sha256: dict[str, str]  # file name -> digest
    live_error: str | None = None  # why the live page was not used

    @property
    def files(self) -> dict[str, Path]:
        return {name: self.directory / name for name in (PDF, PNG)}

    @classmethod
    def load(cls, directory: Path) -> Rendering | None:
        """The rendering stored in ``directory``, if complete."""
        try:
            record = json.loads((directory / RECORD).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        rendering = cls(directory=directory, **record)
        return rendering if all(p.is_file() for p in rendering.files.values()) else None


def render_page(
    stored: StoredPage,
    directory: Path,
    chromium: Path,
    *,
    live: bool = True,
    timeout_ms: int = 30_000,
) -> Rendering:
    """Render the page into ``directory``: from the live URL when ``live`` and it answers,
    otherwise from ``stored``."""
    from playwright.sync_api import Error, sync_playwright

    if not chromium.exists():
        raise PiwatchError(
            f"Chromium not found at {chromium} (crawl.chromium_path); run ./setup.sh"
        )
    directory.mkdir(parents=True, exist_ok=True)
    live_error: str | None = "not asked (--offline)" if not live else None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            origin: Origin = "capture"
            if live:
                page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
                page.route("**/*", lambda route: _live(route, stored.url))
                try:
                    response = page.goto(stored.url, wait_until="load", timeout=timeout_ms)
                    if response is not None and response.ok:
                        _print(page, directory)
                        origin = "live"
                    else:
                        status = response.status if response is not None else "no response"
                        live_error = f"HTTP {status}"
                except Error as exc:
                    live_error = str(exc).splitlines()[0]
                finally:
                    page.close()
            if origin == "capture":
                log.info("rendering %s from its capture (live page: %s)", stored.url, live_error)
                page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
                page.route("**/*", lambda route: _replay(route, stored))
                page.goto(stored.url, wait_until="load", timeout=timeout_ms)
                _print(page, directory)
        finally:
            browser.close()
    rendering = Rendering(
        directory=directory,
        url=stored.url,
        origin=origin,
        rendered_at=datetime.now(UTC).isoformat(),
        sha256={n: hashlib.sha256((directory / n).read_bytes()).hexdigest() for n in (PDF, PNG)},
        live_error=live_error if origin == "capture" else None,
    )
    record = {k: v for k, v in asdict(rendering).items() if k != "directory"}
    (directory / RECORD).write_text(json.dumps(record, indent=1), encoding="utf-8")
    return rendering


def _print(page: Page, directory: Path) -> None:
    page.screenshot(path=str(directory / PNG), full_page=True)
    page.pdf(path=str(directory / PDF), format="A4", print_background=True)


def _replay(route: Route, stored: StoredPage) -> None:
    """The page from the capture; anything else it asks for is refused (no network)."""
    if _same_page(route.request.url, stored.url):
        content_type = readable_content_type(stored.body, stored.content_type)
        route.fulfill(status=200, body=stored.body, headers={"content-type": content_type})
    else:
        route.abort("blockedbyclient")


def _live(route: Route, url: str) -> None:
    """The page from the site, its charset label corrected; the rest goes through as asked."""
    if not _same_page(route.request.url, url):
        route.continue_()
        return
    response = route.fetch()
    body = response.body()
    headers = dict(response.headers)
    headers["content-type"] = readable_content_type(body, headers.get("content-type"))
    route.fulfill(response=response, body=body, headers=headers)


def readable_content_type(body: bytes, content_type: str | None) -> str:
    """An HTML page's content type with the charset its bytes are really in (Chinese sites often
    label GBK pages UTF-8): the bytes are rendered as they are, in the charset that reads them."""
    media = (content_type or "text/html").split(";", 1)[0].strip().lower()
    if media not in ("text/html", "application/xhtml+xml", "text/plain"):
        return content_type or media
    try:
        encoding = decode_body(body, content_type).encoding
    except NotText:
        return content_type or media
    return f"{media}; charset={encoding}"


def _same_page(a: str, b: str) -> bool:
    return a.split("#", 1)[0] == b.split("#", 1)[0]
