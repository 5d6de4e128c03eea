"""Conditional requests for pages the state store holds (``STATE_CONDITIONAL_REQUESTS``).

A view of :class:`scraper.extensions.state.StateExtension`, which owns the store.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from scraper.extensions.state import StateExtension, state_extension

__all__ = ["ConditionalRequestMiddleware"]


class ConditionalRequestMiddleware:
    """Conditional requests for stored pages; a ``304`` becomes a quiet skip."""

    def __init__(self, ext: StateExtension, *, conditional: bool) -> None:
        self.ext = ext
        self.conditional = conditional

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        ext = state_extension(crawler)
        return cls(ext, conditional=crawler.settings.getbool("STATE_CONDITIONAL_REQUESTS"))

    def process_request(self, request: Request) -> None:
        self.ext.mark_inflight(request)
        if not self.conditional or request.method != "GET":
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        page = self.ext.store.page(request.url)
        if page is None or page.content_hash is None or page.outcome not in {"article", "unchanged"}:
            return None
        if page.etag:
            request.headers[b"If-None-Match"] = page.etag
        if page.last_modified:
            request.headers[b"If-Modified-Since"] = page.last_modified
        if page.etag or page.last_modified:
            request.meta["state_conditional"] = page.source
            self.ext.inc("conditional")
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        source = request.meta.get("state_conditional")
        if response.status != 304 or source is None:
            return response
        self.ext.not_modified(request, source)
        # Nothing to hand to the spider: with no errback, IgnoreRequest ends
        # the request silently instead of becoming an http_304 failure.
        request.errback = None
        raise IgnoreRequest(f"not modified since the last run: {request.url}")
