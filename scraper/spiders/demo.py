"""``scrapy crawl demo``: the embedded default, no internet needed.

Starts a local server on 127.0.0.1 for the bundled demo news site (four
invented outlets of different reporting quality), crawls it from its feeds and
sitemaps like ``feeds`` would, and writes ``output/demo/articles.jsonl``,
``output/demo/failures.jsonl`` and the source report ``output/demo/sources.html``.
"""

from __future__ import annotations

import importlib.resources
import logging
import tempfile
from importlib.abc import Traversable
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from scraper.commands.sources import report_sources
from scraper.demo.server import SiteServer, serve_in_thread
from scraper.discovery.seeds import Outlet, load_outlets
from scraper.spiders.feeds import FeedsSpider

logger = logging.getLogger(__name__)



def _copy_resources(node: Traversable, dest: Path) -> None:
    for child in node.iterdir():
        if child.is_dir():
            (dest / child.name).mkdir(exist_ok=True)
            _copy_resources(child, dest / child.name)
        elif child.name == "outlets.toml" or dest.name != "demo":
            (dest / child.name).write_bytes(child.read_bytes())


def demo_dir() -> Path:
    """The bundled demo files on disk: in place from a source checkout or a wheel,
    copied out to a temporary folder when the package runs from a zip (a
    scrapyd egg), where ``__file__`` paths cannot be opened."""
    here = Path(__file__).resolve().parent.parent / "demo"
    if (here / "site").is_dir():
        return here
    dest = Path(tempfile.mkdtemp(prefix="news-corpus-demo-")) / "demo"
    dest.mkdir()
    _copy_resources(importlib.resources.files("scraper.demo"), dest)
    return dest

OUTPUT_DIR = Path("output/demo")


class DemoSpider(FeedsSpider):
    name = "demo"
    custom_settings = {
        "AUTOTHROTTLE_ENABLED": False,  # a local server: no one to be polite to
        "SECURITY_ALLOW_PRIVATE_NETWORKS": True,
        "OUTPUT_FEEDS": {
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
    demo_dir: Path

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> DemoSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.demo_dir = demo_dir()
        spider.server = serve_in_thread(spider.demo_dir / "site")
        # Settings are still mutable here: the spider is built before they freeze.
        crawler.settings.set("ROUTING_HOSTS", {"*.test": spider.server.url}, priority="spider")
        crawler.signals.connect(spider.finish, signal=signals.engine_stopped)
        logger.info("demo site served at %s", spider.server.url)
        return spider

    def load_outlets(self) -> list[Outlet]:
        return load_outlets(self.seeds_path or self.demo_dir / "outlets.toml")

    def finish(self) -> None:
        """Stop the server; print the source table and write the HTML report."""
        self.server.shutdown()
        self.server.server_close()
        articles = OUTPUT_DIR / "articles.jsonl"
        if articles.exists():  # absent when -o/-O sent the records elsewhere
            report = OUTPUT_DIR / "sources.html"
            print(f"\nSources of {articles} (report: {report}):")
            report_sources([str(articles)], html=str(report))
