"""The runner's pieces, and the one-line failures of `piwatch demo` on a badly set-up machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from piwatch.config import load_settings
from piwatch.crawlers.runner import require_chromium
from piwatch.demo.runner import child_failure, run_crawl, write_sources
from piwatch.errors import PiwatchError
from piwatch.esnode import node


def test_write_sources_points_every_source_at_the_demo_web(tmp_path: Path) -> None:
    out = tmp_path / "demo" / "sources.yaml"
    names = write_sources("http://127.0.0.1:4321", out)
    assert names == ["demo-news-feed", "demo-news-listing", "demo-forum", "demo-complaints"]
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    urls = [url for source in data["sources"] for url in source["start_urls"]]
    assert urls and all(url.startswith("http://127.0.0.1:4321/") for url in urls)


def test_child_failure_prefers_the_childs_own_line(tmp_path: Path) -> None:
    log = tmp_path / "crawl.log"
    text = "progress…\npiwatch: sources.yaml: source x: field kind: bad\n"
    assert child_failure(text, 1, log) == "sources.yaml: source x: field kind: bad"
    other = child_failure("Traceback\nValueError: boom\n", 2, log)
    assert other.startswith("the demo crawl failed (exit 2): ValueError: boom")
    assert str(log) in other


def test_missing_chromium_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PiwatchError, match=r"need Chromium but .* PIWATCH_CRAWL__CHROMIUM_PATH"):
        require_chromium(tmp_path / "chromium", "the demo")


def test_a_failing_crawl_child_surfaces_its_message(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("sources:\n  - name: x\n    kind: carrier-pigeon\n", encoding="utf-8")
    with pytest.raises(PiwatchError, match=r"source x: field kind"):
        run_crawl(sources, tmp_path / "crawl.log", 300, lambda: None)


def _demo(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "piwatch", "demo", *args],
        env={**os.environ, "PIWATCH_CONFIG": "", **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_cli_port_taken_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        done = _demo(["--port", str(port)], {"PIWATCH_DATA_DIR": str(tmp_path)}, tmp_path)
    line = _one_line(done)
    assert line.startswith("piwatch: port") and "--port" in line


def test_cli_chromium_absent_is_one_line(tmp_path: Path) -> None:
    env = {"PIWATCH_DATA_DIR": str(tmp_path), "PIWATCH_CRAWL__CHROMIUM_PATH": "/nonexistent"}
    line = _one_line(_demo(["--port", "0"], env, tmp_path))
    assert "need Chromium but /nonexistent is not an executable file" in line


def test_cli_unreachable_elasticsearch_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = sock.getsockname()[1]  # bound, not listening: connections are refused
        env = {
            "PIWATCH_DATA_DIR": str(tmp_path),
            "PIWATCH_ELASTICSEARCH__URL": f"http://127.0.0.1:{dead}",
            "PIWATCH_ELASTICSEARCH__MAX_RETRIES": "0",
        }
        line = _one_line(_demo(["--port", "0"], env, tmp_path))
    assert "Elasticsearch" in line


def test_cli_missing_java_is_one_line(tmp_path: Path) -> None:
    env = {
        "PIWATCH_DATA_DIR": str(tmp_path),
        "PATH": "/nonexistent",
        "JAVA_HOME": "",
        "ES_JAVA_HOME": "",
        "PIWATCH_NODE__PORT": "1",
    }
    line = _one_line(_demo(["--port", "0"], env, tmp_path))
    assert "java" in line.lower()


def test_cli_node_port_taken_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        env = {"PIWATCH_DATA_DIR": str(tmp_path), "PIWATCH_NODE__PORT": str(sock.getsockname()[1])}
        line = _one_line(_demo(["--port", "0"], env, tmp_path))
    assert "is taken by another process" in line and "PIWATCH_NODE__PORT" in line


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 64 MiB tmpfs the node user can reach: too small for the node (needs root to mount)."""
    mount = Path(tempfile.mkdtemp(prefix="piwatch-demo-tiny-"))
    mount.chmod(0o755)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m,mode=755", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)
        mount.rmdir()


def test_cli_no_disk_space_for_the_node_is_one_line(tiny_disk: Path, tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        node_port = sock.getsockname()[1]
    data = tiny_disk / "data"
    env = {"PIWATCH_DATA_DIR": str(data), "PIWATCH_NODE__PORT": str(node_port)}
    try:
        line = _one_line(_demo(["--port", "0"], env, tmp_path))
    finally:  # should the check ever let a node start, do not leave it running
        settings = load_settings(data_dir=data, node={"port": node_port})
        node.stop(node.NodeOptions.from_settings(settings))
    assert "MiB free" in line and "PIWATCH_DATA_DIR" in line


def test_an_unwritable_data_dir_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(PiwatchError, match=r"cannot write .*PIWATCH_DATA_DIR"):
        write_sources("http://127.0.0.1:1", blocker / "demo" / "sources.yaml")
