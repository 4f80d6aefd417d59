"""The Elasticsearch client without aiohttp.

elastic_transport imports aiohttp for its asynchronous node whenever aiohttp is installed, and
Scrapy installs it. piwatch talks to Elasticsearch through the synchronous client only, so in
a crawl process aiohttp was 8 MiB and a tenth of a second of import for nothing. The command
line calls :func:`import_client` before anything imports the client.
"""

from __future__ import annotations

import sys


def import_client() -> None:
    """Import elastic_transport with aiohttp hidden; it then leaves its asynchronous node out.
    aiohttp stays importable for anything else. Nothing happens when either module is loaded
    already."""
    if "elastic_transport" in sys.modules or "aiohttp" in sys.modules:
        return
    sys.modules["aiohttp"] = None  # type: ignore[assignment]  # import aiohttp: ImportError
    try:
        import elastic_transport  # noqa: F401
    finally:
        del sys.modules["aiohttp"]
