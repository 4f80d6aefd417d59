"""One module per command group; each exposes ``app`` (a Typer group) or ``register(app)``."""

from piwatch.search.lean_client import import_client

import_client()  # before any command module imports the Elasticsearch client
