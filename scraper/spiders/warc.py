"""``scrapy crawl warc -a path=P[,P...]``: clean and score the pages of web archives.

Each HTML ``response`` record of a WARC/ARC file becomes the same
:class:`~scraper.items.PageItem` a crawled page does (sniffed and charset-checked
by :meth:`NewsSpider.page_item`), so it is cleaned in the process pool,
deduplicated and classified by the incremental state like any page; its
record keeps ``url`` = WARC-Target-URI, ``fetched_at`` = WARC-Date, ``status``
from the archived response, and ``warc`` = ``{"file", "offset", "record_id"}``.

Options: ``-a path=`` and ``-a paths=FILE`` with ``-a base=URL`` (see
:mod:`scraper.warc.inputs`), filters ``-a domains=a.com,b.org``,
``-a seeds=outlets.toml``, ``-a since=YYYY-MM-DD``, ``-a url_allow=REGEX``,
``-a url_deny=REGEX``.

Records are read lazily in ``start()``: a record is read only when fewer than
``WARC_MAX_PENDING`` of this spider's items are still in the pipelines (counted
through the item signals), so the cleaning pool paces the reading and memory
holds a few pages, whatever the archive's size; the reactor runs between
records. Remote archives are downloaded first, in ranges, through Scrapy's
downloader (:mod:`scraper.warc.fetch`). With ``REDIS_URL``, each archive is
taken by one process only (:class:`scraper.distributed.FileClaims`).

Stats: ``warc/files``, ``warc/records``, ``warc/pages`` (records handed to the
pipelines), ``warc/skipped/<reason>`` (record types ``request``, ``metadata``,
``revisit``, ``warcinfo``, ...; ``not_html``, ``not_http``, ``redirect``,
``not_modified``, ``no_url``; filters ``domain``, ``outlet_rule``, ``url_allow``, ``url_deny``,
``before_since``), ``warc/taken_elsewhere``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.http import Headers, HtmlResponse, Response, TextResponse
from scrapy.responsetypes import responsetypes

from scraper.items import FailureItem, PageItem, WarcFailureItem
from scraper.discovery.seeds import SeedError, load_outlets
from scraper.spiders.base import NewsSpider
from scraper.discovery.urls import registered_domain
from scraper.warc.records import ArchivedRecord, BadArchive, read_archive
from scraper.warc.fetch import FetchFailed, fetch_to_file
from scraper.warc.inputs import (
    InputError, RecordFilter, expand, is_remote, read_paths_file, resolve,
)

logger = logging.getLogger(__name__)

__all__ = ["WarcSpider", "archived_response", "skip_reason", "wants_payload"]

_YIELD_EVERY = 64  # skipped records read between two turns of the reactor


def _headers(record: ArchivedRecord) -> Headers:
    return Headers([(k.encode("latin-1", "replace"), v.encode("latin-1", "replace"))
                    for k, v in record.headers])


def wants_payload(record: ArchivedRecord) -> bool:
    """Read the payload of a 2xx or 4xx/5xx response that may be HTML by its
    headers and URL, as Scrapy would type it (an untyped one is sniffed later)."""
    if record.status is None or 300 <= record.status < 400:
        return False
    cls = responsetypes.from_args(headers=_headers(record), url=record.url)
    return issubclass(cls, HtmlResponse) or cls in (Response, TextResponse)


def archived_response(record: ArchivedRecord) -> Response:
    """The archived HTTP response as the Scrapy response a crawl would have got."""
    body = record.body or b""
    headers = _headers(record)
    cls = responsetypes.from_args(headers=headers, url=record.url, body=body)
    return cls(url=record.url, status=record.status or 200, headers=headers, body=body)


def skip_reason(record: ArchivedRecord) -> str | None:
    """Why a record is no page (``warc/skipped/<reason>``), before its payload is looked at."""
    if record.type != "response":
        return record.type or "untyped"
    if not record.url:
        return "no_url"
    if record.status is None:
        return "not_http"  # dns: records, or no parsable HTTP status line
    status = record.status
    if status == 304:
        return "not_modified"
    if 300 <= status < 400:
        return "redirect"
    if status < 200:
        return "informational"
    return None


class WarcSpider(NewsSpider):
    name = "warc"

    def __init__(self, path: str = "", paths: str = "", base: str = "", domains: str = "",
                 seeds: str = "", since: str = "", url_allow: str = "", url_deny: str = "",
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.path_arg, self.paths_arg, self.base = path, paths, base or None
        self.filter_args = {"domains": domains, "seeds": seeds, "since": since,
                            "url_allow": url_allow, "url_deny": url_deny}
        self._pending = 0  # this spider's items not yet through the pipelines
        self._archive_urls: set[str] = set()  # URLs of archive failures (not records')
        self._room: asyncio.Event | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcSpider:
        spider: WarcSpider = super().from_crawler(crawler, *args, **kwargs)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=signal)
        return spider

    # --- inputs -------------------------------------------------------------------

    def archives(self) -> list[str]:
        """URLs and absolute local paths (what a record's ``warc.file`` names)."""
        entries = [p.strip() for p in self.path_arg.split(",") if p.strip()]
        if self.paths_arg:
            entries += read_paths_file(self.paths_arg)
        return [e if is_remote(e) else os.path.abspath(e)
                for e in expand(resolve(e, self.base) for e in entries)]

    def record_filter(self) -> RecordFilter:
        args = self.filter_args
        outlets = load_outlets(args["seeds"]) if args["seeds"] else []
        return RecordFilter.build(domains=args["domains"], outlets=outlets, since=args["since"],
                                  url_allow=args["url_allow"], url_deny=args["url_deny"])

    def claims(self) -> Any:
        if not self.settings.get("REDIS_URL"):
            return None
        from scraper.distributed import FileClaims

        return FileClaims.from_crawler(self.crawler)

    # --- back-pressure ---------------------------------------------------------------

    def _item_done(self, item: Any) -> None:
        """Every item this spider yields ends in one of the three item signals."""
        self._pending = max(0, self._pending - 1)
        if self._room is not None and self._pending < self._limit:
            self._room.set()

    @property
    def _limit(self) -> int:
        return max(1, self.settings.getint("WARC_MAX_PENDING", 16))

    async def _wait_for_room(self, limit: int | None = None) -> None:
        """Until fewer than ``limit`` (default ``WARC_MAX_PENDING``) items are in the pipelines."""
        if self._room is None:
            self._room = asyncio.Event()
        while self._pending >= (limit or self._limit):
            self._room.clear()
            await self._room.wait()

    def _handed(self, item: Any) -> Any:
        self._pending += 1
        return item

    # --- start -----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        try:
            archives = self.archives()
            keep = self.record_filter()
        except (InputError, SeedError) as exc:
            logger.error("%s", exc)
            return
        if not archives:
            logger.error("no archives: use -a path=FILE|FOLDER|URL[,...] or -a paths=LIST")
            return
        claims = self.claims()
        for archive in archives:
            if claims is not None and not claims.take(archive):
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value("warc/taken_elsewhere")
                continue
            async for item in self.read(archive, keep):
                # an archive's own failure (bad_warc, ...) comes after all its pages:
                # they are still being cleaned while it would pass straight through
                await self._wait_for_room(1 if item.url in self._archive_urls else None)
                yield self._handed(item)
            if claims is not None:
                claims.done(archive)
        # Items from start() end without waking the engine: returning only once the
        # last one is through the pipelines lets the engine see it is idle at once,
        # not at its next heartbeat (up to 5 s later: measured 3.4 s, ~10 % of a
        # 1,000-record archive).
        await self._wait_for_room(1)

    async def read(self, archive: str, keep: RecordFilter) -> AsyncIterator[Any]:
        """Every item of one archive, local or remote."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("warc/files")
        if not is_remote(archive):
            try:
                stream: IO[bytes] = open(archive, "rb")
            except OSError as exc:
                yield self.archive_failure(archive, "unreadable", str(exc), 0)
                return
            with stream:
                async for item in self.records(stream, archive, keep):
                    yield item
            return
        settings = self.settings
        with tempfile.TemporaryFile(prefix="warc-", dir=settings.get("WARC_TEMP_DIR") or None) as tmp:
            try:
                await fetch_to_file(self.crawler.engine, archive, tmp,
                                    chunk_size=settings.getint("WARC_CHUNK_SIZE"),
                                    max_size=settings.getint("WARC_MAXSIZE"),
                                    timeout=settings.getfloat("WARC_CHUNK_TIMEOUT"))
            except FetchFailed as exc:
                yield self.archive_failure(archive, exc.reason, exc.detail, 0, exc.status)
                return
            tmp.flush()
            tmp.seek(0)
            async for item in self.records(tmp, archive, keep):
                yield item

    async def records(self, stream: IO[bytes], archive: str,
                      keep: RecordFilter) -> AsyncIterator[Any]:
        """The items of an open archive, read one record at a time."""
        stats = self.crawler.stats
        assert stats is not None
        size = os.fstat(stream.fileno()).st_size
        reader = read_archive(stream, keep=wants_payload, size=size,
                              max_payload=self.settings.getint("DOWNLOAD_MAXSIZE"))
        skipped = 0
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except BadArchive as exc:
                logger.warning("%s: %s", archive, exc)
                yield self.archive_failure(archive, "bad_warc", exc.detail, exc.offset)
                return
            stats.inc_value("warc/records")
            reason = skip_reason(record) or keep.reason(record.url, record.date)
            item = None if reason else self.record_item(record, archive)
            if item is None:
                stats.inc_value(f"warc/skipped/{reason or 'not_html'}")
                skipped += 1
                if skipped % _YIELD_EVERY == 0:
                    await asyncio.sleep(0)  # let the reactor run
                continue
            stats.inc_value("warc/pages")
            yield item

    # --- records -> items ----------------------------------------------------------------

    def record_item(self, record: ArchivedRecord, archive: str) -> PageItem | FailureItem | None:
        """The item of an archived response, or None when it is not an HTML page."""
        warc = {"file": archive, "offset": record.offset, "record_id": record.record_id}
        fetched_at = record.date or ""
        if record.too_large:
            return self._warc_failure(self.failure(
                record.url, "too_large", record.status,
                f"archived payload over DOWNLOAD_MAXSIZE ({self.settings.getint('DOWNLOAD_MAXSIZE')})"),
                warc, fetched_at)
        if record.body is None:
            return None
        response = archived_response(record)
        if not isinstance(response, HtmlResponse):
            return None
        status = record.status or 200
        if status >= 400:
            return self._warc_failure(self.failure(record.url, f"http_{status}", status,
                                                   "archived response"), warc, fetched_at)
        item = self.page_item(response)
        if isinstance(item, FailureItem):
            return self._warc_failure(item, warc, fetched_at)
        item.fetched_at = fetched_at or item.fetched_at
        item.warc = warc
        return item

    @staticmethod
    def _warc_failure(item: FailureItem, warc: dict[str, Any], fetched_at: str) -> WarcFailureItem:
        fields = asdict(item)
        fields.pop("type")
        fields["fetched_at"] = fetched_at or fields["fetched_at"]
        return WarcFailureItem(**fields, warc=warc)

    def archive_failure(self, archive: str, reason: str, detail: str, offset: int,
                        status: int | None = None) -> WarcFailureItem:
        """The failure record of an archive (unreadable, not downloaded, or bad at ``offset``)."""
        url = archive if is_remote(archive) else Path(archive).resolve().as_uri()
        self._archive_urls.add(url)
        item = self.failure(url, reason, status, detail)
        item.source = registered_domain(url) or "local"
        return self._warc_failure(item, {"file": archive, "offset": offset, "record_id": None}, "")

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Not used: this spider makes no scheduled requests."""
        return iter(())
