"""Long crawls rotate their feeds: batches of N records, optionally gzipped."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.crawlutil import SCRAPY, run_in_group
from tests.test_state_sitegen import article_url, crawl_env, feeds_args, gen_site, make_site

__all__ = ["gen_site"]

pytestmark = pytest.mark.crawl


def _records(data: bytes) -> list[dict[str, object]]:
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_batches_of_five_plain_and_gzip(tmp_path: Path, gen_site: tuple[Path, str]) -> None:
    root, url = gen_site
    seeds = make_site(root, 23)
    feeds = {
        str(tmp_path / "plain" / "articles-%(batch_id)03d.jsonl"): {"format": "jsonlines"},
        str(tmp_path / "gz" / "articles-%(batch_id)03d.jsonl.gz"): {
            "format": "jsonlines",
            "postprocessing": ["scrapy.extensions.postprocessing.GzipPlugin"],
        },
    }
    args = feeds_args(seeds, tmp_path / "unused.jsonl", url, tmp_path / "state.sqlite",
                      {"FEED_EXPORT_BATCH_ITEM_COUNT": 5, "FEEDS": json.dumps(feeds)})
    o = args.index("-o")
    del args[o:o + 2]  # the feeds come from FEEDS only
    proc = run_in_group(SCRAPY + args, cwd=tmp_path, env=crawl_env(), timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]

    plain = sorted((tmp_path / "plain").iterdir())
    assert [p.name for p in plain] == [f"articles-{i:03d}.jsonl" for i in range(1, 6)]
    batches = [_records(p.read_bytes()) for p in plain]
    assert [len(b) for b in batches] == [5, 5, 5, 5, 3]

    zipped = sorted((tmp_path / "gz").iterdir())
    assert [p.name for p in zipped] == [f"articles-{i:03d}.jsonl.gz" for i in range(1, 6)]
    gz_batches = [_records(gzip.decompress(p.read_bytes())) for p in zipped]
    assert [len(b) for b in gz_batches] == [5, 5, 5, 5, 3]

    for found in (batches, gz_batches):
        urls = sorted(str(r["url"]) for batch in found for r in batch)
        assert urls == [article_url(i) for i in range(23)]
    assert not (tmp_path / "unused.jsonl").exists()
