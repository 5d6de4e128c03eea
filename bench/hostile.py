"""Hostile-input and fault bench: real crawls against tests/faultserver.py on 127.0.0.1.

Runs four ``scrapy crawl`` subprocesses (the same URL sets as the tests):
hostile pages, network faults, private addresses with the default settings,
and hostile feeds/sitemaps with only 127.0.0.1/32 exempt. Prints: inputs
tried, faults injected, crawls killed and resumed, articles lost, duplicates,
crashes, and every refused private-address request.

Kill-and-resume: the scenario of tests/test_resume.py (tests/killresume.py),
run for real five times, at five kill points (early, mid, right after a feed
write, while the cleaning workers hold pages, late): a crawl of 150 slowly
served pages (the README's resumable recipe) has its process group killed with
SIGKILL, then runs again; for each, the records lost, duplicated and torn
across both runs are printed (the reference: 150 pages, one record each).

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

from tests.crawlutil import CrawlResult, run_crawl  # noqa: E402
from tests.crawlutil import crawl_stats  # noqa: E402
from tests.faultserver import hits, start_fault_server, stop_fault_server  # noqa: E402
from tests.test_faults import DUPLICATES, FINAL_URL  # noqa: E402
from tests.test_faults import EXPECTED as FAULTS  # noqa: E402
from tests.test_hostile import EXPECTED as HOSTILE_PAGES  # noqa: E402
from tests.killresume import BENCH_POINTS, kill_and_resume  # noqa: E402
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
                                       {"ROUTING_HOSTS": json.dumps({"*.test": server}),
                                        "DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 0})
            reached_default = sum(hits(server).values())  # before anything else ran
            allow = {"SECURITY_ALLOW_PRIVATE_NETWORKS": True, "CONCURRENT_REQUESTS_PER_DOMAIN": 16}
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
                                     {"SECURITY_PRIVATE_NETWORKS_ALLOWED": "127.0.0.1/32",
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
    resumes = resume_scenarios()
    lost += sum(r["lost"] for r in resumes)
    duplicates += sum(r["duplicates"] for r in resumes)
    torn = sum(r["torn"] for r in resumes)
    print(f"crawls killed and resumed    {len(resumes)} (SIGKILL to the process group)")
    for r in resumes:
        print(f"  {r['point']:<13} killed at {r['killed_at']:>3} of {r['pages']} records; "
              f"resumed exit {r['exit']}; lost {r['lost']}, duplicated {r['duplicates']}, "
              f"torn {r['torn']} (written but uncommitted at the kill: {r['settled']})")
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
    return 1 if lost or duplicates or torn or crashes or mismatches else 0


def resume_scenarios() -> list[dict[str, Any]]:
    """kill -9 a crawl at each of BENCH_POINTS and resume it; count lost,
    duplicated and torn records against the 150 listed pages."""
    results = []
    for name, point in BENCH_POINTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            run = kill_and_resume(Path(tmp), point)
            results.append({
                "point": name, "pages": run.pages, "killed_at": run.killed_at,
                "exit": run.resumed.returncode, "lost": len(run.lost()),
                "duplicates": sum(n - 1 for n in run.counts.values()), "torn": run.torn(),
                "settled": run.settled(),
            })
    return results


if __name__ == "__main__":
    sys.exit(main())
