"""Test utilities: run a real ``scrapy crawl`` in a subprocess and read its records.

Like scrapy's tests/utils/cmdline.py: the CLI runs in a subprocess with a
timeout; nothing in-process, nothing mocked.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCRAPY = [sys.executable, "-m", "scrapy"]


@dataclass
class CrawlResult:
    returncode: int
    stdout: str
    stderr: str
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def articles(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["type"] == "article"]

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [r for r in self.records if r["type"] == "failure"]

    def by_url(self) -> dict[str, dict[str, Any]]:
        return {r["url"]: r for r in self.records}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a torn line fails the test loudly."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def scrapy_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["SCRAPY_SETTINGS_MODULE"] = "scraper.settings"  # tests run crawls from tmp dirs
    env.update(extra)
    return env


def start_server(module: str, *args: str) -> tuple[subprocess.Popen[str], str]:
    """Start ``python -m module args``: a local server that binds port 0 on
    127.0.0.1 and prints its URL first. Returns the process and the URL."""
    proc = subprocess.Popen([sys.executable, "-m", module, *args], stdout=subprocess.PIPE,
                            text=True, env=scrapy_env(), cwd=ROOT, start_new_session=True)
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://127.0.0.1:"):
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()
        raise RuntimeError(f"{module} did not start: {url!r}")
    return proc, url


def stop_server(proc: subprocess.Popen[str]) -> None:
    """Stop a server started by :func:`start_server`, pipe included."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    finally:
        end_group(proc.pid)
        if proc.poll() is None:
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()


@contextmanager
def serving(module: str, *args: str) -> Iterator[str]:
    """``with serving("scraper.demo.server", root) as url:`` for the block's duration."""
    proc, url = start_server(module, *args)
    try:
        yield url
    finally:
        stop_server(proc)


_STAT = re.compile(r"'([\w/.\-]+)': (\d+),?$", re.MULTILINE)


def crawl_stats(log: str) -> dict[str, int]:
    """Integer stats from the "Dumping Scrapy stats" block of a crawl log."""
    dump = log.rsplit("Dumping Scrapy stats:", 1)[-1]
    return {key: int(value) for key, value in _STAT.findall(dump)}


def end_group(pgid: int, timeout: float = 30) -> None:
    """SIGKILL what is left of process group ``pgid`` (a crawl's forkserver and
    workers) and wait until it is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise RuntimeError(f"process group {pgid} still alive after SIGKILL")


def run_in_group(args: list[str], *, cwd: Path, timeout: float, env: dict[str, str],
                 ) -> subprocess.CompletedProcess[str]:
    """Like ``subprocess.run(capture_output=True, text=True)``, in a new process
    group that is ended afterwards, timeout or not: no worker outlives its test."""
    proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    finally:
        end_group(proc.pid)
        if proc.poll() is None:
            proc.wait()
    return subprocess.CompletedProcess(args, proc.returncode, stdout, stderr)


def run_scrapy(args: list[str], *, cwd: Path = ROOT, timeout: float = 180,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_in_group(SCRAPY + args, cwd=cwd, timeout=timeout, env=env or scrapy_env())


def crawl_args(spider: str, output: Path, *, routes: str | None = None,
               spider_args: dict[str, str] | None = None,
               settings: dict[str, Any] | None = None) -> list[str]:
    """Arguments for ``scrapy crawl`` writing every record to ``output``.

    ``routes``: URL of a local site server; ``*.test`` hosts are routed to it
    and private networks allowed (tests only talk to 127.0.0.1).
    """
    args = ["crawl", spider, "-O", str(output), "-s", "LOG_LEVEL=INFO",
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CLEANER_WORKERS=1"]
    if routes:
        args += ["-s", "ROUTING_HOSTS=" + json.dumps({"*.test": routes}),
                 "-s", "SECURITY_ALLOW_PRIVATE_NETWORKS=True"]
    for key, value in (settings or {}).items():
        args += ["-s", f"{key}={value}"]
    for key, value in (spider_args or {}).items():
        args += ["-a", f"{key}={value}"]
    return args


def run_crawl(spider: str, tmp_path: Path, *, timeout: float = 180, **kwargs: Any) -> CrawlResult:
    output = tmp_path / f"{spider}-out.jsonl"
    proc = run_scrapy(crawl_args(spider, output, **kwargs), cwd=tmp_path, timeout=timeout)
    return CrawlResult(proc.returncode, proc.stdout, proc.stderr, read_jsonl(output))
