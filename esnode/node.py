"""The embedded single Elasticsearch node: install from Maven Central, start, stop, status.

Route: Elastic's official test distribution (``integ-test-zip``) unpacked by Maven into a cache
directory outside the source tree, plus ``piwatch-root``, a tiny plugin of ours serving ``GET /``
(the distribution lacks the ``rest-root`` module). The launcher refuses root, so as root the node
runs as an unprivileged system user (``node.run_as``). Each node keeps its own configuration,
data, logs and pid file under one directory, so several nodes (tests, helpers) can coexist.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    import psutil

    from piwatch.config import Settings

log = logging.getLogger(__name__)

POM = Path(__file__).resolve().parent / "pom.xml"
PLUGIN_NAME = "piwatch-root"
CLUSTER_NAME = "piwatch"
MIN_FREE_BYTES = 512 * 1024 * 1024
"""Below this much free disk the node would start and then refuse writes: fail early instead."""
MIN_JAVA = 17
STOP_TIMEOUT = 60.0
ROOT_FALLBACK_BASE = Path("/var/lib/piwatch")


def cache_dir() -> Path:
    """Where Maven unpacks the distribution: ``PIWATCH_CACHE_DIR``, else a per-user cache.

    As root the default is ``/var/cache/piwatch``: the unprivileged node user must read it,
    and ``/root`` is private.
    """
    env = os.environ.get("PIWATCH_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    if os.geteuid() == 0:
        return Path("/var/cache/piwatch")
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "piwatch"


def distribution_dir(version: str) -> Path:
    return cache_dir() / f"elasticsearch-{version}"


@dataclass(frozen=True, slots=True)
class NodeOptions:
    """Everything needed to run one node; built from settings by ``from_settings``."""

    version: str
    home: Path
    node_dir: Path
    host: str = "127.0.0.1"
    port: int = 9200
    heap: str = "512m"
    start_timeout: float = 120.0
    run_as: str = "piwatch-es"
    min_free_bytes: int = MIN_FREE_BYTES
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> NodeOptions:
        node = settings.node
        if not re.fullmatch(r"\d+[kmg]", node.heap):
            raise PiwatchError(f"node.heap {node.heap!r} is not a JVM size such as 512m or 1g")
        return cls(
            version=node.version,
            home=node.home or distribution_dir(node.version),
            node_dir=node.data_path or settings.es_dir,
            host=node.host,
            port=node.port,
            heap=node.heap,
            start_timeout=node.start_timeout,
            run_as=node.run_as,
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class NodeState:
    """What ``status`` reports about a node."""

    url: str
    running: bool
    pid: int | None = None
    version: str | None = None
    health: str | None = None
    node_dir: Path | None = None
    rss_bytes: int | None = None
    started_in: float | None = None  # seconds, when this call started it


# --- installation ---------------------------------------------------------------------------


def installed(version: str, home: Path | None = None) -> bool:
    home = home or distribution_dir(version)
    descriptor = home / "plugins" / PLUGIN_NAME / "plugin-descriptor.properties"
    return (home / "bin" / "elasticsearch").is_file() and descriptor.is_file()


def install(version: str, *, echo: Callable[[str], None] = log.info) -> Path:
    """Fetch the distribution and build our root plugin with Maven; a no-op when done already."""
    home = distribution_dir(version)
    if installed(version, home):
        echo(f"Elasticsearch {version} already installed in {home}")
        return home
    mvn = shutil.which("mvn")
    if mvn is None:
        raise PiwatchError("Maven (mvn) not found; run ./setup.sh (it installs maven)")
    java_home = find_java()
    cache = cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    echo(f"fetching Elasticsearch {version} and building the {PLUGIN_NAME} plugin with Maven")
    cmd = [mvn, "-q", "-B", "-f", str(POM), f"-Des.version={version}",
           f"-Dpiwatch.cache={cache}", "package"]  # fmt: skip
    env = {**os.environ, "JAVA_HOME": str(java_home)}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0 or not (home / "bin" / "elasticsearch").is_file():
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-15:]
        raise PiwatchError(
            f"Maven could not fetch or build Elasticsearch {version}: "
            + " | ".join(tail)[-800:]
            + "; check network access to the Maven repository and rerun ./setup.sh"
        )
    jar = cache / "build" / f"root-plugin-{version}" / f"{PLUGIN_NAME}-{version}.jar"
    plugin_dir = home / "plugins" / PLUGIN_NAME
    plugin_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy2(jar, plugin_dir / jar.name)
    (plugin_dir / "plugin-descriptor.properties").write_text(_descriptor(version))
    _make_world_readable(cache)
    echo(f"Elasticsearch {version} installed in {home}")
    return home


def _descriptor(version: str) -> str:
    return (
        "description=piwatch: serves GET / and HEAD / (the test distribution lacks rest-root)\n"
        "version=1.0.0\n"
        f"name={PLUGIN_NAME}\n"
        "classname=org.piwatch.esroot.RootPlugin\n"
        f"java.version={MIN_JAVA}\n"
        f"elasticsearch.version={version}\n"
    )


def _make_world_readable(root: Path) -> None:
    """The node may run as another user: it must read (not write) the distribution."""
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        extra = stat.S_IROTH | stat.S_IRGRP
        if path.is_dir() or mode & stat.S_IXUSR:
            extra |= stat.S_IXOTH | stat.S_IXGRP
        path.chmod(mode | extra)


def find_java() -> Path:
    """A JDK home (17 or newer): ``ES_JAVA_HOME``, ``JAVA_HOME``, else ``java`` on PATH."""
    candidates = [os.environ.get("ES_JAVA_HOME"), os.environ.get("JAVA_HOME")]
    on_path = shutil.which("java")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent.parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "bin" / "java").is_file():
            home = Path(candidate)
            major = _java_major(home)
            if major is not None and major >= MIN_JAVA:
                return home
    raise PiwatchError(
        f"no Java {MIN_JAVA}+ found (ES_JAVA_HOME, JAVA_HOME, PATH); "
        "install openjdk-17-jdk-headless (./setup.sh does) or set ES_JAVA_HOME"
    )


def _java_major(home: Path) -> int | None:
    release = home / "release"
    text = release.read_text() if release.is_file() else ""
    match = re.search(r'JAVA_VERSION="(\d+)', text)
    if match:
        return int(match.group(1))
    proc = subprocess.run(
        [str(home / "bin" / "java"), "-version"], capture_output=True, text=True, check=False
    )
    match = re.search(r'version "(\d+)', proc.stderr)
    return int(match.group(1)) if match else None


# --- one node's directory -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    root: Path

    @property
    def conf(self) -> Path:
        return self.root / "conf"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def pid_file(self) -> Path:
        return self.root / "node.pid"

    @property
    def launcher_log(self) -> Path:
        return self.logs / "launcher.log"

    @property
    def log_file(self) -> Path:
        return self.logs / f"{CLUSTER_NAME}.log"


def _run_user(opts: NodeOptions) -> pwd.struct_passwd | None:
    """The account the node runs as: None for the current (non-root) user."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(opts.run_as)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        proc = subprocess.run(
            [useradd, "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             "--home-dir", "/nonexistent", opts.run_as],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode not in (0, 9):  # 9: created meanwhile by a concurrent start
            raise PiwatchError(
                f"cannot create the unprivileged user {opts.run_as!r} for the node: "
                f"{proc.stderr.strip()}; create it or set node.run_as to an existing user"
            ) from None
        return pwd.getpwnam(opts.run_as)


def _reachable(path: Path, user: pwd.struct_passwd) -> bool:
    """Whether ``user`` can traverse every existing ancestor of ``path``."""
    for parent in [path, *path.parents]:
        if not parent.exists():
            continue
        st = parent.stat()
        if st.st_uid == user.pw_uid:
            ok = st.st_mode & stat.S_IXUSR
        elif st.st_gid == user.pw_gid:
            ok = st.st_mode & stat.S_IXGRP
        else:
            ok = st.st_mode & stat.S_IXOTH
        if not ok:
            return False
    return True


def layout_for(opts: NodeOptions) -> _Layout:
    """The node's directory; as root, moved under /var/lib/piwatch when the node user cannot
    reach the configured one (e.g. below the private /root)."""
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam(opts.run_as)
        except KeyError:
            user = None
        if user is not None and not _reachable(opts.node_dir, user):
            digest = hashlib.sha1(str(opts.node_dir).encode()).hexdigest()[:10]
            return _Layout(ROOT_FALLBACK_BASE / f"es-{digest}")
    return _Layout(opts.node_dir)


def _node_yml(opts: NodeOptions, layout: _Layout) -> str:
    settings: dict[str, Any] = {
        "cluster.name": CLUSTER_NAME,
        "node.name": f"piwatch-{opts.port}",
        "path.data": str(layout.data),
        "path.logs": str(layout.logs),
        "network.host": opts.host,
        "http.port": opts.port,
        "discovery.type": "single-node",
        # A single local node on a shared disk: never turn indices read-only on disk watermarks.
        "cluster.routing.allocation.disk.threshold_enabled": False,
    }
    if (opts.home / "modules" / "x-pack-security").is_dir():
        settings["xpack.security.enabled"] = False
    settings.update(opts.extra)
    return "".join(f"{key}: {json.dumps(value)}\n" for key, value in settings.items())


def _jvm_options(original: Path) -> str:
    """The distribution's JVM options with a small GC log (it keeps up to 32 x 64 MiB)."""
    lines = [line for line in original.read_text().splitlines() if not line.startswith("-Xlog:gc")]
    lines.append("-Xlog:gc*:file=gc.log:utctime,level,tags:filecount=2,filesize=8m")
    return "\n".join(lines) + "\n"


def _prepare(opts: NodeOptions, user: pwd.struct_passwd | None) -> _Layout:
    layout = layout_for(opts)
    for directory in (layout.root, layout.conf, layout.data, layout.logs, layout.tmp):
        directory.mkdir(parents=True, exist_ok=True)
    shutil.copy2(opts.home / "config" / "log4j2.properties", layout.conf / "log4j2.properties")
    (layout.conf / "jvm.options").write_text(_jvm_options(opts.home / "config" / "jvm.options"))
    (layout.conf / "jvm.options.d").mkdir(exist_ok=True)
    (layout.conf / "elasticsearch.yml").write_text(_node_yml(opts, layout))
    if user is not None:
        for path in [layout.root, *layout.root.rglob("*")]:
            os.chown(path, user.pw_uid, user.pw_gid, follow_symlinks=False)
    return layout


# --- process control ------------------------------------------------------------------------


def _read_pid(layout: _Layout) -> int | None:
    try:
        return int(layout.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _our_process(layout: _Layout) -> psutil.Process | None:
    """The node's JVM if the pid file names a live Elasticsearch of this directory."""
    import psutil  # here: a crawl or a search against a configured node never needs it

    pid = _read_pid(layout)
    if pid is None:
        return None
    try:
        proc = psutil.Process(pid)
        cmdline = " ".join(proc.cmdline())
        conf = proc.environ().get("ES_PATH_CONF")
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None
    if "-Des.path.home=" in cmdline and conf == str(layout.conf):
        return proc
    return None


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _http_json(url: str, timeout: float = 2.0) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, urllib.error.URLError, ValueError):
        return None


def _rss(proc: psutil.Process | None) -> int | None:
    import psutil

    if proc is None:
        return None
    with contextlib.suppress(psutil.Error):
        return proc.memory_info().rss
    return None


def state(opts: NodeOptions) -> NodeState:
    """Running or not, and if running its version and health (no side effects)."""
    layout = layout_for(opts)
    proc = _our_process(layout)
    if proc is None:
        return NodeState(url=opts.url, running=False, node_dir=layout.root)
    root = _http_json(opts.url + "/") or {}
    health = _http_json(opts.url + "/_cluster/health") or {}
    return NodeState(
        url=opts.url,
        running=True,
        pid=proc.pid,
        version=(root.get("version") or {}).get("number"),
        health=health.get("status"),
        node_dir=layout.root,
        rss_bytes=_rss(proc),
    )


def start(opts: NodeOptions, *, on_wait: Callable[[str], None] | None = None) -> NodeState:
    """Start the node in the background (or reuse it) and wait until it is healthy.

    Concurrent starts of the same node (two commands at once) are serialised by a lock file:
    the second one finds the first one's node and reuses it.
    """
    if not installed(opts.version, opts.home):
        raise PiwatchError(
            f"Elasticsearch {opts.version} is not installed in {opts.home}; run ./setup.sh "
            "(or `piwatch es install`)"
        )
    lock_path = _lock_path(opts)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _start_locked(opts, on_wait)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _lock_path(opts: NodeOptions) -> Path:
    root = layout_for(opts).root
    return root.parent / f".{root.name}.start.lock"


def _start_locked(opts: NodeOptions, on_wait: Callable[[str], None] | None) -> NodeState:
    layout = layout_for(opts)
    if _our_process(layout) is not None:
        return _wait_healthy(opts, layout, None, time.monotonic(), on_wait)
    java_home = find_java()
    if not _port_free(opts.host, opts.port):
        raise PiwatchError(
            f"port {opts.port} on {opts.host} is taken by another process, not piwatch's node "
            f"in {layout.root}; stop it or set PIWATCH_NODE__PORT to a free port"
        )
    user = _run_user(opts)
    layout = layout_for(opts)  # the user may only exist now
    probe = layout.root if layout.root.exists() else _existing_parent(layout.root)
    free = shutil.disk_usage(probe).free
    if free < opts.min_free_bytes:
        raise PiwatchError(
            f"only {free // (1024 * 1024)} MiB free on the disk of {layout.root}; "
            f"the node needs at least {opts.min_free_bytes // (1024 * 1024)} MiB: free some space "
            "or set PIWATCH_DATA_DIR to another disk"
        )
    layout = _prepare(opts, user)
    layout.pid_file.unlink(missing_ok=True)
    env = {
        **os.environ,
        "ES_JAVA_HOME": str(java_home),
        "ES_PATH_CONF": str(layout.conf),
        "ES_TMPDIR": str(layout.tmp),
        # A fixed, bounded heap; not pre-touched, so memory is taken as it is used.
        "ES_JAVA_OPTS": f"-Xms{opts.heap} -Xmx{opts.heap} -XX:-AlwaysPreTouch",
        "HOME": str(layout.root),
    }
    env.pop("JAVA_HOME", None)
    cmd = [str(opts.home / "bin" / "elasticsearch"), "-d", "-p", str(layout.pid_file)]
    if user is not None:
        cmd = ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}",
               "--clear-groups", "--", *cmd]  # fmt: skip
    log.info("starting Elasticsearch %s on %s (dir %s)", opts.version, opts.url, layout.root)
    began = time.monotonic()
    with layout.launcher_log.open("wb") as out:  # this start's output only
        launcher = subprocess.Popen(
            cmd, env=env, cwd=layout.root, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        return _wait_healthy(opts, layout, launcher, began, on_wait)
    except BaseException:
        _kill_group(launcher)
        with contextlib.suppress(PiwatchError):
            stop(opts)
        raise


def _kill_group(launcher: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """End a failed start: the launcher and the node it spawned share its process group,
    and the pid file may not be written yet."""
    pgid = launcher.pid
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            launcher.poll()  # reap it, or the zombie keeps the group alive
            os.killpg(pgid, 0)  # raises ProcessLookupError once the group is empty
            time.sleep(0.2)
        os.killpg(pgid, signal.SIGKILL)
    launcher.poll()


def _existing_parent(path: Path) -> Path:
    for parent in path.parents:
        if parent.exists():
            return parent
    return Path("/")


def _wait_healthy(
    opts: NodeOptions,
    layout: _Layout,
    launcher: subprocess.Popen[bytes] | None,
    began: float,
    on_wait: Callable[[str], None] | None,
) -> NodeState:
    deadline = began + opts.start_timeout
    while time.monotonic() < deadline:
        health = _http_json(opts.url + "/_cluster/health?wait_for_status=yellow&timeout=1s")
        if health and health.get("status") in ("yellow", "green"):
            elapsed = time.monotonic() - began
            current = state(opts)
            return NodeState(**{**_asdict(current), "started_in": elapsed if launcher else None})
        if launcher is not None and launcher.poll() not in (None, 0):
            raise PiwatchError(
                f"Elasticsearch failed to start (exit {launcher.returncode}): "
                f"{_failure_reason(layout)}; full log in {layout.logs}"
            )
        if on_wait:
            on_wait(f"waiting for Elasticsearch on {opts.url} ({time.monotonic() - began:.0f}s)")
        time.sleep(0.5)
    raise PiwatchError(
        f"Elasticsearch did not become healthy within {opts.start_timeout:.0f}s: "
        f"{_failure_reason(layout)}; see {layout.logs} or raise node.start_timeout"
    )


def _asdict(value: NodeState) -> dict[str, Any]:
    return {name: getattr(value, name) for name in NodeState.__slots__}


def _failure_reason(layout: _Layout) -> str:
    """The most telling line of this start's launcher output and of the node log."""
    lines: list[str] = []
    for path in (layout.launcher_log, layout.log_file):
        with contextlib.suppress(OSError):
            lines.extend(path.read_text(errors="replace").splitlines()[-300:])
    lines = [line.strip() for line in lines if line.strip() and not line.startswith("\tat ")]
    for number, line in enumerate(lines[:-1]):
        if line.startswith("Error occurred during initialization of VM"):
            return f"{line}: {lines[number + 1]}"[:400]
    for pattern in (r"bootstrap check failure|\[ERROR\s*\]|fatal", r"^[\w.$]+(Exception|Error): "):
        found = [line for line in lines if re.search(pattern, line)]
        if found:
            return found[-1][:400]
    return lines[-1][:400] if lines else "no log output"


def stop(opts: NodeOptions, timeout: float = STOP_TIMEOUT) -> bool:
    """Stop the node and wait until its process is gone (SIGKILL after ``timeout``).

    Returns whether a node was running.
    """
    import psutil

    layout = layout_for(opts)
    proc = _our_process(layout)
    if proc is None:
        layout.pid_file.unlink(missing_ok=True)
        return False
    children = []
    with contextlib.suppress(psutil.Error):
        children = proc.children(recursive=True)
    for target in (proc, *children):
        with contextlib.suppress(psutil.Error):
            target.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs([proc, *children], timeout=timeout)
    for target in alive:
        log.warning("Elasticsearch pid %s ignored SIGTERM for %.0fs; killing", target.pid, timeout)
        with contextlib.suppress(psutil.Error):
            target.kill()
    psutil.wait_procs(alive, timeout=10)
    layout.pid_file.unlink(missing_ok=True)
    return True
