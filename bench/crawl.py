"""Crawl benchmark: throughput, pool efficiency, memory and re-crawl cost of ``scrapy crawl feeds``.

Against a local site (``bench/sitegen.py``; copies of the real news pages of
``../shared/data/extraction/*/*.html`` when that folder exists, else invented
pages), generated into a temporary directory and served on 127.0.0.1 by
``python -m scraper.demo.server``, one run prints:

1. pages/s of the full crawl (cleaning and scoring in ``CLEANER_WORKERS`` processes);
2. pages/s of the same crawl with ``CLEANER_ENABLED=False`` (the I/O ceiling:
   download, parse and drop; server, reactor and feeds included);
3. pages/s of cleaning + scoring alone (:func:`scraper.pipelines.processing.process_page`)
   in this one process;
4. the ratio full / min(I/O ceiling, workers x single-process rate) (target >= 0.8);
5. peak memory (RSS summed over the crawl process and all its descendants, the
   forkserver and the workers, read from /proc every 0.25 s) over a
   ``--memory-pages`` crawl, and the RSS when 1k, 2k, ... pages were done
   (target <= 400 MB, flat after 1k). PSS (shared pages divided among their
   sharers) is shown beside it; so is the sum of each process's own peak
   (``VmHWM``, kept by the kernel), an upper bound that no sampling gap can
   hide (the processes need not peak at the same moment);
6. a second crawl of the unchanged site with the incremental state
   (``STATE_ENABLED``, when the project has it): articles re-emitted (target 0)
   and speed-up over the first crawl (target >= 5x).

Figures are printed, not asserted. The machine's other processes add noise:
run it twice before trusting a difference. Options: ``--pages N`` (throughput
site, default 1,000), ``--memory-pages N`` (default 5,000), ``--workers N``,
``--quick`` (300 / 1,000 pages), ``--memory-only`` (only 5.), ``--keep``
(leave the temporary directory).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sitegen import Site, build_site  # noqa: E402
from scraper.pipelines.cleaning import default_workers  # noqa: E402
from tests.crawlutil import start_server, stop_server  # noqa: E402

CORPUS = ROOT.parent / "shared" / "data" / "extraction"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class CrawlRun:
    label: str
    elapsed: float  # spider open -> close, from the progress file
    wall: float  # whole `scrapy crawl` process
    figures: dict[str, Any]
    rss_samples: list[tuple[int, int, int]] = field(default_factory=list)  # records, RSS, PSS
    peak_roles: dict[str, list[int]] = field(default_factory=dict)  # RSS per role at the peak
    own_peaks: dict[int, tuple[str, int]] = field(default_factory=dict)  # pid: role, VmHWM
    role_samples: list[dict[str, list[int]]] = field(default_factory=list)  # per rss_samples row
    returncode: int = 0
    cpu: float = 0.0  # user + system seconds of the crawl process and its descendants (sampled)

    @property
    def records(self) -> int:
        f = self.figures
        return int(f.get("articles", 0) + f.get("failures", 0) + f.get("dropped", 0))

    @property
    def rate(self) -> float:
        return self.records / self.elapsed if self.elapsed else 0.0


def tree_pids(pid: int) -> list[int]:
    """``pid`` and all its descendants (the forkserver, the workers)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def _role(pid: int, root: int) -> str:
    """crawl, tracker (multiprocessing's resource tracker), forkserver or worker."""
    if pid == root:
        return "crawl"
    try:
        with open(f"/proc/{pid}/cmdline") as f:
            cmd = f.read()
        with open(f"/proc/{pid}/stat") as f:
            parent = int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return "gone"
    if "resource_tracker" in cmd:
        return "tracker"
    return "forkserver" if parent == root else "worker"


def own_peak(pid: int) -> int:
    """The highest RSS ``pid`` has had so far (``VmHWM``), in bytes; 0 if gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    return 0


def tree_memory(pid: int, own_peaks: dict[int, tuple[str, int]] | None = None,
                ) -> tuple[int, int, dict[str, list[int]]]:
    """(RSS, PSS, RSS per role) in bytes over ``pid`` and its descendants.
    RSS counts pages shared between processes once per process; PSS divides
    them among the sharers. ``own_peaks`` gets each process's role and VmHWM."""
    rss = pss = 0
    roles: dict[str, list[int]] = {}
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/statm") as f:
                one = int(f.read().split()[1]) * PAGE_SIZE
            rss += one
            role = _role(current, pid)
            roles.setdefault(role, []).append(one)
            if own_peaks is not None:
                own_peaks[current] = (role, max(own_peak(current), own_peaks.get(current, ("", 0))[1]))
            with open(f"/proc/{current}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
                        break
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return rss, pss, roles


def tree_cpu(pid: int, seen: dict[int, float]) -> None:
    """Record in ``seen`` the CPU seconds (user + system) used so far by ``pid``
    and each of its descendants."""
    for current in tree_pids(pid):
        try:
            with open(f"/proc/{current}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            seen[current] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        except (FileNotFoundError, ProcessLookupError, ValueError, IndexError):
            continue


def has_incremental_state() -> bool:
    import scraper.settings as project

    return hasattr(project, "STATE_ENABLED") and hasattr(project, "STATE_PATH")


def run_crawl(label: str, site: Site | None, server: str, workdir: Path, settings: dict[str, Any],
              sample_memory: bool = False, spider: list[str] | None = None) -> CrawlRun:
    """One ``scrapy crawl`` (``feeds`` over ``site`` by default; ``spider``:
    another spider and its ``-a`` arguments), sampled as it runs."""
    progress = workdir / f"{label}-progress.json"
    output = workdir / f"{label}.jsonl"
    progress.unlink(missing_ok=True)
    base = {
        "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False, "SECURITY_ALLOW_PRIVATE_NETWORKS": True,
        "CONCURRENT_REQUESTS": 32, "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
        "ROUTING_HOSTS": json.dumps({"*.test": server} if server else {}), "LOG_LEVEL": "INFO",
        "PROGRESS_INTERVAL": 0.5, "PROGRESS_FILE": str(progress), "TELNETCONSOLE_ENABLED": False,
    }
    if spider is None:
        assert site is not None
        spider = ["feeds", "-a", f"seeds={site.seeds}"]
    args = [sys.executable, "-m", "scrapy", "crawl", *spider, "-O", str(output)]
    for key, value in {**base, **settings}.items():
        args += ["-s", f"{key}={value}"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "scraper.settings"}
    env.pop("REDIS_URL", None)
    log = (workdir / f"{label}.log").open("w")
    started = time.monotonic()
    proc = subprocess.Popen(args, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT)
    samples: list[tuple[int, int, int]] = []
    peak_roles: dict[str, list[int]] = {}
    own_peaks: dict[int, tuple[str, int]] = {}
    role_samples: list[dict[str, list[int]]] = []
    cpu: dict[int, float] = {}
    while True:
        waited, status = os.waitpid(proc.pid, os.WNOHANG)
        if waited:
            break
        time.sleep(0.25)
        tree_cpu(proc.pid, cpu)
        if sample_memory:
            try:
                figures = json.loads(progress.read_text())
            except (OSError, ValueError):
                figures = {}
            done = sum(int(figures.get(k, 0)) for k in ("articles", "failures", "dropped"))
            rss, pss, roles = tree_memory(proc.pid, own_peaks)
            if rss and rss >= max((r for _, r, _ in samples), default=0):
                peak_roles = roles
            if rss:  # 0 once the crawl process has exited
                samples.append((done, rss, pss))
                role_samples.append(roles)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - started
    log.close()
    figures = json.loads(progress.read_text()) if progress.exists() else {}
    run = CrawlRun(label, float(figures.get("elapsed", wall)), wall, figures,
                   rss_samples=samples, peak_roles=peak_roles, own_peaks=own_peaks,
                   role_samples=role_samples,
                   returncode=proc.returncode,
                   cpu=sum(cpu.values()))
    if proc.returncode != 0 or figures.get("finished") != "finished":
        print(f"  !! {label}: exit {proc.returncode}, finished={figures.get('finished')} "
              f"(log: {workdir / (label + '.log')})")
    return run


def single_process_rate(site: Site, pages: int) -> float:
    """Pages/s of process_page (clean_html + score_article) in this process,
    over ``pages`` pages spread evenly over the site."""
    from scraper.pipelines.processing import ProcessingOptions, process_page

    options = ProcessingOptions()
    bodies = []
    ordered = sorted(site.urls, key=lambda u: int(u.rsplit("/", 1)[1].split(".")[0]))
    step = max(1, len(ordered) // pages)
    for url in ordered[::step][:pages]:
        host, path = url.split("/", 3)[2], url.split("/", 3)[3]
        bodies.append((url, (site.root / host / path).read_bytes()))
    process_page({"url": bodies[0][0], "source": "x", "status": 200, "body": bodies[0][1],
                  "encoding": None, "fetched_at": ""}, options)  # warm-up (imports, caches)
    started = time.perf_counter()
    for url, body in bodies:
        process_page({"url": url, "source": "x", "status": 200, "body": body,
                      "encoding": None, "fetched_at": ""}, options)
    return len(bodies) / (time.perf_counter() - started)


def _page_bodies(site: Site, pages: int) -> list[tuple[str, bytes]]:
    ordered = sorted(site.urls, key=lambda u: int(u.rsplit("/", 1)[1].split(".")[0]))
    step = max(1, len(ordered) // pages)
    bodies = []
    for url in ordered[::step][:pages]:
        host, path = url.split("/", 3)[2], url.split("/", 3)[3]
        bodies.append((url, (site.root / host / path).read_bytes()))
    return bodies


def _clean_all(bodies: list[tuple[str, bytes]], start: Any, results: Any) -> None:
    """A bench worker: warm up, wait for the others, run process_page over
    ``bodies``; put (pages, started, ended) in ``results``."""
    from scraper.pipelines.processing import ProcessingOptions, process_page

    options = ProcessingOptions()
    pages = [{"url": url, "source": "x", "status": 200, "body": body, "encoding": None,
              "fetched_at": ""} for url, body in bodies]
    process_page(pages[0], options)  # warm-up (imports, caches)
    start.wait()
    started = time.perf_counter()
    for page in pages:
        process_page(page, options)
    results.put((len(pages), started, time.perf_counter()))


def concurrent_rate(site: Site, pages: int, workers: int) -> float:
    """Pages/s of ``workers`` processes running process_page at once, each over
    the same ``pages`` pages as :func:`single_process_rate` (warmed up first):
    the pool's ceiling under whatever else the machine runs now. With the
    kernel's autogroup scheduling (``/proc/sys/kernel/sched_autogroup_enabled``)
    a session's processes share one scheduling entity, so while other sessions
    are busy, N processes of this session get no more CPU between them than one
    process does; ``workers`` x the single-process rate then overstates the
    ceiling (the crawl is in this session too), this figure does not."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    start, results = context.Barrier(workers + 1), context.Queue()
    bodies = _page_bodies(site, pages)
    procs = [context.Process(target=_clean_all, args=(bodies, start, results))
             for _ in range(workers)]
    for proc in procs:
        proc.start()
    start.wait(timeout=600)
    done = [results.get(timeout=1800) for _ in procs]
    for proc in procs:
        proc.join()
    return sum(n for n, _, _ in done) / (max(e for _, _, e in done) - min(s for _, s, _ in done))


def autogroups() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def throughput(args: argparse.Namespace, workdir: Path, corpus: Path | None,
               servers: list[subprocess.Popen[str]]) -> None:
    """Section 1-4: full crawl, I/O ceiling, single-process rate, pool ratio."""
    site = build_site(workdir / "site", args.pages, hosts=4, corpus=corpus)
    proc, server = start_server("scraper.demo.server", str(site.root))
    servers.append(proc)
    pool = {"CLEANER_WORKERS": args.workers}
    print(f"\n== Throughput, {args.pages:,} pages ==")
    before = single_process_rate(site, args.single_pages)
    full = run_crawl("full", site, server, workdir, pool)
    print(f"full crawl:           {full.rate:7.1f} pages/s  ({full.records:,} records in "
          f"{full.elapsed:.1f} s; {full.figures.get('articles', 0):,} articles; "
          f"{full.cpu / full.wall:.2f} cores used by the crawl and its workers)")
    io = run_crawl("io", site, server, workdir, {**pool, "CLEANER_ENABLED": False})
    print(f"cleaning off (I/O):   {io.rate:7.1f} pages/s  ({io.records:,} pages in "
          f"{io.elapsed:.1f} s; {io.cpu / io.wall:.2f} cores)")
    after = single_process_rate(site, args.single_pages)
    single = (before + after) / 2
    print(f"clean+score, 1 proc:  {single:7.1f} pages/s  ({args.single_pages} pages in this "
          f"process; {before:.1f} before the crawls, {after:.1f} after)")
    ceiling = min(io.rate, args.workers * single)
    print(f"ratio full / min(I/O {io.rate:.1f}, {args.workers} x {single:.1f} = "
          f"{args.workers * single:.1f}) = {full.rate / ceiling:.2f}  (target >= 0.80)")
    print(f"load average after:   {load_average()}")


def print_memory(run: CrawlRun, pages: int) -> None:
    """Section 5's figures for ``run``."""
    peak = max((rss for _, rss, _ in run.rss_samples), default=0)
    peak_pss = max((pss for _, _, pss in run.rss_samples), default=0)
    print(f"crawl: {run.rate:.1f} pages/s, {run.records:,} records in "
          f"{run.elapsed:.1f} s; peak RSS (crawl + forkserver + workers) {mb(peak)} "
          f"(target <= 400 MB); peak PSS {mb(peak_pss)}")
    print("RSS when 1k, 2k, ... records were done (crawl | workers):")
    marks = [(f"{k // 1000}k", next((i for i, (done, _, _) in enumerate(run.rss_samples)
                                     if done >= k), None))
             for k in range(1000, pages + 1, 1000)]
    marks.append(("last sample", len(run.rss_samples) - 1 if run.rss_samples else None))
    for label, at in marks:
        if at is None:
            print(f"  {label}: n/a")
            continue
        _, rss, pss = run.rss_samples[at]
        roles = run.role_samples[at]
        print(f"  {label}: {mb(rss)} (PSS {mb(pss)}; crawl {mb(sum(roles.get('crawl', [])))} | "
              f"workers {' + '.join(mb(r) for r in roles.get('worker', [])) or 'none'})")
    print("RSS at the peak: " + ", ".join(
        f"{role} {' + '.join(mb(r) for r in sizes)}"
        for role, sizes in sorted(run.peak_roles.items())))
    by_role: dict[str, list[int]] = {}
    for role, hwm in run.own_peaks.values():
        by_role.setdefault(role, []).append(hwm)
    print(f"each process's own peak (VmHWM), summed: "
          f"{mb(sum(h for _, h in run.own_peaks.values()))}: " + ", ".join(
              f"{role} {' + '.join(mb(h) for h in sizes)}" for role, sizes in sorted(by_role.items())))


def memory(args: argparse.Namespace, workdir: Path, corpus: Path | None,
           servers: list[subprocess.Popen[str]]) -> None:
    """Section 5, then (unless ``--memory-only``) section 6 on the same site."""
    print(f"\n== Memory, {args.memory_pages:,} pages ==")
    big = build_site(workdir / "site-big", args.memory_pages, hosts=4, corpus=corpus)
    proc, big_server = start_server("scraper.demo.server", str(big.root))
    servers.append(proc)
    pool = {"CLEANER_WORKERS": args.workers}
    state = has_incremental_state()
    state_settings = ({"STATE_ENABLED": True, "STATE_PATH": str(workdir / "state.sqlite")}
                      if state else {})
    first = run_crawl("memory", big, big_server, workdir, {**pool, **state_settings},
                      sample_memory=True)
    print_memory(first, args.memory_pages)
    if args.memory_only:
        return

    print("\n== Second crawl of the unchanged site ==")
    if not state:
        print("incremental state (STATE_ENABLED/STATE_PATH) is not in the project yet: "
              "the second crawl below re-does everything")
    second = run_crawl("second", big, big_server, workdir, {**pool, **state_settings})
    print(f"second crawl: {second.figures.get('articles', 0):,} articles re-emitted "
          f"(target 0), {second.elapsed:.1f} s vs {first.elapsed:.1f} s "
          f"(wall {second.wall:.1f} s vs {first.wall:.1f} s): "
          f"{first.elapsed / max(second.elapsed, 1e-6):.1f}x faster (target >= 5x)")


def bench_parser(doc: str) -> argparse.ArgumentParser:
    """The options bench/crawl.py and bench/warc.py share."""
    parser = argparse.ArgumentParser(description=doc.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--memory-pages", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--single-pages", type=int, default=150)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", action="store_true")
    return parser


def bench_setup(args: argparse.Namespace, prefix: str) -> tuple[Path | None, Path]:
    """Apply ``--quick``, pick the page corpus, make the work dir and print the machine."""
    if args.quick:
        args.pages, args.memory_pages, args.single_pages = 300, 1000, 60
    corpus = CORPUS if CORPUS.is_dir() and any(CORPUS.glob("*/*.html")) else None
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    print(f"cores: {os.cpu_count()} (usable {default_workers()}), workers: {args.workers}, "
          f"load average: {load_average()}")
    print(f"pages: {'copies of ' + str(corpus) if corpus else 'invented'}; work dir {workdir}")
    return corpus, workdir


def main(argv: list[str] | None = None) -> None:
    parser = bench_parser(__doc__ or "")
    parser.add_argument("--memory-only", action="store_true")
    args = parser.parse_args(argv)
    corpus, workdir = bench_setup(args, "bench-crawl-")
    servers: list[subprocess.Popen[str]] = []
    try:
        if not args.memory_only:
            throughput(args, workdir, corpus, servers)
        memory(args, workdir, corpus, servers)
    finally:
        for proc in servers:
            stop_server(proc)
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
