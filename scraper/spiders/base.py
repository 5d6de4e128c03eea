"""Behaviour every spider shares: an article URL ends as a PageItem (to be
cleaned) or a FailureItem, never as nothing."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from scraper.failures import reason_for
from scraper.items import FailureItem, PageItem
from scraper.urls import registered_domain

logger = logging.getLogger(__name__)

__all__ = ["NewsSpider"]


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class NewsSpider(Spider):
    """Base class: builds article requests and turns their outcomes into items."""

    def article_request(self, url: str, **kwargs: Any) -> Request:
        kwargs.setdefault("callback", self.parse_article)
        kwargs.setdefault("errback", self.article_failed)
        return Request(url, **kwargs)

    def failure(self, url: str, reason: str, status: int | None = None, detail: str = "") -> FailureItem:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"failures/{reason}")
        return FailureItem(url=url, source=registered_domain(url), reason=reason,
                           status=status, detail=detail)

    def parse_article(self, response: Response) -> Iterator[PageItem | FailureItem]:
        """Hand an HTML page to the pipelines; anything else is a failure record."""
        if not isinstance(response, HtmlResponse):
            content_type = _header(response, "Content-Type") or "none"
            yield self.failure(response.url, "not_html", response.status,
                               f"Content-Type: {content_type}")
            return
        yield PageItem(
            url=response.url,
            source=registered_domain(response.url),
            status=response.status,
            body=response.body,
            encoding=response.encoding,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    def article_failed(self, failure: Failure) -> Iterator[FailureItem]:
        request = failure.request  # type: ignore[attr-defined]
        reason, status, detail = reason_for(failure)
        logger.info("failed %s: %s", request.url, reason)
        yield self.failure(request.url, reason, status, detail)
