"""Deploy to a real scrapyd on 127.0.0.1: build the project egg, upload it
with addversion.json, schedule the demo crawl, wait for it, read its items."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawlutil import ROOT, end_group, read_jsonl, scrapy_env
from tests.test_state_sitegen import article_url, gen_site, make_site

__all__ = ["gen_site"]

pytestmark = pytest.mark.crawl

SCRAPYD = Path(sys.executable).with_name("scrapyd")
SOURCES = ("scraper", "cleaners", "seeds", "pyproject.toml", "README.md", "scrapy.cfg")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _call(base: str, endpoint: str, data: dict[str, str] | list[tuple[str, str]] | None = None,
          egg: bytes | None = None) -> dict[str, Any]:
    if egg is not None:  # multipart/form-data for addversion.json
        boundary = uuid.uuid4().hex
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in dict(data or {}).items()]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="egg"; '
                     f'filename="project.egg"\r\nContent-Type: application/octet-stream\r\n\r\n'
                     .encode() + egg + f"\r\n--{boundary}--\r\n".encode())
        request = urllib.request.Request(f"{base}/{endpoint}", data=b"".join(parts), headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}"})
    elif data is not None:
        request = urllib.request.Request(f"{base}/{endpoint}",
                                         data=urllib.parse.urlencode(data).encode())
    else:
        request = urllib.request.Request(f"{base}/{endpoint}")
    with urllib.request.urlopen(request, timeout=30) as response:
        result: dict[str, Any] = json.load(response)
    assert result.get("status") == "ok", result
    return result


def build_egg(tmp_path: Path) -> Path:
    """The project egg, built from a copy of the sources with setuptools' bdist_egg
    (what scrapyd-deploy does; pyproject.toml declares the ``scrapy`` entry point)."""
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        elif path.exists():
            shutil.copy2(path, src / name)
    dist = tmp_path / "dist"
    proc = subprocess.run([sys.executable, "-c", "import setuptools; setuptools.setup()",
                           "bdist_egg", "--dist-dir", str(dist)], cwd=src, capture_output=True,
                          text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    (egg,) = dist.glob("*.egg")
    return egg


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if not SCRAPYD.exists():
        pytest.skip(f"scrapyd is not installed next to {sys.executable} (pip install -e '.[test]')")
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = _free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        f"bind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.5\n"
        f"eggs_dir = {home / 'eggs'}\nlogs_dir = {home / 'logs'}\n"
        f"items_dir = {home / 'items'}\ndbs_dir = {home / 'dbs'}\nmax_proc = 2\n")
    env = scrapy_env()
    env.pop("PYTHONPATH", None)  # the job must run from the uploaded egg
    proc = subprocess.Popen([str(SCRAPYD)], cwd=home, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            _call(base, "daemonstatus.json")
            break
        except OSError:
            assert proc.poll() is None, "scrapyd exited at start"
            assert time.monotonic() < deadline, "scrapyd did not answer within 30s"
            time.sleep(0.2)
    yield base, home
    proc.terminate()  # scrapyd, then what is left of its group (job crawls, their workers)
    proc.wait(timeout=20)
    end_group(proc.pid)


def _run_job(base: str, home: Path, spider: str, params: list[tuple[str, str]],
             timeout: float = 240) -> tuple[str, list[dict[str, Any]]]:
    """Schedule a job (``params``: pairs, ``setting`` may repeat), wait until
    scrapyd lists it as finished; its log and items."""
    pairs = [("project", "scraper"), ("spider", spider), *params]
    job = _call(base, "schedule.json", pairs)["jobid"]
    deadline = time.monotonic() + timeout
    while not any(j["id"] == job for j in _call(base, "listjobs.json?project=scraper")["finished"]):
        assert time.monotonic() < deadline, f"job {job} did not finish in {timeout}s"
        time.sleep(0.5)
    log = (home / "logs" / "scraper" / spider / f"{job}.log").read_text(encoding="utf-8")
    return log, read_jsonl(home / "items" / "scraper" / spider / f"{job}.jl")


def _deploy(base: str, tmp_path: Path) -> None:
    added = _call(base, "addversion.json", {"project": "scraper", "version": "r1"},
                  egg=build_egg(tmp_path).read_bytes())
    assert added["spiders"] >= 4
    assert {"demo", "feeds"} <= set(_call(base, "listspiders.json?project=scraper")["spiders"])


def test_deploy_and_run_incremental_feeds_on_scrapyd(tmp_path: Path, scrapyd: tuple[str, Path],
                                                     gen_site: tuple[Path, str]) -> None:
    base, home = scrapyd
    _deploy(base, tmp_path)
    root, url = gen_site
    seeds = make_site(root, 12)
    settings = ["STATE_ENABLED=True", f"STATE_PATH={tmp_path / 'state.sqlite'}",
                "STATE_SKIP_OLD_ENTRIES=False", "SECURITY_ALLOW_PRIVATE_NETWORKS=True",
                "AUTOTHROTTLE_ENABLED=False", "ROUTING_HOSTS=" + json.dumps({"*.test": url})]
    params = [("seeds", str(seeds)), ("setting", "CLEANER_WORKERS=1")]
    params += [("setting", setting) for setting in settings]
    logs = [_run_job(base, home, "feeds", params) for _ in range(2)]
    (first_log, first), (second_log, second) = logs
    assert "'finish_reason': 'finished'" in first_log, first_log[-3000:]
    assert sorted(r["url"] for r in first if r["type"] == "article") == [article_url(i) for i in range(12)]
    assert "12 new, 0 changed, 0 unchanged" in first_log
    assert second == []  # the scheduled re-run found nothing new
    assert "0 new, 0 changed, 12 unchanged" in second_log, second_log[-3000:]


def test_deploy_and_run_demo_on_scrapyd(tmp_path: Path, scrapyd: tuple[str, Path]) -> None:
    base, home = scrapyd
    _deploy(base, tmp_path)
    log, records = _run_job(base, home, "demo", [("setting", "CLEANER_WORKERS=1")])
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    articles = [r for r in records if r["type"] == "article"]
    assert len(articles) >= 10, log[-3000:]
    assert all(r["text"] and r["content_hash"] for r in articles)
