"""``scrapy clean PATH...``: clean local .html/.txt files offline, JSON Lines out.

The offline path for corpora scraped before: each file becomes one record of
the same shape a crawl writes (``url`` is the file's ``file://`` URI, ``source``
is ``--source`` or ``local``), an article or a failure, never nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from scraper.items import now_iso
from scraper.processing import ProcessingOptions, failure_record, process_page, process_text

SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html", ".txt": "text"}
MAX_FILE_BYTES = 50 * 1024 * 1024


def find_files(paths: Iterable[str]) -> Iterator[Path]:
    """Files with a known suffix, folders walked recursively in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
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


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[options] PATH [PATH ...]"

    def short_desc(self) -> str:
        return "Clean local .html/.txt files (or folders of them) to JSON Lines"

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
        failures = 0
        try:
            for record in self._records(files, opts.source, options, opts.workers):
                failures += record["type"] == "failure"
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        finally:
            if out is not sys.stdout:
                out.close()
        print(f"cleaned {len(files)} files: {len(files) - failures} articles, {failures} failures",
              file=sys.stderr)

    def _records(self, files: list[Path], source: str, options: ProcessingOptions,
                 workers: int) -> Iterator[dict[str, Any]]:
        if workers <= 1 or len(files) < 4:
            for path in files:
                yield clean_file(path, source, options)
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            n = len(files)
            yield from pool.map(clean_file, files, [source] * n, [options] * n, chunksize=4)
