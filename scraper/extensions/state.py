"""Incremental, resumable crawls on top of :class:`scraper.state.store.StateStore`.

Three components share one store, owned by this extension (the two
middlewares live in :mod:`scraper.middlewares.conditional` and
:mod:`scraper.middlewares.resume`):

:class:`StateExtension` (``EXTENSIONS``)
    opens the store, takes the run lock (an overlapping run fails at start
    with :class:`~scraper.state.lock.RunLocked`, exit status 1), records the run,
    keeps every scheduled request in ``pending`` until its record has been
    written to the feeds (its ``item_scraped`` handler runs after the feed
    exporter's), drops feed/sitemap entries dated before the last successful
    run (``incremental/skipped_old``), writes each emitted article's hash and
    validators, and logs the final counts. After a killed run it first clears
    what that run left unusable (:mod:`scraper.state.recovery`).
:class:`~scraper.middlewares.conditional.ConditionalRequestMiddleware` (``DOWNLOADER_MIDDLEWARES``)
    sends ``If-None-Match`` / ``If-Modified-Since`` for pages whose article is
    stored; a ``304`` ends the request quietly as ``incremental/unchanged``
    (no callback, no errback, so no failure record).
:class:`~scraper.middlewares.resume.ResumeSpiderMiddleware` (``SPIDER_MIDDLEWARES``)
    re-issues (``dont_filter``) the requests a crashed or paused run left
    unfinished, and tells the extension when a callback has finished.

The new / changed / unchanged decision for a cleaned article is made by
:class:`scraper.pipelines.state.StatePipeline`.

Stats: ``incremental/new``, ``incremental/changed``, ``incremental/unchanged``
(``.../not_modified`` for 304s, ``.../same_hash`` for a 200 with the stored
content hash), ``incremental/failed`` (failure records), ``incremental/skipped_old``,
``incremental/conditional`` (conditional requests sent), ``incremental/resumed``,
``incremental/done_before`` (after a killed run, requests for URLs it had recorded).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.request import request_from_dict
from twisted.internet import task
from twisted.python.failure import Failure

from scraper.distributed import WAKE_META
from scraper.feedstorage import feed_file_opened
from scraper.items import ArticleItem, FailureItem
from scraper.state.recovery import (
    ResumeRefused, discard_stale_queue, interrupted_runs, interrupted_since, last_records,
    overwritten_feeds, recorded_since,
)
from scraper.state.lock import RunLock, RunLocked
from scraper.state.store import StateStore, utc_now

logger = logging.getLogger(__name__)

__all__ = ["ResumeRefused", "RunLocked", "StateExtension", "state_extension", "state_path"]

COUNTS = ("new", "changed", "unchanged", "failed", "skipped_old")
KEY = "state_key"  # request.meta: pending-table key, kept across retries and redirects


def state_path(template: str, spider_name: str) -> Path:
    """``STATE_PATH`` with ``%(name)s`` replaced by the spider name."""
    return Path(template % {"name": spider_name}).expanduser()


def _request_of(response: Response | Failure | None) -> Request | None:
    return getattr(response, "request", None) if response is not None else None


def _header(response: Response | Failure | None, name: str) -> str | None:
    if not isinstance(response, Response):
        return None
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _parse_date(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


class StateExtension:
    """Owns the state store and the run lock for one crawl (see module doc)."""

    def __init__(self, crawler: Crawler, store: StateStore, lock: RunLock, *,
                 heartbeat: float, skip_old: bool, resume: bool) -> None:
        self.crawler = crawler
        self.store = store
        self.lock = lock
        self.heartbeat_interval = heartbeat
        self.skip_old = skip_old
        self.resume = resume
        assert crawler.spider is not None
        self.spider_name = crawler.spider.name
        self.previous = store.previous_run(self.spider_name)
        self.last_success = store.last_success(self.spider_name)
        # start of the killed job whose outcomes count as done (None: last run closed)
        self.interrupted_since = interrupted_since(store.runs(self.spider_name))
        self.run_id = store.start_run(self.spider_name, os.getpid())
        self.decisions: dict[str, str] = {}  # url -> "new" | "changed", until emitted
        self.emitted: dict[str, str] = {}  # url -> content hash emitted in this run
        self._outstanding: dict[str, int] = {}  # pending key -> items in the pipelines
        self._callback_done: set[str] = set()
        self._just_added: str | None = None
        self._resumed: set[str] = set()  # keys re-issued by resume_requests()
        self._beat: task.LoopingCall | None = None
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StateExtension:
        settings = crawler.settings
        if not settings.getbool("STATE_ENABLED"):
            raise NotConfigured("STATE_ENABLED is off")
        assert crawler.spider is not None
        name = crawler.spider.name
        store = StateStore(state_path(settings.get("STATE_PATH"), name))
        lock = RunLock(store, name, stale_after=settings.getfloat("STATE_LOCK_STALE"))
        try:
            lock.acquire()
        except RunLocked as exc:
            store.close()
            logger.error("%s", exc)
            raise
        if lock.took_over is not None:
            logger.warning("took over the state lock of pid %d on %s (stale or dead)",
                           lock.took_over.pid, lock.took_over.host)
        previous = store.previous_run(name)
        if previous is not None and previous.close_reason is None:
            cls._recover(settings, store, lock, name)
        ext = cls(crawler, store, lock,
                  heartbeat=settings.getfloat("STATE_LOCK_HEARTBEAT"),
                  skip_old=settings.getbool("STATE_SKIP_OLD_ENTRIES"),
                  resume=settings.getbool("STATE_RESUME"))
        crawler.signals.connect(ext.engine_started, signal=signals.engine_started)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.feed_file_opened, signal=feed_file_opened)
        logger.info("state store %s (run %d; last successful run started %s)",
                    store.path, ext.run_id, ext.last_success.isoformat() if ext.last_success
                    else "never")
        return ext

    @staticmethod
    def _recover(settings: Any, store: StateStore, lock: RunLock, spider: str) -> None:
        """The previous run was killed: refuse ``-O`` on its output, settle the
        record it wrote last, drop its JOBDIR queue (see :mod:`scraper.state.recovery`)."""
        feeds = settings.getdict("FEEDS")
        overwritten = overwritten_feeds(feeds)
        if overwritten:
            lock.release()
            store.close()
            message = (f"the previous run was killed; -O would delete its records in "
                       f"{', '.join(map(str, overwritten))}, which the state store counts as "
                       f"written: resume with -o (append), or delete {store.path} to start over")
            logger.error("%s", message)
            raise ResumeRefused(message)
        files = store.outputs(interrupted_runs(store.runs(spider)))
        for record in last_records(feeds, files):
            with store.transaction():
                if not store.finish_pending_url(record["url"]):
                    continue  # committed before the kill
                StateExtension._settle(store, record)
            logger.warning("the killed run wrote %s but did not commit it; committed now",
                           record["url"])
        discard_stale_queue(settings)

    @staticmethod
    def _settle(store: StateStore, record: dict[str, Any]) -> None:
        """Store a written record's outcome, as :meth:`item_scraped` would have."""
        url, source = record["url"], str(record.get("source") or "")
        fetched_at = str(record.get("fetched_at") or utc_now())
        if record.get("type") == "article" and record.get("content_hash"):
            store.record_article(url, source, str(record["content_hash"]), None, None, fetched_at)
        else:
            store.record_outcome(url, source, str(record.get("reason") or "failure"), fetched_at)

    def feed_file_opened(self, path: Path) -> None:
        """Keep the run's output files: the run after a crash reads their last line.
        (Scrapy opens a feed's file at its first record; an empty feed's file at
        the close, after the store: it holds no record to settle.)"""
        if not self.closed:
            self.store.add_output(self.run_id, path)

    def spider_opened(self, spider: Spider) -> None:
        # Connected now, after every extension's from_crawler: the feed exporter's
        # item_scraped (which writes the line) always runs before this one's
        # (which finishes the pending request and stores the hash).
        self.crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def inc(self, key: str) -> None:
        self.stats.inc_value(f"incremental/{key}")

    def _account(self, request: Request, key: str) -> None:
        """Keep :mod:`scraper.extensions.accounting`'s balance for article requests that
        end here without a record (or are re-issued)."""
        if request.meta.get("accounting") == "article":
            self.stats.inc_value(key)

    # --- lock heartbeat ---------------------------------------------------------
    def engine_started(self) -> None:
        self._beat = task.LoopingCall(self._heartbeat)
        self._beat.start(self.heartbeat_interval, now=False)

    def _heartbeat(self) -> None:
        if self.lock.heartbeat():
            return
        logger.error("lost the state lock of spider %r (taken over by another run); stopping",
                     self.spider_name)
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        assert self.crawler.engine is not None
        self.crawler.engine.close_spider(self.crawler.spider, "state_lock_lost")

    # --- pending requests -------------------------------------------------------
    def resume_requests(self, spider: Spider) -> Iterator[Request]:
        """Unfinished requests of an interrupted run, with ``dont_filter``.

        After a crash every pending request is re-issued (the JOBDIR queue is
        not saved on ``kill -9``); after a clean pause with ``JOBDIR`` only
        those that were in flight (the queued ones come back from the queue).
        """
        if not self.resume or self.previous is None:
            return
        crashed = self.previous.close_reason is None
        inflight_only = not crashed and bool(self.crawler.settings.get("JOBDIR"))
        rows = list(self.store.pending(inflight_only=inflight_only))
        if rows:
            logger.info("resuming %d unfinished requests of run %d (%s)", len(rows),
                        self.previous.id, "crashed" if crashed else self.previous.close_reason)
        for key, data in rows:
            try:
                request = request_from_dict(data, spider=spider)
            except ValueError as exc:  # the spider lost a callback since
                logger.warning("cannot resume %s: %s", data.get("url"), exc)
                self.store.finish_pending(key)
                continue
            request.meta[KEY] = key
            request.meta["state_resumed"] = True
            self._resumed.add(key)
            self.inc("resumed")
            self._account(request, "accounting/article_requests")
            yield request.replace(dont_filter=True)

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        self._just_added = None
        if request.meta.get(WAKE_META):
            return  # the distributed wake-up marker: refused by SharedIdle, never pending
        if self._is_old_entry(request):
            self.inc("skipped_old")
            self._account(request, "accounting/skipped/old_entry")
            raise IgnoreRequest("entry older than the last successful run")
        key = request.meta.get(KEY)
        if key is None:
            assert self.crawler.request_fingerprinter is not None
            key = self.crawler.request_fingerprinter.fingerprint(request).hex()
            request.meta[KEY] = key
        if key in self._resumed and not request.meta.get("state_resumed"):
            # the listing names a page already re-issued with dont_filter
            self._account(request, "accounting/repeated/resumed")
            raise IgnoreRequest("already re-issued from an interrupted run")
        if self._done_before(request):
            self.inc("done_before")
            self._account(request, "accounting/repeated/done_before")
            raise IgnoreRequest("recorded by the interrupted run")
        try:
            data = request.to_dict(spider=spider)
        except ValueError as exc:  # callback is not a spider method: cannot resume it
            logger.debug("not tracking %s: %s", request.url, exc)
            return
        if self.store.add_pending(key, request.url, data):
            self._just_added = key

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """A duplicate was filtered: forget it unless it shares an earlier row."""
        key = request.meta.get(KEY)
        if key is not None and key == self._just_added:
            self.store.finish_pending(key)
        self._just_added = None

    def _done_before(self, request: Request) -> bool:
        """The killed run already wrote this URL's record (it is no longer pending)."""
        if self.interrupted_since is None or request.meta.get("state_resumed"):
            return False
        if request.meta.get("redirect_urls"):
            return False  # a hop: its origin was checked when it was scheduled
        page = self.store.page(request.url)
        return page is not None and recorded_since(page.fetched_at, self.interrupted_since)

    def _is_old_entry(self, request: Request) -> bool:
        if not (self.skip_old and self.last_success) or request.meta.get("state_resumed"):
            return False
        date = _parse_date(request.meta.get("entry_date"))
        if date is None or date >= self.last_success:
            return False
        return self.store.page(request.url) is not None  # only pages seen before

    def mark_inflight(self, request: Request) -> None:
        key = request.meta.get(KEY)
        if key is not None:
            self.store.mark_inflight(key)

    def finish(self, request: Request | None) -> None:
        """The request and everything it produced are done."""
        key = request.meta.get(KEY) if request is not None else None
        if key is not None:
            self._outstanding.pop(key, None)
            self._callback_done.discard(key)
            self.store.finish_pending(key)

    def item_started(self, request: Request | None) -> None:
        key = request.meta.get(KEY) if request is not None else None
        if key is not None:
            self._outstanding[key] = self._outstanding.get(key, 0) + 1

    def callback_finished(self, request: Request | None) -> None:
        key = request.meta.get(KEY) if request is not None else None
        if key is None:
            return
        if self._outstanding.get(key, 0) == 0:
            self.finish(request)
        else:
            self._callback_done.add(key)

    def _item_finished(self, response: Response | Failure | None) -> None:
        request = _request_of(response)
        key = request.meta.get(KEY) if request is not None else None
        if key is None:
            return
        if key not in self._outstanding:  # an errback's item: not counted, done now
            self.finish(request)
            return
        self._outstanding[key] -= 1
        if self._outstanding[key] <= 0 and key in self._callback_done:
            self.finish(request)

    # --- items ------------------------------------------------------------------
    def classify(self, item: ArticleItem) -> str:
        """``new``, ``changed`` or ``unchanged`` against the store and this run."""
        if self.emitted.get(item.url) == item.content_hash:
            return "unchanged"
        prior = self.store.page(item.url)
        if prior is None or prior.content_hash is None:
            decision = "new"
        elif prior.content_hash == item.content_hash:
            return "unchanged"
        else:
            decision = "changed"
        self.decisions[item.url] = decision
        self.emitted[item.url] = item.content_hash
        return decision

    def item_scraped(self, item: Any, response: Response | Failure | None) -> None:
        """Runs after the feed exporter wrote the item (it connected first)."""
        with self.store.transaction():
            if isinstance(item, ArticleItem):
                decision = self.decisions.pop(item.url, "new")
                self.store.record_article(item.url, item.source, item.content_hash,
                                          _header(response, "ETag"),
                                          _header(response, "Last-Modified"), item.fetched_at)
                score = (item.scores or {}).get("score")
                if isinstance(score, (int, float)):
                    self.store.add_score(item.source, float(score))
                self.inc(decision)
            elif isinstance(item, FailureItem):
                self.store.record_outcome(item.url, item.source, item.reason, item.fetched_at)
                self.inc("failed")
            self._item_finished(response)

    def item_dropped(self, item: Any, response: Response | Failure | None,
                     exception: BaseException) -> None:
        if isinstance(item, ArticleItem):
            self.decisions.pop(item.url, None)
        self._item_finished(response)

    def item_error(self, item: Any, response: Response | Failure | None, failure: Failure) -> None:
        self._item_finished(response)

    def not_modified(self, request: Request, source: str) -> None:
        self.store.record_outcome(request.url, source, "unchanged", utc_now())
        self.inc("unchanged")
        self.inc("unchanged/not_modified")
        self._account(request, "accounting/skipped/not_modified")
        self.finish(request)

    # --- close ------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {name: int(self.stats.get_value(f"incremental/{name}", 0)) for name in COUNTS}

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        counts = self.counts()
        if reason == "finished":
            self.store.clear_pending()
        self.store.finish_run(self.run_id, reason, counts)
        pending = self.store.pending_count()
        self.lock.release()
        self.store.close()
        self.closed = True
        logger.info(
            "incremental crawl of %s (%s): %d new, %d changed, %d unchanged, %d failed, "
            "%d skipped as older than the last run; %d requests left pending",
            spider.name, reason, counts["new"], counts["changed"], counts["unchanged"],
            counts["failed"], counts["skipped_old"], pending)


def state_extension(crawler: Crawler) -> StateExtension:
    """The crawl's :class:`StateExtension` (``crawler.get_extension``), for the
    components that are views of it; ``NotConfigured`` when state is off."""
    ext = crawler.get_extension(StateExtension)
    if ext is None:
        raise NotConfigured("StateExtension is not enabled (STATE_ENABLED)")
    return ext
