"""The clean+score pool and the dedup pipeline, built as Scrapy builds them
(``get_crawler()`` + ``build_from_crawler()``), run on real worker processes."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

import pytest
import trafilatura.utils
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from bench.sitegen import invented_page
import scraper.settings
from scraper.items import ArticleItem, FailureItem, PageItem
from scraper.pipelines.cleaning import CleanScorePipeline, default_workers
from scraper.pipelines.dedup import DedupPipeline
from scraper.pipelines.processing import ProcessingOptions, Worker
from tests import poolfuncs


PROJECT = {name: getattr(scraper.settings, name) for name in (
    "CLEANER_ENABLED", "CLEANER_MIN_TEXT_CHARS", "SCORING_ENABLED", "CLEANER_WORKERS",
    "CLEANER_MAX_PENDING", "CLEANER_RESET_CACHES_EVERY", "CLEANER_RECYCLE_PAGES",
    "DEDUP_ENABLED", "DEDUP_SHARED")}


def page_item(index: int, body: bytes | None = None) -> PageItem:
    url = f"http://bench-1.test/news/{index}.html"
    html = body if body is not None else invented_page(index, "bench-1.test")[1].encode()
    return PageItem(url=url, source="bench-1.test", status=200, body=html, encoding="utf-8")


def build(settings: dict[str, Any] | None = None) -> tuple[Any, CleanScorePipeline]:
    crawler = get_crawler(settings_dict={**PROJECT, "CLEANER_WORKERS": 2, **(settings or {})})
    crawler.stats.open_spider()
    return crawler, build_from_crawler(CleanScorePipeline, crawler)


def run_items(pipeline: CleanScorePipeline, items: list[PageItem]) -> list[Any]:
    async def go() -> list[Any]:
        return await asyncio.gather(*(pipeline.process_item(i) for i in items),
                                    return_exceptions=True)
    pipeline.open_spider()
    try:
        return asyncio.run(go())
    finally:
        pipeline.close_spider()


def test_default_workers_is_the_usable_cores() -> None:
    _, pipeline = build({"CLEANER_WORKERS": None})
    assert pipeline.workers == default_workers() >= 1
    assert pipeline.max_pending == 2 * pipeline.workers


def test_pool_turns_pages_into_articles() -> None:
    crawler, pipeline = build()
    results = run_items(pipeline, [page_item(i) for i in range(12)])
    assert all(isinstance(r, ArticleItem) for r in results), results
    assert sorted(r.url for r in results) == sorted(page_item(i).url for i in range(12))
    assert crawler.stats.get_value("cleaner/articles") == 12


def test_pages_are_cleaned_on_every_worker() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 2})
    pipeline.function = poolfuncs.worker_pid
    results = run_items(pipeline, [page_item(i) for i in range(16)])
    pids = {int(r.detail) for r in results}
    assert len(pids) == 2
    assert os.getpid() not in pids


class CountingPool:
    """Wraps a pool and records the most futures outstanding at once."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.outstanding = self.most = 0

    def submit(self, fn: Any, *args: Any) -> Future[Any]:
        future = self.pool.submit(fn, *args)
        self.outstanding += 1
        self.most = max(self.most, self.outstanding)
        future.add_done_callback(self._done)
        return future

    def _done(self, _: Future[Any]) -> None:
        self.outstanding -= 1

    def shutdown(self, **kwargs: Any) -> None:
        self.pool.shutdown(**kwargs)


def test_pages_in_flight_are_bounded() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 2, "CLEANER_MAX_PENDING": 3})
    pipeline.function = poolfuncs.worker_pid
    pipeline.open_spider()
    counting = CountingPool(pipeline._pool)  # type: ignore[arg-type]
    pipeline._pool = counting  # type: ignore[assignment]

    async def go() -> list[Any]:
        return await asyncio.gather(*(pipeline.process_item(page_item(i)) for i in range(30)))

    try:
        results = asyncio.run(go())
    finally:
        pipeline.close_spider()
    assert len(results) == 30
    assert counting.most == 3


def test_dead_worker_loses_no_page() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 2})
    pipeline.function = poolfuncs.crash_on_marker
    poison = page_item(99, body=invented_page(99, "bench-1.test")[1].encode()
                       + poolfuncs.CRASH_MARKER)
    items = [page_item(i) for i in range(6)] + [poison] + [page_item(i) for i in range(6, 12)]
    results = run_items(pipeline, items)
    by_url = {r.url: r for r in results}
    assert len(by_url) == 13
    crashed = by_url.pop(poison.url)
    assert isinstance(crashed, FailureItem) and crashed.reason == "worker_crashed"
    assert all(isinstance(r, ArticleItem) for r in by_url.values()), by_url
    stats = crawler.stats
    assert stats.get_value("cleaner/rejected/worker_crashed") == 1
    assert stats.get_value("cleaner/articles") == 12
    assert stats.get_value("cleaner/pool_broken") >= 1
    assert stats.get_value("cleaner/retried") >= 1


def test_pool_works_again_after_a_crash() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 1})
    pipeline.function = poolfuncs.crash_on_marker
    poison = page_item(98, body=b"<html><body>" + poolfuncs.CRASH_MARKER + b"</body></html>")
    pipeline.open_spider()

    async def go() -> tuple[Any, list[Any]]:
        first = await pipeline.process_item(poison)
        rest = [await pipeline.process_item(page_item(i)) for i in range(3)]
        return first, rest

    try:
        first, rest = asyncio.run(go())
    finally:
        pipeline.close_spider()
    assert first.reason == "worker_crashed"
    assert all(isinstance(r, ArticleItem) for r in rest)


def test_pool_is_recycled_without_losing_pages() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 1, "CLEANER_RECYCLE_PAGES": 4})
    pipeline.function = poolfuncs.worker_pid
    results = run_items(pipeline, [page_item(i) for i in range(12)])
    assert len({r.url for r in results}) == 12
    assert crawler.stats.get_value("cleaner/pool_recycled") == 2
    assert len({r.detail for r in results}) == 3  # one worker process per pool


def test_worker_empties_trafilatura_caches() -> None:
    worker = Worker(ProcessingOptions(), reset_caches_every=2)
    page = {"url": "http://bench-1.test/news/1.html", "source": "bench-1.test", "status": 200,
            "body": invented_page(1, "bench-1.test")[1].encode(), "encoding": "utf-8",
            "fetched_at": "2026-05-01T00:00:00+00:00"}
    worker(page)  # trim: a cache trafilatura.meta.reset_caches empties, still used per page
    assert trafilatura.utils.trim.cache_info().currsize > 0
    worker(page)
    assert trafilatura.utils.trim.cache_info().currsize == 0


def test_cleaning_off_drops_pages_and_counts_them() -> None:
    crawler, pipeline = build({"CLEANER_ENABLED": False})
    results = run_items(pipeline, [page_item(1), page_item(2)])
    assert all(isinstance(r, DropItem) for r in results)
    assert crawler.stats.get_value("cleaner/skipped") == 2
    assert pipeline._pool is None


def test_in_process_cleaning_with_zero_workers() -> None:
    crawler, pipeline = build({"CLEANER_WORKERS": 0})
    results = run_items(pipeline, [page_item(1)])
    assert isinstance(results[0], ArticleItem)


def test_dedup_in_memory() -> None:
    crawler = get_crawler(settings_dict=PROJECT)
    dedup = build_from_crawler(DedupPipeline, crawler)
    record = {"url": "http://a.test/1", "source": "a.test", "title": "t", "authors": [],
              "published": None, "language": "en", "text": "x", "removed": [], "scores": {},
              "content_hash": "h1", "fetched_at": "2026-05-01T00:00:00+00:00", "status": 200}
    first = dedup.process_item(ArticleItem(**record))
    again = dedup.process_item(ArticleItem(**record))
    copy = dedup.process_item(ArticleItem(**{**record, "url": "http://a.test/2"}))
    assert isinstance(first, ArticleItem) and isinstance(again, ArticleItem)
    assert isinstance(copy, FailureItem) and copy.reason == "duplicate"
    assert copy.detail == "same content as http://a.test/1"
    assert crawler.stats.get_value("dedup/duplicates") == 1


@pytest.mark.parametrize("setting", ["DEDUP_ENABLED"])
def test_dedup_off(setting: str) -> None:
    from scrapy.exceptions import NotConfigured

    crawler = get_crawler(settings_dict={**PROJECT, setting: False})
    with pytest.raises(NotConfigured):
        build_from_crawler(DedupPipeline, crawler)


def test_worker_hands_heap_back_every_few_pages_and_after_a_big_page(monkeypatch: Any) -> None:
    from scraper.pipelines import processing

    trims: list[int] = []
    monkeypatch.setattr(processing, "_MALLOC_TRIM", trims.append)
    worker = Worker(ProcessingOptions())
    small = {"url": "http://bench-1.test/news/1.html", "source": "bench-1.test", "status": 200,
             "body": invented_page(1, "bench-1.test")[1].encode(), "encoding": "utf-8",
             "fetched_at": "2026-05-01T00:00:00+00:00"}
    for _ in range(processing.TRIM_EVERY * 2):
        worker(small)
    assert len(trims) == 2
    big = small["body"] + b"<!-- padding -->" * (processing.TRIM_BODY_BYTES // 16)
    worker({**small, "body": big})
    assert len(trims) == 3


@pytest.mark.skipif(not hasattr(__import__("fcntl"), "F_GETPIPE_SZ"), reason="Linux only")
def test_pool_pipes_hold_whole_pages() -> None:
    """A page (~100 KB pickled) fits in the pool's task pipe, so a worker can
    read its next page without waiting for the crawl process to write the rest."""
    import fcntl

    from scraper.pipelines.cleaning import PIPE_SIZE

    _, pipeline = build({"CLEANER_WORKERS": 1})
    pipeline.open_spider()
    try:
        pool = pipeline._pool
        for queue in (pool._call_queue, pool._result_queue):  # type: ignore[union-attr]
            assert fcntl.fcntl(queue._writer.fileno(), fcntl.F_GETPIPE_SZ) >= PIPE_SIZE
    finally:
        pipeline.close_spider()
