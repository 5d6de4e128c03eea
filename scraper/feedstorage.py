"""A ``file`` feed storage where each exported record is whole or absent.

Scrapy's :class:`~scrapy.extensions.feedexport.FileFeedStorage` hands the
exporter a buffered file: a ``kill -9`` can leave the last line half written
and lose whatever sat in the buffer. :class:`LineFileFeedStorage` returns an
unbuffered file instead whose every ``write()`` is one ``os.write`` on a
descriptor opened with ``O_APPEND``. Line exporters (``jsonlines``, ``csv``)
write one record per call, so a record reaches the file in one system call.

When it appends to an existing ``jsonlines`` file (``overwrite`` false, no
``postprocessing``) it first cuts a torn last line left by an earlier crash
(for example a kill during a very large write), so the file a resumed crawl
continues ends with a whole line. Registered for ``file`` URIs and plain paths
through ``FEED_STORAGES``; everything else (batches, ``postprocessing``,
``overwrite``) works as with Scrapy's storage.

Each line-format file it opens is announced with the :data:`feed_file_opened`
signal (``path``: the file, templates filled in), which the state store keeps
per run: after a crash, the next run reads the last record of the killed
run's time-stamped files from there (:mod:`scraper.state.recovery`).
"""

from __future__ import annotations

import io
import logging
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from w3lib.url import file_uri_to_path

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

__all__ = ["AppendFile", "LineFileFeedStorage", "cut_torn_line", "feed_file_opened"]

feed_file_opened = object()  # signal: a line-format feed file was opened (``path``)

LINE_FORMATS = {"jsonlines", "jsonl"}


class AppendFile(io.RawIOBase):
    """Unbuffered writer: each ``write(data)`` is a single ``os.write`` call
    (repeated only if the kernel reports a short write)."""

    def __init__(self, path: str | Path, *, truncate: bool = False) -> None:
        super().__init__()
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        self.fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), 0o644)
        self.name = str(path)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        written = 0
        while written < len(view):
            written += os.write(self.fd, view[written:])
        return written

    def tell(self) -> int:
        return os.lseek(self.fd, 0, os.SEEK_END)

    def fileno(self) -> int:
        return self.fd

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def cut_torn_line(path: Path) -> int:
    """Truncate ``path`` after its last newline; returns the bytes removed."""
    size = path.stat().st_size
    if size == 0:
        return 0
    with path.open("rb+") as file:
        file.seek(-1, os.SEEK_END)
        if file.read(1) == b"\n":
            return 0
        end = size
        while end > 0:
            start = max(0, end - 65536)
            file.seek(start)
            chunk = file.read(end - start)
            newline = chunk.rfind(b"\n")
            if newline >= 0:
                keep = start + newline + 1
                break
            end = start
        else:
            keep = 0
        file.truncate(keep)
    return size - keep


class LineFileFeedStorage:
    """Drop-in for Scrapy's ``FileFeedStorage`` (``FEED_STORAGES``)."""

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None,
                 crawler: Crawler | None = None) -> None:
        self.path = Path(file_uri_to_path(uri) if uri.startswith("file:") else uri)
        options = feed_options or {}
        self.overwrite = bool(options.get("overwrite", False))
        self.lines = not options.get("postprocessing") and options.get("format") in LINE_FORMATS
        self.repair = not self.overwrite and self.lines
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler, uri: str, *,
                     feed_options: dict[str, Any] | None = None) -> LineFileFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Any) -> IO[bytes]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.repair and self.path.exists():
            removed = cut_torn_line(self.path)
            if removed:
                logger.warning("%s: cut a torn last line (%d bytes) left by an interrupted run",
                               self.path, removed)
        file = AppendFile(self.path, truncate=self.overwrite)
        if self.lines and self.crawler is not None:
            self.crawler.signals.send_catch_log(feed_file_opened, path=self.path.resolve())
        return file  # type: ignore[return-value]

    def store(self, file: IO[bytes]) -> None:
        file.close()
