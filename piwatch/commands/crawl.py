"""`piwatch crawl`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch crawl` to the application."""
