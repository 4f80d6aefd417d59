"""`piwatch schedule`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch schedule` to the application."""
