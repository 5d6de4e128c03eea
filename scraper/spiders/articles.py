"""``scrapy crawl articles -a urls=FILE`` or ``-a urls=URL,URL``: fetch given pages."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scraper.spiders.base import NewsSpider

logger = logging.getLogger(__name__)


def read_url_list(value: str) -> list[str]:
    """A file of URLs (one a line, ``#`` comments) or a comma-separated list."""
    path = Path(value)
    if "://" not in value and path.is_file():
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]
    return [u.strip() for u in value.split(",") if u.strip()]


class ArticlesSpider(NewsSpider):
    name = "articles"

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls_arg = urls

    async def start(self) -> AsyncIterator[Any]:
        if not self.urls_arg:
            logger.error("no URLs: use -a urls=FILE (one URL a line) or -a urls=URL,URL")
            return
        for url in read_url_list(self.urls_arg):
            if urlsplit(url).scheme not in {"http", "https"}:
                yield self.failure(url, "invalid_url", detail="only http(s) URLs are fetched")
                continue
            yield self.article_request(url)
