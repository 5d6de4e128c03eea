"""``scrapy crawl site -a start=URL``: follow links within one site, keep articles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from scraper.pagetype import looks_like_article
from scraper.spiders.base import NewsSpider
from scraper.urls import registered_domain

logger = logging.getLogger(__name__)


class SiteSpider(NewsSpider):
    """Depth is bounded by ``DEPTH_LIMIT`` (default 3; ``-s DEPTH_LIMIT=N``).
    Pages that do not look like articles end as ``not_article`` failure records."""

    name = "site"

    def __init__(self, start: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start
        domain = registered_domain(start) if start else ""
        self.allowed_domains = [domain] if domain else []
        self.links = LinkExtractor(allow_domains=self.allowed_domains)

    async def start(self) -> AsyncIterator[Any]:
        if not self.start_url.startswith(("http://", "https://")):
            logger.error("use -a start=URL with an http(s) URL")
            return
        yield self.article_request(self.start_url, callback=self.parse_page)

    def parse_page(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, HtmlResponse):
            yield from self.parse_article(response)
            return
        if looks_like_article(response):
            yield from self.parse_article(response)
        else:
            yield self.failure(response.url, "not_article", response.status,
                               "no article markup or too little paragraph text")
        for link in self.links.extract_links(response):
            yield self.article_request(link.url, callback=self.parse_page)
