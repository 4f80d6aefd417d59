"""piwatch's own Scrapy signals, between the index pipeline and a distributed crawl's lease
keeper (:mod:`piwatch.crawlers.distributed`); here so that a crawl on one machine does not
import Redis to name them."""

items_durable = object()
"""Signal an indexing pipeline sends once everything it accepted so far is durable (flushed to
the outbox or the index). With ``PIWATCH_REDIS_ACK_AFTER_FLUSH`` leases of finished requests are
released only then, so a worker killed with items still in its bulk buffer loses nothing."""

flush_requested = object()
"""Signal the keeper sends when its worker is idle with finished requests whose items are still
buffered; an indexing pipeline answers by flushing (and then sending ``items_durable``)."""
