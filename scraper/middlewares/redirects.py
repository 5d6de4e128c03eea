"""Redirects onto URLs the crawl requested on their own: one record per URL.

Scrapy schedules each redirect hop as a new request, and its duplicate filter
silently drops a hop onto a URL already requested, so ``/a -> /b`` with ``/b``
also listed left ``/a`` with no record, and two listed URLs redirecting to each
other left both without one.

:class:`RedirectJoin` (used by the redirect middlewares below) asks the scheduler's duplicate filter about each hop
of an article request, before the hop is scheduled. A hop onto a URL already
seen fails the request with :class:`RedirectIntoSeen`, so its errback runs;
an unseen hop is now in the filter and goes on with ``dont_filter``.
:func:`verdict` then names the outcome, once the other URL's own outcome is
known:

``redirect_duplicate``
    the chain of a requested URL ends in another requested URL, which has (or
    gets) its own record; the failure record names it;
``redirect_loop``
    the chains of requested URLs lead into each other (``/loop1 -> /loop2 ->
    /loop1``, both listed): each gets a ``redirect_loop`` record.

A chain's own outcome is known when a response that is no redirect (or an
error) reaches the middleware, or when it redirects into another requested URL.
The wait is bounded (``REDIRECT_JOIN_TIMEOUT``); past it, ``redirect_duplicate``.

Replacing Scrapy's own (see ``DOWNLOADER_MIDDLEWARES`` in settings):

* :class:`LoopSafeRedirectMiddleware` / :class:`LoopSafeMetaRefreshMiddleware`:
  a redirect back to a URL of its own chain fails at once as ``redirect_loop``
  (Scrapy's duplicate filter would otherwise drop the hop silently, leaving the
  URL with no record); a redirect onto a URL the crawl requested on its own
  fails as ``redirect_duplicate`` or ``redirect_loop`` (above);
  other chains stay bounded by ``REDIRECT_MAX_TIMES`` (``too_many_redirects``).
"""

from __future__ import annotations

import asyncio
import weakref

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

__all__ = ["LoopSafeMetaRefreshMiddleware", "LoopSafeRedirectMiddleware", "RedirectIntoSeen", "RedirectJoin", "join_for", "origin_url", "verdict"]

ARTICLE = "article"  # request.meta["accounting"] of article requests (scraper.spiders.base)


def origin_url(request: Request) -> str:
    """The URL the chain started at (what the spider asked for)."""
    return str(request.meta.get("redirect_urls", [request.url])[0])


class RedirectIntoSeen(IgnoreRequest):
    """A redirect hop onto a URL that the crawl requested on its own."""

    def __init__(self, origin: str, target: str) -> None:
        super().__init__(f"redirect into an already requested URL: {origin} -> {target}")
        self.origin = origin
        self.target = target


class RedirectJoin:
    """Per crawl: where chains ended in other requested URLs, and which
    requested URLs have their own outcome."""

    def __init__(self, crawler: Crawler, timeout: float) -> None:
        self.crawler = crawler
        self.timeout = timeout
        self.into: dict[str, str] = {}  # origin -> requested URL its chain ran into
        self.settled: set[str] = set()  # origins whose chain ended on its own
        self._changed: asyncio.Event | None = None

    def _notify(self) -> None:
        if self._changed is not None:
            self._changed.set()
            self._changed = None

    def settle(self, request: Request) -> None:
        """The chain of ``request`` ended here (a response or an error)."""
        origin = origin_url(request)
        if origin not in self.settled:
            self.settled.add(origin)
            self._notify()

    def check_hop(self, request: Request, hop: Request) -> Request:
        """``hop`` (built by RedirectMiddleware from ``request``) if it is new;
        :class:`RedirectIntoSeen` if the crawl requested its URL already."""
        if request.meta.get("accounting") != ARTICLE:
            return hop
        if hop.meta.setdefault("redirect_dont_filter", request.dont_filter):
            return hop  # the spider asked for no filtering (a resumed request)
        scheduler = self.crawler.engine.scheduler if self.crawler.engine else None
        dupefilter = getattr(scheduler, "df", None)
        if dupefilter is None:
            return hop
        if not dupefilter.request_seen(hop):
            return hop.replace(dont_filter=True)  # in the filter now: do not drop it there
        origin = origin_url(request)
        self.into[origin] = hop.url
        self._notify()
        raise RedirectIntoSeen(origin, hop.url)

    def _state(self, origin: str, target: str) -> str | None:
        """The verdict for ``origin`` if it is known yet: follow the chains from
        ``target`` until one ends on its own (duplicate), comes back to
        ``origin`` (loop), or closes a loop without it (duplicate)."""
        seen = {origin}
        url = target
        while True:
            if url == origin:
                return "redirect_loop"
            if url in seen:
                return "redirect_duplicate"  # into a loop of others, which have records
            seen.add(url)
            following = self.into.get(url)
            if following is None:
                return "redirect_duplicate" if url in self.settled else None
            url = following

    async def verdict(self, origin: str, target: str) -> str:
        """``redirect_loop`` or ``redirect_duplicate`` for ``origin`` (see module doc)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        while (state := self._state(origin, target)) is None:
            remaining = deadline - loop.time()
            if remaining <= 0:
                return "redirect_duplicate"
            if self._changed is None:
                self._changed = asyncio.Event()
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except asyncio.TimeoutError:
                return "redirect_duplicate"
        return state


_JOINS: weakref.WeakKeyDictionary[Crawler, RedirectJoin] = weakref.WeakKeyDictionary()


def join_for(crawler: Crawler) -> RedirectJoin:
    """The crawl's one :class:`RedirectJoin` (the redirect middlewares and the
    spider's errback share it)."""
    join = _JOINS.get(crawler)
    if join is None:
        join = RedirectJoin(crawler, crawler.settings.getfloat("REDIRECT_JOIN_TIMEOUT", 120.0))
        _JOINS[crawler] = join
    return join


async def verdict(crawler: Crawler, exc: RedirectIntoSeen) -> tuple[str, str]:
    """``(reason, detail)`` of the failure record for ``exc.origin``."""
    reason = await join_for(crawler).verdict(exc.origin, exc.target)
    if reason == "redirect_loop":
        return reason, f"redirects into {exc.target}, which redirects back (both requested)"
    return reason, f"redirects to {exc.target}, which was requested on its own (its own record)"


class _LoopCheck:
    """Mixin for Scrapy's redirect middlewares: refuse a hop back into its own
    chain; a hop onto a URL requested on its own fails too, to be named by
    :mod:`scraper.middlewares.redirects` (Scrapy's duplicate filter would drop it silently)."""

    crawler: Crawler

    def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)  # type: ignore[misc]
        join = join_for(self.crawler)
        if not isinstance(result, Request):
            join.settle(request)
            return result  # type: ignore[no-any-return]
        if result.url in result.meta.get("redirect_urls", ()):
            join.settle(request)
            raise IgnoreRequest(f"redirect loop: {request.url} -> {result.url}")
        return join.check_hop(request, result)

    def process_exception(self, request: Request, exception: BaseException) -> None:
        join_for(self.crawler).settle(request)
        return None


class LoopSafeRedirectMiddleware(_LoopCheck, RedirectMiddleware):
    """Scrapy's RedirectMiddleware, failing redirect loops as ``redirect_loop``."""


class LoopSafeMetaRefreshMiddleware(_LoopCheck, MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware, failing refresh loops as ``redirect_loop``."""
