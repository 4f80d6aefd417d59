"""Node control: clean one-line errors, reuse of a running node, the CLI round trip."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest

from piwatch.config import ES_VERSION, load_settings
from piwatch.errors import PiwatchError
from piwatch.esnode import node
from piwatch.search.client import connect
from piwatch.search.outbox import Entry, Outbox
from testkit.net import free_port


def _options(root: Path, port: int) -> node.NodeOptions:
    return node.NodeOptions(
        version=ES_VERSION, home=node.distribution_dir(ES_VERSION), node_dir=root / "es", port=port
    )


def test_port_taken_by_something_else(node_tmp_dir: Path) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        with pytest.raises(PiwatchError, match=f"port {port} on 127.0.0.1 is taken"):
            node.start(_options(node_tmp_dir, port))


def test_too_little_disk_space(node_tmp_dir: Path) -> None:
    options = dataclasses.replace(_options(node_tmp_dir, free_port()), min_free_bytes=2**62)
    with pytest.raises(PiwatchError, match="MiB free on the disk"):
        node.start(options)
    assert not (node_tmp_dir / "es" / "node.pid").exists()


def test_not_installed_says_run_setup(tmp_path: Path) -> None:
    options = node.NodeOptions(version=ES_VERSION, home=tmp_path / "nothing", node_dir=tmp_path)
    with pytest.raises(PiwatchError, match=r"not installed .* run \./setup\.sh"):
        node.start(options)


def test_java_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ES_JAVA_HOME", str(tmp_path))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PiwatchError, match="no Java 17"):
        node.find_java()


def test_bad_heap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PIWATCH_NODE__HEAP", "lots")
    with pytest.raises(PiwatchError, match=r"node\.heap"):
        node.NodeOptions.from_settings(load_settings())


def test_connect_with_url_never_starts_a_node(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    port = free_port()
    monkeypatch.setenv("PIWATCH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PIWATCH_ELASTICSEARCH__URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("PIWATCH_ELASTICSEARCH__MAX_RETRIES", "0")
    monkeypatch.setenv("PIWATCH_NODE__PORT", str(port))
    with pytest.raises(PiwatchError, match="cannot reach Elasticsearch"):
        connect(load_settings())
    assert not (tmp_path / "es").exists()


def test_connect_reuses_the_running_node(monkeypatch: pytest.MonkeyPatch, es_node) -> None:  # type: ignore[no-untyped-def]
    if es_node.options is None:
        pytest.skip("PIWATCH_TEST_ES_URL is set: no embedded node")
    monkeypatch.delenv("PIWATCH_ELASTICSEARCH__URL", raising=False)
    monkeypatch.setenv("PIWATCH_NODE__DATA_PATH", str(es_node.options.node_dir))
    monkeypatch.setenv("PIWATCH_NODE__PORT", str(es_node.options.port))
    pid = node.state(es_node.options).pid
    es = connect(load_settings())
    assert es.info()["version"]["number"] == ES_VERSION
    assert node.state(es_node.options).pid == pid  # the same process, not a new node


@pytest.mark.slow
def test_cli_start_status_stop_leaves_no_process(node_tmp_dir: Path) -> None:
    port = free_port()
    env = {**os.environ, "PIWATCH_DATA_DIR": str(node_tmp_dir), "PIWATCH_NODE__PORT": str(port),
           "PIWATCH_CONFIG": ""}  # fmt: skip
    env.pop("PIWATCH_ELASTICSEARCH__URL", None)
    cli = [sys.executable, "-m", "piwatch"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], env=env, capture_output=True, text=True, timeout=300)

    # A document left in the outbox by an earlier run is replayed when the node starts.
    left = Outbox(node_tmp_dir / "outbox")
    left.append([Entry("piwatch-articles", "a1", "index", {"url": "http://127.0.0.1/a1"})])
    started = run("es", "start")
    assert started.returncode == 0, started.stderr
    assert "started at" in started.stdout
    assert "outbox replay: 1 indexed, 0 rejected, 0 left" in started.stdout
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
            assert json.loads(response.read())["version"]["number"] == ES_VERSION
        status = run("es", "status")
        assert status.returncode == 0, status.stderr
        assert "health green" in status.stdout or "health yellow" in status.stdout
        assert re.search(r"piwatch-articles\W+1\W", status.stdout), status.stdout
        assert "outbox: 0 pending" in status.stdout
        assert "outbox empty" in run("es", "replay").stdout
        left.append([Entry("piwatch-articles", "a2", "index", {"published_at": "上周"})])
        rejected = run("es", "replay")
        assert rejected.returncode == 1
        assert "document_parsing_exception" in rejected.stdout
        assert "1 outbox entries could not be indexed" in rejected.stderr
        pid = int(node.layout_for(_options(node_tmp_dir, port)).pid_file.read_text())
    finally:
        stopped = run("es", "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped" in stopped.stdout
    assert not psutil.pid_exists(pid)
    status = run("es", "status")
    assert status.returncode == 1
    assert "not running" in status.stderr


@pytest.mark.slow
def test_concurrent_starts_share_one_node(node_tmp_dir: Path) -> None:
    options = _options(node_tmp_dir, free_port())
    with ThreadPoolExecutor(max_workers=2) as pool:
        states = list(pool.map(lambda _: node.start(options), range(2)))
    try:
        assert states[0].pid == states[1].pid
        assert sorted(s.started_in is None for s in states) == [False, True]  # one started it
        assert states[0].health in ("green", "yellow")
    finally:
        assert node.stop(options)
    assert not psutil.pid_exists(states[0].pid)
    assert not node.state(options).running


def test_a_failed_start_says_why_and_leaves_nothing(node_tmp_dir: Path) -> None:
    options = dataclasses.replace(_options(node_tmp_dir, free_port()), heap="64k")
    with pytest.raises(PiwatchError, match=r"failed to start .*Too small"):
        node.start(options)
    assert not node.state(options).running


def _processes_of(conf: Path) -> list[int]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("ES_PATH_CONF") == str(conf):
                found.append(proc.pid)
        except psutil.Error:
            continue
    return found


def test_start_timeout_leaves_no_process(node_tmp_dir: Path) -> None:
    options = dataclasses.replace(_options(node_tmp_dir, free_port()), start_timeout=2.0)
    with pytest.raises(PiwatchError, match="did not become healthy within 2s"):
        node.start(options)
    assert _processes_of(node.layout_for(options).conf) == []
