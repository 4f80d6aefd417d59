"""`piwatch search`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch search` to the application."""
