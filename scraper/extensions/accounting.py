"""Final accounting of a crawl: every URL taken on ends somewhere.

The :class:`Accounting` extension checks, when the spider closes, that::

    requested = articles + failures + skipped

* ``requested`` (``accounting/requested``): article requests the spiders made
  (``accounting/article_requests``,
  counted by :meth:`scraper.spiders.base.NewsSpider.article_request`), plus
  records for URLs that never got an article request (a feed that failed, an
  invalid input URL), plus URLs skipped by a spider rule (``skipped/<rule>``
  stats: outlet allow/deny, bad scheme), minus repeats
  (``accounting/repeated/<why>``): a request for a URL that has its own
  record already is no new URL (the same URL listed twice or linked again:
  ``duplicate_request``, dropped by Scrapy's duplicate filter; after a killed
  run, a URL that run recorded, ``done_before``, or re-issued, ``resumed``);
* ``articles`` / ``failures``: ArticleItem / FailureItem records scraped
  (``accounting/pages``: raw PageItems, when cleaning is off, count as articles);
* ``skipped``: only what the user asked to skip: the rule skips above,
  unchanged pages and old entries of an incremental crawl
  (``accounting/skipped/<why>``), and items a pipeline dropped
  (``accounting/skipped/dropped_item``: unchanged content, cleaning off).
  A redirect onto another requested URL is a failure record
  (``redirect_duplicate``, ``redirect_loop``), never a skip.

``accounting/unaccounted`` is the difference (0 when nothing was lost; a
crawl stopped early leaves requests in flight) and ``accounting/errors`` counts
spider and pipeline exceptions. One INFO line sums it up, with the
incremental counts (``incremental/new|changed|unchanged``) when present.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from scraper.items import ArticleItem, FailureItem, PageItem
from scraper.spiders.base import ACCOUNTING_META

__all__ = ["Accounting"]

logger = logging.getLogger(__name__)

INCREMENTAL_KEYS = ("incremental/new", "incremental/changed", "incremental/unchanged")


def _origin(response: Response | Failure | None) -> Request | None:
    """The request an item came from (callback or errback), if any."""
    if response is None:
        return None
    return getattr(response, "request", None)


def _is_article_request(request: Request | None) -> bool:
    return request is not None and request.meta.get(ACCOUNTING_META) == "article"


class Accounting:
    """Count outcomes through signals; write ``accounting/*`` stats and one log line."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Accounting:
        if not crawler.settings.getbool("ACCOUNTING_ENABLED"):
            raise NotConfigured("ACCOUNTING_ENABLED is off")
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def _count_origin(self, response: Response | Failure | None) -> None:
        if not _is_article_request(_origin(response)):
            self.stats.inc_value("accounting/unrequested_records")

    def item_scraped(self, item: Any, response: Response | Failure | None) -> None:
        if isinstance(item, ArticleItem):
            self.stats.inc_value("accounting/articles")
        elif isinstance(item, FailureItem):
            self.stats.inc_value("accounting/failures")
        elif isinstance(item, PageItem):
            self.stats.inc_value("accounting/pages")
        else:
            return
        self._count_origin(response)

    def item_dropped(self, item: Any, response: Response | Failure | None) -> None:
        self.stats.inc_value("accounting/skipped/dropped_item")
        self._count_origin(response)

    def item_error(self, item: Any, response: Response | Failure | None) -> None:
        self.stats.inc_value("accounting/errors")
        self.stats.inc_value("accounting/errors/item")

    def request_dropped(self, request: Request) -> None:
        if _is_article_request(request):
            self.stats.inc_value("accounting/repeated/duplicate_request")

    def spider_error(self, failure: Failure, response: Response) -> None:
        self.stats.inc_value("accounting/errors")
        self.stats.inc_value("accounting/errors/spider")

    def _sum(self, prefix: str) -> int:
        return sum(int(v) for k, v in self.stats.get_stats().items()
                   if k.startswith(prefix) and isinstance(v, int))

    def spider_closed(self, reason: str) -> None:
        get = self.stats.get_value
        rule_skips = self._sum("skipped/")
        repeated = self._sum("accounting/repeated/")
        requested = int(get("accounting/article_requests", 0)) + int(
            get("accounting/unrequested_records", 0)) + rule_skips - repeated
        articles = int(get("accounting/articles", 0)) + int(get("accounting/pages", 0))
        failures = int(get("accounting/failures", 0))
        skipped = rule_skips + self._sum("accounting/skipped/")
        unaccounted = requested - articles - failures - skipped
        self.stats.set_value("accounting/requested", requested)
        self.stats.set_value("accounting/articles", articles)
        self.stats.set_value("accounting/failures", failures)
        self.stats.set_value("accounting/skipped", skipped)
        self.stats.set_value("accounting/repeated", repeated)
        self.stats.set_value("accounting/unaccounted", unaccounted)
        self.stats.set_value("accounting/errors", int(get("accounting/errors", 0)))
        parts = [f"requested={requested}", f"articles={articles}", f"failures={failures}",
                 f"skipped={skipped}", f"repeated={repeated}", f"unaccounted={unaccounted}",
                 f"errors={get('accounting/errors', 0)}",
                 f"refused_private={get('security/refused_private', 0)}"]
        parts += [f"{key.split('/')[1]}={get(key)}" for key in INCREMENTAL_KEYS
                  if get(key) is not None]
        level = logging.INFO if unaccounted == 0 else logging.WARNING
        logger.log(level, "accounting (%s): %s", reason, " ".join(parts))
