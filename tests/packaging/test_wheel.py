"""The installed form of piwatch: one top-level name, imports that run one way.

The wheel is built from this checkout once per module. Its top-level names must be ``piwatch``
alone; installed into a fresh virtual environment beside unrelated packages named ``search`` and
``reports``, both stay importable and ``piwatch demo`` runs from it. The import-direction
contract in pyproject.toml is checked by import-linter on the wheel's files (the repository's
folders are mapped into the namespace only when installed).
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from testkit.esnode import NodeUnderTest
from testkit.net import free_port

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("piwatch-*.whl")
    return built


@pytest.fixture(scope="module")
def unpacked(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(root)
    return root


def test_the_wheel_installs_one_top_level_name(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"piwatch"}
    for data in (
        "piwatch/scheduler.py",
        "piwatch/esnode/pom.xml",
        "piwatch/pipelines/leads/gazetteer.tsv",
        "piwatch/demo/sources.yaml",
        "piwatch/search/templates/index-template.json",
    ):
        assert data in names


def _lint_imports(root: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run(
        [str(lint), "--no-cache", str(REPO / "pyproject.toml")],
        env={**os.environ, "PYTHONPATH": str(root)},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_imports_run_from_the_applications_down_to_pure_extraction(
    unpacked: Path, tmp_path: Path
) -> None:
    done = _lint_imports(unpacked, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_every_part_of_the_namespace_has_a_layer(unpacked: Path) -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    named = {part.strip() for layer in contract["layers"] for part in layer.split("|")}
    parts = {
        f"piwatch.{path.stem if path.suffix == '.py' else path.name}"
        for path in (unpacked / "piwatch").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").is_file()
    }
    assert parts == named


def test_the_check_fails_when_a_lower_layer_imports_a_higher_one(
    unpacked: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    subprocess.run(["cp", "-r", str(unpacked), str(bad)], check=True)
    documents = bad / "piwatch" / "search" / "documents.py"
    documents.write_text(
        documents.read_text(encoding="utf-8") + "\nfrom piwatch.crawlers import items\n",
        encoding="utf-8",
    )
    done = _lint_imports(bad, tmp_path)
    assert done.returncode != 0
    assert "piwatch.search.documents -> piwatch.crawlers.items" in done.stdout


@pytest.fixture(scope="module")
def fresh_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new venv with the wheel and two unrelated packages named ``search`` and ``reports``.

    The third-party dependencies come from this environment's site-packages through a ``.pth``
    line (no download); piwatch itself only from the wheel.
    """
    root = tmp_path_factory.mktemp("venv")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    for other in ("search", "reports"):
        (site / other).mkdir()
        (site / other / "__init__.py").write_text(f'OWNER = "another {other} package"\n')
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield venv


def test_piwatch_lives_beside_packages_named_search_and_reports(
    fresh_venv: Path, tmp_path: Path
) -> None:
    probe = (
        "import search, reports, piwatch.search.client, piwatch.reports.digest, piwatch.cli\n"
        "print(search.OWNER, '|', reports.OWNER, '|', piwatch.search.client.__file__)\n"
    )
    done = subprocess.run(
        [str(fresh_venv / "bin" / "python"), "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    other_search, other_reports, ours = (part.strip() for part in done.stdout.split("|"))
    assert other_search == "another search package"
    assert other_reports == "another reports package"
    assert ours.startswith(str(fresh_venv))


@pytest.mark.es
@pytest.mark.browser
@pytest.mark.slow
def test_the_demo_runs_from_the_installed_wheel(
    fresh_venv: Path, es_node: NodeUnderTest, tmp_path: Path
) -> None:
    prefix = f"twheel{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "PIWATCH_CONFIG": "",
        "PIWATCH_DATA_DIR": str(tmp_path / "data"),
        "PIWATCH_ELASTICSEARCH__URL": es_node.url,
        "PIWATCH_ELASTICSEARCH__INDEX_PREFIX": prefix,
        "COLUMNS": "200",
    }
    env.pop("PYTHONPATH", None)
    done = subprocess.run(
        [str(fresh_venv / "bin" / "piwatch"), "demo", "--port", str(free_port())],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "Top leads" in done.stdout
    assert list((tmp_path / "data").glob("digests/*/*.eml"))
