"""Item pipeline: emit an article only when it is new or changed.

Runs after cleaning and dedup. Asks :class:`scraper.extensions.state.StateExtension`
whether the article's ``content_hash`` differs from the stored one: ``new``
and ``changed`` articles go on to the feeds (a changed page is a new record
with the same ``url`` and a later ``fetched_at``), ``unchanged`` ones are
dropped quietly (DEBUG) and counted as ``incremental/unchanged``. Failure
records pass through.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from scraper.extensions.state import StateExtension, state_extension
from scraper.items import ArticleItem

__all__ = ["StatePipeline", "Unchanged"]


class Unchanged(DropItem):
    """The article's text is the one emitted before; not an error."""

    def __init__(self, url: str) -> None:
        super().__init__(f"unchanged since the last run: {url}", log_level="DEBUG")


class StatePipeline:
    def __init__(self, ext: StateExtension) -> None:
        self.ext = ext

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        ext = state_extension(crawler)
        return cls(ext)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        if self.ext.classify(item) == "unchanged":
            self.ext.inc("unchanged")
            self.ext.inc("unchanged/same_hash")
            raise Unchanged(item.url)
        return item
