"""WARC benchmark: ``scrapy crawl warc`` throughput against the cleaning pool's
ceiling, its memory on a 5,000-record archive, and the two WARC readers.

The archives are built from the pages of ``bench/sitegen.py`` (copies of the
real news pages of ``../shared/data/extraction/*/*.html`` when that folder
exists, else invented pages), each an HTML ``response`` record gzipped on its
own, as Common Crawl writes them, with a ``request`` record before it. One
run prints:

1. per-record read cost of warcio and of FastWARC (when installed) over the
   memory archive, against the time :func:`scraper.pipelines.processing.process_page`
   takes for a page (the library choice in the README);
2. pages/s of ``scrapy crawl warc`` on a ``--pages`` archive, against
   ``CLEANER_WORKERS`` x the single-process rate of ``process_page`` (clean_html
   + score_article) measured in this process before and after the crawl: the
   ratio (target >= 0.8); the same in CPU seconds (pages per CPU second of the
   crawl and its workers against ``process_page``'s), which other processes on
   the machine do not change; and, as a diagnostic beside the ratio, what
   ``--workers`` processes of ``process_page`` do at once right after the crawl
   (while other sessions are busy, the kernel's autogroup scheduling gives this
   session's processes one share between them: see ``bench.crawl.concurrent_rate``);
3. peak RSS summed over the crawl process, the forkserver and the workers on a
   ``--memory-pages`` archive, and the RSS at each 1k records (target <= 400 MB,
   flat), with bench/crawl.py's sampling.

Figures are printed, not asserted. Options: ``--pages N`` (default 1,000),
``--memory-pages N`` (default 5,000), ``--workers N``, ``--quick`` (300 / 1,000),
``--no-memory`` (sections 1 and 2 only), ``--keep``.
"""

from __future__ import annotations

import io
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crawl import (  # noqa: E402
    autogroups, bench_parser, bench_setup, concurrent_rate, load_average, print_memory, run_crawl,
    single_process_rate,
)
from bench.sitegen import Site, build_site  # noqa: E402


def write_archive(site: Site, path: Path) -> int:
    """The site's pages as a per-record gzipped WARC at ``path``; returns its size."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url in site.urls:
            host, rel = url.split("/", 3)[2], url.split("/", 3)[3]
            body = (site.root / host / rel).read_bytes()
            request = StatusAndHeaders(f"GET /{rel} HTTP/1.1", [("Host", host)],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""), length=0, http_headers=request))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2026-05-01T08:00:00Z"}))
    return path.stat().st_size


def reader_costs(path: Path) -> dict[str, float]:
    """Seconds per response record to read (and decode) the archive, per library."""
    from scraper.warc.records import read_archive

    costs = {}
    started, n = time.perf_counter(), 0
    with path.open("rb") as stream:
        for record in read_archive(stream, keep=lambda r: True, max_payload=10 << 20,
                                   size=path.stat().st_size):
            n += record.type == "response"
    costs["warcio (scraper.warc.records.read_archive)"] = (time.perf_counter() - started) / n
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError:
        return costs
    started, n = time.perf_counter(), 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response):
            record.reader.read()
            n += 1
    costs["FastWARC (ArchiveIterator, payload read)"] = (time.perf_counter() - started) / n
    return costs


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser(__doc__ or "")
    parser.add_argument("--no-memory", action="store_true", help="skip section 3")
    args = parser.parse_args(argv)
    corpus, workdir = bench_setup(args, "bench-warc-")
    pool = {"CLEANER_WORKERS": args.workers}
    try:
        small = build_site(workdir / "site", args.pages, hosts=4, corpus=corpus)
        big = build_site(workdir / "site-big", args.memory_pages, hosts=4, corpus=corpus)
        # (the memory archive also serves the reader comparison, so it is built either way)
        small_warc, big_warc = workdir / "small.warc.gz", workdir / "big.warc.gz"
        write_archive(small, small_warc)
        size = write_archive(big, big_warc)

        print(f"\n== Readers, {args.memory_pages:,} records ({size / 1e6:,.0f} MB gzipped) ==")
        costs = reader_costs(big_warc)
        single = single_process_rate(big, args.single_pages)
        for name, cost in costs.items():
            print(f"{name}: {cost * 1e3:.2f} ms a record = {cost * single:.1%} of cleaning "
                  f"one page ({1e3 / single:.1f} ms)")

        print(f"\n== Throughput, {args.pages:,} records ==")
        cpu_started = time.process_time()
        before = single_process_rate(small, args.single_pages)
        run = run_crawl("warc", None, "", workdir, pool, spider=["warc", "-a", f"path={small_warc}"])
        after = single_process_rate(small, args.single_pages)
        single_cpu = 2 * args.single_pages / (time.process_time() - cpu_started)
        single = (before + after) / 2
        print(f"warc crawl:           {run.rate:7.1f} pages/s  ({run.records:,} records in "
              f"{run.elapsed:.1f} s; {run.figures.get('articles', 0):,} articles; "
              f"{run.cpu / run.wall:.2f} cores used)")
        print(f"clean+score, 1 proc:  {single:7.1f} pages/s  ({args.single_pages} pages in this "
              f"process; {before:.1f} before the crawl, {after:.1f} after)")
        print(f"ratio warc / ({args.workers} x {single:.1f} = {args.workers * single:.1f}) = "
              f"{run.rate / (args.workers * single):.2f}  (target >= 0.80)")
        # The same comparison in CPU time, which other load on the machine does not move:
        # pages per CPU second of the whole crawl (reader, pool, feeds) vs of process_page.
        print(f"CPU: {run.records / run.cpu:.1f} pages per CPU second over the crawl's processes "
              f"vs {single_cpu:.1f} for process_page alone: {run.records / run.cpu / single_cpu:.2f}")
        # Not a replacement for the ratio above: what the machine let N processes of this
        # session do at once right after the crawl (see concurrent_rate on autogroups).
        pool_rate = concurrent_rate(small, args.single_pages, args.workers)
        print(f"{args.workers} processes of process_page at once, after the crawl: {pool_rate:.1f} "
              f"pages/s ({pool_rate / (args.workers * single):.2f} of {args.workers} x 1 proc); "
              f"warc / that = {run.rate / pool_rate:.2f}"
              + ("; autogroup scheduling is on: while other sessions are busy, this session's "
                 "processes share one CPU share" if autogroups() else ""))
        print(f"load average now:     {load_average()}")

        if args.no_memory:
            return
        print(f"\n== Memory, {args.memory_pages:,} records ==")
        memory = run_crawl("warc-memory", None, "", workdir, pool, sample_memory=True,
                           spider=["warc", "-a", f"path={big_warc}"])
        print_memory(memory, args.memory_pages)
        print(f"load average after:   {load_average()}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
