"""End to end: real `scrapy crawl` subprocesses against the fixture sites on 127.0.0.1.

The fixture sites (tests/fixtures/sites) come with expectations.json: for each
article, snippets that must stay in `text` and cruft that must be gone from
`text` and show up in `removed`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE_SITES
from tests.crawlutil import CrawlResult, run_crawl

pytestmark = pytest.mark.crawl

EXPECTATIONS: dict[str, Any] = json.loads((FIXTURE_SITES / "expectations.json").read_text())
ARTICLES: dict[str, dict[str, Any]] = {
    url: spec for url, spec in EXPECTATIONS.items() if url.startswith("http")
}
HOSTS = sorted({url.split("/")[2] for url in ARTICLES})
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")

ARTICLE_FIELDS = {
    "type": str, "url": str, "source": str, "title": str, "authors": list,
    "published": (str, type(None)), "language": (str, type(None)), "text": str,
    "removed": list, "scores": dict, "content_hash": str, "fetched_at": str, "status": int,
}
FAILURE_FIELDS = {
    "type": str, "url": str, "source": str, "reason": str,
    "status": (int, type(None)), "detail": str, "fetched_at": str,
}


def write_seeds(path: Path) -> Path:
    rows = []
    for host in HOSTS:
        rows.append(
            f'[[outlet]]\nname = "{host}"\ndomain = "{host.removeprefix("www.")}"\n'
            f'feeds = ["http://{host}/feed.xml"]\nsitemaps = ["http://{host}/sitemap.xml"]\n'
        )
    path.write_text("\n".join(rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def feeds_crawl(site_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("feeds")
    seeds = write_seeds(tmp / "seeds.toml")
    result = run_crawl("feeds", tmp, routes=site_server, spider_args={"seeds": str(seeds)})
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def faults_crawl(site_server: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    tmp = tmp_path_factory.mktemp("faults")
    host = HOSTS[0]
    first_article = sorted(u for u in ARTICLES if f"//{host}/" in u)[0]
    urls = tmp / "urls.txt"
    urls.write_text(
        "# comment lines and blanks are ignored\n\n"
        f"{first_article}\n"
        f"http://{host}/no/such/page.html\n"
        f"http://{host}/_fault/delay/5   # answers too late\n"
        f"http://{host}/_fault/status/503\n"
        "ftp://example.test/file\n",
        encoding="utf-8",
    )
    result = run_crawl(
        "articles", tmp, routes=site_server, spider_args={"urls": str(urls)},
        settings={"DOWNLOAD_TIMEOUT": 1, "RETRY_TIMES": 0},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def check_fields(record: dict[str, Any]) -> None:
    fields = ARTICLE_FIELDS if record["type"] == "article" else FAILURE_FIELDS
    assert set(record) == set(fields), record["url"]
    for name, types in fields.items():
        assert isinstance(record[name], types), (record["url"], name, record[name])
    assert ISO_TIME.match(record["fetched_at"])
    if record["type"] == "article":
        assert record["published"] is None or ISO_DATE.match(record["published"])
        assert all(set(r) >= {"kind", "rule", "text"} for r in record["removed"])
        assert 0.0 <= record["scores"]["score"] <= 1.0
        for ev in record["scores"]["evidence"]:
            assert record["text"][ev["start"]:ev["end"]] == ev["text"]
        assert not record["text"].startswith(record["title"])


def test_every_feed_and_sitemap_entry_ends_as_one_record(feeds_crawl: CrawlResult) -> None:
    urls = [r["url"] for r in feeds_crawl.records]
    assert len(urls) == len(set(urls)), "a URL produced two records"
    expected = set(ARTICLES) | {u for pair in EXPECTATIONS.get("duplicates", []) for u in pair}
    assert expected <= set(urls)


def test_records_are_typed(feeds_crawl: CrawlResult, faults_crawl: CrawlResult) -> None:
    for record in feeds_crawl.records + faults_crawl.records:
        check_fields(record)


@pytest.mark.parametrize("url", sorted(ARTICLES))
def test_article_text_keeps_the_article_and_drops_the_cruft(feeds_crawl: CrawlResult, url: str) -> None:
    spec = ARTICLES[url]
    record = feeds_crawl.by_url()[url]
    if record["type"] == "failure":
        assert record["reason"] == "duplicate", record
        return
    text = record["text"]
    for snippet in spec["with"]:
        assert snippet in text, f"article text lost: {snippet!r}"
    removed = " ".join(r["text"] for r in record["removed"])
    for snippet in spec["without"]:
        assert snippet not in text, f"cruft kept: {snippet!r}"
        assert snippet in removed, f"cruft not recorded in removed: {snippet!r}"


@pytest.mark.parametrize("url", sorted(ARTICLES))
def test_article_metadata(feeds_crawl: CrawlResult, url: str) -> None:
    spec = ARTICLES[url]
    record = feeds_crawl.by_url()[url]
    if record["type"] == "failure":  # emitted once, under its duplicate's URL
        assert record["reason"] == "duplicate"
        return
    assert record["title"] == spec["title"]
    assert record["published"] == spec["published"]
    assert record["authors"] == spec["authors"]
    assert record["language"] == "en"
    assert record["source"] == url.split("/")[2].removeprefix("www.")


def test_duplicate_content_is_emitted_once(feeds_crawl: CrawlResult) -> None:
    records = feeds_crawl.by_url()
    for first, second in EXPECTATIONS["duplicates"]:
        kinds = sorted(records[u]["type"] for u in (first, second))
        assert kinds == ["article", "failure"]
        failure = records[first] if records[first]["type"] == "failure" else records[second]
        assert failure["reason"] == "duplicate"
    hashes = [r["content_hash"] for r in feeds_crawl.articles]
    assert len(hashes) == len(set(hashes))


def test_faults_become_failure_records(faults_crawl: CrawlResult) -> None:
    reasons = {r["url"].split("/", 3)[-1]: r.get("reason") for r in faults_crawl.records}
    assert reasons["no/such/page.html"] == "http_404"
    assert reasons["_fault/delay/5"] == "timeout"
    assert reasons["_fault/status/503"] == "http_503"
    assert reasons["ftp://example.test/file".split("/", 3)[-1]] == "invalid_url"
    assert len(faults_crawl.articles) == 1
    assert len(faults_crawl.records) == 5


def test_site_spider_follows_links_and_accounts_for_every_page(
    site_server: str, tmp_path: Path
) -> None:
    host = HOSTS[0]
    result = run_crawl("site", tmp_path, routes=site_server,
                       spider_args={"start": f"http://{host}/"})
    assert result.returncode == 0, result.stderr[-3000:]
    by_url = result.by_url()
    for url in (u for u in ARTICLES if f"//{host}/" in u):
        assert url in by_url
    for url in (u for u in EXPECTATIONS.get("non_articles", []) if f"//{host}/" in u):
        assert by_url[url]["type"] == "failure"
        assert by_url[url]["reason"] in {"not_article", "no_article_text"}
    assert by_url[f"http://{host}/"]["reason"] == "not_article"


def test_default_feeds_write_articles_and_failures_apart(site_server: str, tmp_path: Path) -> None:
    """Without -o/-O the project's FEEDS split records into two files by item class."""
    from tests.crawlutil import SCRAPY, read_jsonl, run_in_group, scrapy_env

    host = HOSTS[0]
    article = sorted(u for u in ARTICLES if f"//{host}/" in u)[0]
    args = SCRAPY + ["crawl", "articles", "-a", f"urls={article},http://{host}/missing.html",
                     "-s", "ROUTING_HOSTS=" + json.dumps({"*.test": site_server}),
                     "-s", "SECURITY_ALLOW_PRIVATE_NETWORKS=True", "-s", "CLEANER_WORKERS=1"]
    proc = run_in_group(args, cwd=tmp_path, timeout=120, env=scrapy_env())
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = tmp_path / "output" / "articles"
    articles = [r for p in out.glob("articles-*.jsonl") for r in read_jsonl(p)]
    failures = [r for p in out.glob("failures-*.jsonl") for r in read_jsonl(p)]
    assert [r["type"] for r in articles] == ["article"]
    assert [(r["type"], r["reason"]) for r in failures] == [("failure", "http_404")]
