"""Issue #12: a redirect onto a URL the crawl requested on its own. Each listed
URL ends with exactly one record: the redirected one a ``redirect_duplicate``
failure naming the other URL, two listed URLs redirecting into each other a
``redirect_loop`` each. Scrapy's duplicate filter used to drop such hops
silently (a ``skipped/duplicate_request`` stat, no record).

One real crawl against tests/faultserver.py; the list is shorter than the
crawl's concurrency, so every listed URL is requested before any redirect
comes back.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.crawlutil import CrawlResult, crawl_stats, run_crawl

pytestmark = pytest.mark.crawl


def listed(fault_server: str) -> dict[str, tuple[str, str | None]]:
    """listed URL -> (expected outcome, the URL its detail must name)."""
    return {
        f"{fault_server}/redirect-to?url={fault_server}/article/r1": ("redirect_duplicate", f"{fault_server}/article/r1"),
        f"{fault_server}/article/r1": ("article", None),
        f"{fault_server}/redirect-loop/r2/a": ("redirect_loop", f"{fault_server}/redirect-loop/r2/b"),
        f"{fault_server}/redirect-loop/r2/b": ("redirect_loop", f"{fault_server}/redirect-loop/r2/a"),
        f"{fault_server}/redirect-chain/2/r3": ("redirect_duplicate", f"{fault_server}/redirect-chain/0/r3"),
        f"{fault_server}/redirect-chain/0/r3": ("article", None),
        f"{fault_server}/redirect-loop/r4/a": ("redirect_loop", None),  # its own chain only
        f"{fault_server}/redirect-chain/1/r5": ("article", None),  # filed under the URL it ends at
    }


FINAL = {"/redirect-chain/1/r5": "/redirect-chain/0/r5"}


@pytest.fixture(scope="module")
def crawl(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("redirects")
    urls = tmp / "urls.txt"
    urls.write_text("".join(u + "\n" for u in listed(fault_server)))
    return run_crawl("articles", tmp, spider_args={"urls": str(urls)}, settings={
        "SECURITY_ALLOW_PRIVATE_NETWORKS": True, "RETRY_TIMES": 0, "CONCURRENT_REQUESTS_PER_DOMAIN": 16})


def test_each_listed_url_has_one_record(crawl: CrawlResult, fault_server: str) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]
    counts = Counter(r["url"] for r in crawl.records)
    assert set(counts.values()) == {1}, counts
    for url, (outcome, names) in listed(fault_server).items():
        path = url.removeprefix(fault_server)
        record = crawl.by_url().get(fault_server + FINAL.get(path, path))
        assert record is not None, url
        got = "article" if record["type"] == "article" else record["reason"]
        assert got == outcome, (url, record)
        if names:
            assert names in record["detail"], record


def test_accounting_balances_with_no_listed_url_skipped(crawl: CrawlResult, fault_server: str) -> None:
    stats = crawl_stats(crawl.stderr)
    assert stats["accounting/requested"] == len(listed(fault_server)) == len(crawl.records)
    assert stats["accounting/articles"] + stats["accounting/failures"] == len(crawl.records)
    assert stats["accounting/skipped"] == 0
    assert stats["accounting/unaccounted"] == 0
    assert "accounting/skipped/duplicate_request" not in stats
