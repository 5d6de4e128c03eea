"""Behaviour every spider shares: an article URL ends as a PageItem (to be
cleaned) or a FailureItem, never as nothing.

Before a page goes to the cleaning workers it is sniffed (:mod:`scraper.middlewares.sniff`):
an empty or binary body, a bot challenge or a login wall becomes a failure
record; the charset is checked against the body and, when the declaration is
missing or wrong, detected, so ``PageItem.encoding`` is always one that
decodes the body. Article requests carry ``meta["accounting"] = "article"``
and are counted (``accounting/article_requests``) for :mod:`scraper.extensions.accounting`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from scraper.middlewares.failures import reason_for
from scraper.items import FailureItem, PageItem
from scraper.middlewares.redirects import RedirectIntoSeen
from scraper.middlewares.redirects import verdict as redirect_verdict
from cleaners.html.decode import choose_encoding
from scraper.middlewares.sniff import blocked_reason, body_reason
from scraper.discovery.urls import registered_domain

logger = logging.getLogger(__name__)

__all__ = ["ACCOUNTING_META", "NewsSpider"]

ACCOUNTING_META = "accounting"  # request.meta key; value "article" for article requests
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([^\"';\s]+)", re.IGNORECASE)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


class NewsSpider(Spider):
    """Base class: builds article requests and turns their outcomes into items."""

    def article_request(self, url: str, **kwargs: Any) -> Request:
        kwargs.setdefault("callback", self.parse_article)
        kwargs.setdefault("errback", self.article_failed)
        meta = dict(kwargs.pop("meta", None) or {})
        meta[ACCOUNTING_META] = "article"
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("accounting/article_requests")
        return Request(url, meta=meta, **kwargs)

    def failure(self, url: str, reason: str, status: int | None = None, detail: str = "") -> FailureItem:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"failures/{reason}")
        return FailureItem(url=url, source=registered_domain(url), reason=reason,
                           status=status, detail=detail)

    def parse_article(self, response: Response) -> Iterator[PageItem | FailureItem]:
        """Hand a readable HTML page to the pipelines; anything else is a failure record."""
        try:
            item = self.page_item(response)
        except Exception as exc:  # a bug here must not lose the URL
            logger.exception("sniffing %s failed", response.url)
            item = self.failure(response.url, "spider_error", response.status, repr(exc)[:500])
        yield item

    def page_item(self, response: Response) -> PageItem | FailureItem:
        if not isinstance(response, HtmlResponse):
            content_type = _header(response, "Content-Type") or "none"
            return self.failure(response.url, "not_html", response.status,
                                f"Content-Type: {content_type}")
        body = response.body
        reason = body_reason(body) or blocked_reason(response.status, body)
        if reason:
            return self.failure(response.url, reason, response.status,
                                f"{len(body)} bytes, Content-Type: {_header(response, 'Content-Type')}")
        declared = _CHARSET.search(_header(response, "Content-Type") or "")
        charset = choose_encoding(body, declared.group(1) if declared else None)
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"sniff/charset/{charset.how}")
        return PageItem(
            url=response.url,
            source=registered_domain(response.url),
            status=response.status,
            body=body,
            encoding=charset.encoding,
            etag=_header(response, "ETag"),
            last_modified=_header(response, "Last-Modified"),
        )

    async def article_failed(self, failure: Failure) -> AsyncIterator[FailureItem]:
        exc = failure.value
        if isinstance(exc, RedirectIntoSeen):
            # named once the other URL's own outcome is known (scraper.middlewares.redirects)
            reason, detail = await redirect_verdict(self.crawler, exc)
            logger.info("failed %s: %s", exc.origin, reason)
            yield self.failure(exc.origin, reason, None, detail)
            return
        yield self.request_failure(failure)

    def request_failure(self, failure: Failure, what: str = "") -> FailureItem:
        """The failure record of a request's errback, filed under the URL asked
        for (before redirects); ``what`` prefixes the detail (e.g. ``listing: ``)."""
        request = failure.request  # type: ignore[attr-defined]
        reason, status, detail = reason_for(failure)
        url = request.meta.get("redirect_urls", [request.url])[0]
        if url != request.url:
            detail = f"{detail} (after redirects, at {request.url})"[:600]
        logger.info("failed %s: %s", url, reason)
        return self.failure(url, reason, status, what + detail)
