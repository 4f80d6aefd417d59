"""Allow ``python -m piwatch``."""

from piwatch.cli import app

app()
