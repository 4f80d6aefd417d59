"""A private Elasticsearch node (own directory, own free port) for benchmarks and kill tests.

Fault tests kill this node, never the session node other tests share.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from piwatch.config import ES_VERSION
from piwatch.esnode import node
from piwatch.esnode.node import NodeOptions
from testkit.net import free_port


@dataclass(frozen=True)
class NodeUnderTest:
    """The node a test session talks to; ``options`` is None for an external cluster."""

    url: str
    options: NodeOptions | None


class OwnNode:
    """``with OwnNode() as n:`` a real node; ``n.url``, ``n.stop()``, ``n.start()`` again."""

    def __init__(self, root: Path | None = None, heap: str = "512m") -> None:
        self._tmp = root is None
        self.root = root or Path(tempfile.mkdtemp(prefix="piwatch-own-es-"))
        self.root.chmod(0o755)  # the node may run as an unprivileged user
        node.install(ES_VERSION)
        self.options = NodeOptions(
            version=ES_VERSION,
            home=node.distribution_dir(ES_VERSION),
            node_dir=self.root / "es",
            port=free_port(),
            heap=heap,
        )
        self.url = self.options.url

    def start(self) -> str:
        self.url = node.start(self.options).url
        return self.url

    def stop(self) -> None:
        node.stop(self.options)

    def close(self) -> None:
        self.stop()
        if self._tmp:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> OwnNode:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
