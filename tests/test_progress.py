"""The progress extension: figures from a built crawler, and the log lines and
JSON file of a real crawl with a short interval."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from bench.sitegen import build_site
from scraper.items import ArticleItem, FailureItem
from scraper.extensions.progress import Progress, format_duration
from tests.crawlutil import run_crawl, serving


def test_format_duration() -> None:
    assert [format_duration(s) for s in (4.4, 130, 3 * 3600 + 300)] == ["4s", "2m10s", "3h05m"]


def test_off_with_zero_interval() -> None:
    with pytest.raises(NotConfigured):
        build_from_crawler(Progress, get_crawler(settings_dict={"PROGRESS_INTERVAL": 0}))


def test_eta_from_expected_records() -> None:
    crawler = get_crawler(settings_dict={"PROGRESS_INTERVAL": 60})
    crawler.stats.open_spider()
    progress = build_from_crawler(Progress, crawler)
    progress.spider_opened()
    try:
        assert progress.snapshot()["eta_seconds"] is None  # nothing expected yet
        crawler.stats.set_value("progress/expected", 10)
        crawler.stats.set_value("response_received_count", 5)
        for _ in range(4):
            progress.item_scraped(ArticleItem.__new__(ArticleItem))
        progress.item_scraped(FailureItem.__new__(FailureItem))
        figures = progress.snapshot()
    finally:
        progress.spider_closed("finished")
    assert figures["pages"] == 5
    assert (figures["articles"], figures["failures"]) == (4, 1)
    assert figures["expected"] == 10
    assert figures["eta_seconds"] is not None  # 5 of 10 records left, at the rate seen


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    site = build_site(tmp_path_factory.mktemp("progress") / "site", 120, hosts=2)
    with serving("scraper.demo.server", str(site.root)) as url:
        yield site, url


@pytest.mark.crawl
def test_progress_lines_and_file_in_a_real_crawl(small_site: tuple[Any, str],
                                                 tmp_path: Path) -> None:
    site, server = small_site
    progress_file = tmp_path / "progress.json"
    result = run_crawl("feeds", tmp_path, routes=server, spider_args={"seeds": str(site.seeds)},
                       settings={"PROGRESS_INTERVAL": 0.2, "PROGRESS_FILE": str(progress_file)})
    assert result.returncode == 0, result.stderr[-3000:]
    lines = re.findall(r"\[scraper\.extensions\.progress\] INFO: Progress: (.*)", result.stderr)
    assert len(lines) >= 2, lines  # at least one periodic line, and the final one
    assert all(re.match(r"[\d,]+ pages \([\d,]+/min now", line) for line in lines)
    assert "finished (finished)" in lines[-1]
    assert "queue 0, in flight 0" in lines[-1]
    figures = json.loads(progress_file.read_text())
    assert figures["finished"] == "finished"
    assert figures["expected"] == 120 == figures["articles"] == len(result.articles)
    assert figures["pages"] >= 120
    assert figures["eta_seconds"] == 0
