"""``scrapy crawl warc`` and ``scrapy clean`` on web archives written by the
tests with warcio (real crawls in subprocesses; remote archives served from
127.0.0.1 by the demo server, which answers byte ranges)."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from bench.sitegen import invented_page
from scraper.warc.records import BadArchive, read_archive
from tests.crawlutil import read_jsonl, run_crawl, run_scrapy, serving
from tests.warcutil import ARTICLES, Rec, fixture_page, write_arc, write_warc

def crawl_stats(log: str) -> dict[str, int]:
    """Integer stats of the crawl's final dump (the last one too, which
    crawlutil.crawl_stats misses: it ends with ``}``, not a comma)."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {k: int(v) for k, v in re.findall(r"'([\w/.\-]+)': (\d+)[,}]", dump)}


# A copy of one article under a second URL: the dedup pipeline must make it a
# `duplicate` failure, carrying its own warc locator.
COPY_URL = "http://www.riverside-gazette.test/local/old-mill-bridge-to-close.html"


def latin1_page() -> bytes:
    """An invented page in ISO-8859-1 whose charset is only in the HTTP header."""
    _, html = invented_page(7, "metro-bulletin.test")
    html = html.replace('<meta charset="utf-8">', "").replace(
        "<p>Report 7", "<p>Le maire a déclaré à Besançon que la réunion était terminée. Report 7")
    return html.encode("latin-1", errors="replace")


def gzipped_page() -> tuple[str, bytes]:
    _, html = invented_page(11, "metro-bulletin.test")
    return "http://metro-bulletin.test/news/11.html", gzip.compress(html.encode())


def archive_records() -> list[Rec]:
    """Fixture pages as HTML responses (each on its own date), with request,
    metadata, revisit, non-HTML, redirect and 404 records mixed in."""
    records = [Rec("metadata", "http://www.riverside-gazette.test/", b'{"crawl": "test"}')]
    for n, (url, page) in enumerate(ARTICLES):
        records.append(Rec("request", url))
        records.append(Rec("response", url, fixture_page(page), date=f"2026-04-{10 + n:02d}T08:00:00Z"))
    records.append(Rec("response", "http://metro-bulletin.test/logo.png",
                       b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
                       headers=[("Content-Type", "image/png")]))
    records.append(Rec("revisit", ARTICLES[0][0], status="200 OK"))
    records.append(Rec("response", "http://metro-bulletin.test/old", b"",
                       status="301 Moved Permanently",
                       headers=[("Location", "http://metro-bulletin.test/new")]))
    records.append(Rec("response", "http://metro-bulletin.test/missing", b"<html><p>gone</p></html>",
                       status="404 Not Found", date="2026-04-20T09:00:00Z"))
    records.append(Rec("response", "http://metro-bulletin.test/news/7.html", latin1_page(),
                       headers=[("Content-Type", "text/html; charset=iso-8859-1")],
                       date="2026-04-21T09:00:00Z"))
    url, body = gzipped_page()
    records.append(Rec("response", url, body, date="2026-04-22T09:00:00Z",
                       headers=[("Content-Type", "text/html"), ("Content-Encoding", "gzip")]))
    records.append(Rec("response", COPY_URL, fixture_page(ARTICLES[1][1]),
                       date="2026-04-23T09:00:00Z"))
    return records


def html_responses(records: list[Rec], written: list[tuple[str, int]]) -> dict[str, dict[str, Any]]:
    """url -> expected date, offset, record id of every HTML response record."""
    expected = {}
    for rec, (record_id, offset) in zip(records, written):
        if rec.kind == "response" and "html" in dict(rec.headers).get("Content-Type", "") \
                and not rec.status.startswith("3"):
            expected[rec.url] = {"fetched_at": rec.date.replace("Z", "+00:00"), "offset": offset,
                                 "record_id": record_id, "status": int(rec.status[:3])}
    return expected


def check_records(result: Any, expected: dict[str, dict[str, Any]], file: str) -> None:
    assert result.returncode == 0, result.stderr[-3000:]
    urls = Counter(r["url"] for r in result.records)
    assert set(urls) == set(expected), urls
    assert max(urls.values()) == 1, urls
    for record in result.records:
        want = expected[record["url"]]
        assert record["fetched_at"] == want["fetched_at"]
        assert record["status"] == want["status"]
        assert record["warc"] == {"file": file, "offset": want["offset"],
                                  "record_id": want["record_id"]}
    by_url = result.by_url()
    assert by_url["http://metro-bulletin.test/missing"]["reason"] == "http_404"
    assert by_url[COPY_URL]["reason"] == "duplicate"
    assert "déclaré à Besançon" in by_url["http://metro-bulletin.test/news/7.html"]["text"]
    # gzip content encoding undone; charset from the page's <meta> (none in the headers)
    assert by_url[gzipped_page()[0]]["type"] == "article"
    assert "“" in by_url[gzipped_page()[0]]["text"]
    assert sum(r["type"] == "article" for r in result.records) == len(ARTICLES) + 2
    stats = crawl_stats(result.stderr)
    assert stats["warc/skipped/request"] == len(ARTICLES)
    assert stats["warc/skipped/metadata"] == 1
    assert stats["warc/skipped/revisit"] == 1
    assert stats["warc/skipped/not_html"] == 1
    assert stats["warc/skipped/redirect"] == 1
    assert stats["accounting/unaccounted"] == 0


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The test archive written gzipped per record and plain, with what each holds."""
    folder = tmp_path_factory.mktemp("warcs")
    records = archive_records()
    out: dict[str, Any] = {"records": records}
    for name, gz in (("pages.warc.gz", True), ("pages.warc", False)):
        written = write_warc(folder / name, records, gzip=gz)
        out[name] = (folder / name, html_responses(records, written), written)
    return out


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["pages.warc.gz", "pages.warc"])
def test_every_html_response_becomes_one_record(archives: dict[str, Any], name: str,
                                                tmp_path: Path) -> None:
    path, expected, _ = archives[name]
    result = run_crawl("warc", tmp_path, spider_args={"path": str(path)})
    check_records(result, expected, str(path))


@pytest.mark.crawl
def test_remote_archive_is_read_in_ranges_through_the_downloader(
        archives: dict[str, Any], tmp_path: Path) -> None:
    path, expected, _ = archives["pages.warc.gz"]
    root = tmp_path / "site"
    (root / "127.0.0.1" / "cc").mkdir(parents=True)
    shutil.copy(path, root / "127.0.0.1" / "cc" / path.name)
    with serving("scraper.demo.server", str(root)) as server:
        url = f"{server}/cc/{path.name}"
        result = run_crawl("warc", tmp_path, spider_args={"path": url},
                           settings={"SECURITY_ALLOW_PRIVATE_NETWORKS": True, "WARC_CHUNK_SIZE": 4096})
        check_records(result, expected, url)
        stats = crawl_stats(result.stderr)
        # one request per 4 KB piece: the body was never asked for in one go
        assert stats["downloader/response_status_count/206"] == -(-path.stat().st_size // 4096)
        assert "downloader/response_status_count/200" not in stats

        # WARC_MAXSIZE bounds the whole file, from the first piece's Content-Range
        (tmp_path / "big").mkdir()
        big = run_crawl("warc", tmp_path / "big", spider_args={"path": url},
                        settings={"SECURITY_ALLOW_PRIVATE_NETWORKS": True, "WARC_CHUNK_SIZE": 4096,
                                  "WARC_MAXSIZE": 10_000})
        # the SSRF guard applies to archives too
        (tmp_path / "refused").mkdir()
        refused = run_crawl("warc", tmp_path / "refused", spider_args={"path": url})
    assert [(r["reason"], r["url"], r["warc"]["file"]) for r in big.records] == [
        ("too_large", url, url)]
    assert crawl_stats(big.stderr)["downloader/response_status_count/206"] == 1
    assert refused.returncode == 0
    assert [(r["reason"], r["url"]) for r in refused.records] == [("private_address", url)]


@pytest.mark.crawl
def test_second_read_with_the_state_store_emits_nothing(archives: dict[str, Any],
                                                        tmp_path: Path) -> None:
    """Archived pages go through the incremental state: unchanged ones are not re-emitted."""
    path, expected, _ = archives["pages.warc.gz"]
    state = {"STATE_ENABLED": True, "STATE_PATH": str(tmp_path / "state.sqlite")}
    first = run_crawl("warc", tmp_path, spider_args={"path": str(path)}, settings=state)
    assert first.returncode == 0, first.stderr[-3000:]
    articles = len(first.articles)
    assert articles == len(ARTICLES) + 2
    (tmp_path / "again").mkdir()
    second = run_crawl("warc", tmp_path / "again", spider_args={"path": str(path)}, settings=state)
    assert second.returncode == 0, second.stderr[-3000:]
    assert second.articles == []
    assert crawl_stats(second.stderr)["incremental/unchanged"] == articles


@pytest.mark.crawl
def test_arc_file(tmp_path: Path) -> None:
    """Legacy ARC (Heritrix before WARC): records without ids, 14-digit dates."""
    pages = [(url, fixture_page(page), f"2026041{n}083000") for n, (url, page) in enumerate(ARTICLES[:3])]
    offsets = write_arc(tmp_path / "old.arc.gz", pages)
    result = run_crawl("warc", tmp_path, spider_args={"path": str(tmp_path / "old.arc.gz")})
    assert result.returncode == 0, result.stderr[-3000:]
    got = {r["url"]: r for r in result.records}
    assert set(got) == {url for url, _, _ in pages}
    for n, (url, _, _) in enumerate(pages):
        assert got[url]["type"] == "article"
        assert got[url]["fetched_at"] == f"2026-04-1{n}T08:30:00+00:00"
        assert got[url]["warc"] == {"file": str(tmp_path / "old.arc.gz"), "offset": offsets[n + 1],
                                    "record_id": None}
    assert crawl_stats(result.stderr)["warc/skipped/arc_header"] == 1


def cut_inside(path: Path, written: list[tuple[str, int]], index: int, into: int) -> tuple[bytes, int]:
    """The archive's bytes up to ``into`` bytes inside record ``index``, and that record's offset."""
    offset = written[index][1]
    return path.read_bytes()[:offset + into], offset


@pytest.mark.crawl
@pytest.mark.parametrize("name", ["pages.warc.gz", "pages.warc"])
def test_truncated_archive_ends_with_one_bad_warc_failure(archives: dict[str, Any], name: str,
                                                          tmp_path: Path) -> None:
    path, expected, written = archives[name]
    records = archives["records"]
    fourth = [i for i, r in enumerate(records) if r.kind == "response"][3]  # 4th HTML page
    data, offset = cut_inside(path, written, fourth, 900)
    cut = tmp_path / f"cut-{name}"
    cut.write_bytes(data)
    result = run_crawl("warc", tmp_path, spider_args={"path": str(cut)})
    assert result.returncode == 0, result.stderr[-3000:]
    *good, last = result.records
    assert sorted(r["url"] for r in good) == sorted(url for url, _ in ARTICLES[:3])
    assert all(r["type"] == "article" for r in good)
    assert last["type"] == "failure" and last["reason"] == "bad_warc"
    assert last["warc"] == {"file": str(cut), "offset": offset, "record_id": None}
    assert last["url"] == cut.resolve().as_uri()


@pytest.mark.crawl
def test_paths_list_gzipped_with_a_base_url(archives: dict[str, Any], tmp_path: Path) -> None:
    """Like CC-NEWS: a gzipped list of relative paths, read from a base URL."""
    path, expected, _ = archives["pages.warc.gz"]
    root = tmp_path / "site" / "127.0.0.1"
    parts = {"crawl-data/a/one.warc.gz": path, "crawl-data/b/two.warc": archives["pages.warc"][0]}
    for relative, source in parts.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, root / relative)
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress("\n".join(parts).encode() + b"\n"))
    with serving("scraper.demo.server", str(tmp_path / "site")) as server:
        result = run_crawl("warc", tmp_path, spider_args={"paths": str(listing), "base": server},
                           settings={"SECURITY_ALLOW_PRIVATE_NETWORKS": True})
    assert result.returncode == 0, result.stderr[-3000:]
    files = Counter(r["warc"]["file"] for r in result.records)
    one, two = (f"{server}/{relative}" for relative in parts)
    assert files == {one: len(expected), two: len(expected)}
    assert crawl_stats(result.stderr)["warc/files"] == 2


@pytest.mark.crawl
def test_domain_since_and_url_filters(archives: dict[str, Any], tmp_path: Path) -> None:
    path, expected, _ = archives["pages.warc.gz"]
    result = run_crawl("warc", tmp_path, spider_args={
        "path": str(path), "domains": "metro-bulletin.test", "since": "2026-04-14",
        "url_deny": "/transport/"})
    assert result.returncode == 0, result.stderr[-3000:]
    kept = {url for url, want in expected.items() if "metro-bulletin.test" in url
            and want["fetched_at"] >= "2026-04-14" and "/transport/" not in url}
    assert {r["url"] for r in result.records} == kept
    assert kept  # the filters leave something to check
    stats = crawl_stats(result.stderr)
    filtered = sum(stats.get(f"warc/skipped/{why}", 0) for why in ("domain", "before_since",
                                                                  "url_deny"))
    assert filtered == len(expected) - len(kept) + 1  # + the PNG, filtered before typing
    assert stats["warc/skipped/domain"] and stats["warc/skipped/before_since"]
    assert stats["warc/skipped/url_deny"] == 1  # the /transport/ page, dated 2026-04-14


@pytest.mark.crawl
def test_scrapy_clean_reads_an_archive(archives: dict[str, Any], tmp_path: Path) -> None:
    path, expected, _ = archives["pages.warc.gz"]
    out = tmp_path / "clean.jsonl"
    proc = run_scrapy(["clean", str(path), "-o", str(out), "--workers", "2"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    records = read_jsonl(out)
    # no dedup offline: the copy is an article too
    assert [r["url"] for r in records] == list(expected)
    for record in records:
        assert record["warc"]["offset"] == expected[record["url"]]["offset"]
        assert record["fetched_at"] == expected[record["url"]]["fetched_at"]
    assert "1 revisit" in proc.stderr and f"{len(ARTICLES)} request" in proc.stderr


# --- the reader alone ------------------------------------------------------------------


def read_all(data: bytes) -> list[Any]:
    return list(read_archive(io.BytesIO(data), keep=lambda r: True, max_payload=1 << 20,
                             size=len(data)))


@pytest.mark.parametrize("name", ["pages.warc.gz", "pages.warc"])
@pytest.mark.parametrize("into", [30, 250])  # inside the WARC header block
def test_a_record_header_cut_short_is_a_bad_archive(archives: dict[str, Any], name: str,
                                                    into: int) -> None:
    path, _, written = archives[name]
    data, offset = cut_inside(path, written, 5, into)
    with pytest.raises(BadArchive) as caught:
        read_all(data)
    assert caught.value.offset == offset


@pytest.mark.parametrize("name", ["pages.warc.gz", "pages.warc"])
def test_garbage_after_the_last_record_is_a_bad_archive(archives: dict[str, Any], name: str) -> None:
    path, _, written = archives[name]
    data = path.read_bytes()
    assert len(read_all(data)) == len(written)
    with pytest.raises(BadArchive) as caught:
        read_all(data + b"not a record\r\n\r\n")
    assert caught.value.offset == len(data)
    assert len(read_all(data + b"\r\n")) == len(written)  # blank lines are not damage


def test_warc_items_keep_other_records_schema() -> None:
    """Records of other spiders do not gain a `warc` field."""
    from scraper.pipelines.cleaning import record_to_item

    base = {"type": "failure", "url": "http://a.test/", "source": "a.test", "reason": "x",
            "status": None, "detail": "", "fetched_at": "2026-01-01T00:00:00+00:00"}
    assert "warc" not in json.dumps(record_to_item(base).__dict__)
    warc = {"file": "f.warc.gz", "offset": 0, "record_id": None}
    assert record_to_item({**base, "warc": warc}).warc == warc  # type: ignore[union-attr]


# --- inputs and filters --------------------------------------------------------------


def test_paths_lists_plain_or_gzipped_relative_to_a_base(tmp_path: Path) -> None:
    from scraper.warc.inputs import read_paths_file, resolve

    text = "# CC-NEWS, one month\ncrawl-data/CC-NEWS/2026/04/a.warc.gz\n\n/abs/b.warc  # local\n"
    (tmp_path / "plain.paths").write_text(text)
    (tmp_path / "list.paths.gz").write_bytes(gzip.compress(text.encode()))
    entries = read_paths_file(tmp_path / "plain.paths")
    assert entries == read_paths_file(tmp_path / "list.paths.gz")
    assert entries == ["crawl-data/CC-NEWS/2026/04/a.warc.gz", "/abs/b.warc"]
    base = "https://data.commoncrawl.org"
    assert [resolve(e, base) for e in entries] == [
        "https://data.commoncrawl.org/crawl-data/CC-NEWS/2026/04/a.warc.gz", "/abs/b.warc"]
    assert resolve("x/c.warc", str(tmp_path)) == str(tmp_path / "x" / "c.warc")
    assert resolve("https://h.test/d.warc.gz", base) == "https://h.test/d.warc.gz"


def test_seeds_filter_applies_each_outlets_allow_and_deny() -> None:
    import re as regex

    from scraper.discovery.seeds import Outlet
    from scraper.warc.inputs import InputError, RecordFilter

    outlet = Outlet(name="Metro", domain="metro-bulletin.test", feeds=("http://metro-bulletin.test/f",),
                    allow=(regex.compile("/20[0-9]{2}/"),), deny=(regex.compile("/transport/"),))
    keep = RecordFilter.build(outlets=[outlet], domains="riverside-gazette.test")
    day = "2026-04-12T08:00:00+00:00"
    assert keep.reason("http://metro-bulletin.test/housing/2026/04/x/", day) is None
    assert keep.reason("http://metro-bulletin.test/transport/2026/04/x/", day) == "outlet_rule"
    assert keep.reason("http://metro-bulletin.test/about.html", day) == "outlet_rule"
    assert keep.reason("http://www.riverside-gazette.test/about.html", day) is None  # no rules
    assert keep.reason("http://elsewhere.test/2026/x", day) == "domain"
    with pytest.raises(InputError):
        RecordFilter.build(since="12/04/2026")
    with pytest.raises(InputError):
        RecordFilter.build(url_allow="(")


def test_start_returns_only_once_its_items_are_through_the_pipelines(tmp_path: Path) -> None:
    """Items from ``start()`` end without waking the engine: if ``start()``
    returned while its last pages were still being cleaned, the engine would
    notice it is idle only at its next heartbeat, seconds later. So ``start()``
    ends only when every item it yielded has ended in an item signal."""
    import asyncio

    from scrapy import signals
    from scrapy.utils.test import get_crawler

    import scraper.settings
    from scraper.spiders.warc import WarcSpider

    path = tmp_path / "two.warc.gz"
    write_warc(path, [Rec("response", url, fixture_page(page)) for url, page in ARTICLES[:2]])
    project = {k: getattr(scraper.settings, k) for k in ("WARC_MAX_PENDING", "DOWNLOAD_MAXSIZE")}
    crawler = get_crawler(WarcSpider, settings_dict=project)
    crawler.stats.open_spider()
    spider = WarcSpider.from_crawler(crawler, path=str(path))
    crawler.spider = spider

    async def go() -> None:
        start = spider.start()
        items = [await anext(start), await anext(start)]
        assert [i.url for i in items] == [u for u, _ in ARTICLES[:2]]
        end = asyncio.ensure_future(anext(start, None))
        for item in items:
            for _ in range(20):
                await asyncio.sleep(0)
            assert not end.done(), "start() ended with items still in the pipelines"
            crawler.signals.send_catch_log(signals.item_scraped, item=item, spider=spider)
        assert await asyncio.wait_for(end, 5) is None

    asyncio.run(go())
