"""Item pipeline: one record per article content (``DEDUP_*``).

Stats: ``dedup/duplicates``.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector

from scraper.items import ArticleItem, FailureItem, WarcArticleItem, WarcFailureItem

__all__ = ["DedupPipeline"]


class DedupPipeline:
    """Emit each article content once: a second URL with the same
    ``content_hash`` becomes a ``duplicate`` failure record naming the first.

    ``redis`` (a redis-py client) and ``key`` make the memory shared: with
    ``REDIS_URL`` set and ``DEDUP_SHARED`` on, the hashes live in one Redis
    hash (``content_hash -> first URL``), so processes of one distributed crawl
    emit each content once between them.
    """

    def __init__(self, stats: StatsCollector, redis: Any = None, key: str = "") -> None:
        self.stats = stats
        self.seen: dict[str, str] = {}
        self.redis = redis
        self.key = key

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        settings = crawler.settings
        if not settings.getbool("DEDUP_ENABLED"):
            raise NotConfigured("DEDUP_ENABLED is off")
        assert crawler.stats is not None
        url = settings.get("REDIS_URL")
        if not (url and settings.getbool("DEDUP_SHARED")):
            return cls(crawler.stats)
        from scraper.distributed import content_key, redis_client  # only when Redis is on

        assert crawler.spider is not None
        return cls(crawler.stats, redis_client(settings), content_key(settings, crawler.spider.name))

    def _first_url(self, content_hash: str, url: str) -> str:
        if self.redis is None:
            return self.seen.setdefault(content_hash, url)
        if self.redis.hsetnx(self.key, content_hash, url):
            return url
        first = self.redis.hget(self.key, content_hash)
        return first.decode() if isinstance(first, bytes) else str(first or url)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        first = self._first_url(item.content_hash, item.url)
        if first == item.url:
            return item
        self.stats.inc_value("dedup/duplicates")
        archived: dict[str, Any] = {"warc": item.warc} if isinstance(item, WarcArticleItem) else {}
        return (WarcFailureItem if archived else FailureItem)(
            url=item.url,
            source=item.source,
            reason="duplicate",
            status=item.status,
            detail=f"same content as {first}",
            fetched_at=item.fetched_at,
            **archived,
        )
