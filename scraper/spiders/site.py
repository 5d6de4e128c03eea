"""``scrapy crawl site -a start=URL``: follow links within one site, keep articles."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from urllib.parse import urlsplit

from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor

from scraper.discovery.pagetype import looks_like_article
from scraper.spiders.base import NewsSpider
from scraper.discovery.urls import registered_domain

logger = logging.getLogger(__name__)


DEFAULT_PORTS = {"http": 80, "https": 443}


def link_domains(start: str, domain: str) -> list[str]:
    """``allow_domains`` for the links of a site started at ``start``: the
    domain, with the start URL's port when it is not the scheme's default
    (``http://127.0.0.1:8123/`` -> ``127.0.0.1:8123``)."""
    if not domain:
        return []
    parts = urlsplit(start)
    try:
        port = parts.port
    except ValueError:
        return [domain]
    if port is None or port == DEFAULT_PORTS.get(parts.scheme):
        return [domain]
    return [f"{domain}:{port}"]


class SiteSpider(NewsSpider):
    """Depth is bounded by ``DEPTH_LIMIT`` (default 3; ``-s DEPTH_LIMIT=N``).
    Pages that do not look like articles end as ``not_article`` failure records."""

    name = "site"

    def __init__(self, start: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_url = start
        domain = registered_domain(start) if start else ""
        # OffsiteMiddleware compares allowed_domains with the host name alone;
        # the LinkExtractor compares allow_domains with host:port (the netloc).
        self.allowed_domains = [domain] if domain else []
        self.links = LinkExtractor(allow_domains=link_domains(start, domain))

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
