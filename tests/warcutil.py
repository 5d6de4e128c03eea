"""Write test WARCs with warcio (the reader the project uses), from fixture pages.

:func:`write_warc` writes a list of :class:`Rec` and returns, for each
written record, its WARC-Record-ID and offset as warcio's own iterator reports
them, so tests check the spider's ``warc`` field against an independent reading.
"""

from __future__ import annotations

import gzip as gz
import io
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "fixtures" / "sites"

# (URL, page under tests/fixtures/sites): the fixture outlets' article pages.
ARTICLES = [
    ("http://www.riverside-gazette.test/news/2026/04/library-fire-arson-not-ruled-out.html",
     "www.riverside-gazette.test/news/2026/04/library-fire-arson-not-ruled-out.html"),
    ("http://www.riverside-gazette.test/news/2026/04/old-mill-bridge-to-close.html",
     "www.riverside-gazette.test/news/2026/04/old-mill-bridge-to-close.html"),
    ("http://www.riverside-gazette.test/news/2026/04/riverside-school-robotics-title.html",
     "www.riverside-gazette.test/news/2026/04/riverside-school-robotics-title.html"),
    ("http://metro-bulletin.test/housing/2026/04/11/kessock-gasworks-homes-approved/",
     "metro-bulletin.test/housing/2026/04/11/kessock-gasworks-homes-approved/index.html"),
    ("http://metro-bulletin.test/transport/2026/04/09/bus-drivers-vote-to-strike/",
     "metro-bulletin.test/transport/2026/04/09/bus-drivers-vote-to-strike/index.html"),
    ("http://metro-bulletin.test/region/2026/04/12/riverside-library-fire-reading-room/",
     "metro-bulletin.test/region/2026/04/12/riverside-library-fire-reading-room/index.html"),
]


def fixture_page(relative: str) -> bytes:
    return (SITES / relative).read_bytes()


@dataclass
class Rec:
    """One record to write. ``kind``: response, request, revisit, metadata, resource."""

    kind: str
    url: str
    body: bytes = b""
    status: str = "200 OK"
    headers: list[tuple[str, str]] = field(
        default_factory=lambda: [("Content-Type", "text/html; charset=utf-8")])
    date: str = "2026-04-12T08:30:00Z"


def _record(writer: WARCWriter, rec: Rec) -> object:
    # lengths given: without one, warcio buffers the payload in a temporary
    # file it never closes (a ResourceWarning, an error under our filterwarnings)
    extra = {"WARC-Date": rec.date}
    if rec.kind == "response":
        http = StatusAndHeaders(rec.status, list(rec.headers), protocol="HTTP/1.1")
        return writer.create_warc_record(rec.url, "response", payload=io.BytesIO(rec.body),
                                         length=len(rec.body), http_headers=http,
                                         warc_headers_dict=extra)
    if rec.kind == "request":
        http = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.test")], is_http_request=True)
        return writer.create_warc_record(rec.url, "request", payload=io.BytesIO(b""), length=0,
                                         http_headers=http, warc_headers_dict=extra)
    if rec.kind == "revisit":
        http = StatusAndHeaders(rec.status, list(rec.headers), protocol="HTTP/1.1")
        return writer.create_revisit_record(rec.url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                            refers_to_uri=rec.url, refers_to_date=rec.date,
                                            http_headers=http, warc_headers_dict=extra)
    return writer.create_warc_record(rec.url, rec.kind, payload=io.BytesIO(rec.body),
                                     length=len(rec.body), warc_content_type="application/json",
                                     warc_headers_dict=extra)


def write_warc(path: Path, records: list[Rec], *, gzip: bool = True) -> list[tuple[str, int]]:
    """Write ``records`` (each its own gzip member when ``gzip``); return
    ``(WARC-Record-ID, offset)`` of every record, read back with warcio."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        for rec in records:
            writer.write_record(_record(writer, rec))
    found = []
    with path.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for record in iterator:
            record_id = record.rec_headers.get_header("WARC-Record-ID")
            found.append((record_id, iterator.get_record_offset()))
    return found


def write_arc(path: Path, pages: list[tuple[str, bytes, str]]) -> list[int]:
    """An ARC v1 file of ``(url, html, 14-digit date)`` pages, each record its
    own gzip member (as Heritrix writes .arc.gz); returns the records' offsets
    as written (the file header's first)."""
    header = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n"
    blocks = [b"filedesc://test.arc 0.0.0.0 20260101000000 text/plain %d\n" % len(header)
              + header + b"\n"]
    for url, html, date in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
        blocks.append(b"%s 127.0.0.1 %s text/html %d\n" % (url.encode(), date.encode(), len(http))
                      + http + b"\n")
    offsets, data = [], b""
    for block in blocks:
        offsets.append(len(data))
        data += gz.compress(block)
    path.write_bytes(data)
    return offsets
