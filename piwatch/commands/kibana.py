"""`piwatch kibana` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from piwatch.errors import PiwatchError

app = typer.Typer(
    no_args_is_help=True, help="Kibana saved objects: data views, searches, dashboard."
)


@app.command("export")
def export(
    out: Annotated[
        Path | None, typer.Option("--out", help="Directory (default <data_dir>/kibana).")
    ] = None,
) -> None:
    """Write the saved objects as NDJSON for Kibana 8 (Saved objects → Import)."""
    from piwatch.config import load_settings
    from piwatch.search.kibana.export import write_export

    settings = load_settings()
    path, count = write_export(
        settings.elasticsearch.index_prefix, out or settings.data_dir / "kibana"
    )
    typer.echo(f"wrote {count} saved objects to {path}")


@app.command("import")
def import_(
    url: str | None = typer.Option(None, "--url", help="Kibana base URL (default kibana.url)."),
    file: Annotated[
        Path | None,
        typer.Option("--file", help="NDJSON to import (default: build it from the templates)."),
    ] = None,
    space: str | None = typer.Option(None, "--space", help="Kibana space (default kibana.space)."),
) -> None:
    """Import the saved objects into Kibana with overwrite; credentials from the environment."""
    from piwatch.config import load_settings
    from piwatch.search.kibana.export import export_text
    from piwatch.search.kibana.importer import ImportFailed, KibanaTarget, import_objects

    settings = load_settings()
    k = settings.kibana
    target = KibanaTarget(
        url=url or k.url,
        space=space or k.space,
        username=k.username,
        password=k.password.get_secret_value() if k.password else None,
        api_key=k.api_key.get_secret_value() if k.api_key else None,
    )
    if file:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise PiwatchError(f"cannot read {file}: {exc.strerror}") from None
    else:
        text, _ = export_text(settings.elasticsearch.index_prefix)
    try:
        result = import_objects(target, text)
    except ImportFailed as exc:
        raise PiwatchError(f"{exc}; check --url and PIWATCH_KIBANA__* credentials") from None
    kinds = ", ".join(f"{n} {t}" for t, n in sorted(result.by_type.items())) or "nothing"
    typer.echo(
        f"imported {result.count} saved objects into {target.url} ({kinds}; "
        f"{result.overwritten} overwritten, {result.count - result.overwritten} created)"
    )
    for error in result.errors:
        typer.echo(f"error: {error}", err=True)
    if result.errors or not result.success:
        raise PiwatchError(f"Kibana refused {len(result.errors)} saved objects (listed above)")
