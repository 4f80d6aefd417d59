"""A duplicate filter that forgets between runs: the seen-store decides what is new across runs.

Scrapy's filter persists fingerprints in JOBDIR, so a request that was queued but lost in a
SIGKILL would never be fetched again; here a resumed run re-discovers it from its listing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.dupefilters import RFPDupeFilter

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class RunDupeFilter(RFPDupeFilter):
    """Fingerprints kept in memory for one run only."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            None,
            crawler.settings.getbool("DUPEFILTER_DEBUG"),
            fingerprinter=crawler.request_fingerprinter,
        )
