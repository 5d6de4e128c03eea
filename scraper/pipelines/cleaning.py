"""Item pipeline: spider -> clean+score (process pool) -> dedup (:mod:`scraper.pipelines.dedup`) -> feeds.

Each pipeline follows Scrapy's component pattern: ``__init__`` takes plain
values, ``from_crawler`` reads settings and raises ``NotConfigured`` when off.

Cleaning runs in a pool of worker processes so it never stalls the reactor
(which Scrapy runs on one core). How the pool is kept in shape:

* ``CLEANER_WORKERS`` processes (default: one per usable core), started by
  forkserver (never fork a running reactor); each imports the cleaning modules
  and loads langdetect's model itself when it starts (about two seconds, once,
  overlapping the first downloads): preloading them in the forkserver would add
  a third copy's worth of RSS for no gain in a long crawl.
  :mod:`scraper.pipelines.processing` imports them only where they run, so the crawl
  process loads no langdetect model (trafilatura and readability still come
  in with ``cleaners.rules.templates``, through the package's ``__init__``);
* at most ``CLEANER_MAX_PENDING`` pages (default: two per worker) are
  submitted at once; the other pages wait in their responses, which Scrapy's
  scraper slot (``SCRAPER_SLOT_MAX_ACTIVE_SIZE``) counts, so downloads pause
  while the workers are behind instead of bodies piling up in memory;
* each worker empties trafilatura's caches every ``CLEANER_RESET_CACHES_EVERY``
  pages, and the whole pool is replaced after ``CLEANER_RECYCLE_PAGES`` pages
  (the old pool finishes its pages, then exits). ``max_tasks_per_child`` is not
  used: it deadlocks a pool with queued tasks on Python 3.11-3.13
  (python/cpython#115634);
* a worker that dies (OOM killer, segfault in a C extension) breaks the pool:
  the pool is replaced and every page it held is retried, one at a time, in a
  separate one-worker pool, so only the page that kills a worker again gets the
  ``worker_crashed`` failure record.

Stats: ``cleaner/articles``, ``cleaner/removed/<rule>``, ``cleaner/rejected/<reason>``,
``cleaner/pool_broken``, ``cleaner/retried``, ``cleaner/pool_recycled``,
``cleaner/skipped`` (cleaning off).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Callable

try:
    import fcntl
except ImportError:  # not on Windows
    fcntl = None  # type: ignore[assignment]

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from cleaners.errors import CleanerError
from cleaners.rules.templates import TemplateLearner
from scraper.items import ArticleItem, FailureItem, PageItem, WarcArticleItem, WarcFailureItem
from scraper.pipelines.processing import (
    ProcessingOptions, clean_in_worker, failure_record, init_worker, process_page, worker_ready,
)

logger = logging.getLogger(__name__)

__all__ = ["CleanScorePipeline", "default_workers", "record_to_item"]

PageFunction = Callable[[dict[str, Any]], dict[str, Any]]


def record_to_item(record: dict[str, Any]) -> ArticleItem | FailureItem:
    """Turn a worker's record dict back into the matching item class."""
    fields = {k: v for k, v in record.items() if k != "type"}
    if "warc" in fields:  # read from a web archive
        return (WarcArticleItem(**fields) if record["type"] == "article"
                else WarcFailureItem(**fields))
    return ArticleItem(**fields) if record["type"] == "article" else FailureItem(**fields)


def default_workers() -> int:
    """The number of cores this process may run on (its CPU affinity)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _page_dict(item: PageItem) -> dict[str, Any]:
    """What a worker needs of a page: plain values, the body as bytes."""
    return {"url": item.url, "source": item.source, "status": item.status, "body": item.body,
            "encoding": item.encoding, "fetched_at": item.fetched_at, "warc": item.warc}


PIPE_SIZE = 1 << 20  # Linux's default /proc/sys/fs/pipe-max-size


def _widen_pipes(pool: ProcessPoolExecutor) -> None:
    """Give the pool's task and result pipes room for whole pages (Linux only).

    A pipe holds 64 KB, less than a typical page (~100 KB pickled): the
    executor's feeder thread could write a queued page only in part ahead of
    time, so a worker that finished a page and began reading the next waited
    for that thread to be scheduled again and write the rest, at every page.
    With room for the whole page it is in the pipe before the worker asks. In
    three A/B pairs of 1,000-record WARC crawls on the loaded 2-core machine,
    the median gap between two pages in a worker was 2.2-3.5 ms without and
    0.8-2.9 ms with. Elsewhere, or when the kernel refuses, nothing changes."""
    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if set_size is None:
        return
    for queue in (getattr(pool, "_call_queue", None), getattr(pool, "_result_queue", None)):
        try:
            fcntl.fcntl(queue._writer.fileno(), set_size, PIPE_SIZE)  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            pass


class TemplateStore:
    """Site templates learned by earlier runs, kept in the crawl's state store
    (:mod:`scraper.state.store`, when ``STATE_ENABLED``) so that the next scheduled
    crawl starts knowing each source's boilerplate."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    def _state(self) -> Any:
        from scraper.extensions.state import StateExtension

        ext = self.crawler.get_extension(StateExtension)
        return getattr(ext, "store", None)

    def load(self, learner: TemplateLearner) -> TemplateLearner:
        store = self._state()
        saved = store.load_templates() if store is not None else {}
        if not saved:
            return learner
        data = learner.to_dict()
        data["sources"] = saved
        try:
            return TemplateLearner.from_dict(data)
        except CleanerError as exc:
            logger.warning("ignoring saved site templates: %s", exc)
            return learner

    def save(self, learner: TemplateLearner) -> None:
        store = self._state()
        if store is not None:
            store.save_templates(learner.to_dict()["sources"])


class CleanScorePipeline:
    """Clean and score each :class:`PageItem` off the reactor (see the module doc).

    ``workers`` = 0 runs the cleaning in the crawl process (tests, debugging).
    ``enabled`` = False (``CLEANER_ENABLED=False``): no cleaning at all; each
    PageItem is dropped and counted (``cleaner/skipped``), never exported as
    raw bytes. ``function`` is what a worker runs for one page dict.
    """

    def __init__(self, stats: StatsCollector, options: ProcessingOptions, *, workers: int,
                 max_pending: int, reset_caches_every: int = 0, recycle_pages: int = 0,
                 enabled: bool = True, function: PageFunction = clean_in_worker) -> None:
        self.stats = stats
        self.options = options
        self.workers = workers
        self.max_pending = max(1, max_pending)
        self.reset_caches_every = reset_caches_every
        self.recycle_pages = recycle_pages
        self.enabled = enabled
        self.function = function
        self._pool: ProcessPoolExecutor | None = None
        self._isolation: ProcessPoolExecutor | None = None
        self._submitted = 0  # pages sent to the current pool
        self._slots: asyncio.Semaphore | None = None
        self._isolation_lock: asyncio.Lock | None = None
        self.templates: TemplateLearner | None = None  # set by from_crawler when learning
        self.template_store: TemplateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanScorePipeline:
        settings = crawler.settings
        options = ProcessingOptions(
            min_text_chars=settings.getint("CLEANER_MIN_TEXT_CHARS"),
            scoring=settings.getbool("SCORING_ENABLED"),
        )
        raw_workers = settings.get("CLEANER_WORKERS")
        workers = default_workers() if raw_workers in (None, "") else int(raw_workers)
        raw_pending = settings.get("CLEANER_MAX_PENDING")
        max_pending = 2 * max(1, workers) if raw_pending in (None, "") else int(raw_pending)
        assert crawler.stats is not None
        pipeline = cls(crawler.stats, options, workers=workers, max_pending=max_pending,
                       reset_caches_every=settings.getint("CLEANER_RESET_CACHES_EVERY"),
                       recycle_pages=settings.getint("CLEANER_RECYCLE_PAGES"),
                       enabled=settings.getbool("CLEANER_ENABLED"))
        if settings.getbool("CLEANER_TEMPLATES_ENABLED"):
            pipeline.templates = TemplateLearner(
                min_pages=settings.getint("CLEANER_TEMPLATE_MIN_PAGES"),
                min_share=settings.getfloat("CLEANER_TEMPLATE_MIN_SHARE"),
            )
            pipeline.template_store = TemplateStore(crawler)
        return pipeline

    # --- pool life cycle -------------------------------------------------------

    def _new_pool(self, workers: int) -> ProcessPoolExecutor:
        """Workers started by forkserver; the initializer imports the cleaners.
        One no-op task per worker starts them all now, not at the first page."""
        context = multiprocessing.get_context("forkserver")
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=init_worker,
                                   initargs=(self.options, self.reset_caches_every))
        _widen_pipes(pool)
        for _ in range(workers):
            pool.submit(worker_ready)
        return pool

    def open_spider(self) -> None:
        if self.templates is not None and self.template_store is not None:
            self.templates = self.template_store.load(self.templates)
        self._slots = asyncio.Semaphore(self.max_pending)
        self._isolation_lock = asyncio.Lock()
        if self.enabled and self.workers > 0:
            self._pool = self._new_pool(self.workers)

    def close_spider(self) -> None:
        if self.templates is not None and self.template_store is not None:
            self.template_store.save(self.templates)
        for pool in (self._pool, self._isolation):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=False)
        self._pool = self._isolation = None

    def _replace_pool(self, old: ProcessPoolExecutor, why: str) -> None:
        """Swap in a new pool (once per old pool); the old one is shut down
        without waiting: pages it still holds finish, or fail if it is broken."""
        if self._pool is not old:
            return  # another page already replaced it
        self.stats.inc_value(f"cleaner/{why}")
        self._pool = self._new_pool(self.workers)
        self._submitted = 0
        old.shutdown(wait=False, cancel_futures=False)

    # --- one page --------------------------------------------------------------

    async def _in_pool(self, page: dict[str, Any]) -> dict[str, Any]:
        assert self._pool is not None
        if self.recycle_pages and self._submitted >= self.recycle_pages:
            self._replace_pool(self._pool, "pool_recycled")  # the old pool finishes its pages
        pool = self._pool
        try:
            future = pool.submit(self.function, page)
            self._submitted += 1
            return await asyncio.wrap_future(future)
        except BrokenProcessPool:
            logger.warning("a cleaning worker died; new pool, retrying %s alone", page["url"])
            self._replace_pool(pool, "pool_broken")
        return await self._isolated(page)

    async def _isolated(self, page: dict[str, Any]) -> dict[str, Any]:
        """Run one page alone in a one-worker pool: if that worker dies too,
        this page is the one at fault."""
        assert self._isolation_lock is not None
        self.stats.inc_value("cleaner/retried")
        async with self._isolation_lock:
            if self._isolation is None:
                self._isolation = self._new_pool(1)
            try:
                return await asyncio.wrap_future(self._isolation.submit(self.function, page))
            except BrokenProcessPool as exc:
                self._isolation.shutdown(wait=False)
                self._isolation = None
                logger.error("cleaning worker died on %s", page["url"])
                return failure_record(page, "worker_crashed",
                                      f"the worker process died on this page: {exc!r}")

    async def _clean(self, page: dict[str, Any]) -> dict[str, Any]:
        if self.workers <= 0:
            return process_page(page, self.options)
        assert self._slots is not None
        async with self._slots:
            return await self._in_pool(page)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if not self.enabled:
            self.stats.inc_value("cleaner/skipped")
            item.body = b""  # the drop is logged with the item: keep it short
            raise DropItem("cleaning is off (CLEANER_ENABLED=False)", log_level="DEBUG")
        page = _page_dict(item)
        if self.templates is not None:
            page["template"] = self.templates.template_for(item.source)
        record = await self._clean(page)
        if self.templates is not None and record["type"] == "article":
            # lines removed as template still count, or they would drop out of it
            learned = [r["text"] for r in record["removed"] if r["kind"] == "template"]
            self.templates.observe(item.source, record["text"].split("\n") + learned)
        self._count(record)
        return record_to_item(record)

    def _count(self, record: dict[str, Any]) -> None:
        if record["type"] == "article":
            self.stats.inc_value("cleaner/articles")
            for rule, count in Counter(r["rule"] for r in record["removed"]).items():
                self.stats.inc_value(f"cleaner/removed/{rule}", count)
        else:
            self.stats.inc_value(f"cleaner/rejected/{record['reason']}")
