"""robots.txt, checked for every request that waits on it.

Scrapy 2.19's middleware lets every request
that waits for a host's robots.txt, except the first, through unchecked
under the asyncio reactor (each waiter awaits the one shared Deferred, and
``Deferred.asFuture()`` consumes its result, so later waiters get None).
This subclass gives each waiter its own Deferred.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware as _ScrapyRobotsTxt
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

__all__ = ["RobotsTxtMiddleware"]


class RobotsTxtMiddleware(_ScrapyRobotsTxt):
    """Scrapy's RobotsTxtMiddleware with concurrent waiters fixed (see module doc).

    Only the first request of a host calls Scrapy's ``robot_parser``, which
    fetches robots.txt; the requests that come while it runs each wait on a
    Deferred of their own and get its result. Later requests find the parser
    cached by Scrapy and call ``robot_parser`` directly."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._first_fetch: dict[str, list[Deferred[RobotParser | None]]] = {}
        self._fetched: set[str] = set()

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc in self._fetched:
            return await super().robot_parser(request)
        waiters = self._first_fetch.get(netloc)
        if waiters is not None:
            waiter: Deferred[RobotParser | None] = Deferred()
            waiters.append(waiter)
            return await maybe_deferred_to_future(waiter)
        self._first_fetch[netloc] = waiters = []
        parser: RobotParser | None = None
        try:
            parser = await super().robot_parser(request)
            self._fetched.add(netloc)
        finally:
            del self._first_fetch[netloc]
            for waiter in waiters:
                waiter.callback(parser)
        return parser
