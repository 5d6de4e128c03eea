"""``scrapy crawl feeds``: outlets from ``seeds/``, their feeds and sitemaps, then articles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from scraper.items import FailureItem
from scraper.discovery.listings import Entry, ListingError, parse_feed, parse_sitemap
from scraper.discovery.seeds import Outlet, SeedError, load_outlets
from scraper.spiders.base import NewsSpider

logger = logging.getLogger(__name__)


class FeedsSpider(NewsSpider):
    """Options: ``-a seeds=PATH`` (default: the SEEDS_FILE setting),
    ``-a outlets=NAME,NAME`` to crawl only some outlets."""

    name = "feeds"

    def __init__(self, seeds: str | None = None, outlets: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seeds_path = seeds
        self.only = {o.strip() for o in outlets.split(",")} if outlets else None
        self.outlets: dict[str, Outlet] = {}
        self.queued: set[str] = set()  # article URLs queued: `progress/expected` counts them

    def load_outlets(self) -> list[Outlet]:
        path = self.seeds_path or self.settings.get("SEEDS_FILE")
        outlets = load_outlets(path)
        if self.only:
            outlets = [o for o in outlets if o.name in self.only or o.domain in self.only]
        return outlets

    async def start(self) -> AsyncIterator[Any]:
        try:
            outlets = self.load_outlets()
        except SeedError as exc:
            logger.error("%s", exc)
            return
        for outlet in outlets:
            self.outlets[outlet.name] = outlet
            kwargs = {"cb_kwargs": {"outlet": outlet.name}, "errback": self.listing_failed}
            for url in outlet.feeds:
                yield Request(url, callback=self.parse_feed, **kwargs)
            for url in outlet.sitemaps:
                yield Request(url, callback=self.parse_sitemap, **kwargs)

    def parse_feed(self, response: Response, outlet: str) -> Iterator[Any]:
        try:
            entries = parse_feed(response.body)
        except ListingError as exc:
            yield self.failure(response.url, "bad_feed", response.status, str(exc))
            return
        yield from self.follow_entries(entries, outlet)

    def parse_sitemap(self, response: Response, outlet: str) -> Iterator[Any]:
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            except Exception as exc:  # truncated or oversized gzip
                yield self.failure(response.url, "bad_sitemap", response.status, repr(exc)[:300])
                return
        try:
            entries = list(parse_sitemap(body))
        except ListingError as exc:
            yield self.failure(response.url, "bad_sitemap", response.status, str(exc))
            return
        if not entries:  # empty, or entities that were (rightly) not expanded
            yield self.failure(response.url, "bad_sitemap", response.status, "no entries")
            return
        for entry in entries:
            if entry.is_sitemap:
                yield Request(entry.url, callback=self.parse_sitemap, errback=self.listing_failed,
                              cb_kwargs={"outlet": outlet})
        yield from self.follow_entries([e for e in entries if not e.is_sitemap], outlet)

    def follow_entries(self, entries: list[Entry], outlet: str) -> Iterator[Any]:
        rules = self.outlets[outlet]
        assert self.crawler.stats is not None
        for entry in entries:
            if urlsplit(entry.url).scheme not in {"http", "https"}:
                self.crawler.stats.inc_value("skipped/bad_scheme")
                continue
            if not rules.accepts(entry.url):
                self.crawler.stats.inc_value("skipped/outlet_rule")
                continue
            meta = {"entry_date": entry.date.isoformat() if entry.date else None}
            if entry.url not in self.queued:  # the same URL in a feed and a sitemap counts once
                self.queued.add(entry.url)
                self.crawler.stats.inc_value("progress/expected")
            yield self.article_request(entry.url, meta=meta)

    def listing_failed(self, failure: Failure) -> Iterator[FailureItem]:
        """A feed or sitemap that could not be fetched is a failure record too."""
        yield self.request_failure(failure, "listing: ")
