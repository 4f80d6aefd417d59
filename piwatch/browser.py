"""Headless Chromium as piwatch launches it (Debian's ``chromium``, driven by Playwright): one
argument list for the crawl's rendered pages, report PDFs and evidence renderings."""

CHROMIUM_ARGS = [
    "--no-sandbox",  # runs as root in containers and CI
    "--disable-gpu",
    "--disable-background-networking",  # no calls home: only the page's own requests go out
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
