"""StateStore, RunLock and the whole-line feed storage, in process."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

from scraper.feedstorage import AppendFile, LineFileFeedStorage, cut_torn_line
from scraper.items import FailureItem
from scraper.state.lock import RunLock, RunLocked
from scraper.state.store import SCHEMA_VERSION, StateError, StateStore


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    s = StateStore(tmp_path / "state" / "demo.sqlite")
    yield s
    s.close()


def test_schema_version_and_wal(store: StateStore) -> None:
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StateError, match="newer"):
        StateStore(path)


def test_outputs_are_kept_per_run(store: StateStore, tmp_path: Path) -> None:
    first, second = store.start_run("demo", 1), store.start_run("demo", 2)
    store.add_output(first, tmp_path / "a-1.jsonl")
    store.add_output(second, tmp_path / "b-1.jsonl")
    store.add_output(first, tmp_path / "a-2.jsonl")
    store.add_output(first, tmp_path / "a-1.jsonl")  # a batch file reopened: once
    assert store.outputs([first]) == [tmp_path / "a-1.jsonl", tmp_path / "a-2.jsonl"]
    assert store.outputs([first, second]) == [tmp_path / n for n in ("a-1.jsonl", "b-1.jsonl", "a-2.jsonl")]
    assert store.outputs([]) == []


def test_a_schema_1_store_gains_the_outputs_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    StateStore(path).close()
    db = sqlite3.connect(path)
    db.execute("DROP TABLE outputs")
    db.execute("PRAGMA user_version=1")  # as written before the outputs table existed
    db.close()
    store = StateStore(path)
    try:
        run = store.start_run("demo", 1)
        store.add_output(run, tmp_path / "x.jsonl")
        assert store.outputs([run]) == [tmp_path / "x.jsonl"]
    finally:
        store.close()


def test_pages_versions_and_outcomes(store: StateStore) -> None:
    assert store.page("http://a.test/1") is None
    assert store.record_article("http://a.test/1", "a.test", "h1", '"e1"', None, "t1") == 1
    store.record_outcome("http://a.test/1", "a.test", "unchanged", "t2")
    page = store.page("http://a.test/1")
    assert page is not None and (page.content_hash, page.etag, page.outcome) == ("h1", '"e1"', "unchanged")
    assert store.record_article("http://a.test/1", "a.test", "h2", None, "Mon", "t3") == 2
    store.record_outcome("http://a.test/2", "a.test", "http_404", "t4")
    failed = store.page("http://a.test/2")
    assert failed is not None and failed.content_hash is None and failed.version == 0


def test_pending_requests(store: StateStore) -> None:
    assert store.add_pending("k1", "http://a.test/1", {"url": "http://a.test/1", "meta": {"x": 1}})
    assert not store.add_pending("k1", "http://a.test/1", {"url": "other"})
    store.add_pending("k2", "http://a.test/2", {"url": "http://a.test/2"})
    store.mark_inflight("k2")
    assert [k for k, _ in store.pending()] == ["k1", "k2"]
    assert [d["url"] for _, d in store.pending(inflight_only=True)] == ["http://a.test/2"]
    store.finish_pending("k1")
    assert store.pending_count() == 1


def test_templates_and_scores_persist(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    store = StateStore(path)
    store.save_templates({"a.test": {"lines": ["Subscribe now"], "pages": 3}})
    store.save_templates({"b.test": {"lines": []}})
    for score in (0.2, 0.4, 0.9):
        store.add_score("a.test", score)
    store.close()
    again = StateStore(path)
    assert again.load_templates() == {"a.test": {"lines": ["Subscribe now"], "pages": 3},
                                      "b.test": {"lines": []}}
    stats = again.score_stats()["a.test"]
    assert stats.count == 3 and stats.mean == pytest.approx(0.5)
    assert stats.stdev == pytest.approx((((0.3**2) + (0.1**2) + (0.4**2)) / 3) ** 0.5)
    again.close()


def test_runs_and_last_success(store: StateStore) -> None:
    assert store.last_success("feeds") is None
    first = store.start_run("feeds", 1)
    store.finish_run(first, "finished", {"new": 3})
    crashed = store.start_run("feeds", 2)
    assert store.previous_run("feeds", before=crashed).close_reason == "finished"  # type: ignore[union-attr]
    success = store.last_success("feeds")
    assert success is not None and success.tzinfo is not None
    assert store.runs("feeds")[-1].close_reason is None


def test_lock_excludes_a_second_run_and_is_released(store: StateStore) -> None:
    first = RunLock(store, "feeds")
    first.acquire()
    with pytest.raises(RunLocked, match="another run of spider 'feeds' is active"):
        RunLock(store, "feeds").acquire()
    RunLock(store, "other").acquire()  # another spider: its own lock
    assert first.heartbeat()
    first.release()
    RunLock(store, "feeds").acquire()


def test_lock_of_a_dead_pid_is_taken_over(store: StateStore) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    dead = RunLock(store, "feeds")
    dead.pid = proc.pid  # a process that no longer exists
    dead.acquire()
    second = RunLock(store, "feeds")
    second.acquire()
    assert second.took_over is not None and second.took_over.pid == proc.pid
    assert not dead.heartbeat()  # the old holder notices it lost the lock


def test_stale_heartbeat_is_taken_over(store: StateStore) -> None:
    first = RunLock(store, "feeds", stale_after=60)
    first.acquire()
    store.db.execute("UPDATE lock SET heartbeat_at = ?", (time.time() - 61,))
    RunLock(store, "feeds", stale_after=60).acquire()


def test_append_file_writes_whole_lines_with_exporters(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    storage = LineFileFeedStorage(str(path), feed_options={"format": "jsonlines"})
    file = storage.open(None)
    exporter = JsonLinesItemExporter(file, encoding="utf-8")
    exporter.start_exporting()
    for i in range(3):
        exporter.export_item(FailureItem(url=f"http://a.test/{i}", source="a.test", reason="x"))
    exporter.finish_exporting()
    storage.store(file)
    lines = path.read_text().splitlines()
    assert [json.loads(line)["url"] for line in lines] == [f"http://a.test/{i}" for i in range(3)]

    csv_path = tmp_path / "out.csv"
    csv_file = AppendFile(csv_path)
    csv = CsvItemExporter(csv_file, include_headers_line=True)  # wraps it in a TextIOWrapper
    csv.start_exporting()
    csv.export_item({"url": "http://a.test/1", "n": 1})
    csv.finish_exporting()
    csv_file.close()
    assert csv_path.read_text().splitlines() == ["url,n", "http://a.test/1,1"]


def test_each_write_is_one_append(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"kept\n")
    a, b = AppendFile(path), AppendFile(path)
    a.write(b"one\n")
    b.write(b"two\n")  # both descriptors append, nothing is overwritten
    a.close()
    b.close()
    assert path.read_bytes() == b"kept\none\ntwo\n"
    assert isinstance(AppendFile(tmp_path / "g"), io.RawIOBase)


def test_a_torn_last_line_is_cut_on_append(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"a": 1}\n{"a": 2}\n{"a": 3, "te')
    storage = LineFileFeedStorage(f"file://{path}", feed_options={"format": "jsonlines"})
    file = storage.open(None)
    file.write(b'{"a": 4}\n')
    storage.store(file)
    assert path.read_bytes() == b'{"a": 1}\n{"a": 2}\n{"a": 4}\n'
    big = tmp_path / "big"
    big.write_bytes(b"x" * 200_000)  # no newline at all
    assert cut_torn_line(big) == 200_000 and big.read_bytes() == b""
    assert os.path.getsize(path) == len(b'{"a": 1}\n{"a": 2}\n{"a": 4}\n')


def test_a_page_of_the_killed_runs_first_second_counts_as_recorded_by_it() -> None:
    """Records carry whole seconds and runs microseconds: a page fetched in the
    second the run started must count as that run's (as text it sorts before)."""
    from scraper.items import now_iso
    from scraper.state.recovery import recorded_since
    from scraper.state.store import utc_now

    since = utc_now()
    fetched = now_iso()
    assert fetched[:19] >= since[:19]
    assert recorded_since(fetched, since)
    assert recorded_since("2026-05-14T09:30:00+00:00", "2026-05-14T09:30:00.999999+00:00")
    assert not recorded_since("2026-05-14T09:29:59+00:00", "2026-05-14T09:30:00.000001+00:00")
    assert recorded_since("2026-05-14T09:30:01Z", "2026-05-14T09:30:00.5+00:00")
