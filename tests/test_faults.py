"""Faults from a real server (tests/faultserver.py), one batch crawl for the module.

Every URL ends as an article or a failure record with a stable reason, retries
follow RETRY_TIMES / RETRY_HTTP_CODES (429 included), and the final accounting
balances: requested = articles + failures + skipped.
"""

from __future__ import annotations


import pytest

from tests.crawlutil import CrawlResult, run_crawl
from tests.crawlutil import crawl_stats
from tests.faultserver import hits

pytestmark = pytest.mark.crawl

RETRY_TIMES = 1
# path -> expected outcome: "article" or the failure reason
EXPECTED = {
    "/status/500/f1": "http_500",
    "/status/503/f2?retry_after=1": "http_503",
    "/status/429/f3": "http_429",
    "/status/404/f4": "http_404",
    "/flaky/1/f5": "article",
    "/delay/6/f6": "timeout",
    "/drip/1/f7": "article",
    "/drip/8/f8": "timeout",
    "/reset/f9": "data_loss",
    "/partial/f10": "data_loss",
    "/gzip-truncated/f11": "truncated_body",
    "/gzip-bomb/30": "too_large",
    "/big/20": "too_large",
    "/big-stream/20": "too_large",
    "/redirect-chain/3/f12": "article",
    "/redirect-chain/9/f13": "too_many_redirects",
    "/redirect-loop/f14/a": "redirect_loop",
    "/private/f15": "robots_disallowed",
    "/redirect-to?url=ftp://example.org/f16": "bad_scheme",
    "/redirect-to?url=file:///etc/passwd": "bad_scheme",
    "/article/f17": "article",
}
DUPLICATES = ["/article/f17"]  # listed twice: fetched once, one record, a repeat (not a skip)


@pytest.fixture(scope="module")
def crawl(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("faults")
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(fault_server + p for p in [*EXPECTED, *DUPLICATES]) + "\n")
    return run_crawl("articles", tmp, timeout=240, spider_args={"urls": str(urls)}, settings={
        "SECURITY_ALLOW_PRIVATE_NETWORKS": True, "DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": RETRY_TIMES,
        "REDIRECT_MAX_TIMES": 5, "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
        "AUTOTHROTTLE_ENABLED": False,
    })


def _outcome(record: dict[str, object]) -> str:
    return "article" if record["type"] == "article" else str(record["reason"])


def test_crawl_finishes_without_errors(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]


# An article is filed under the URL it was finally served from.
FINAL_URL = {"/redirect-chain/3/f12": "/redirect-chain/0/f12"}


@pytest.mark.parametrize("path", list(EXPECTED))
def test_each_url_ends_with_its_outcome(crawl: CrawlResult, fault_server: str, path: str) -> None:
    url = fault_server + FINAL_URL.get(path, path)
    mine = [r for r in crawl.records if r["url"] == url]
    assert len(mine) == 1, (path, mine)
    assert _outcome(mine[0]) == EXPECTED[path], (path, mine)


def test_retries_follow_settings(crawl: CrawlResult, fault_server: str) -> None:
    served = hits(fault_server)
    for path in ("/status/500/f1", "/status/503/f2", "/status/429/f3", "/flaky/1/f5"):
        assert served[path] == RETRY_TIMES + 1, (path, served)
    assert served["/status/404/f4"] == 1  # not in RETRY_HTTP_CODES
    assert "/private/f15" not in served  # robots.txt obeyed
    assert served["/article/f17"] == 1  # the duplicate was not fetched


def test_accounting_balances(crawl: CrawlResult) -> None:
    stats = crawl_stats(crawl.stderr)
    articles = sum(1 for v in EXPECTED.values() if v == "article")
    assert stats["accounting/articles"] == len(crawl.articles) == articles
    assert stats["accounting/failures"] == len(crawl.failures) == len(EXPECTED) - articles
    assert stats["accounting/skipped"] == 0  # nothing was asked to be skipped
    assert stats["accounting/repeated"] == len(DUPLICATES)
    assert stats["accounting/requested"] == len(EXPECTED)
    assert stats["accounting/unaccounted"] == 0
    assert stats.get("accounting/errors", 0) == 0
    line = [ln for ln in crawl.stderr.splitlines() if "accounting (finished)" in ln]
    assert len(line) == 1 and "INFO" in line[0] and "unaccounted=0" in line[0], line
