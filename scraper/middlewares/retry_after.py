"""Honour ``Retry-After`` on 429 and 503 answers (Scrapy's RetryMiddleware does not).

A server that answers "too many requests, come back in 30 s" and gets the
retry a second later, with the rest of the crawl's requests to that host
behind it, learns to block the crawler. So, for a 429 or 503 that carries
``Retry-After`` (seconds or an HTTP date, RFC 9110 §10.2.3):

* up to ``RETRY_AFTER_MAX`` seconds: the host's download slot is held for
  that long (every request to the host waits, not just the retry), then the
  request is retried as Scrapy's RetryMiddleware would (same ``RETRY_TIMES``,
  ``retry/*`` stats, priority adjustment). The slot's own delay comes back on
  the host's next answer that is not a throttle, unless AutoThrottle has
  taken the delay over in between.
* longer than that: no retry; the page ends as its ``http_429`` / ``http_503``
  failure at once, and the record's ``detail`` says how long the server asked
  for. Waiting an hour for one page would stall a scheduled crawl.
* no header, or one that does not parse: nothing changes here; RetryMiddleware
  retries as usual.

It sits just before RetryMiddleware (550) on the way back (``560``), so it sees
the answer first; with ``RETRY_ENABLED`` off or ``RETRY_AFTER_ENABLED`` off it
is not installed.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

__all__ = ["GAVE_UP_META", "THROTTLE_STATUSES", "RetryAfterMiddleware", "retry_after_seconds"]

logger = logging.getLogger(__name__)

THROTTLE_STATUSES = frozenset({429, 503})  # the statuses RFC 9110 gives Retry-After a meaning for
GAVE_UP_META = "retry_after_gave_up"  # request.meta: the wait (s) that was over RETRY_AFTER_MAX


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or None when it does not parse.

    ``"120"`` is 120 s; an HTTP date is the time until then (0 when past).
    """
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if not text:
        return None
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; parsedate gives naive for "-0000"
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


class RetryAfterMiddleware:
    """Wait as long as the server asks before retrying a throttled request."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED") or not settings.getbool("RETRY_AFTER_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.max_retry_times = settings.getint("RETRY_TIMES")
        self.retry_codes = {int(c) for c in settings.getlist("RETRY_HTTP_CODES")} & THROTTLE_STATUSES
        self.priority_adjust = settings.getint("RETRY_PRIORITY_ADJUST")
        self._held: dict[str, tuple[float, float]] = {}  # slot key -> (its own delay, the delay set here)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in self.retry_codes:
            self._release(request)
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None or request.meta.get("dont_retry", False):
            return response
        stats = self.crawler.stats
        if wait > self.max_wait:
            request.meta["dont_retry"] = True  # RetryMiddleware passes it on; it ends as http_<status>
            request.meta[GAVE_UP_META] = wait
            if stats is not None:
                stats.inc_value("retry_after/over_max")
            logger.warning("Not retrying %s: the server asks to wait %.0f s (RETRY_AFTER_MAX is %.0f s)",
                           request.url, wait, self.max_wait)
            return response
        max_times = request.meta.get("max_retry_times", self.max_retry_times)
        if request.meta.get("retry_times", 0) + 1 > max_times:
            return response  # RetryMiddleware gives up and counts it
        if wait > 0:
            self._hold(request, wait)
            if stats is not None:
                stats.inc_value("retry_after/waited")
                stats.max_value("retry_after/max_wait", wait)
        retry = get_retry_request(
            request, spider=self.crawler.spider, reason=f"{response.status} with Retry-After",
            max_retry_times=max_times,
            priority_adjust=request.meta.get("priority_adjust", self.priority_adjust))
        return retry if retry is not None else response

    def _slot(self, request: Request) -> tuple[str, object] | tuple[None, None]:
        engine = self.crawler.engine
        downloader = getattr(engine, "downloader", None)
        if downloader is None:
            return None, None
        key = request.meta.get("download_slot") or downloader.get_slot_key(request)
        return key, downloader.slots.get(key)

    def _hold(self, request: Request, wait: float) -> None:
        """No request to the host leaves before ``wait`` seconds from now.

        The downloader sends a slot's next request once ``delay`` has passed
        since ``lastseen``, and only checks when the delay is non-zero; so the
        delay becomes at least ``wait`` and ``lastseen`` moves to now + wait
        (whatever jitter does to the delay, the penalty stays >= ``wait``).
        """
        key, slot = self._slot(request)
        if slot is None:
            return
        own = self._held[key][0] if key in self._held else slot.delay
        slot.delay = max(slot.delay, wait)
        slot.lastseen = max(slot.lastseen, time.monotonic() + wait)
        self._held[key] = (own, slot.delay)

    def _release(self, request: Request) -> None:
        """The host answered normally: give its slot back its own delay."""
        if not self._held:
            return
        key, slot = self._slot(request)
        if key not in self._held:
            return
        own, ours = self._held.pop(key)
        if slot is not None and slot.delay == ours:  # AutoThrottle has not taken it over
            slot.delay = own
