"""`piwatch extract`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch extract` to the application."""
