"""`piwatch digest`."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add `piwatch digest` to the application."""
