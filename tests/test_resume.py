"""Issue #6: ``kill -9`` a crawl mid-way, start it again with the same
JOBDIR, state store and output: every article is in the output exactly once."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.crawlutil import SCRAPY, read_jsonl
from tests.test_state_sitegen import article_url, crawl_env, feeds_args, gen_site, make_site, stats_of

__all__ = ["gen_site"]

pytestmark = pytest.mark.crawl

PAGES = 150


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_kill_9_and_resume_emits_every_article_once(tmp_path: Path,
                                                    gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    seeds = make_site(root, PAGES)
    output = tmp_path / "articles.jsonl"
    args = SCRAPY + feeds_args(seeds, output, url, tmp_path / "state.sqlite",
                               {"JOBDIR": tmp_path / "job", "DOWNLOAD_DELAY": 0.05})

    crawl = subprocess.Popen(args, cwd=tmp_path, env=crawl_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while _lines(output) < 30:
        assert crawl.poll() is None, "the crawl ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    crawl.kill()  # SIGKILL: no close_spider, no JOBDIR state saved, no flush
    crawl.wait(timeout=30)
    killed_at = _lines(output)
    assert killed_at < PAGES, "killed too late to test anything"

    resumed = subprocess.run(args, cwd=tmp_path, env=crawl_env(), capture_output=True,
                             text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "took over the state lock of pid" in resumed.stderr
    match = re.search(r"resuming (\d+) unfinished requests of run 1 \(crashed\)", resumed.stderr)
    assert match and int(match.group(1)) > 0

    data = output.read_bytes()
    assert data.endswith(b"\n")  # no torn last line
    records = read_jsonl(output)  # every line parses
    assert [r for r in records if r["type"] != "article"] == []
    counts = Counter(r["url"] for r in records)
    assert sorted(counts) == [article_url(i) for i in range(PAGES)]  # none missing
    assert set(counts.values()) == {1}  # none twice
    stats = stats_of(resumed.stderr)
    assert stats["incremental/new"] == PAGES - killed_at  # only what the killed run had not written

    db = sqlite3.connect(tmp_path / "state.sqlite")
    assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
    assert db.execute("SELECT close_reason FROM runs ORDER BY id").fetchall() == [(None,), ("finished",)]
    assert db.execute("SELECT count(*) FROM pages WHERE content_hash IS NOT NULL").fetchone()[0] == PAGES
