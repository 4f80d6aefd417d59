"""The ``piwatch`` command line: parse, build options, call, exit code. Nothing else lives here."""

from __future__ import annotations

import logging
import sys

import typer
from rich.console import Console

from piwatch.commands import (
    config_cmd,
    crawl,
    demo,
    digest,
    es,
    extract,
    kibana,
    lead,
    schedule,
    search,
    sources,
)
from piwatch.config import ConfigError

try:
    from click import ClickException
except ImportError:  # recent typer releases vendor click instead of depending on it
    from typer._click import ClickException  # type: ignore[no-redef]
from piwatch.errors import PiwatchError
from piwatch.parent import follow_parent

err_console = Console(stderr=True)

_app = typer.Typer(
    name="piwatch",
    help="Monitor Chinese news and forums for personal-information violation leads.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_app.add_typer(es.app, name="es")
_app.add_typer(config_cmd.app, name="config")
_app.add_typer(sources.app, name="sources")
_app.add_typer(kibana.app, name="kibana")
_app.add_typer(lead.app, name="lead")
for module in (crawl, extract, search, digest, schedule, demo):
    module.register(_app)


@_app.callback()
def _main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug details."),
) -> None:
    follow_parent()
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def app() -> None:
    """Entry point: user-facing failures become one line on stderr and a non-zero exit."""
    try:
        sys.exit(_app(standalone_mode=False) or 0)
    except (PiwatchError, ConfigError) as exc:
        err_console.print(f"[red]piwatch:[/red] {exc}", highlight=False, soft_wrap=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("piwatch: aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("piwatch: interrupted")
        sys.exit(130)
    except ClickException as exc:  # usage errors: click's own one-line message
        exc.show()
        sys.exit(exc.exit_code)
