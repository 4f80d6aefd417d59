"""`piwatch demo`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch demo` to the application."""
