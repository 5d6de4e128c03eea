"""Issue #6 / #12: ``kill -9`` a crawl (its whole process group) at several
points, start it again with the same JOBDIR, state store and ``-o`` output:
every listed URL has exactly one record, no line is torn, nothing is pending.

Kill points (tests/killresume.py): early (2 lines), mid (40 lines), right
after a feed write (before its state commit), and while the cleaning workers
hold fetched pages. Each is its own killed-and-resumed crawl of 150 slowly
served pages.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from scraper.state.store import StateStore
from tests.crawlutil import crawl_stats, read_jsonl, run_scrapy
from tests.faultserver import hits
from tests.killresume import KILL_POINTS, PAGES, kill_and_resume

pytestmark = pytest.mark.crawl


@pytest.mark.parametrize("point", list(KILL_POINTS))
def test_kill_9_and_resume_emits_every_url_once(tmp_path: Path, point: str) -> None:
    run = kill_and_resume(tmp_path, KILL_POINTS[point])
    assert run.killed_at < PAGES, "killed too late to test anything"
    resumed = run.resumed
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert "took over the state lock of pid" in resumed.stderr
    match = re.search(r"resuming (\d+) unfinished requests of run 1 \(crashed\)", resumed.stderr)
    assert match and int(match.group(1)) > 0

    assert run.torn() == 0
    assert [r for r in run.records if r["type"] != "article"] == []
    assert run.lost() == []
    assert run.duplicated() == []
    # the resumed run fetched each unfinished page once, and nothing the killed run wrote
    assert run.refetched() == []
    assert sum(run.fetched_resumed.values()) == PAGES - run.killed_at
    stats = crawl_stats(resumed.stderr)
    # the resumed run writes exactly what the killed one had not
    assert stats["incremental/new"] == PAGES - run.killed_at
    assert stats["accounting/unaccounted"] == 0
    assert stats["accounting/requested"] == PAGES - run.killed_at
    assert stats.get("accounting/skipped", 0) == 0

    db = sqlite3.connect(tmp_path / "state.sqlite")
    try:
        assert db.execute("SELECT count(*) FROM pending").fetchone()[0] == 0
        assert db.execute("SELECT close_reason FROM runs ORDER BY id").fetchall() == [
            (None,), ("finished",)]
        assert db.execute("SELECT count(*) FROM pages WHERE content_hash IS NOT NULL"
                          ).fetchone()[0] == PAGES
    finally:
        db.close()




def test_overwrite_after_a_kill_is_refused(tmp_path: Path) -> None:
    """``-O`` on the file a killed run appended to would delete records the
    store counts as written, which no later run re-emits: the run refuses."""
    state = tmp_path / "state.sqlite"
    store = StateStore(state)
    store.start_run("articles", 999_999)  # never finished: killed
    store.close()
    output = tmp_path / "articles.jsonl"
    kept = b'{"type": "article", "url": "http://gen-news.test/news/0000.html"}\n'
    output.write_bytes(kept)
    proc = run_scrapy(["crawl", "articles", "-a", "urls=http://gen-news.test/news/0001.html",
                       "-O", str(output), "-s", "STATE_ENABLED=True", "-s", f"STATE_PATH={state}"],
                      cwd=tmp_path, timeout=120)
    assert proc.returncode != 0
    assert "the previous run was killed; -O would delete its records" in proc.stderr
    assert output.read_bytes() == kept
    assert "Spider opened" not in proc.stderr  # no request was made


def test_killed_runs_time_stamped_output_is_settled(tmp_path: Path, fault_server: str) -> None:
    """Without ``-o``, each run writes new ``articles-<time>.jsonl`` files. A
    record the killed run wrote but did not commit sits at the end of a file the
    next run cannot name from its own settings: the store's ``outputs`` table
    names it, so the record is settled and its URL not fetched (and written)
    again. The killed run is staged in the store: its output file ends with the
    record of a request still pending."""
    url = f"{fault_server}/article/stamped1"
    state = tmp_path / "state.sqlite"
    killed = tmp_path / "output" / "articles" / "articles-2026-01-01T00-00-00+00-00.jsonl"
    killed.parent.mkdir(parents=True)
    record = {"type": "article", "url": url, "source": "127.0.0.1", "content_hash": "ab" * 20,
              "fetched_at": "2026-01-01T00:00:05+00:00"}
    killed.write_text(json.dumps(record) + "\n")
    store = StateStore(state)
    run_id = store.start_run("articles", 999_999)  # never finished: killed
    store.add_output(run_id, killed)
    store.add_pending("stamped1", url, {"url": url, "callback": "parse_article",
                                        "errback": "article_failed"})
    store.close()

    other = f"{fault_server}/article/stamped2"
    proc = run_scrapy(["crawl", "articles", "-a", f"urls={other}", "-s", "STATE_ENABLED=True",
                       "-s", f"STATE_PATH={state}", "-s", "SECURITY_ALLOW_PRIVATE_NETWORKS=True",
                       "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLEANER_WORKERS=1"],
                      cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert f"the killed run wrote {url} but did not commit it; committed now" in proc.stderr
    records = [r for path in sorted(killed.parent.glob("*.jsonl")) for r in read_jsonl(path)]
    assert [r["url"] for r in records].count(url) == 1, records
    assert [r["url"] for r in records if r["type"] == "article"].count(other) == 1, records
    assert "/article/stamped1" not in hits(fault_server)
    store = StateStore(state)
    try:
        assert store.pending_count() == 0
        assert store.page(url) is not None and store.page(url).content_hash == "ab" * 20
        resumed = [r.id for r in store.runs("articles")][-1]
        written = [p for p in killed.parent.glob("*.jsonl") if p != killed and p.stat().st_size]
        assert [p.name for p in store.outputs([resumed])] == [p.name for p in written]
    finally:
        store.close()
