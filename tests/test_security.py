"""Private-address refusal and the scheme filter, in real crawls against 127.0.0.1.

Crawl A runs with the defaults (SECURITY_ALLOW_PRIVATE_NETWORKS off): every URL that
resolves to a loopback, private, link-local, CGNAT or unspecified address,
however it is spelled, and every request through a ROUTING_HOSTS proxy on
127.0.0.1, is refused before connecting; the server sees no request at all.
Crawl B exempts 127.0.0.1/32 only (SECURITY_PRIVATE_NETWORKS_ALLOWED) so the fault
server is reachable, and checks redirects and followed feed links.
"""

from __future__ import annotations

import json

import pytest

from scraper.middlewares.security import is_blocked_address
from tests.crawlutil import CrawlResult, run_crawl
from tests.crawlutil import crawl_stats
from tests.faultserver import hits

pytestmark = pytest.mark.crawl


def _port(url: str) -> str:
    return url.rsplit(":", 1)[1]


def private_urls(server: str) -> list[str]:
    port = _port(server)
    return [
        f"{server}/article/s1",                       # 127.0.0.1
        f"http://localhost:{port}/article/s2",        # name resolving to loopback
        f"http://2130706433:{port}/article/s3",       # 127.0.0.1 as one decimal number
        f"http://127.1:{port}/article/s4",             # short form
        f"http://0.0.0.0:{port}/article/s5",          # reaches localhost on Linux
        f"http://[::1]:{port}/article/s6",
        f"http://[::ffff:127.0.0.1]:{port}/article/s7",  # IPv4-mapped IPv6
        "http://10.0.0.1/article/s8",
        "http://172.16.0.1/article/s9",
        "http://192.168.1.1/article/s10",
        "http://169.254.169.254/latest/meta-data/",   # cloud metadata
        "http://100.64.0.1/article/s11",              # carrier-grade NAT
        "http://[fc00::1]/article/s12",
        "http://[fe80::1]/article/s13",
        "http://news.test/article/s14",               # ROUTING_HOSTS proxy on 127.0.0.1
    ]


@pytest.fixture(scope="module")
def crawl_default(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("security-default")
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(private_urls(fault_server)) + "\n")
    return run_crawl("articles", tmp, timeout=120, spider_args={"urls": str(urls)}, settings={
        "ROUTING_HOSTS": json.dumps({"*.test": fault_server}), "DOWNLOAD_TIMEOUT": 5,
        "RETRY_TIMES": 0,
    })


def test_default_refuses_every_private_address(crawl_default: CrawlResult, fault_server: str) -> None:
    assert crawl_default.returncode == 0, crawl_default.stderr[-3000:]
    expected = private_urls(fault_server)
    by_url = crawl_default.by_url()
    assert set(by_url) == set(expected)
    wrong = {u: (r["type"], r.get("reason")) for u, r in by_url.items()
             if r.get("reason") != "private_address"}
    assert not wrong
    stats = crawl_stats(crawl_default.stderr)
    assert stats["security/refused_private"] == len(expected)
    assert stats["failures/private_address"] == len(expected)
    assert stats["accounting/unaccounted"] == 0
    assert hits(fault_server) == {}  # not one request reached the server, robots.txt included


@pytest.fixture(scope="module")
def crawl_feeds(fault_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("security-feeds")
    seeds = tmp / "seeds.toml"
    fx = f"{fault_server}/fixture"
    seeds.write_text(
        '[[outlet]]\nname = "Hostile"\ndomain = "127.0.0.1"\n'
        f'feeds = ["{fx}/hostile-feed.xml", "{fx}/broken-feed.xml", "{fx}/not-a-feed.xml", '
        f'"{fx}/feed-bomb.xml"]\n'
        f'sitemaps = ["{fx}/sitemap-bomb.xml"]\n')
    return run_crawl("feeds", tmp, timeout=120, spider_args={"seeds": str(seeds)}, settings={
        "SECURITY_PRIVATE_NETWORKS_ALLOWED": "127.0.0.1/32", "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    })


def test_feed_links_and_redirects(crawl_feeds: CrawlResult, fault_server: str) -> None:
    assert crawl_feeds.returncode == 0, crawl_feeds.stderr[-3000:]
    assert "Traceback" not in crawl_feeds.stderr, crawl_feeds.stderr[-3000:]
    by_url = crawl_feeds.by_url()
    outcome = {u: ("article" if r["type"] == "article" else r["reason"]) for u, r in by_url.items()}
    base = fault_server
    assert outcome[f"{base}/article/feed-ok"] == "article"
    assert outcome["http://169.254.169.254/latest/meta-data/"] == "private_address"
    assert outcome["http://10.0.0.1/admin"] == "private_address"
    # a redirect into loopback is refused after the hop, not connected to
    assert outcome[f"{base}/redirect-to?url=http://127.0.0.2:1/x"] == "private_address"
    assert outcome[f"{base}/redirect-to?url=file:///etc/passwd"] == "bad_scheme"
    assert outcome[f"{base}/private/feed-robots"] == "robots_disallowed"
    assert not any(u.startswith(("file:", "ftp:", "javascript:", "data:")) for u in by_url)
    stats = crawl_stats(crawl_feeds.stderr)
    assert stats["skipped/bad_scheme"] == 4  # file, ftp, javascript, data entries
    assert stats["security/refused_private"] == 3
    assert stats["accounting/unaccounted"] == 0
    assert stats["accounting/repeated/duplicate_request"] == 1  # an entry listed twice
    assert "accounting/skipped/duplicate_request" not in stats


def test_broken_feeds_and_entity_bombs(crawl_feeds: CrawlResult, fault_server: str) -> None:
    by_url = crawl_feeds.by_url()
    fx = f"{fault_server}/fixture"
    assert by_url[f"{fx}/broken-feed.xml"]["reason"] == "bad_feed"
    assert by_url[f"{fx}/not-a-feed.xml"]["reason"] == "bad_feed"
    # Entity bombs, never expanded: libxml2's amplification limit makes the feed a
    # failure record; the sitemap parses to zero entries, a `bad_sitemap` record.
    assert by_url[f"{fx}/feed-bomb.xml"]["reason"] == "bad_feed"
    assert by_url[f"{fx}/sitemap-bomb.xml"]["reason"] == "bad_sitemap"
    assert not any("/article/feedbomb" in u or u.endswith("/article/") for u in by_url)
    assert all(len(u) < 300 for u in by_url)


@pytest.mark.parametrize(("address", "blocked"), [
    ("127.0.0.1", True), ("10.1.2.3", True), ("172.31.255.255", True), ("192.168.0.1", True),
    ("169.254.169.254", True), ("100.64.0.1", True), ("0.0.0.0", True), ("::1", True),
    ("fc00::1", True), ("fd12::1", True), ("fe80::1", True), ("::ffff:10.0.0.1", True),
    ("2002:7f00:1::", True), ("64:ff9b::a00:1", True), ("224.0.0.1", True),
    ("93.184.215.14", False), ("2606:4700::1111", False), ("172.32.0.1", False),
])
def test_blocked_address_table(address: str, blocked: bool) -> None:
    import ipaddress

    assert is_blocked_address(ipaddress.ip_address(address)) is blocked
