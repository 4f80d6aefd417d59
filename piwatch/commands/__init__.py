"""One module per command group; each exposes ``app`` (a Typer group) or ``register(app)``."""
