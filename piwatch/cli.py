"""The ``piwatch`` command line: parse, build options, call, exit code. Nothing else lives here."""

from __future__ import annotations

import gc
import inspect
import logging
import re
import sys
from importlib.metadata import version
from typing import get_args, get_origin

import typer
from click import Context
from rich.console import Console
from rich.markup import escape
from typer.core import TyperArgument, TyperOption

from piwatch.commands import (
    config_cmd,
    crawl,
    demo,
    digest,
    es,
    evidence,
    extract,
    kibana,
    lead,
    report,
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
_app.add_typer(evidence.app, name="evidence")
for module in (crawl, extract, search, digest, report, schedule, demo):
    module.register(_app)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"piwatch {version('piwatch')}")
        raise typer.Exit()


@_app.callback()
def _main(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debug details."),
    _version: bool = typer.Option(
        False, "--version", callback=_show_version, is_eager=True, help="Print the version."
    ),
) -> None:
    follow_parent()
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


_VALUE_NAMES = {int: "INTEGER", float: "NUMBER", str: "TEXT"}


def _value_name(self: TyperArgument | TyperOption, ctx: Context) -> str | None:
    """A value's name as users read it (TEXT, INTEGER, FILE, DATE, CODE: the metavar, else
    click's type name), instead of the Python annotation typer 0.29 shows (<bool>,
    <list[str]>); flags take no value and show none."""
    if self.metavar:
        return self.metavar
    if isinstance(self, TyperOption) and self.is_flag:
        return None
    desc = self.type_descriptor
    if desc.is_path:
        return "PATH"
    annotation = desc.annotation
    if get_origin(annotation) is list:
        annotation = get_args(annotation)[0]
    return _VALUE_NAMES.get(annotation, "TEXT")


def _readable_help(typer_app: typer.Typer) -> None:
    """Value names users read, and each command's summary its first sentence whole (typer cuts
    a docstring's first line, often mid-sentence, in the list of commands)."""
    TyperArgument.display_type_rich = _value_name  # type: ignore[method-assign]
    TyperOption.display_type_rich = _value_name  # type: ignore[method-assign]
    for info in typer_app.registered_commands:
        doc = inspect.getdoc(info.callback) if info.callback else None
        if doc and info.short_help is None:
            info.short_help = _first_sentence(doc)
        if doc and info.help is None:
            info.help = _reflowed(doc)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            _readable_help(group.typer_instance)


_LIST_ITEM = re.compile(r"^(?:[-*•]|\d+\.)\s")


def _reflowed(doc: str) -> str:
    """A docstring as paragraphs the terminal wraps: the rich help keeps single line breaks,
    so a docstring's own wrapping would show as ragged lines; list items keep their lines."""
    paragraphs = []
    for paragraph in doc.split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not _LIST_ITEM.match(line.strip()):
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _first_sentence(doc: str) -> str:
    paragraph = " ".join(doc.split("\n\n")[0].split())
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


_readable_help(_app)


def app() -> None:
    """Entry point: user-facing failures become one line on stderr and a non-zero exit."""
    try:
        sys.exit(_app(standalone_mode=False) or 0)
    except (PiwatchError, ConfigError) as exc:
        # messages carry user and configuration text (「[[digest.recipients]]」): never markup
        err_console.print(
            f"[red]piwatch:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True
        )
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console.print("piwatch: aborted")
        sys.exit(130)
    except KeyboardInterrupt:
        err_console.print("piwatch: interrupted")
        sys.exit(130)
    except OSError as exc:  # a path the operator gave that cannot be read or written
        where = f": {exc.filename}" if exc.filename else ""
        err_console.print(f"piwatch: {escape(exc.strerror or str(exc))}{escape(where)}")
        sys.exit(1)
    except ClickException as exc:  # usage errors: click's own one-line message
        exc.show()
        sys.exit(exc.exit_code)
    finally:
        # what the command leaves is freed with the process: the collector's last pass over a
        # crawl's heap took 0.4 s of a 50-source crawl's 9 (bench.crawl)
        gc.freeze()
