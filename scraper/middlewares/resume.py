"""Spider middleware: re-issue what an interrupted run left unfinished (``STATE_RESUME``).

A view of :class:`scraper.extensions.state.StateExtension`, which owns the
pending requests; it also tells the extension when a callback has finished.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from scraper.extensions.state import StateExtension, state_extension

__all__ = ["ResumeSpiderMiddleware"]


class ResumeSpiderMiddleware:
    """Re-issues unfinished requests first; reports finished callbacks."""

    def __init__(self, ext: StateExtension, crawler: Crawler) -> None:
        self.ext = ext
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeSpiderMiddleware:
        ext = state_extension(crawler)
        return cls(ext, crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        assert self.crawler.spider is not None
        for request in self.ext.resume_requests(self.crawler.spider):
            yield request
        async for item_or_request in start:
            yield item_or_request

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        request = response.request
        try:
            for output in result:
                if not isinstance(output, Request):
                    self.ext.item_started(request)
                yield output
        finally:
            self.ext.callback_finished(request)

    async def process_spider_output_async(self, response: Response,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        request = response.request
        try:
            async for output in result:
                if not isinstance(output, Request):
                    self.ext.item_started(request)
                yield output
        finally:
            self.ext.callback_finished(request)
