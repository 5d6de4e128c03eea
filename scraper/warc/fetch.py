"""Download a remote archive through Scrapy's downloader, in ranges, to a file.

Why ranges. Scrapy has no streaming response: its HTTP handler gathers each
body in memory (``bytes_received`` only lets a handler watch the bytes or stop
the download), and a Common Crawl WARC is about 1 GB. So the file is asked
for in ``Range: bytes=a-b`` pieces of ``WARC_CHUNK_SIZE`` bytes, each a normal
Scrapy request sent with ``engine.download_async``: the downloader middlewares
all apply (the SSRF guard of :mod:`scraper.middlewares.security`, retries, the proxy and
host routes, timeouts), each response is bounded by ``download_maxsize`` =
the chunk size, and each piece is appended to a temporary file on disk and
dropped. The archive is then read from that file (:mod:`scraper.warc.records`),
streaming. ``WARC_MAXSIZE`` bounds the whole file (from ``Content-Range``).

``engine.download_async`` rather than scheduled requests: the pieces of one
file must be fetched in order by the process that writes the file, and with
``REDIS_URL`` the scheduler would share them out between processes.

A server that ignores ``Range`` answers 200 with the whole file: accepted when
it fits one chunk, else the download fails as ``too_large`` (it would be held
whole in memory otherwise).
"""

from __future__ import annotations

import re
from typing import IO, Any

from scrapy import Request
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.python.failure import Failure

from scraper.middlewares.failures import reason_for

__all__ = ["FetchFailed", "fetch_to_file"]

_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.IGNORECASE)


class FetchFailed(Exception):
    """The archive could not be downloaded: ``reason`` as in :mod:`scraper.middlewares.failures`."""

    def __init__(self, reason: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail[:500]
        self.status = status


def _request(url: str, start: int, chunk: int, timeout: float) -> Request:
    return Request(url, headers={"Range": f"bytes={start}-{start + chunk - 1}",
                                 "Accept-Encoding": "identity"},  # offsets are of the raw file
                   meta={"download_maxsize": chunk, "download_warnsize": chunk + 1,
                         "download_timeout": timeout,
                         # an archive named by the operator is a download, not a crawl
                         "dont_obey_robotstxt": True},
                   dont_filter=True)


async def _download(engine: Any, request: Request) -> Any:
    try:
        if hasattr(engine, "download_async"):  # Scrapy >= 2.14
            return await engine.download_async(request)
        return await maybe_deferred_to_future(engine.download(request))
    except Exception as exc:  # refused, timed out, too large, ...: a stable reason
        reason, status, detail = reason_for(Failure(exc))  # type: ignore[no-untyped-call]
        raise FetchFailed(reason, detail, status) from exc


async def fetch_to_file(engine: Any, url: str, out: IO[bytes], *, chunk_size: int,
                        max_size: int, timeout: float) -> int:
    """Write the archive at ``url`` to ``out``; return its size in bytes.
    Raises :class:`FetchFailed`."""
    start, total = 0, None
    while total is None or start < total:
        request = _request(url, start, chunk_size, timeout)
        try:
            response = await _download(engine, request)
        except FetchFailed as exc:
            if exc.reason == "too_large" and start == 0:
                exc.detail = (f"{exc.detail} (the server sent more than WARC_CHUNK_SIZE = "
                              f"{chunk_size} bytes at once: does it answer Range requests?)")[:500]
            raise
        if response.status == 416 and start == 0:
            return 0  # an empty file
        if response.status == 200 and start == 0:  # the server ignored Range
            out.write(response.body)
            return len(response.body)
        if response.status != 206:
            raise FetchFailed(f"http_{response.status}", f"answer to {request.headers['Range']!r}",
                              response.status)
        found = _CONTENT_RANGE.match((response.headers.get("Content-Range") or b"").decode("latin-1"))
        if found is None or int(found.group(1)) != start or not response.body:
            raise FetchFailed("bad_range", f"Content-Range {response.headers.get('Content-Range')!r}"
                              f" with {len(response.body)} bytes, for bytes from {start}")
        if found.group(3) != "*":
            total = int(found.group(3))
            if max_size and total > max_size:
                raise FetchFailed("too_large", f"{total} bytes, over WARC_MAXSIZE = {max_size}")
        out.write(response.body)
        start += len(response.body)
        if total is None and len(response.body) < chunk_size:
            break  # length unknown ("*"): a short piece is the last one
    return start
