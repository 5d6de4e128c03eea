"""Two ``scrapy crawl warc`` processes share one paths list through a real
``redis-server`` (free port, killed at teardown): each archive is read once."""

from __future__ import annotations

import subprocess
from collections import Counter
from pathlib import Path

import pytest
import redis

from bench.sitegen import invented_page
from tests.crawlutil import SCRAPY, crawl_args, read_jsonl, scrapy_env
from tests.test_redis_distributed import client, pytestmark, redis_url  # noqa: F401 (fixtures)
from tests.test_warc import crawl_stats
from tests.warcutil import Rec, write_warc

FILES, PAGES = 4, 5


@pytest.mark.crawl
def test_two_processes_take_each_archive_once(client: redis.Redis, redis_url: str,  # noqa: F811
                                              tmp_path: Path) -> None:
    urls = []
    for f in range(FILES):
        records = []
        for p in range(PAGES):
            n = f * PAGES + p
            url = f"http://bench-{n % 2}.test/news/{n}.html"
            records.append(Rec("response", url, invented_page(n, "bench.test")[1].encode()))
            urls.append(url)
        write_warc(tmp_path / f"part-{f}.warc.gz", records)
    listing = tmp_path / "warc.paths"
    listing.write_text("".join(f"part-{f}.warc.gz\n" for f in range(FILES)))

    env = scrapy_env(REDIS_URL=redis_url)
    procs, outputs = [], []
    for name in ("one", "two"):
        output = tmp_path / f"{name}.jsonl"
        args = crawl_args("warc", output, spider_args={"paths": str(listing), "base": str(tmp_path)},
                          settings={"DISTRIBUTED_HEARTBEAT": 0.5})
        procs.append(subprocess.Popen(SCRAPY + args, cwd=tmp_path, env=env, text=True,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        outputs.append(output)
    logs = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-3000:]
        logs.append(err)

    union = Counter(r["url"] for output in outputs for r in read_jsonl(output))
    assert set(union) == set(urls)
    assert max(union.values()) == 1
    # every archive was taken by one process and skipped by the other
    assert sum(crawl_stats(log).get("warc/taken_elsewhere", 0) for log in logs) == FILES
    assert sum(crawl_stats(log).get("warc/files", 0) for log in logs) == FILES
    taken = {k.decode(): v.decode() for k, v in client.hgetall("news-corpus:warc:files").items()}
    assert set(taken) == {str(tmp_path / f"part-{f}.warc.gz") for f in range(FILES)}
    assert all(v.startswith("done ") for v in taken.values())
