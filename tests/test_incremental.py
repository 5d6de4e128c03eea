"""Re-crawls against the state store: 304s, unchanged hashes, changed and new
pages, old feed entries skipped. Real ``scrapy crawl feeds`` runs on 127.0.0.1."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.crawlutil import read_jsonl
from tests.crawlutil import crawl_stats
from tests.test_state_sitegen import article_url, gen_site, make_site, run_feeds

__all__ = ["gen_site"]  # the fixture, imported for pytest

pytestmark = pytest.mark.crawl
NO_SKIP = {"STATE_SKIP_OLD_ENTRIES": False}


def test_second_crawl_of_unchanged_site_emits_nothing(tmp_path: Path, gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    seeds = make_site(root, 30)
    started = time.monotonic()
    first = run_feeds(tmp_path, seeds, url, tmp_path / "run1.jsonl", settings=NO_SKIP)
    first_seconds = time.monotonic() - started
    assert first.returncode == 0, first.stderr[-3000:]
    articles = [r for r in read_jsonl(tmp_path / "run1.jsonl") if r["type"] == "article"]
    assert sorted(a["url"] for a in articles) == [article_url(i) for i in range(30)]
    assert crawl_stats(first.stderr)["incremental/new"] == 30
    assert "incremental crawl of feeds (finished): 30 new, 0 changed, 0 unchanged" in first.stderr

    started = time.monotonic()
    second = run_feeds(tmp_path, seeds, url, tmp_path / "run2.jsonl", settings=NO_SKIP)
    second_seconds = time.monotonic() - started
    assert second.returncode == 0, second.stderr[-3000:]
    assert read_jsonl(tmp_path / "run2.jsonl") == []
    stats = crawl_stats(second.stderr)
    assert stats["incremental/conditional"] == 30
    assert stats["incremental/unchanged/not_modified"] == 30
    assert stats["incremental/unchanged"] == 30
    assert stats["downloader/response_status_count/304"] == 30
    assert "incremental/new" not in stats and "incremental/failed" not in stats
    assert "failures/" not in second.stderr.split("Dumping Scrapy stats")[-1]
    print(f"first crawl {first_seconds:.2f}s, unchanged re-crawl {second_seconds:.2f}s")


def test_changed_new_and_touched_pages(tmp_path: Path, gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    seeds = make_site(root, 20)
    first = run_feeds(tmp_path, seeds, url, tmp_path / "run1.jsonl", settings=NO_SKIP)
    assert first.returncode == 0, first.stderr[-3000:]
    before = {r["url"]: r for r in read_jsonl(tmp_path / "run1.jsonl")}

    make_site(root, 22, editions={3: 1, 7: 1})  # 2 changed texts, 2 new pages
    touched = root / "gen-news.test" / "news" / "0005.html"
    os.utime(touched, (time.time() + 5, time.time() + 5))  # new ETag, same text
    second = run_feeds(tmp_path, seeds, url, tmp_path / "run2.jsonl", settings=NO_SKIP)
    assert second.returncode == 0, second.stderr[-3000:]
    records = read_jsonl(tmp_path / "run2.jsonl")
    by_url = {r["url"]: r for r in records}
    assert sorted(by_url) == sorted([article_url(i) for i in (3, 7, 20, 21)])
    assert len(records) == 4
    for i in (3, 7):
        assert by_url[article_url(i)]["content_hash"] != before[article_url(i)]["content_hash"]
        assert "Update 1" in by_url[article_url(i)]["text"]
    stats = crawl_stats(second.stderr)
    assert stats["incremental/changed"] == 2
    assert stats["incremental/new"] == 2
    assert stats["incremental/unchanged/same_hash"] == 1
    assert stats["incremental/unchanged/not_modified"] == 17
    assert stats["incremental/unchanged"] == 18

    db = sqlite3.connect(tmp_path / "state.sqlite")
    versions = dict(db.execute("SELECT url, version FROM pages"))
    assert versions[article_url(3)] == 2 and versions[article_url(0)] == 1
    assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
    runs = db.execute("SELECT close_reason FROM runs ORDER BY id").fetchall()
    assert runs == [("finished",), ("finished",)]
    scores = db.execute("SELECT source, count FROM source_scores").fetchall()
    assert scores == [("gen-news.test", 24)]  # 20 + 2 changed + 2 new article versions


def test_old_feed_entries_are_skipped(tmp_path: Path, gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    now = datetime.now(timezone.utc)
    dates = [now - timedelta(days=1 + i) for i in range(10)]
    seeds = make_site(root, 10, dates=dates)
    first = run_feeds(tmp_path, seeds, url, tmp_path / "run1.jsonl")
    assert first.returncode == 0, first.stderr[-3000:]
    assert len(read_jsonl(tmp_path / "run1.jsonl")) == 10

    # After the first run: page 2 is re-dated (updated), page 10 is new but old-dated.
    dates[2] = datetime.now(timezone.utc) + timedelta(minutes=1)
    make_site(root, 11, dates=dates + [now - timedelta(days=30)], editions={2: 1})
    second = run_feeds(tmp_path, seeds, url, tmp_path / "run2.jsonl")
    assert second.returncode == 0, second.stderr[-3000:]
    urls = sorted(r["url"] for r in read_jsonl(tmp_path / "run2.jsonl"))
    assert urls == [article_url(2), article_url(10)]  # known+old skipped; unknown fetched
    stats = crawl_stats(second.stderr)
    assert stats["incremental/skipped_old"] == 18  # 9 known old pages, in feed and sitemap
    assert stats["incremental/changed"] == 1 and stats["incremental/new"] == 1
    assert "incremental crawl of feeds (finished): 1 new, 1 changed, 0 unchanged, 0 failed, " \
           "18 skipped as older than the last run" in second.stderr
