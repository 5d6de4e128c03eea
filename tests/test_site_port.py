"""Issue #12: ``scrapy crawl site -a start=http://host:PORT/`` follows the
site's links. Scrapy's LinkExtractor matches ``allow_domains`` against
``host:port``, so a bare host name matched no link of a site on a port.

Real crawl of a fixture site served on 127.0.0.1 by ``scraper.demo.server``
(which serves ``ROOT/<host>/`` for each host name), reached at its port,
without host routing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITES
from tests.crawlutil import run_crawl, serving
from tests.test_crawl_e2e import ARTICLES

pytestmark = pytest.mark.crawl

SITE = "metro-bulletin.test"


def test_site_spider_follows_links_on_a_port(tmp_path: Path) -> None:
    root = tmp_path / "root"
    shutil.copytree(FIXTURE_SITES / SITE, root / "127.0.0.1")  # the server refuses symlinks out
    with serving("scraper.demo.server", str(root)) as url:
        assert url.startswith("http://127.0.0.1:")
        result = run_crawl("site", tmp_path, spider_args={"start": url + "/"},
                           settings={"SECURITY_ALLOW_PRIVATE_NETWORKS": True})
    assert result.returncode == 0, result.stderr[-3000:]
    by_url = result.by_url()
    expected = {u.replace(f"http://{SITE}", url) for u in ARTICLES if f"//{SITE}/" in u}
    assert expected, "the fixture site lists its articles"
    articles = {r["url"] for r in result.articles}
    assert expected <= articles, sorted(expected - articles)
    assert by_url[url + "/"]["reason"] == "not_article"
    assert all(u.startswith(url + "/") for u in by_url)  # links followed on this port only
