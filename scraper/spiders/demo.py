"""``scrapy crawl demo``: the embedded default, no internet needed.

Starts a local server on 127.0.0.1 for the bundled demo news site (four
invented outlets of different reporting quality), crawls it from its feeds and
sitemaps like ``feeds`` would, and writes ``output/demo/articles.jsonl``,
``output/demo/failures.jsonl`` and the source report ``output/demo/sources.html``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from scraper.commands.sources import report_sources
from scraper.demo.server import SiteServer, serve_in_thread
from scraper.seeds import Outlet, load_outlets
from scraper.spiders.feeds import FeedsSpider

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo"
OUTPUT_DIR = Path("output/demo")


class DemoSpider(FeedsSpider):
    name = "demo"
    custom_settings = {
        "AUTOTHROTTLE_ENABLED": False,  # a local server: no one to be polite to
        "ALLOW_PRIVATE_NETWORKS": True,
        "DEFAULT_FEEDS": {
            str(OUTPUT_DIR / "articles.jsonl"): {
                "format": "jsonlines", "encoding": "utf8", "overwrite": True,
                "item_classes": ["scraper.items.ArticleItem"],
            },
            str(OUTPUT_DIR / "failures.jsonl"): {
                "format": "jsonlines", "encoding": "utf8", "overwrite": True,
                "item_classes": ["scraper.items.FailureItem"],
            },
        },
    }

    server: SiteServer

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DemoSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.server = serve_in_thread(DEMO_DIR / "site")
        # Settings are still mutable here: the spider is built before they freeze.
        crawler.settings.set("HOST_ROUTES", {"*.test": spider.server.url}, priority="spider")
        crawler.signals.connect(spider.finish, signal=signals.engine_stopped)
        logger.info("demo site served at %s", spider.server.url)
        return spider

    def load_outlets(self) -> list[Outlet]:
        return load_outlets(self.seeds_path or DEMO_DIR / "outlets.toml")

    def finish(self) -> None:
        """Stop the server; print the source table and write the HTML report."""
        self.server.shutdown()
        self.server.server_close()
        articles = OUTPUT_DIR / "articles.jsonl"
        if articles.exists():  # absent when -o/-O sent the records elsewhere
            report = OUTPUT_DIR / "sources.html"
            print(f"\nSources of {articles} (report: {report}):")
            report_sources([str(articles)], html=str(report))
