"""Issue #6: ``kill -9`` a crawl mid-way, start it again with the same
JOBDIR, state store and output: every article is in the output exactly once."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.crawlutil import SCRAPY, read_jsonl
from tests.crawlutil import crawl_stats
from tests.test_state_sitegen import article_url, crawl_env, feeds_args, gen_site, make_site

__all__ = ["ResumeRun", "gen_site", "kill_and_resume"]

pytestmark = pytest.mark.crawl

PAGES = 150


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@dataclass
class ResumeRun:
    """What one kill -9 and restart produced."""

    pages: int
    killed_at: int  # lines in the output when the first run was killed
    records: list[dict[str, Any]]
    resumed: subprocess.CompletedProcess[str]
    output: Path


def kill_and_resume(workdir: Path, root: Path, url: str, pages: int = PAGES,
                    kill_after: int = 30) -> ResumeRun:
    """Crawl a generated site of ``pages`` articles (served at ``url`` from
    ``root``), ``kill -9`` it once the output has ``kill_after`` lines, then run
    it again with the same JOBDIR, state store and output. Also used by
    bench/hostile.py."""
    seeds = make_site(root, pages)
    output = workdir / "articles.jsonl"
    args = SCRAPY + feeds_args(seeds, output, url, workdir / "state.sqlite",
                               {"JOBDIR": workdir / "job", "DOWNLOAD_DELAY": 0.05})
    crawl = subprocess.Popen(args, cwd=workdir, env=crawl_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while _lines(output) < kill_after:
        if crawl.poll() is not None or time.monotonic() > deadline:
            crawl.kill()
            raise RuntimeError("the crawl ended or stalled before it could be killed")
        time.sleep(0.05)
    crawl.kill()  # SIGKILL: no close_spider, no JOBDIR state saved, no flush
    crawl.wait(timeout=30)
    killed_at = _lines(output)
    resumed = subprocess.run(args, cwd=workdir, env=crawl_env(), capture_output=True,
                             text=True, timeout=300)
    return ResumeRun(pages, killed_at, read_jsonl(output), resumed, output)


def test_kill_9_and_resume_emits_every_article_once(tmp_path: Path,
                                                    gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    run = kill_and_resume(tmp_path, root, url)
    assert run.killed_at < PAGES, "killed too late to test anything"
    resumed = run.resumed
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "took over the state lock of pid" in resumed.stderr
    match = re.search(r"resuming (\d+) unfinished requests of run 1 \(crashed\)", resumed.stderr)
    assert match and int(match.group(1)) > 0

    data = run.output.read_bytes()
    assert data.endswith(b"\n")  # no torn last line
    records = run.records  # every line parsed
    assert [r for r in records if r["type"] != "article"] == []
    counts = Counter(r["url"] for r in records)
    assert sorted(counts) == [article_url(i) for i in range(PAGES)]  # none missing
    assert set(counts.values()) == {1}  # none twice
    stats = crawl_stats(resumed.stderr)
    assert stats["incremental/new"] == PAGES - run.killed_at  # only what the killed run had not written

    db = sqlite3.connect(tmp_path / "state.sqlite")
    assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
    assert db.execute("SELECT close_reason FROM runs ORDER BY id").fetchall() == [(None,), ("finished",)]
    assert db.execute("SELECT count(*) FROM pages WHERE content_hash IS NOT NULL").fetchone()[0] == PAGES
