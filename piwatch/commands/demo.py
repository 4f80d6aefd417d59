"""`piwatch demo`: the whole pipeline on the bundled demo web, from a fresh clone."""

from __future__ import annotations

import logging
import signal
import threading

import typer
from rich.console import Console

from piwatch.config import load_settings
from piwatch.demo.server import DEFAULT_PORT


def register(app: typer.Typer) -> None:
    """Add `piwatch demo` to the application."""

    @app.command("demo")
    def demo(
        port: int = typer.Option(
            DEFAULT_PORT,
            "--port",
            help="Port of the demo web on 127.0.0.1 (keep it for repeat runs).",
        ),
        keep_serving: bool = typer.Option(
            False, "--keep-serving", help="Keep the demo web up after the run, until Ctrl-C."
        ),
        crawl_timeout: float = typer.Option(
            900.0, "--crawl-timeout", help="Seconds after which the crawl is stopped."
        ),
    ) -> None:
        """Crawl the bundled demo web, extract and index leads, print what was found."""
        from piwatch.demo.console import RichSteps, print_result
        from piwatch.demo.runner import DemoOptions, DemoResult, run_demo

        console = Console()
        settings = load_settings()
        if not logging.getLogger().isEnabledFor(logging.DEBUG):
            # the progress display says what is happening; the client's per-retry warnings
            # would only push a failure's one line off the screen
            logging.getLogger("elastic_transport").setLevel(logging.ERROR)

        steps = RichSteps(console)

        def show(result: DemoResult) -> None:
            steps.close()
            print_result(console, result)
            if keep_serving:
                stop = threading.Event()
                for sig in (signal.SIGINT, signal.SIGTERM):  # before saying so: no race
                    signal.signal(sig, lambda *_: stop.set())
                console.print(f"serving the demo web on {result.base_url}; Ctrl-C to stop")
                while not stop.wait(0.5):
                    pass
                console.print("demo web stopped")

        with steps:
            run_demo(
                settings, DemoOptions(port=port, crawl_timeout=crawl_timeout), steps, on_result=show
            )
