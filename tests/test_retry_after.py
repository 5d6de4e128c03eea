"""Retry-After on 429/503 (scraper.middlewares.retry_after): a real crawl
against tests/faultserver.py, and the header parser on its own."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from scraper.middlewares.retry_after import retry_after_seconds
from tests.crawlutil import CrawlResult, crawl_stats, run_crawl
from tests.faultserver import hits, request_times

WAIT = 2  # seconds the throttling server asks for
MAX = 30  # RETRY_AFTER_MAX in the crawl below
PATHS = {
    "honoured": f"/throttle/429/1/ra1?retry_after={WAIT}",
    "service": f"/throttle/503/1/ra2?retry_after={WAIT}",
    "too_long": f"/throttle/429/9/ra3?retry_after={MAX + 15}",
    "no_header": "/throttle/429/1/ra4",
}


@pytest.mark.parametrize(("value", "expected"), [
    ("120", 120.0), (b"0", 0.0), (" 7 ", 7.0),
    ("", None), ("soon", None), ("-5", None), ("1.5", None), (None, None),
])
def test_seconds_form(value: str | bytes | None, expected: float | None) -> None:
    assert retry_after_seconds(value) == expected


def test_http_date_form_counts_from_now() -> None:
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    ahead = format_datetime(now + timedelta(seconds=90), usegmt=True)  # "Sun, 01 Mar 2026 12:01:30 GMT"
    assert retry_after_seconds(ahead, now=now) == pytest.approx(90.0)
    past = format_datetime(now - timedelta(hours=1), usegmt=True)
    assert retry_after_seconds(past, now=now) == 0.0


@pytest.fixture(scope="module")
def crawl(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("retry_after")
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(fault_server + p for p in PATHS.values()) + "\n")
    return run_crawl("articles", tmp, timeout=120, spider_args={"urls": str(urls)}, settings={
        "SECURITY_ALLOW_PRIVATE_NETWORKS": True, "RETRY_TIMES": 2, "RETRY_AFTER_MAX": MAX,
        "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0,
    })


def _record(crawl: CrawlResult, base: str, name: str) -> dict[str, object]:
    url = base + PATHS[name]
    mine = [r for r in crawl.records if r["url"] == url]
    assert len(mine) == 1, (name, crawl.records)
    return mine[0]


def _path(name: str) -> str:
    return PATHS[name].split("?")[0]


def test_crawl_finishes(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]


@pytest.mark.parametrize("name", ["honoured", "service"])
def test_retry_waits_as_long_as_the_server_asks(crawl: CrawlResult, fault_server: str, name: str) -> None:
    assert _record(crawl, fault_server, name)["type"] == "article"
    first, second = request_times(fault_server)[_path(name)]
    assert second - first >= WAIT - 0.05, (name, second - first)


def test_a_wait_over_the_maximum_is_not_retried(crawl: CrawlResult, fault_server: str) -> None:
    record = _record(crawl, fault_server, "too_long")
    assert record["type"] == "failure" and record["reason"] == "http_429", record
    assert f"Retry-After: {MAX + 15}" in str(record["detail"]), record
    assert "RETRY_AFTER_MAX" in str(record["detail"]), record
    assert hits(fault_server)[_path("too_long")] == 1


def test_no_header_retries_as_before(crawl: CrawlResult, fault_server: str) -> None:
    assert _record(crawl, fault_server, "no_header")["type"] == "article"
    assert hits(fault_server)[_path("no_header")] == 2


def test_stats_count_the_waits(crawl: CrawlResult) -> None:
    stats = crawl_stats(crawl.stderr)
    assert stats["retry_after/waited"] == 2
    assert stats["retry_after/over_max"] == 1
    assert stats["accounting/unaccounted"] == 0
