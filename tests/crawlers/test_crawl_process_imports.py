"""What a crawl process loads: nothing it never uses (a fresh interpreter, as ``piwatch``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import piwatch.cli
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from elasticsearch import Elasticsearch

settings = Settings()
settings.setmodule("piwatch.crawlers.settings", priority="project")
extensions = build_component_list(settings.getwithbase("EXTENSIONS"))
for path in extensions:
    load_object(path)
loaded = {name: name in sys.modules for name in ("aiohttp", "twisted.conch")}
import aiohttp
print(json.dumps({"extensions": extensions, "loaded": loaded, "aiohttp": aiohttp.__name__}))
"""


def test_a_crawl_loads_neither_aiohttp_nor_scrapy_s_consoles() -> None:
    """The Elasticsearch client comes without aiohttp (8 MiB), Scrapy's base extensions without
    its telnet console and its remote control (an HTTP server running posted code); aiohttp
    stays importable for anything that wants it."""
    probe = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=ROOT, check=True
    )
    found = json.loads(probe.stdout)
    assert found["loaded"] == {"aiohttp": False, "twisted.conch": False}
    assert found["aiohttp"] == "aiohttp"
    assert "scrapy.extensions.corestats.CoreStats" in found["extensions"]
    assert not [e for e in found["extensions"] if "remote_control" in e or "telnet" in e]
