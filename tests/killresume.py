"""Kill a real crawl with SIGKILL at a chosen point, run it again, count records.

The README's resumable recipe (``-s STATE_ENABLED=True -s JOBDIR=... -o FILE``)
over a list of generated articles (tests/test_state_sitegen.py) served slowly
by ``scraper.demo.server --delay``. The crawl runs in its own process group,
and the whole group (crawl, forkserver, cleaning workers) is killed at once,
as a supervisor or the OOM killer would. Used by tests/test_resume.py and
bench/hostile.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.crawlutil import (
    SCRAPY, end_group, read_jsonl, run_in_group, scrapy_env, start_server, stop_server,
)
from tests.test_state_sitegen import article_url, make_site

__all__ = ["BENCH_POINTS", "KILL_POINTS", "KillPoint", "ResumeRun", "kill_and_resume",
           "kill_group"]

PAGES = 150
DELAY = 0.2  # seconds before each page: a slow site, so many requests are in flight


@dataclass(frozen=True)
class KillPoint:
    """When to kill: once the output has ``lines`` lines and at least ``held``
    pages have been served but not yet written (in the cleaning workers or
    waiting for them). ``tight``: poll without sleeping, so the kill lands
    right after a feed write, before the state commit that follows it."""

    lines: int
    held: int = 0
    tight: bool = False


KILL_POINTS: dict[str, KillPoint] = {
    "early": KillPoint(lines=2),
    "mid": KillPoint(lines=40),
    "feed_write": KillPoint(lines=25, tight=True),
    "workers_busy": KillPoint(lines=15, held=3),
}
# bench/hostile.py: the test's points and a late one, five kills in all
BENCH_POINTS: dict[str, KillPoint] = {**KILL_POINTS, "late": KillPoint(lines=110, held=2)}


@dataclass
class ResumeRun:
    """What one kill and restart produced."""

    pages: int
    killed_at: int  # lines in the output once the first run was dead
    records: list[dict[str, Any]]
    resumed: subprocess.CompletedProcess[str]
    output: Path
    fetched_killed: dict[str, int]  # path -> times the server sent it, up to the kill
    fetched_resumed: dict[str, int]  # path -> times the server sent it in the resumed run

    @property
    def counts(self) -> Counter[str]:
        return Counter(r["url"] for r in self.records)

    def lost(self) -> list[str]:
        return [u for u in (article_url(i) for i in range(self.pages)) if u not in self.counts]

    def duplicated(self) -> list[str]:
        return sorted(u for u, n in self.counts.items() if n > 1)

    def refetched(self) -> list[str]:
        """Pages the resumed run fetched although the killed run had written
        them, or fetched more than once itself (a stale queue replayed)."""
        written = {r["url"].split("/", 3)[3] for r in self.records[:self.killed_at]}
        return sorted(p for p, n in self.fetched_resumed.items()
                      if n > 1 or p.lstrip("/") in written)

    def settled(self) -> int:
        """Records the kill caught written but not committed (settled on resume)."""
        return self.resumed.stderr.count("but did not commit it; committed now")

    def torn(self) -> int:
        data = self.output.read_bytes()
        return 0 if not data or data.endswith(b"\n") else 1


def _lines(path: Path) -> int:
    try:
        with path.open("rb") as file:
            return file.read().count(b"\n")
    except FileNotFoundError:
        return 0


def _fault(url: str, what: str) -> Any:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"{url}/_fault/served/{what}", timeout=10) as response:
        return json.loads(response.read())


def _served(url: str) -> int:
    return int(_fault(url, "html"))


def kill_group(proc: subprocess.Popen[Any], timeout: float = 30) -> None:
    """SIGKILL the process group led by ``proc`` and wait until none of it is left."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=timeout)
    end_group(proc.pid, timeout)


def crawl_args(urls: Path, output: Path, workdir: Path, server: str) -> list[str]:
    """The README's resumable recipe, as ``scrapy crawl articles`` arguments."""
    settings = {
        "STATE_ENABLED": True, "STATE_PATH": workdir / "state.sqlite", "JOBDIR": workdir / "job",
        "ROUTING_HOSTS": json.dumps({"*.test": server}), "SECURITY_ALLOW_PRIVATE_NETWORKS": True,
        "AUTOTHROTTLE_ENABLED": False, "CLEANER_WORKERS": 1, "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
        "LOG_LEVEL": "INFO",
    }
    args = SCRAPY + ["crawl", "articles", "-a", f"urls={urls}", "-o", str(output)]
    for key, value in settings.items():
        args += ["-s", f"{key}={value}"]
    return args


def _wait_for(point: KillPoint, crawl: subprocess.Popen[Any], output: Path, server: str) -> None:
    deadline = time.monotonic() + 120
    size, lines = -1, 0
    while True:
        try:
            now = os.stat(output).st_size
        except FileNotFoundError:
            now = 0
        if now != size:  # count lines only when the file grew: a fast loop when tight
            size, lines = now, _lines(output)
        if lines >= point.lines and (not point.held or _served(server) - lines >= point.held):
            return
        if crawl.poll() is not None or time.monotonic() > deadline:
            kill_group(crawl)
            raise RuntimeError(f"the crawl ended or stalled before the kill point ({lines} lines)")
        if not point.tight:
            time.sleep(0.01)


def kill_and_resume(workdir: Path, point: KillPoint, pages: int = PAGES,
                    delay: float = DELAY) -> ResumeRun:
    """Crawl ``pages`` generated articles, SIGKILL the crawl's process group at
    ``point``, then run the same command again to its end."""
    root = workdir / "site"
    root.mkdir()
    make_site(root, pages)
    urls = workdir / "urls.txt"
    urls.write_text("".join(article_url(i) + "\n" for i in range(pages)))
    output = workdir / "articles.jsonl"
    proc, server = start_server("scraper.demo.server", str(root), "--faults", "--delay", str(delay))
    try:
        args = crawl_args(urls, output, workdir, server)
        with (workdir / "killed.log").open("w") as log:
            crawl = subprocess.Popen(args, cwd=workdir, env=scrapy_env(), stdout=subprocess.DEVNULL,
                                     stderr=log, start_new_session=True)
            try:
                _wait_for(point, crawl, output, server)
            finally:
                kill_group(crawl)
        killed_at = _lines(output)
        before: dict[str, int] = _fault(server, "paths")
        resumed = run_in_group(args, cwd=workdir, env=scrapy_env(), timeout=300)
        after: dict[str, int] = _fault(server, "paths")
    finally:
        stop_server(proc)
    again = {p: n - before.get(p, 0) for p, n in after.items() if n > before.get(p, 0)}
    return ResumeRun(pages, killed_at, read_jsonl(output), resumed, output, before, again)
