"""Hostile pages (tests/faultserver.py HOSTILE, tests/fixtures/hostile/), one batch crawl.

Each page ends as a correctly decoded article (right text, right language) or
as a failure record with a stable reason; none crashes the crawl or a worker.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.crawlutil import CrawlResult, run_crawl
from tests.crawlutil import crawl_stats
from tests.faultserver import HOSTILE

pytestmark = pytest.mark.crawl

# path -> ("article", language, a snippet the decoded text must hold) or ("failure", reason)
EXPECTED: dict[str, tuple[str, ...]] = {
    "/hostile/empty": ("failure", "empty_body"),
    "/hostile/whitespace": ("failure", "empty_body"),
    "/hostile/pdf": ("failure", "binary_body"),
    "/hostile/jpeg": ("failure", "binary_body"),
    "/hostile/gzip-bytes": ("failure", "binary_body"),
    "/hostile/cp1251-nocharset": ("article", "ru", "Региональный совет города Tver"),
    "/hostile/cp1251-meta": ("article", "ru", "Региональный совет города Omsk"),
    "/hostile/shift-jis-nocharset": ("article", "ja", "Nagoyaの地域評議会は火曜日"),
    "/hostile/latin1-as-utf8": ("article", "fr", "Le conseil régional de Lyon a voté mardi"),
    "/hostile/utf8-as-latin1": ("article", "fr", "Le conseil régional de Nantes a voté mardi"),
    "/hostile/invalid-utf8": ("article", "en", "approve a new budget for public transport"),
    "/hostile/nul-bytes": ("article", "en", "approve a new budget for public transport"),
    # libxml2 stops at depth 256 (huge_tree off): the text inside is not reached.
    "/hostile/deep-nesting": ("failure", "no_article_text"),
    "/hostile/scripts-only": ("failure", "no_article_text"),
    "/hostile/index": ("failure", "no_article_text"),
    "/hostile/tag": ("failure", "no_article_text"),
    "/hostile/login-wall-403": ("failure", "login_wall"),
    "/hostile/login-wall-401": ("failure", "login_wall"),
    "/hostile/paywall-200": ("failure", "login_wall"),
    "/hostile/bot-challenge-403": ("failure", "bot_challenge"),
    "/hostile/bot-challenge-202": ("failure", "bot_challenge"),
    "/hostile/bot-challenge-503": ("failure", "bot_challenge"),
    "/lang/fr/Lille": ("article", "fr", "Le conseil régional de Lille"),
    "/lang/de/Lille": ("article", "de", "Der Regionalrat von Lille hat am Dienstag"),
    "/lang/es/Lille": ("article", "es", "El consejo regional de Lille aprobó"),
    "/lang/ru/Lille": ("article", "ru", "Региональный совет города Lille"),
}


def test_every_hostile_page_is_covered() -> None:
    assert {f"/hostile/{name}" for name in HOSTILE} <= set(EXPECTED)


@pytest.fixture(scope="module")
def crawl(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("hostile")
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(fault_server + p for p in EXPECTED) + "\n")
    return run_crawl("articles", tmp, timeout=180, spider_args={"urls": str(urls)}, settings={
        "SECURITY_ALLOW_PRIVATE_NETWORKS": True, "DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    })


def test_crawl_finishes_cleanly(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]
    stats = crawl_stats(crawl.stderr)
    assert stats["accounting/requested"] == len(EXPECTED) == len(crawl.records)
    assert stats["accounting/unaccounted"] == 0
    assert not any(r.get("reason") in {"cleaner_error", "worker_crashed", "spider_error"}
                   for r in crawl.records)


def _record(crawl: CrawlResult, url: str) -> dict[str, Any]:
    mine = [r for r in crawl.records if r["url"] == url]
    assert len(mine) == 1, (url, mine)
    return mine[0]


@pytest.mark.parametrize("path", list(EXPECTED))
def test_page_outcome(crawl: CrawlResult, fault_server: str, path: str) -> None:
    record = _record(crawl, fault_server + path)
    expected = EXPECTED[path]
    if expected[0] == "failure":
        assert record["type"] == "failure" and record["reason"] == expected[1], record
        return
    language, snippet = expected[1], expected[2]
    assert record["type"] == "article", record
    assert record["language"] == language, record
    assert snippet in record["text"], record["text"][:300]
    assert "\x00" not in record["text"]
    # Only the bytes that are really invalid become U+FFFD, never a whole page of mojibake.
    assert record["text"].count("\ufffd") <= (3 if path == "/hostile/invalid-utf8" else 0)
