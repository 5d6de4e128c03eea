"""Item pipelines: spider -> clean+score (process pool) -> dedup -> feeds.

Each pipeline follows Scrapy's component pattern: ``__init__`` takes plain
values, ``from_crawler`` reads settings and raises ``NotConfigured`` when off.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import sys
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from scraper.items import ArticleItem, FailureItem, PageItem
from scraper.processing import ProcessingOptions, process_page

logger = logging.getLogger(__name__)

__all__ = ["CleanScorePipeline", "DedupPipeline", "record_to_item"]


def record_to_item(record: dict[str, Any]) -> ArticleItem | FailureItem:
    """Turn a worker's record dict back into the matching item class."""
    fields = {k: v for k, v in record.items() if k != "type"}
    return ArticleItem(**fields) if record["type"] == "article" else FailureItem(**fields)


def _make_pool(workers: int) -> Executor:
    """Worker processes started by forkserver (never fork a running reactor),
    with the cleaning modules preloaded so each worker starts warm."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["scraper.processing"])
    kwargs: dict[str, Any] = {"max_workers": workers, "mp_context": context}
    if sys.version_info >= (3, 11):
        kwargs["max_tasks_per_child"] = 2000  # bounds any slow growth of caches
    return ProcessPoolExecutor(**kwargs)


class CleanScorePipeline:
    """Clean and score each :class:`PageItem` off the reactor.

    ``CLEANER_WORKERS`` processes (default: the number of cores) run
    :func:`scraper.processing.process_page`; 0 runs it in the crawl process.
    """

    def __init__(self, stats: StatsCollector, options: ProcessingOptions, workers: int) -> None:
        self.stats = stats
        self.options = options
        self.workers = workers
        self._pool: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanScorePipeline:
        settings = crawler.settings
        if not settings.getbool("CLEANER_ENABLED"):
            raise NotConfigured("CLEANER_ENABLED is off")
        options = ProcessingOptions(
            min_text_chars=settings.getint("CLEANER_MIN_TEXT_CHARS"),
            scoring=settings.getbool("SCORING_ENABLED"),
        )
        workers = settings.getint("CLEANER_WORKERS", os.cpu_count() or 1)
        assert crawler.stats is not None
        return cls(crawler.stats, options, workers)

    def open_spider(self) -> None:
        if self.workers > 0:
            self._pool = _make_pool(self.workers)

    def close_spider(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=False)
            self._pool = None

    async def _run(self, page: dict[str, Any]) -> dict[str, Any]:
        if self._pool is None:
            return process_page(page, self.options)
        future = self._pool.submit(process_page, page, self.options)
        return await asyncio.wrap_future(future)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        page = {
            "url": item.url,
            "source": item.source,
            "status": item.status,
            "body": item.body,
            "encoding": item.encoding,
            "fetched_at": item.fetched_at,
        }
        try:
            record = await self._run(page)
        except Exception as exc:  # a dead worker (e.g. killed by the OOM killer)
            logger.error("cleaning worker failed on %s: %r", item.url, exc)
            record = {"type": "failure", "url": item.url, "source": item.source,
                      "reason": "worker_crashed", "status": item.status,
                      "detail": repr(exc)[:500], "fetched_at": item.fetched_at}
        self._count(record)
        return record_to_item(record)

    def _count(self, record: dict[str, Any]) -> None:
        if record["type"] == "article":
            self.stats.inc_value("cleaner/articles")
            for removal in record["removed"]:
                self.stats.inc_value(f"cleaner/removed/{removal['rule']}")
        else:
            self.stats.inc_value(f"cleaner/rejected/{record['reason']}")


class DedupPipeline:
    """Emit each article content once: a second URL with the same
    ``content_hash`` becomes a ``duplicate`` failure record naming the first."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats
        self.seen: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        if not crawler.settings.getbool("DEDUP_ENABLED"):
            raise NotConfigured("DEDUP_ENABLED is off")
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        first = self.seen.setdefault(item.content_hash, item.url)
        if first == item.url:
            return item
        self.stats.inc_value("dedup/duplicates")
        return FailureItem(
            url=item.url,
            source=item.source,
            reason="duplicate",
            status=item.status,
            detail=f"same content as {first}",
            fetched_at=item.fetched_at,
        )
