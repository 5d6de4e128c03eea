"""Hostile-input and fault bench: real crawls against tests/faultserver.py on 127.0.0.1.

Runs four ``scrapy crawl`` subprocesses (the same URL sets as the tests):
hostile pages, network faults, private addresses with the default settings,
and hostile feeds/sitemaps with only 127.0.0.1/32 exempt. Prints: inputs
tried, faults injected, crawls killed and resumed, articles lost, duplicates,
crashes, and every refused private-address request.

Kill-and-resume: the scenario of tests/test_resume.py (``kill_and_resume``),
run for real: a crawl of a generated site is killed with SIGKILL mid-way and
restarted; articles lost and duplicated across both runs are counted.

Run: ``.venv/bin/python bench/hostile.py``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.crawlutil import CrawlResult, run_crawl, serving  # noqa: E402
from tests.crawlutil import crawl_stats  # noqa: E402
from tests.faultserver import hits, start_fault_server, stop_fault_server  # noqa: E402
from tests.test_faults import DUPLICATES, FINAL_URL  # noqa: E402
from tests.test_faults import EXPECTED as FAULTS  # noqa: E402
from tests.test_hostile import EXPECTED as HOSTILE_PAGES  # noqa: E402
from tests.test_resume import kill_and_resume  # noqa: E402
from tests.test_state_sitegen import article_url  # noqa: E402
from tests.test_security import private_urls  # noqa: E402

FAULT_ROUTES = ("/status/", "/flaky/", "/delay/", "/drip/", "/reset/", "/partial/", "/gzip-",
                "/big", "/redirect-")
CRASH_REASONS = {"cleaner_error", "worker_crashed", "spider_error", "scoring_error"}
FEEDS = ["hostile-feed.xml", "broken-feed.xml", "not-a-feed.xml", "feed-bomb.xml"]
SITEMAPS = ["sitemap-bomb.xml"]
FEED_ENTRIES = 11  # <item>s of hostile-feed.xml


def _crawl(name: str, tmp: Path, spider: str, spider_args: dict[str, str],
           settings: dict[str, Any]) -> CrawlResult:
    work = tmp / name
    work.mkdir()
    start = time.monotonic()
    result = run_crawl(spider, work, timeout=300, spider_args=spider_args, settings=settings)
    print(f"  crawl {name:<9} {time.monotonic() - start:5.1f} s  exit {result.returncode}  "
          f"{len(result.articles)} articles, {len(result.failures)} failures")
    return result


def _urls_file(tmp: Path, name: str, urls: list[str]) -> str:
    path = tmp / f"{name}.txt"
    path.write_text("\n".join(urls) + "\n")
    return str(path)


def main() -> int:
    proc, server = start_fault_server()
    crawls: dict[str, CrawlResult] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            private = private_urls(server)
            crawls["private"] = _crawl("private", tmp, "articles",
                                       {"urls": _urls_file(tmp, "private", private)},
                                       {"HOST_ROUTES": json.dumps({"*.test": server}),
                                        "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0})
            reached_default = sum(hits(server).values())  # before anything else ran
            allow = {"ALLOW_PRIVATE_NETWORKS": True, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
            hostile_urls = [server + p for p in HOSTILE_PAGES]
            fault_urls = [server + p for p in [*FAULTS, *DUPLICATES]]
            crawls["hostile"] = _crawl("hostile", tmp, "articles",
                                       {"urls": _urls_file(tmp, "hostile", hostile_urls)},
                                       {**allow, "DOWNLOAD_TIMEOUT": 10, "RETRY_TIMES": 0})
            crawls["faults"] = _crawl("faults", tmp, "articles",
                                      {"urls": _urls_file(tmp, "faults", fault_urls)},
                                      {**allow, "DOWNLOAD_TIMEOUT": 3, "RETRY_TIMES": 1,
                                       "REDIRECT_MAX_TIMES": 5})
            seeds = tmp / "seeds.toml"
            fx = f"{server}/fixture"
            seeds.write_text(
                '[[outlet]]\nname = "Hostile"\ndomain = "127.0.0.1"\n'
                f"feeds = {json.dumps([f'{fx}/{n}' for n in FEEDS])}\n"
                f"sitemaps = {json.dumps([f'{fx}/{n}' for n in SITEMAPS])}\n")
            crawls["feeds"] = _crawl("feeds", tmp, "feeds", {"seeds": str(seeds)},
                                     {"PRIVATE_NETWORKS_ALLOWED": "127.0.0.1/32",
                                      "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0,
                                      "CONCURRENT_REQUESTS_PER_DOMAIN": 16})
        served = hits(server)
    finally:
        stop_fault_server(proc)

    inputs = (len(hostile_urls) + len(fault_urls) + len(private) + len(FEEDS) + len(SITEMAPS)
              + FEED_ENTRIES)
    fault_responses = sum(n for path, n in served.items() if path.startswith(FAULT_ROUTES))

    # Articles lost: an expected article missing, or any URL without an outcome.
    expected_articles = [server + FINAL_URL.get(p, p) for p, v in FAULTS.items() if v == "article"]
    expected_articles += [server + p for p, v in HOSTILE_PAGES.items()
                          if v[0] == "article"]
    expected_articles.append(f"{server}/article/feed-ok")
    article_urls = {r["url"] for c in crawls.values() for r in c.articles}
    stats = {name: crawl_stats(c.stderr) for name, c in crawls.items()}
    unaccounted = sum(abs(s.get("accounting/unaccounted", 0)) for s in stats.values())
    lost = sum(1 for u in expected_articles if u not in article_urls) + unaccounted

    duplicates = 0
    for crawl in crawls.values():
        duplicates += sum(n - 1 for n in Counter(r["url"] for r in crawl.records).values())
        duplicates += sum(n - 1 for n in Counter(r["content_hash"] for r in crawl.articles).values())

    crashes = sum(1 for c in crawls.values() if c.returncode != 0)
    crashes += sum(c.stderr.count("Traceback") for c in crawls.values())
    crashes += sum(1 for c in crawls.values() for r in c.failures if r["reason"] in CRASH_REASONS)
    crashes += sum(s.get("accounting/errors", 0) for s in stats.values())

    mismatches = []
    for path, outcome in FAULTS.items():
        record = crawls["faults"].by_url().get(server + FINAL_URL.get(path, path))
        got = record and ("article" if record["type"] == "article" else record["reason"])
        if got != outcome:
            mismatches.append(f"{path}: expected {outcome}, got {got}")
    for path, want in HOSTILE_PAGES.items():
        record = crawls["hostile"].by_url().get(server + path)
        got = record and ("article" if record["type"] == "article" else record["reason"])
        if got != (want[0] if want[0] == "article" else want[1]):
            mismatches.append(f"{path}: expected {want}, got {got}")

    refused = [r for c in crawls.values() for r in c.failures if r["reason"] == "private_address"]
    reasons = Counter(r["reason"] for c in crawls.values() for r in c.failures)

    print()
    print(f"inputs tried                 {inputs}")
    print(f"faults injected              {len(FAULTS) + len(private)} fault URLs, "
          f"{fault_responses} faulty responses served (retries included)")
    resume = resume_scenario()
    lost += resume["lost"]
    duplicates += resume["duplicates"]
    print(f"crawls killed and resumed    1 (killed at {resume['killed_at']} of {resume['pages']} "
          f"articles; resumed run exit code {resume['exit']}; torn lines {resume['torn']})")
    print(f"articles lost                {lost}")
    print(f"duplicates                   {duplicates}")
    print(f"crashes                      {crashes}")
    print(f"outcome mismatches           {len(mismatches)}")
    for line in mismatches:
        print(f"  {line}")
    print(f"failure reasons              {dict(sorted(reasons.items()))}")
    print(f"requests reaching 127.0.0.1 with default settings  {reached_default}")
    print(f"refused private-address requests ({len(refused)}):")
    for record in refused:
        print(f"  {record['url']}  <- {record['detail'].removeprefix('IgnoreRequest: ')}")
    return 1 if lost or duplicates or crashes or mismatches else 0


def resume_scenario(pages: int = 150) -> dict[str, int]:
    """kill -9 a crawl mid-way and resume it; count lost and duplicated articles."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        root.mkdir()
        with serving("scraper.demo.server", str(root)) as url:
            run = kill_and_resume(Path(tmp), root, url, pages)
        data = run.output.read_bytes()
        counts = Counter(r["url"] for r in run.records if r["type"] == "article")
        expected = {article_url(i) for i in range(pages)}
        return {
            "pages": pages, "killed_at": run.killed_at, "exit": run.resumed.returncode,
            "lost": len(expected - set(counts)),
            "duplicates": sum(n - 1 for n in counts.values()),
            "torn": 0 if data.endswith(b"\n") else 1,
        }


if __name__ == "__main__":
    sys.exit(main())
