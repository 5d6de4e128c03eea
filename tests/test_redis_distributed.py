"""Distributed crawling through a real ``redis-server`` on 127.0.0.1 (free port,
no persistence, in a tmp dir, killed at teardown): two ``scrapy crawl``
processes share one frontier, filter and content dedup."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

import scraper.settings
from bench.sitegen import build_site
from scraper.distributed import RedisFrontier
from scraper.items import ArticleItem, FailureItem
from scraper.pipelines.dedup import DedupPipeline
from tests.crawlutil import SCRAPY, crawl_args, end_group, read_jsonl, scrapy_env, serving

REDIS_SERVER = shutil.which("redis-server")
pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(REDIS_SERVER is None,
                       reason="redis-server is not installed (.ci/run installs it with apt-get)"),
]

PAGES = 300


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("redis")
    port = free_port()
    assert REDIS_SERVER is not None
    proc = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=workdir, start_new_session=True)
    client = redis.Redis(host="127.0.0.1", port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)
        end_group(proc.pid)


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    conn = redis.Redis.from_url(redis_url)
    conn.flushdb()
    yield conn
    conn.close()


def test_addon_does_nothing_without_redis_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = Settings()
    settings.setmodule(scraper.settings, priority="project")
    RedisFrontier().update_settings(settings)
    assert settings.get("SCHEDULER") == "scrapy.core.scheduler.Scheduler"
    assert settings.get("DUPEFILTER_CLASS") == "scrapy.dupefilters.RFPDupeFilter"


def test_addon_takes_redis_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")
    settings = Settings()
    settings.setmodule(scraper.settings, priority="project")
    RedisFrontier().update_settings(settings)
    assert settings.get("REDIS_URL") == "redis://127.0.0.1:1/0"
    assert settings.get("SCHEDULER") == "scrapy_redis.scheduler.Scheduler"
    assert settings.get("DUPEFILTER_CLASS") == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings.get("SCHEDULER_QUEUE_KEY") == "news-corpus:%(spider)s:requests"


def article(url: str, content_hash: str) -> ArticleItem:
    return ArticleItem(url=url, source="a.test", title="t", authors=[], published=None,
                       language="en", text="x", removed=[], scores={},
                       content_hash=content_hash, fetched_at="2026-05-01T00:00:00+00:00",
                       status=200)


def test_content_dedup_is_shared_between_processes(client: redis.Redis, redis_url: str) -> None:
    pipelines = []
    for _ in range(2):  # as two crawl processes would build them
        crawler = get_crawler(settings_dict={"DEDUP_ENABLED": True, "DEDUP_SHARED": True,
                                             "REDIS_URL": redis_url})
        crawler.spider = Spider(name="feeds")
        pipelines.append(build_from_crawler(DedupPipeline, crawler))
    first = pipelines[0].process_item(article("http://a.test/1", "h1"))
    copy = pipelines[1].process_item(article("http://a.test/2", "h1"))
    same_url = pipelines[1].process_item(article("http://a.test/1", "h1"))
    assert isinstance(first, ArticleItem) and isinstance(same_url, ArticleItem)
    assert isinstance(copy, FailureItem) and copy.reason == "duplicate"
    assert copy.detail == "same content as http://a.test/1"
    assert client.hget("news-corpus:feeds:content", "h1") == b"http://a.test/1"


def stat(log: str, name: str) -> int:
    """A counter from the stats dump at the end of a crawl log (0 when absent)."""
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


@pytest.fixture(scope="module")
def bench_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    site = build_site(tmp_path_factory.mktemp("dist") / "site", PAGES, hosts=3)
    with serving("scraper.demo.server", str(site.root)) as url:
        yield site, url


@pytest.mark.crawl
def test_two_processes_share_one_crawl(client: redis.Redis, redis_url: str,
                                       bench_site: tuple[Any, str], tmp_path: Path) -> None:
    site, server = bench_site
    env = scrapy_env(REDIS_URL=redis_url)
    procs, outputs = [], []
    for name in ("one", "two"):
        output = tmp_path / f"{name}.jsonl"
        args = crawl_args("feeds", output, routes=server, spider_args={"seeds": str(site.seeds)},
                          settings={"CONCURRENT_REQUESTS": 8, "DISTRIBUTED_HEARTBEAT": 0.5,
                                    # back-pressure: each process holds only the pages
                                    # it is cleaning, so neither takes the whole queue
                                    "SCRAPER_SLOT_MAX_ACTIVE_SIZE": 40_000})
        procs.append(subprocess.Popen(SCRAPY + args, cwd=tmp_path, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                      start_new_session=True))
        outputs.append(output)
    logs = []
    try:
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err[-3000:]
            logs.append(err)
    finally:
        for proc in procs:
            end_group(proc.pid)
            if proc.poll() is None:
                proc.wait()
    (tmp_path / "one.log").write_text(logs[0])
    (tmp_path / "two.log").write_text(logs[1])

    runs = [read_jsonl(output) for output in outputs]
    union = Counter(r["url"] for run in runs for r in run)
    assert set(union) == set(site.urls)
    assert max(union.values()) == 1, [u for u, n in union.items() if n > 1]
    assert all(r["type"] == "article" for run in runs for r in run)
    assert all(len(run) > 0 for run in runs), [len(run) for run in runs]

    # Every request went through the shared scheduler exactly once: the sitemaps
    # (start requests) and the articles, whichever process queued them.
    enqueued = sum(stat(log, "scheduler/enqueued/redis") for log in logs)
    dequeued = sum(stat(log, "scheduler/dequeued/redis") for log in logs)
    assert enqueued == dequeued == PAGES + 3
    # Both processes ran start(); the second one's start requests were filtered.
    assert all("finished (finished)" in log for log in logs)
    assert client.zcard("news-corpus:feeds:requests") == 0
    assert client.scard("news-corpus:feeds:dupefilter") == PAGES + 3
    assert client.hlen("news-corpus:feeds:content") == PAGES
    assert not list(client.scan_iter("news-corpus:feeds:busy:*"))


def test_status_and_reset_command(client: redis.Redis, redis_url: str) -> None:
    client.sadd("news-corpus:feeds:dupefilter", "a", "b")
    client.hset("news-corpus:feeds:content", "h", "u")
    client.set("news-corpus:other:dupefilter", "kept")
    status = subprocess.run(
        [*SCRAPY[:1], "-m", "scraper.distributed", "status", "--redis-url", redis_url,
         "--spider", "feeds"], capture_output=True, text=True, env=scrapy_env(), check=True)
    assert "seen: 2 request fingerprint(s)" in status.stdout
    subprocess.run([*SCRAPY[:1], "-m", "scraper.distributed", "reset", "--redis-url", redis_url,
                    "--spider", "feeds"], capture_output=True, text=True, env=scrapy_env(),
                   check=True)
    assert not list(client.scan_iter("news-corpus:feeds:*"))
    assert client.get("news-corpus:other:dupefilter") == b"kept"

