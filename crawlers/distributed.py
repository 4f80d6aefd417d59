"""Distributed crawling on scrapy-redis: one shared queue and duplicate filter for many workers.

``configure(settings, options)`` switches a crawler's Scrapy settings to scrapy-redis
(``DUPEFILTER_CLASS=scrapy_redis.dupefilter.RFPDupeFilter``, ``SCHEDULER_PERSIST``,
``REDIS_URL``) with two piwatch parts on top, because stock scrapy-redis loses work when a worker
dies (a popped request is gone from Redis and its fingerprint is already in the filter):

- :class:`LeasedQueue` (``SCHEDULER_QUEUE_CLASS``): popping a request moves it, in one Lua step,
  into the worker's lease hash; the lease is released only once the response and everything the
  callback produced (items through the pipelines, follow-up requests pushed) is done, or when a
  retry/redirect of it has been queued.
- :class:`LeaseKeeper` (extension): heartbeats the worker's ``alive`` key, releases leases when a
  request is finished, gives the leases of dead workers (heartbeat expired) back to the queue, and
  keeps an idle worker open while any other worker still holds leases (its pages may add more).
- :class:`SharedScheduler`: scrapy-redis' scheduler, except that start requests go through the
  shared filter, so N workers do not fetch the start pages N times.

Settings read: ``PIWATCH_REDIS_WORKER_ID``, ``PIWATCH_REDIS_LEASE_TTL`` (seconds without
heartbeat after which a worker counts as dead), ``PIWATCH_REDIS_HEARTBEAT`` (seconds),
``PIWATCH_REDIS_ACK_AFTER_FLUSH`` (release leases only on ``items_durable``).
Keys (one namespace per run id, so tonight's run never sees last night's filter), under
``piwatch:<run>:<source or spider>:``: ``dupefilter``, ``requests`` (the queue), and
``requests:workers``, ``requests:leased:<worker>`` (in progress), ``requests:done:<worker>``
(finished, items awaiting the worker's flush), ``requests:alive:<worker>`` (heartbeat).
A worker killed after the others have left leaves its leases until any worker of the same run
starts again (``piwatch crawl --worker --run <id>``), which requeues them first.
The Lua scripts touch keys they compute, so use a single Redis (with a replica), not a cluster.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from redis.credentials import UsernamePasswordCredentialProvider
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import load_object
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from piwatch.crawlers.signals import flush_requested, items_durable
from piwatch.errors import PiwatchError

if TYPE_CHECKING:
    from collections.abc import MutableMapping

    from redis import Redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

    from piwatch.config import RedisSettings, Settings

logger = logging.getLogger(__name__)

LEASE_META = "piwatch_lease"
"""Request meta key holding the id of the lease a popped request belongs to."""

DEFAULT_LEASE_TTL = 30.0
DEFAULT_HEARTBEAT = 5.0
WAKE_EVERY = 0.5  # seconds between looks at the shared queue while this worker is idle


@dataclass(frozen=True, slots=True)
class DistributedOptions:
    """Where the shared queue lives and how this worker takes part."""

    url: str
    run_id: str
    worker_id: str
    password: str | None = None
    namespace: str | None = None  # source name; default: the spider's name
    lease_ttl: float = DEFAULT_LEASE_TTL
    heartbeat: float = DEFAULT_HEARTBEAT
    ack_after_flush: bool = True  # the item pipeline sends ``items_durable`` after each flush

    @classmethod
    def from_settings(
        cls,
        redis: RedisSettings,
        *,
        run_id: str,
        worker_id: str | None = None,
        namespace: str | None = None,
    ) -> DistributedOptions:
        if not run_id or ":" in run_id:
            raise PiwatchError(f"bad run id {run_id!r}: give a non-empty name without ':'")
        if redis.heartbeat_seconds >= redis.lease_ttl_seconds:
            raise PiwatchError(
                f"redis.heartbeat_seconds ({redis.heartbeat_seconds}) must be shorter than "
                f"redis.lease_ttl_seconds ({redis.lease_ttl_seconds}), or live workers lose leases"
            )
        password = redis.password.get_secret_value() if redis.password else None
        return cls(
            url=redis.url,
            run_id=run_id,
            worker_id=worker_id or default_worker_id(),
            password=password,
            namespace=namespace,
            lease_ttl=redis.lease_ttl_seconds,
            heartbeat=redis.heartbeat_seconds,
        )


def crawl_settings(settings: Settings, *, run: str | None = None) -> dict[str, Any]:
    """Scrapy settings for a distributed crawl (``piwatch crawl --worker``, or ``redis.enabled``:
    the command decides, so a crawl on one machine never imports this module).

    The run id defaults to today's date in the crawl time zone, so workers started the same night
    on different hosts share one queue without being told. Fails in one line when Redis is away.
    """
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import redis as redis_lib

    run_id = run or datetime.now(ZoneInfo(settings.crawl.timezone)).strftime("%Y%m%d")
    options = DistributedOptions.from_settings(settings.redis, run_id=run_id)
    client = redis_lib.Redis.from_url(options.url, password=options.password)
    try:
        client.ping()
    except redis_lib.RedisError as exc:
        raise PiwatchError(
            f"cannot reach Redis for distributed crawling ({type(exc).__name__}: {exc}); start "
            "redis-server or set PIWATCH_REDIS__URL"
        ) from None
    finally:
        client.close()
    out: dict[str, Any] = {}
    configure(out, options)
    logger.info("distributed crawl: run %s, worker %s", run_id, options.worker_id)
    return out


def default_worker_id() -> str:
    """Host and process: unique among live workers, new after a restart."""
    return f"{socket.gethostname()}-{os.getpid()}"


def configure(settings: MutableMapping[str, Any], options: DistributedOptions) -> None:
    """Switch Scrapy ``settings`` (a dict or ``scrapy.settings.Settings``) to the shared queue.

    Additive: existing EXTENSIONS are kept. The password goes in a credential provider object, so
    Scrapy's "Overridden settings" log line never shows it.
    """
    base = f"piwatch:{options.run_id}:{options.namespace or '%(spider)s'}"
    settings["SCHEDULER"] = "piwatch.crawlers.distributed.SharedScheduler"
    settings["DUPEFILTER_CLASS"] = "scrapy_redis.dupefilter.RFPDupeFilter"
    settings["SCHEDULER_QUEUE_CLASS"] = "piwatch.crawlers.distributed.LeasedQueue"
    settings["SCHEDULER_PERSIST"] = True  # a finishing worker must not flush the others' queue
    settings["SCHEDULER_QUEUE_KEY"] = f"{base}:requests"
    settings["SCHEDULER_DUPEFILTER_KEY"] = f"{base}:dupefilter"
    settings["REDIS_URL"] = options.url
    if options.password:
        settings["REDIS_PARAMS"] = {
            "credential_provider": UsernamePasswordCredentialProvider(password=options.password),
            "socket_timeout": 30,
            "socket_connect_timeout": 30,
            "retry_on_timeout": True,
        }
    settings["PIWATCH_REDIS_WORKER_ID"] = options.worker_id
    settings["PIWATCH_REDIS_LEASE_TTL"] = options.lease_ttl
    settings["PIWATCH_REDIS_HEARTBEAT"] = options.heartbeat
    settings["PIWATCH_REDIS_ACK_AFTER_FLUSH"] = options.ack_after_flush
    extensions = dict(_as_dict(settings.get("EXTENSIONS")))
    extensions["piwatch.crawlers.distributed.LeaseKeeper"] = 100
    settings["EXTENSIONS"] = extensions
    # Scrapy's JOBDIR disk queue does not apply: Redis holds the queue.
    if "JOBDIR" in settings:
        settings["JOBDIR"] = None


def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "copy_to_dict"):
        return value.copy_to_dict()
    return dict(value)


# KEYS[1] queue, KEYS[2] this worker's lease hash. Pop the best request and lease it.
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
local id = redis.sha1hex(r[1])
redis.call('HSET', KEYS[2], id, r[2] .. '\\n' .. r[1])
return {id, r[1]}
"""

# Requeue every entry of the hashes named in the list ``hs`` (value: "<score>\\n<request>").
_REQUEUE = """
local function requeue(queue, h)
  local kv = redis.call('HGETALL', h)
  for i = 2, #kv, 2 do
    local v = kv[i]
    local p = string.find(v, '\\n', 1, true)
    redis.call('ZADD', queue, tonumber(string.sub(v, 1, p - 1)), string.sub(v, p + 1))
  end
  redis.call('DEL', h)
  return #kv / 2
end
"""

# KEYS[1] queue, KEYS[2] workers set; ARGV: leased prefix, done prefix, alive prefix, this worker.
# Every lease of a worker whose heartbeat expired (in progress or awaiting its flush) goes back.
_RECLAIM = (
    _REQUEUE
    + """
local moved = 0
local dead = {}
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if w ~= ARGV[4] and redis.call('EXISTS', ARGV[3] .. w) == 0 then
    moved = moved + requeue(KEYS[1], ARGV[1] .. w) + requeue(KEYS[1], ARGV[2] .. w)
    redis.call('SREM', KEYS[2], w)
    table.insert(dead, w)
  end
end
return {moved, dead}
"""
)

# KEYS[1] queue, KEYS[2] workers set; ARGV[1] leased prefix. What keeps an idle worker open:
# queued requests and requests in progress anywhere (they may add more). Finished requests whose
# items wait for their worker's flush do not: that worker flushes them when it closes, and if it
# dies first, the next reclaim (by any worker of the run, also one started later) requeues them.
_OUTSTANDING = """
local n = redis.call('ZCARD', KEYS[1])
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  n = n + redis.call('HLEN', ARGV[1] .. w)
end
return n
"""

# KEYS[1] queue, KEYS[2] own leased hash, KEYS[3] own done hash: give own leases back (shutdown).
_RELEASE_OWN = (
    _REQUEUE
    + """
return requeue(KEYS[1], KEYS[2]) + requeue(KEYS[1], KEYS[3])
"""
)

# KEYS[1] the duplicate filter's set, KEYS[2] queue; ARGV fingerprint, score, request. Queue a
# request unless it was seen, and mark it seen, in one step: a worker killed between scrapy-redis'
# two calls left a request marked seen that no queue held, and the run lost it. Queued first, so
# an error between the two can give a request twice (indexing is idempotent), never lose one.
_PUSH_UNSEEN = """
if redis.call('sismember', KEYS[1], ARGV[1]) == 1 then
    return 0
end
redis.call('zadd', KEYS[2], ARGV[2], ARGV[3])
redis.call('sadd', KEYS[1], ARGV[1])
return 1
"""

# KEYS[1] own leased hash, KEYS[2] own done hash; ARGV lease ids: finished, awaiting the flush.
_FINISH = """
for _, id in ipairs(ARGV) do
  local v = redis.call('HGET', KEYS[1], id)
  if v then
    redis.call('HSET', KEYS[2], id, v)
    redis.call('HDEL', KEYS[1], id)
  end
end
return 0
"""


class LeasedQueue(PriorityQueue):
    """scrapy-redis' priority queue whose pop leases the request to this worker until acked."""

    def __init__(self, server: Redis, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.worker_id: str = spider.settings.get("PIWATCH_REDIS_WORKER_ID") or default_worker_id()
        self.workers_key = f"{self.key}:workers"
        self.leased_prefix = f"{self.key}:leased:"
        self.done_prefix = f"{self.key}:done:"
        self.alive_prefix = f"{self.key}:alive:"
        self.leased_key = self.leased_prefix + self.worker_id
        self.done_key = self.done_prefix + self.worker_id
        self._pop = server.register_script(_POP)
        self._push_unseen = server.register_script(_PUSH_UNSEEN)
        self._finish = server.register_script(_FINISH)
        self._reclaim = server.register_script(_RECLAIM)
        self._outstanding = server.register_script(_OUTSTANDING)
        self._release_own = server.register_script(_RELEASE_OWN)
        server.sadd(self.workers_key, self.worker_id)

    def _encode_request(self, request: Request) -> bytes:
        if LEASE_META not in request.meta:
            return super()._encode_request(request)
        # The lease id belongs to this pop only; a retry or redirect copied it along.
        clean = request.replace(meta={k: v for k, v in request.meta.items() if k != LEASE_META})
        return super()._encode_request(clean)

    def push(self, request: Request) -> None:
        super().push(request)
        self._queued(request)

    def push_unseen(self, request: Request, seen_key: str, fingerprint: str) -> bool:
        """Queue ``request`` unless ``fingerprint`` is in the set ``seen_key``, and add it
        there, atomically (``_PUSH_UNSEEN``); whether it was queued."""
        data = self._encode_request(request)
        keys = [seen_key, self.key]
        if not self._push_unseen(keys=keys, args=[fingerprint, -request.priority, data]):
            return False
        self._queued(request)
        return True

    def _queued(self, request: Request) -> None:
        lease = request.meta.get(LEASE_META)
        if lease:  # a retry or redirect of a leased request is queued: the lease is done
            self.server.hdel(self.leased_key, lease)

    def pop(self, timeout: int = 0) -> Request | None:
        popped = self._pop(keys=[self.key, self.leased_key])
        if not popped:
            return None
        lease_id, data = popped
        request = self._decode_request(data)
        request.meta[LEASE_META] = lease_id.decode() if isinstance(lease_id, bytes) else lease_id
        return request

    def ack(self, lease_ids: list[str]) -> None:
        """The requests are done and their items durable: forget them."""
        if lease_ids:
            self.server.hdel(self.leased_key, *lease_ids)
            self.server.hdel(self.done_key, *lease_ids)

    def finish(self, lease_ids: list[str]) -> None:
        """The requests are done; their items wait in a buffer for the next flush."""
        if lease_ids:
            self._finish(keys=[self.leased_key, self.done_key], args=lease_ids)

    def heartbeat(self, ttl: float) -> None:
        self.server.set(self.alive_prefix + self.worker_id, b"1", px=int(ttl * 1000))
        self.server.sadd(self.workers_key, self.worker_id)

    def reclaim(self) -> tuple[int, list[str]]:
        """Give the leases of dead workers back; returns (requests requeued, dead worker ids)."""
        moved, dead = self._reclaim(
            keys=[self.key, self.workers_key],
            args=[self.leased_prefix, self.done_prefix, self.alive_prefix, self.worker_id],
        )
        return int(moved), [d.decode() if isinstance(d, bytes) else d for d in dead]

    def outstanding(self) -> int:
        """Requests that keep an idle worker open (see ``_OUTSTANDING``); 0: the run is done."""
        return int(
            self._outstanding(
                keys=[self.key, self.workers_key],
                args=[self.leased_prefix],
            )
        )

    def in_progress(self) -> int:
        return int(self.server.hlen(self.leased_key))

    def awaiting_flush(self) -> int:
        return int(self.server.hlen(self.done_key))

    def leave(self) -> int:
        """Stop taking part: own unfinished leases go back, heartbeat and membership go."""
        released = int(self._release_own(keys=[self.key, self.leased_key, self.done_key]))
        self.server.delete(self.alive_prefix + self.worker_id)
        self.server.srem(self.workers_key, self.worker_id)
        return released


class SharedScheduler(Scheduler):
    """scrapy-redis' scheduler; start requests are filtered too: only the first worker's count.
    A filtered request is checked, queued and marked seen in one step
    (:meth:`LeasedQueue.push_unseen`)."""

    def enqueue_request(self, request: Request) -> bool:
        meta = request.meta
        first_start = (
            meta.get("is_start_request")
            and not meta.get("retry_times")
            and not meta.get("redirect_times")
        )
        if first_start or not request.dont_filter:
            fingerprint = self.df.request_fingerprint(request)
            if not self.queue.push_unseen(request, self.df.key, fingerprint):
                self.df.log(request, self.spider)
                return False
        else:
            self.queue.push(request)
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        request = self.queue.pop(self.idle_before_close)
        if request and self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class LeaseKeeper:
    """Heartbeat, lease release on completion, reclaim of dead workers' leases, idle rule."""

    def __init__(
        self, crawler: Crawler, lease_ttl: float, heartbeat: float, ack_after_flush: bool
    ) -> None:
        self.crawler = crawler
        self.lease_ttl = lease_ttl
        self.heartbeat_every = heartbeat
        self.ack_after_flush = ack_after_flush
        self._finished: list[str] = []  # leases whose items await the next flush
        self._loops: list[Any] = []
        self._stale_checks = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseKeeper:
        scheduler_cls = load_object(crawler.settings.get("SCHEDULER"))
        if not issubclass(scheduler_cls, Scheduler):
            raise NotConfigured("the scheduler is not scrapy-redis'")
        ttl = crawler.settings.getfloat("PIWATCH_REDIS_LEASE_TTL", DEFAULT_LEASE_TTL)
        beat = crawler.settings.getfloat("PIWATCH_REDIS_HEARTBEAT", DEFAULT_HEARTBEAT)
        if beat <= 0 or ttl <= beat:
            raise PiwatchError(
                f"redis lease TTL ({ttl}s) must exceed the heartbeat ({beat}s); raise the TTL"
            )
        after_flush = crawler.settings.getbool("PIWATCH_REDIS_ACK_AFTER_FLUSH", True)
        keeper = cls(crawler, ttl, beat, after_flush)
        crawler.signals.connect(keeper.engine_started, signal=signals.engine_started)
        crawler.signals.connect(keeper.items_durable, signal=items_durable)
        crawler.signals.connect(keeper.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(keeper.spider_closed, signal=signals.spider_closed)
        return keeper

    @property
    def queue(self) -> LeasedQueue:
        engine = self.crawler.engine
        queue = getattr(engine.scheduler, "queue", None) if engine is not None else None
        if not isinstance(queue, LeasedQueue):
            raise PiwatchError(
                "distributed crawling needs SCHEDULER_QUEUE_CLASS=crawlers.distributed.LeasedQueue"
            )
        return queue

    def _stat(self, name: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"piwatch/redis/{name}", count)

    def engine_started(self) -> None:
        from twisted.internet.task import LoopingCall

        queue = self.queue
        queue.heartbeat(self.lease_ttl)
        self._reclaim()
        self._wrap_scraper()
        self._loops = [LoopingCall(self._beat), LoopingCall(self._wake)]
        self._loops[0].start(self.heartbeat_every, now=False)
        self._loops[1].start(WAKE_EVERY, now=False)
        logger.info("worker %s joined the shared queue %s", queue.worker_id, queue.key)

    def _reclaim(self) -> None:
        queue = self.queue
        moved, dead = queue.reclaim()
        if moved or dead:
            logger.warning(
                "worker %s: requeued %d requests of dead worker(s) %s (heartbeat older than %ss)",
                queue.worker_id, moved, ", ".join(dead), self.lease_ttl,
            )  # fmt: skip
            self._stat("reclaimed", moved)
            self._stat("dead_workers", len(dead))

    def _wrap_scraper(self) -> None:
        """Finish a request's lease once the scraper is done with it (items included).

        Scrapy has no signal for "this response and all its output are processed"; the deferred
        of ``Scraper.enqueue_scrape`` is exactly that, so the keeper chains the release onto it.
        """
        engine = self.crawler.engine
        assert engine is not None
        scraper = engine.scraper
        original = scraper.enqueue_scrape

        def enqueue_scrape(result: Any, request: Request) -> Any:
            d = original(result, request)
            lease = request.meta.get(LEASE_META)
            if lease:
                d.addBoth(self._finished_one, lease)
            return d

        scraper.enqueue_scrape = enqueue_scrape  # type: ignore[method-assign]

    def _finished_one(self, result: Any, lease: str) -> Any:
        if self.ack_after_flush:
            self.queue.finish([lease])
            self._finished.append(lease)
        else:
            self.queue.ack([lease])
            self._stat("acked")
        return result

    def items_durable(self) -> None:
        done, self._finished = self._finished, []
        if done:
            self.queue.ack(done)
            self._stat("acked", len(done))

    def _beat(self) -> None:
        queue = self.queue
        try:
            queue.heartbeat(self.lease_ttl)
        except Exception as exc:  # Redis away for a moment: the next beat tries again
            logger.warning("worker %s: heartbeat to Redis failed: %s", queue.worker_id, exc)

    def _wake(self) -> None:
        """An idle engine looks at its scheduler (and asks ``spider_idle`` again) only every
        5 s; poke it more often so that it picks up what other workers queued and notices the
        end of the run quickly (Scrapy keeps that call on its private slot)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and not slot.inprogress and slot.closing is None:
            slot.nextcall.schedule()

    def spider_idle(self) -> None:
        queue = self.queue
        self._reclaim()
        if self._finished:
            # Nothing left to fetch here, items still buffered: ask the pipeline to flush now.
            # (A pipeline that does not listen flushes when the worker closes.)
            deferred_from_coro(self.crawler.signals.send_catch_log_async(signal=flush_requested))
        if queue.in_progress():
            # Idle yet holding leases: requests that ended without reaching the scraper.
            self._stale_checks += 1
            if self._stale_checks >= 2:
                released = queue.leave()
                queue.heartbeat(self.lease_ttl)
                self._finished.clear()
                logger.warning("worker %s: requeued %d stale leases", queue.worker_id, released)
                self._stale_checks = 0
        else:
            self._stale_checks = 0
        if queue.outstanding():
            raise DontCloseSpider("requests queued or held by other workers")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        for loop in self._loops:
            if loop.running:
                loop.stop()
        try:
            queue = self.queue
        except PiwatchError:
            return
        # The pipelines closed (and flushed) before this signal: what finished is durable.
        self.items_durable()
        released = queue.leave()
        if released:
            logger.warning(
                "worker %s closed (%s): %d unfinished requests went back to the shared queue",
                queue.worker_id, reason, released,
            )  # fmt: skip
        else:
            logger.info("worker %s left the shared queue (%s)", queue.worker_id, reason)


def run_status(server: Redis, run_id: str, namespace: str) -> dict[str, int]:
    """Queued, leased and seen counts of one run's shared queue (for ``piwatch crawl`` status)."""
    base = f"piwatch:{run_id}:{namespace}"
    workers = [w.decode() for w in server.smembers(f"{base}:requests:workers")]
    leased = sum(
        int(server.hlen(f"{base}:requests:leased:{w}"))
        + int(server.hlen(f"{base}:requests:done:{w}"))
        for w in workers
    )
    return {
        "queued": int(server.zcard(f"{base}:requests")),
        "leased": leased,
        "seen": int(server.scard(f"{base}:dupefilter")),
        "workers": len(workers),
    }
