"""``scrapy clean PATH...``: clean local .html/.txt files and web archives offline, JSON Lines out.

The offline path for corpora scraped before: each file becomes one record of
the same shape a crawl writes (``url`` is the file's ``file://`` URI, ``source``
is ``--source`` or ``local``), an article or a failure, never nothing.

A web archive (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``) gives one record
per HTML response record, as ``scrapy crawl warc`` does (``url`` =
WARC-Target-URI, ``source`` its registered domain, ``fetched_at`` = WARC-Date,
a ``warc`` locator); its other records are counted, not written; a damaged
archive ends with one ``bad_warc`` failure. Records are read lazily and at most
a few pages per worker are in the pool at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse
from w3lib.encoding import http_content_type_encoding

from scraper.items import now_iso
from scraper.pipelines.processing import ProcessingOptions, failure_record, process_page, process_text
from cleaners.html.decode import choose_encoding
from scraper.middlewares.sniff import blocked_reason, body_reason
from scraper.spiders.warc import archived_response, skip_reason, wants_payload
from scraper.discovery.urls import registered_domain
from scraper.warc.records import ArchivedRecord, BadArchive, is_archive, read_archive

Task = tuple[Callable[..., dict[str, Any]], tuple[Any, ...]]

SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}
MAX_FILE_BYTES = 50 * 1024 * 1024


def find_files(paths: Iterable[str]) -> Iterator[Path]:
    """Files with a known suffix, folders walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and (
                p.suffix.lower() in SUFFIXES or is_archive(p.name)))
        elif path.is_file():
            yield path
        else:
            raise UsageError(f"no such file or folder: {raw}")


def clean_file(path: Path, source: str, options: ProcessingOptions) -> dict[str, Any]:
    """One file -> one record (runs in a worker process)."""
    page: dict[str, Any] = {"url": path.resolve().as_uri(), "source": source, "status": None,
                            "fetched_at": now_iso()}
    kind = SUFFIXES.get(path.suffix.lower(), "html")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return failure_record(page, "too_large", f"over {MAX_FILE_BYTES} bytes")
        body = path.read_bytes()
    except OSError as exc:
        return failure_record(page, "unreadable", str(exc))
    if kind == "text":
        return process_text(page, body.decode("utf-8", errors="replace"), options)
    return process_page({**page, "body": body}, options)


def _given(record: dict[str, Any]) -> dict[str, Any]:
    """A record made without cleaning (a damaged archive): passed through the pool as it is."""
    return record


def _archive_page(record: ArchivedRecord, path: Path) -> dict[str, Any] | str:
    """The page dict of an HTML response record, a failure record, or the reason to skip it."""
    reason = skip_reason(record)
    if reason:
        return reason
    page: dict[str, Any] = {
        "url": record.url, "source": registered_domain(record.url) or "local",
        "status": record.status, "fetched_at": record.date or now_iso(),
        "warc": {"file": str(path.absolute()), "offset": record.offset,
                 "record_id": record.record_id},
    }
    if record.too_large:
        return {**failure_record(page, "too_large", f"archived payload over {MAX_FILE_BYTES} bytes"),
                "task": "given"}
    response = archived_response(record) if record.body is not None else None
    if not isinstance(response, HtmlResponse):
        return "not_html"
    body = response.body
    failed = (f"http_{response.status}" if response.status >= 400 else None) or (
        body_reason(body) or blocked_reason(response.status, body))
    if failed:
        return {**failure_record(page, failed, "archived response"), "task": "given"}
    content_type = response.headers.get("Content-Type") or b""
    declared = http_content_type_encoding(content_type.decode("latin-1"))
    page["encoding"] = choose_encoding(body, declared).encoding
    return {**page, "body": body}


def archive_tasks(path: Path, options: ProcessingOptions, skipped: Counter[str]) -> Iterator[Task]:
    """One task per HTML response record of the archive at ``path``, read lazily."""
    where: dict[str, Any] = {"url": path.resolve().as_uri(), "source": "local", "status": None,
                             "fetched_at": now_iso()}
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield _given, (failure_record(where, "unreadable", str(exc)),)
        return
    with stream:
        reader = read_archive(stream, keep=wants_payload, max_payload=MAX_FILE_BYTES,
                              size=os.fstat(stream.fileno()).st_size)
        try:
            for record in reader:
                page = _archive_page(record, path)
                if isinstance(page, str):
                    skipped[page] += 1
                elif page.pop("task", None) == "given":
                    yield _given, (page,)
                else:
                    yield process_page, (page, options)
        except BadArchive as exc:
            where["warc"] = {"file": str(path.absolute()), "offset": exc.offset, "record_id": None}
            yield _given, (failure_record(where, "bad_warc", exc.detail),)


def bounded_map(tasks: Iterable[Task], workers: int) -> Iterator[dict[str, Any]]:
    """Run tasks in ``workers`` processes, results in order, at most 4 per
    worker submitted ahead (an archive's pages are not all read at once)."""
    if workers <= 1:
        for function, args in tasks:
            yield function(*args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        window: deque[Future[dict[str, Any]]] = deque()
        for function, args in tasks:
            window.append(pool.submit(function, *args))
            if len(window) >= 4 * workers:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] PATH [PATH ...]"

    def short_desc(self) -> str:
        return "Clean local .html/.txt files, WARC/ARC archives (or folders of them) to JSON Lines"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="write JSON Lines here (default: stdout)")
        parser.add_argument("--source", default="local", help="the `source` field of the records")
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                            help="worker processes (default: number of cores)")
        parser.add_argument("--no-scores", action="store_true", help="skip scoring")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one file or folder")
        files = list(find_files(args))
        assert self.settings is not None
        options = ProcessingOptions(
            min_text_chars=self.settings.getint("CLEANER_MIN_TEXT_CHARS", 120),
            scoring=not opts.no_scores,
        )
        out: IO[str] = open(opts.output, "w", encoding="utf-8") if opts.output else sys.stdout
        counts: Counter[str] = Counter()
        skipped: Counter[str] = Counter()
        archives = any(is_archive(p.name) for p in files)
        workers = opts.workers if archives or len(files) >= 4 else 1
        try:
            for record in bounded_map(self._tasks(files, opts.source, options, skipped), workers):
                counts[record["type"]] += 1
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        summary = (f"cleaned {len(files)} files: {counts['article']} articles, "
                   f"{counts['failure']} failures")
        if skipped:
            summary += "; archive records skipped: " + ", ".join(
                f"{n} {reason}" for reason, n in sorted(skipped.items()))
        print(summary, file=sys.stderr)

    @staticmethod
    def _tasks(files: list[Path], source: str, options: ProcessingOptions,
               skipped: Counter[str]) -> Iterator[Task]:
        for path in files:
            if is_archive(path.name):
                yield from archive_tasks(path, options, skipped)
            else:
                yield clean_file, (path, source, options)
