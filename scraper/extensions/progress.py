"""Progress of a running crawl: one log line every ``PROGRESS_INTERVAL`` seconds.

Example::

    Progress: 1,234 pages (312/min now, 290/min overall), 1,100 articles,
    34 failures, 0 dropped, queue 556, in flight 16, ETA 2m10s (1,134 of 2,000 done)

* pages: responses received; the rate over the last interval and overall;
* articles / failures / dropped: records scraped or dropped so far;
* queue: requests waiting in the scheduler (``len(scheduler)``; with Redis,
  the shared queue of every process), in flight: requests being downloaded;
* ETA: when a spider knows how many records to expect it sets the stat
  ``progress/expected`` (the feeds spider: one per distinct article URL it
  queued); then ETA = (expected - records) / recent record rate. Without it,
  no ETA is shown.

``PROGRESS_FILE`` (optional) receives the same figures as one JSON object,
rewritten at each interval and when the spider closes (written to a temporary
file, then renamed: a reader never sees half of it). Its keys: ``elapsed``
(s), ``pages``, ``articles``, ``failures``, ``dropped``, ``queue``,
``in_flight``, ``expected``, ``pages_per_min``, ``eta_seconds``, ``finished``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from scraper.items import ArticleItem, FailureItem

__all__ = ["Progress", "format_duration"]

logger = logging.getLogger(__name__)


def format_duration(seconds: float) -> str:
    """``45s``, ``2m10s``, ``3h05m``."""
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"


class Progress:
    """Extension: counts records through signals, reads the rest from stats and the engine."""

    def __init__(self, crawler: Crawler, stats: StatsCollector, interval: float,
                 path: str = "") -> None:
        self.crawler = crawler
        self.stats = stats
        self.interval = interval
        self.path = Path(path) if path else None
        self.articles = self.failures = self.dropped = 0
        self._started = 0.0
        self._last: tuple[float, int, int] = (0.0, 0, 0)  # time, pages, records
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL")
        if interval <= 0:
            raise NotConfigured("PROGRESS_INTERVAL is 0")
        assert crawler.stats is not None
        ext = cls(crawler, crawler.stats, interval, crawler.settings.get("PROGRESS_FILE") or "")
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        return ext

    # --- signals -----------------------------------------------------------------

    def spider_opened(self) -> None:
        self._started = time.monotonic()
        self._last = (self._started, 0, 0)
        self._loop = task.LoopingCall(self.report)
        self._loop.start(self.interval, now=False)

    def spider_closed(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.report(finished=reason)

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, ArticleItem):
            self.articles += 1
        elif isinstance(item, FailureItem):
            self.failures += 1

    def item_dropped(self, item: Any) -> None:
        self.dropped += 1

    # --- figures -----------------------------------------------------------------

    def _queue(self) -> tuple[int | None, int | None]:
        try:
            engine = self.crawler.engine
        except RuntimeError:  # no crawl running (a crawler built in a test)
            return None, None
        scheduler = engine.scheduler
        try:
            queue = len(scheduler) if scheduler is not None else None  # type: ignore[arg-type]
        except Exception:  # no __len__, or a shared queue out of reach
            queue = None
        return queue, len(engine.downloader.active)

    def snapshot(self) -> dict[str, Any]:
        """The current figures (see the module doc for the keys)."""
        now = time.monotonic()
        elapsed = now - self._started
        pages = int(self.stats.get_value("response_received_count", 0))
        records = self.articles + self.failures + self.dropped
        last_time, last_pages, last_records = self._last
        span = max(now - last_time, 1e-6)
        queue, in_flight = self._queue()
        expected = self.stats.get_value("progress/expected")
        eta = None
        record_rate = (records - last_records) / span or records / max(elapsed, 1e-6)
        if expected and record_rate > 0:
            eta = max(int(expected) - records, 0) / record_rate
        self._last = (now, pages, records)
        return {
            "elapsed": round(elapsed, 1), "pages": pages, "articles": self.articles,
            "failures": self.failures, "dropped": self.dropped, "queue": queue,
            "in_flight": in_flight, "expected": expected,
            "pages_per_min": round(60 * (pages - last_pages) / span, 1),
            "pages_per_min_overall": round(60 * pages / max(elapsed, 1e-6), 1),
            "eta_seconds": None if eta is None else round(eta, 1),
            "finished": None,
        }

    def report(self, finished: str | None = None) -> None:
        figures = self.snapshot()
        figures["finished"] = finished
        line = (f"{figures['pages']:,} pages ({figures['pages_per_min']:,.0f}/min now, "
                f"{figures['pages_per_min_overall']:,.0f}/min overall), "
                f"{figures['articles']:,} articles, {figures['failures']:,} failures, "
                f"{figures['dropped']:,} dropped")
        if figures["queue"] is not None:
            line += f", queue {figures['queue']:,}, in flight {figures['in_flight']:,}"
        if finished is not None:
            line += f", finished ({finished}) after {format_duration(figures['elapsed'])}"
        elif figures["eta_seconds"] is not None:
            done = figures["articles"] + figures["failures"] + figures["dropped"]
            line += (f", ETA {format_duration(figures['eta_seconds'])} "
                     f"({done:,} of {figures['expected']:,} done)")
        logger.info("Progress: %s", line)
        if self.path is not None:
            self._write(figures)

    def _write(self, figures: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            tmp = self.path.with_name(self.path.name + ".tmp")  # type: ignore[union-attr]
            tmp.write_text(json.dumps(figures), encoding="utf-8")
            os.replace(tmp, self.path)  # type: ignore[arg-type]
        except OSError as exc:
            logger.warning("cannot write PROGRESS_FILE %s: %s", self.path, exc)
