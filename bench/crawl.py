"""Crawl throughput and peak memory on the local test web: piwatch crawl beside plain Scrapy.

Both crawl the same feeds on the same servers in the same run, each in its own child process:
``piwatch crawl`` (decode, main-text extraction, lead extraction, indexing into Elasticsearch)
and a bare Scrapy spider that only downloads the same pages. The pages are the real saved pages
of ``../shared/corpus`` when present, else the site under ``tests/site`` repeated.

    python -m bench.crawl [--pages N] [--sites N] [--delay S] [--repeat N] [--es-url URL]

``--sites N`` serves the pages under N loopback addresses (127.0.0.2, 127.0.0.3, ...), each a
site with its own server, robots.txt and feed, crawled as N sources with ``--delay`` seconds
between two requests to one site (Scrapy's per-site slot), as a deployment crawls many sites.

Elasticsearch: ``--es-url`` or ``PIWATCH_ELASTICSEARCH__URL``, else a private node of its own.
The bench writes under a throw-away index prefix per round, whose indices it creates before
timing the crawl (a nightly crawl finds its indices) and deletes afterwards. No thresholds: it
prints numbers.

Memory is the whole process tree's (piwatch's extraction workers and their fork server too):
peak PSS, where a page shared by several processes counts once in all, beside the sum of the
resident sizes, which counts a shared page once per process.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    pages: int
    seconds: float
    peak_rss: int  # bytes: the process tree's resident sizes summed (shared pages once each)
    peak_pss: int  # bytes: its proportional sizes summed (a shared page split among its users)

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def page_bodies(limit: int) -> list[bytes]:
    """Real pages when the corpus is there, else the site's articles (repeated)."""
    bodies: list[bytes] = []
    if CORPUS.is_dir():
        from testkit.corpus_pages import BODY_SETS, pages

        bodies = [p.raw for p in pages(CORPUS, BODY_SETS) if p.body]
    if not bodies:
        bodies = [
            p.read_bytes() for p in sorted((ROOT / "tests" / "site" / "news").glob("a*.html"))
        ]
    return [bodies[i % len(bodies)] for i in range(limit)]


def run_measured(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int, int, int]:
    """Wall seconds, peak RSS and peak PSS of the process tree (sampled every 100 ms from
    ``/proc/<pid>/smaps_rollup``), and the exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    root = psutil.Process(proc.pid)
    peak_rss = peak_pss = 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.Error:
            tree = []
        sizes = [_rss_pss(p.pid) for p in tree]
        peak_rss = max(peak_rss, sum(rss for rss, _ in sizes))
        peak_pss = max(peak_pss, sum(pss for _, pss in sizes))
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else "")
    return seconds, peak_rss, peak_pss, proc.returncode


def _rss_pss(pid: int) -> tuple[int, int]:
    """Resident and proportional set size of a process in bytes (0, 0 once it is gone)."""
    sizes = {"Rss:": 0, "Pss:": 0}
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                key, _, rest = line.partition(" ")
                if key in sizes:
                    sizes[key] = int(rest.split()[0]) * 1024
    except OSError:
        pass
    return sizes["Rss:"], sizes["Pss:"]


def baseline_main(feeds: list[str], delay: float) -> None:
    """The plain Scrapy spider: read the feeds, download every link, nothing else."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class FetchOnly(scrapy.Spider):
        name = "fetch-only"

        async def start(self):  # Scrapy 2.19 ignores start_requests
            for feed in feeds:
                yield scrapy.Request(feed, callback=self.parse)

        def parse(self, response):
            response.selector.remove_namespaces()
            for link in response.xpath("//item/link/text()").getall():
                yield scrapy.Request(link.strip(), callback=self.fetched)

        def fetched(self, response):
            return None

    process = CrawlerProcess(
        {
            "LOG_LEVEL": "WARNING",
            "ROBOTSTXT_OBEY": True,
            "CONCURRENT_REQUESTS": 16,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
            "DOWNLOAD_DELAY": delay,
            "RANDOMIZE_DOWNLOAD_DELAY": True,  # as piwatch's crawl (Scrapy's default)
            "TELNETCONSOLE_ENABLED": False,
        }
    )
    process.crawl(FetchOnly)
    process.start()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--sites", type=int, default=1, help="loopback sites (at most 250)")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds between requests")
    parser.add_argument("--es-url", default=os.environ.get("PIWATCH_ELASTICSEARCH__URL"))
    parser.add_argument(
        "--repeat", type=int, default=3, help="alternating runs of each; the median is shown"
    )
    parser.add_argument("--baseline-feeds", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_feeds:
        baseline_main(args.baseline_feeds.split(","), args.delay)
        return
    if args.es_url:
        _bench(args)
        return
    from testkit.esnode import OwnNode

    # one private node for all rounds: each round has its own data directory, and the embedded
    # node would follow it (a second round would find the first one's node on the port)
    with OwnNode() as own:
        args.es_url = own.url
        _bench(args)


def _bench(args: argparse.Namespace) -> None:
    from testkit.webserver import LocalWeb

    hosts = ["127.0.0.1"] if args.sites == 1 else [f"127.0.0.{2 + n}" for n in range(args.sites)]
    webs = [LocalWeb(host=host).start() for host in hosts]
    bodies = page_bodies(args.pages)
    links: list[list[str]] = [[] for _ in webs]
    for n, body in enumerate(bodies):
        web = webs[n % len(webs)]
        path = f"/bench/{n}.html"
        web.add_page(path, body, "text/html")
        links[n % len(webs)].append(web.url(path))
    feeds = [web.add_feed("/bench/feed.xml", site) for web, site in zip(webs, links, strict=True)]
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    runs: dict[str, list[Measure]] = {}
    with tempfile.TemporaryDirectory(prefix="piwatch-bench-") as tmp:
        work = Path(tmp)
        sources = work / "sources.yaml"
        entries = [
            {"name": f"bench-site-{n}", "kind": "feed", "start_urls": [feed]}
            for n, feed in enumerate(feeds)
        ]
        sources.write_text(yaml.safe_dump({"sources": entries}), "utf-8")
        baseline = [sys.executable, "-m", "bench.crawl", "--baseline-feeds", ",".join(feeds)]
        crawl = [sys.executable, "-m", "piwatch", "crawl", "-q", "--sources", str(sources)]
        commands = {
            "plain Scrapy (fetch only)": [*baseline, "--delay", str(args.delay)],
            "piwatch crawl": crawl,
        }
        # rounds alternate the two, each piwatch round on a fresh data directory and index
        # (a second crawl of the same pages would only revalidate them)
        for round_ in range(args.repeat):
            env = {
                **os.environ,
                "PYTHONPATH": str(ROOT),
                "PIWATCH_DATA_DIR": str(work / f"data{round_}"),
                "PIWATCH_ELASTICSEARCH__INDEX_PREFIX": f"{prefix}r{round_}",
                "PIWATCH_CRAWL__DOWNLOAD_DELAY": str(args.delay),
                "PIWATCH_CRAWL__AUTOTHROTTLE": "false",  # the baseline has none either
                "PIWATCH_CONFIG": "",
            }
            env["PIWATCH_ELASTICSEARCH__URL"] = args.es_url
            _index_script(env, "ensure_configured(es, settings.elasticsearch)")
            for name, command in commands.items():
                marks = [web.mark() for web in webs]
                seconds, rss, pss, code = run_measured(command, env, ROOT)
                fetched = sum(
                    len(
                        {
                            h.path
                            for h in web.since(mark)
                            if h.path.endswith(".html") and h.status == 200
                        }
                    )
                    for web, mark in zip(webs, marks, strict=True)
                )
                if code != 0:
                    print(f"{name}: exit status {code}", file=sys.stderr)
                runs.setdefault(name, []).append(Measure(name, fetched, seconds, rss, pss))
            _index_script(env, f"drop(es, {prefix + 'r' + str(round_)!r})")
    results = [_median(measures) for measures in runs.values()]
    for web in webs:
        web.stop()
    source_kind = "real corpus pages" if CORPUS.is_dir() else "tests/site articles"
    print(
        f"crawl benchmark: {len(bodies)} {source_kind}, {len(webs)} site(s) on "
        f"{hosts[0]}{'..' + hosts[-1] if len(hosts) > 1 else ''}, delay {args.delay:g} s"
    )
    print(f"median of {args.repeat} alternating run(s); memory of the whole process tree")
    print(f"{'':28}{'pages':>8}{'seconds':>10}{'pages/s':>10}{'peak PSS MiB':>14}{'RSS MiB':>10}")
    for m in results:
        print(
            f"{m.name:28}{m.pages:>8}{m.seconds:>10.1f}{m.rate:>10.1f}"
            f"{m.peak_pss / 2**20:>14.0f}{m.peak_rss / 2**20:>10.0f}"
        )
    for name, measures in runs.items():
        print(f"{name}: each run {', '.join(f'{m.seconds:.1f}' for m in measures)} s")
    print(
        json.dumps(
            {
                m.name: {
                    "pages": m.pages,
                    "seconds": round(m.seconds, 2),
                    "pages_per_s": round(m.rate, 2),
                    "peak_pss_mib": round(m.peak_pss / 2**20),
                    "peak_rss_mib": round(m.peak_rss / 2**20),
                }
                for m in results
            }
        )
    )


def _median(measures: list[Measure]) -> Measure:
    """The run of median time, with the median peak memory."""
    by_time = sorted(measures, key=lambda m: m.seconds)
    middle = by_time[len(by_time) // 2]
    return Measure(
        middle.name,
        middle.pages,
        middle.seconds,
        int(statistics.median(m.peak_rss for m in measures)),
        int(statistics.median(m.peak_pss for m in measures)),
    )


def _index_script(env: dict[str, str], statement: str) -> None:
    """Run one statement against the bench's node and prefix in a child process: the round's
    indices are created before it is timed, as a nightly crawl finds them (setup creates them
    once per deployment), and dropped after it."""
    code = (
        "from piwatch.config import load_settings\n"
        "from piwatch.search.client import connect\n"
        "from piwatch.search.indices import drop, ensure_configured\n"
        "settings = load_settings()\n"
        "es = connect(settings)\n"
        f"{statement}\n"
    )
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
