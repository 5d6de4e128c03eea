"""Distributed crawling: several ``scrapy crawl`` processes share one crawl through Redis.

With ``REDIS_URL`` set (a setting or the environment variable), the
:class:`RedisFrontier` add-on (in ``ADDONS``) switches to scrapy-redis:

* ``SCHEDULER`` = ``scrapy_redis.scheduler.Scheduler``: the frontier is one
  Redis priority queue, ``<prefix>:<spider>:requests``;
* ``DUPEFILTER_CLASS`` = ``scrapy_redis.dupefilter.RFPDupeFilter``: request
  fingerprints in the Redis set ``<prefix>:<spider>:dupefilter``, so a URL one
  process queued (start requests included: ``start()`` output goes through the
  scheduler) is not queued again by another;
* ``SCHEDULER_PERSIST`` = True: a process that finishes leaves the shared
  queue and filter to the others (reset a crawl with ``python -m
  scraper.distributed reset``);
* the :class:`SharedIdle` extension: each process marks itself busy in Redis
  (``<prefix>:<spider>:busy:<host>:<pid>``, expiring) while it has work; an
  idle process whose queue is drained stays open while another process is
  busy (it may still queue requests), and closes once none is;
* :class:`scraper.pipelines.dedup.DedupPipeline` keeps content hashes in
  ``<prefix>:<spider>:content`` (``DEDUP_SHARED``);
* :class:`FileClaims` shares out input files (``scrapy crawl warc``): each
  archive of a paths list is read by the one process that takes it first.

``<prefix>`` is ``DISTRIBUTED_KEY_PREFIX`` (default ``news-corpus``). Without
``REDIS_URL`` nothing changes. Set-up, security, reset: the README section "Distributed crawling".

Command line: ``python -m scraper.distributed status|reset --redis-url URL
--spider NAME [--prefix PREFIX]``.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from twisted.internet import task

__all__ = ["FileClaims", "RedisFrontier", "SharedIdle", "content_key", "key_prefix",
           "redis_client"]

logger = logging.getLogger(__name__)

# The request meta key of SharedIdle's wake-up marker (never queued, never downloaded).
WAKE_META = "distributed_wake"
WAKE_URL = "data:,wake"


def key_prefix(settings: BaseSettings, spider: str) -> str:
    """``<DISTRIBUTED_KEY_PREFIX>:<spider>``: every Redis key of one crawl starts with it."""
    return f"{settings.get('DISTRIBUTED_KEY_PREFIX') or 'news-corpus'}:{spider}"


def content_key(settings: BaseSettings, spider: str) -> str:
    """The Redis hash ``content_hash -> first URL`` of the shared content dedup."""
    return f"{key_prefix(settings, spider)}:content"


def redis_client(settings: BaseSettings) -> Any:
    """A redis-py client built the way scrapy-redis builds its own (``REDIS_URL``, ``REDIS_PARAMS``)."""
    from scrapy_redis.connection import get_redis_from_settings

    return get_redis_from_settings(settings)


class RedisFrontier:
    """Add-on: the scrapy-redis scheduler and filter when ``REDIS_URL`` is given, else nothing."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("REDIS_URL") or os.environ.get("REDIS_URL")
        if not url:
            return
        prefix = (settings.get("DISTRIBUTED_KEY_PREFIX") or "news-corpus").replace("%", "%%")
        # REDIS_URL = None in the project settings outranks an add-on: take its place.
        priority = max(settings.getpriority("REDIS_URL") or 0, SETTINGS_PRIORITIES["addon"])
        settings.set("REDIS_URL", url, priority=priority)
        settings.set("SCHEDULER", "scrapy_redis.scheduler.Scheduler", priority="addon")
        settings.set("DUPEFILTER_CLASS", "scrapy_redis.dupefilter.RFPDupeFilter", priority="addon")
        settings.set("SCHEDULER_PERSIST", True, priority="addon")
        settings.set("SCHEDULER_QUEUE_KEY", f"{prefix}:%(spider)s:requests", priority="addon")
        settings.set("SCHEDULER_DUPEFILTER_KEY", f"{prefix}:%(spider)s:dupefilter",
                     priority="addon")
        settings.set_in_component_priority_dict("EXTENSIONS", SharedIdle, 700)


class SharedIdle:
    """Keep an idle process open while another process of the crawl is busy;
    let it close once the shared queue is drained and nobody is working."""

    def __init__(self, crawler: Crawler, redis: Any, heartbeat: float) -> None:
        self.crawler = crawler
        self.redis = redis
        self.heartbeat = heartbeat
        self.member = f"{socket.gethostname()}:{os.getpid()}"
        self.prefix = ""
        self._loop: task.LoopingCall | None = None
        self._waiting = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedIdle:
        if not crawler.settings.get("REDIS_URL"):
            raise NotConfigured("REDIS_URL is not set")
        ext = cls(crawler, redis_client(crawler.settings),
                  crawler.settings.getfloat("DISTRIBUTED_HEARTBEAT", 2.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    @property
    def busy_key(self) -> str:
        return f"{self.prefix}:busy:{self.member}"

    def spider_opened(self) -> None:
        assert self.crawler.spider is not None
        self.prefix = key_prefix(self.crawler.settings, self.crawler.spider.name)
        self._mark(busy=True)
        self._loop = task.LoopingCall(self._beat)
        self._loop.start(self.heartbeat, now=False)

    def _mark(self, busy: bool) -> None:
        if busy:
            self.redis.set(self.busy_key, "1", ex=max(1, round(self.heartbeat * 5)))
        else:
            self.redis.delete(self.busy_key)

    def _beat(self) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        try:
            self._mark(busy=not engine.spider_is_idle())
            self._poll(engine)
        except Exception as exc:  # Redis away for a moment: the key expires on its own
            logger.warning("cannot update busy mark in Redis: %r", exc)

    def _poll(self, engine: Any) -> None:
        """Another process may have filled the shared queue: have the engine
        look now rather than at its next 5-second heartbeat, which could come
        after a faster process has drained the queue again.

        ``engine.crawl()`` is Scrapy's public way in, and it wakes the engine
        after scheduling; the request it is given here is a marker that
        :meth:`request_scheduled` refuses, so nothing is queued or counted."""
        if engine.scheduler is not None and len(engine.scheduler) and not engine.needs_backout():
            engine.crawl(Request(WAKE_URL, dont_filter=True, meta={WAKE_META: True}))

    @staticmethod
    def request_scheduled(request: Request) -> None:
        """Refuse the wake-up marker of :meth:`_poll` (``IgnoreRequest`` is not logged)."""
        if request.meta.get(WAKE_META):
            raise IgnoreRequest("wake-up marker")

    def others_busy(self) -> list[str]:
        """Members of other processes marked busy."""
        pattern = f"{self.prefix}:busy:*"
        keys = [k.decode() if isinstance(k, bytes) else k for k in self.redis.scan_iter(pattern)]
        return [k.rsplit(":busy:", 1)[1] for k in keys if k != self.busy_key]

    def spider_idle(self) -> None:
        self._mark(busy=False)
        others = self.others_busy()
        if not others:
            return  # queue drained, nobody working: let the spider close
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("distributed/idle_waits")
        if not self._waiting:
            logger.info("shared queue empty; waiting while %d other process(es) work: %s",
                        len(others), ", ".join(sorted(others)))
        self._waiting = True
        raise DontCloseSpider

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        try:
            self._mark(busy=False)
        except Exception as exc:
            logger.warning("cannot clear busy mark in Redis: %r", exc)


class FileClaims:
    """Input files (web archives) shared out between the processes of a crawl:
    the Redis hash ``<prefix>:<spider>:files`` maps each file taken to its
    taker (``host:pid``), then to ``done host:pid``. ``take`` is one
    ``HSETNX``: of all processes reading the same list, one gets each file."""

    def __init__(self, redis: Any, key: str, member: str) -> None:
        self.redis = redis
        self.key = key
        self.member = member

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FileClaims:
        assert crawler.spider is not None
        return cls(redis_client(crawler.settings),
                   f"{key_prefix(crawler.settings, crawler.spider.name)}:files",
                   f"{socket.gethostname()}:{os.getpid()}")

    def take(self, name: str) -> bool:
        return bool(self.redis.hsetnx(self.key, name, self.member))

    def done(self, name: str) -> None:
        self.redis.hset(self.key, name, f"done {self.member}")


# --- command line ----------------------------------------------------------------


def _keys(redis: Any, prefix: str) -> list[str]:
    return sorted(k.decode() if isinstance(k, bytes) else k for k in redis.scan_iter(f"{prefix}:*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Inspect or reset a distributed crawl in Redis.")
    parser.add_argument("action", choices=["status", "reset"])
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL"))
    parser.add_argument("--spider", required=True)
    parser.add_argument("--prefix", default="news-corpus")
    args = parser.parse_args(argv)
    if not args.redis_url:
        parser.error("--redis-url or the REDIS_URL environment variable is required")
    import redis

    client = redis.Redis.from_url(args.redis_url)
    prefix = f"{args.prefix}:{args.spider}"
    keys = _keys(client, prefix)
    if args.action == "reset":
        if keys:
            client.delete(*keys)
        print(f"deleted {len(keys)} key(s) under {prefix}:")
        return 0
    print(f"queue: {client.zcard(prefix + ':requests')} request(s)")
    print(f"seen: {client.scard(prefix + ':dupefilter')} request fingerprint(s)")
    print(f"content: {client.hlen(prefix + ':content')} article hash(es)")
    files = [v.decode() if isinstance(v, bytes) else str(v)
             for v in client.hvals(prefix + ":files")]
    if files:
        done = sum(v.startswith("done ") for v in files)
        print(f"files: {len(files)} taken, {done} done")
    busy = [k.rsplit(":busy:", 1)[1] for k in keys if ":busy:" in k]
    print(f"busy processes: {', '.join(busy) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
