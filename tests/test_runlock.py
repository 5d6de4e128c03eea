"""Two overlapping cron runs of one spider: the second exits at once."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.crawlutil import SCRAPY, end_group, run_in_group
from tests.crawlutil import crawl_stats
from tests.test_state_sitegen import crawl_env, feeds_args, gen_site, make_site

__all__ = ["gen_site"]

pytestmark = pytest.mark.crawl


def _lock_holder(state: Path) -> int | None:
    if not state.exists():
        return None
    try:
        row = sqlite3.connect(state).execute("SELECT pid FROM lock").fetchone()
    except sqlite3.OperationalError:  # tables not created yet
        return None
    return int(row[0]) if row else None


def test_overlapping_run_exits_at_once(tmp_path: Path, gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    seeds = make_site(root, 40)
    state = tmp_path / "state.sqlite"
    slow = {"DOWNLOAD_DELAY": 0.15, "CONCURRENT_REQUESTS_PER_DOMAIN": 1}
    first = subprocess.Popen(SCRAPY + feeds_args(seeds, tmp_path / "first.jsonl", url, state, slow),
                             cwd=tmp_path, env=crawl_env(), stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while _lock_holder(state) != first.pid:
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            assert time.monotonic() < deadline, "first crawl never took the lock"
            time.sleep(0.1)
        started = time.monotonic()
        second = run_in_group(SCRAPY + feeds_args(seeds, tmp_path / "second.jsonl", url, state),
                              cwd=tmp_path, env=crawl_env(), timeout=60)
        second_seconds = time.monotonic() - started
        assert first.poll() is None, "the first crawl should still be running"
    finally:
        try:
            _, first_err = first.communicate(timeout=180)
        finally:
            end_group(first.pid)
    assert second.returncode != 0
    assert f"another run of spider 'feeds' is active (pid {first.pid}" in second.stderr
    assert "Spider opened" not in second.stderr  # no request was made
    assert not (tmp_path / "second.jsonl").exists()
    assert second_seconds < 15
    assert first.returncode == 0
    assert crawl_stats(first_err)["incremental/new"] == 40
    db = sqlite3.connect(state)
    assert db.execute("SELECT count(*) FROM lock").fetchone()[0] == 0  # released at close
    assert db.execute("SELECT close_reason FROM runs").fetchall() == [("finished",)]
