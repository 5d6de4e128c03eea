"""Read web archives (WARC, ARC; gzipped per record or plain) as a stream of records.

Plain functions over a binary file object, no Scrapy import: the ``warc``
spider and ``scrapy clean`` share them. The reader is warcio
(``ArchiveIterator``): it reads ``.warc``, ``.warc.gz`` and ``.arc(.gz)``
(an ARC record has no record id: ``record_id`` is None), undoes the archived
response's chunked transfer encoding and its gzip/deflate content encoding,
and reports each record's offset in the file (the compressed offset for
``.gz``, as CDX indexes give it; one gzip member a record, as archives are
written: a file gzipped whole is refused, ``warcio recompress`` fixes it). Records are
read one at a time; only the payloads ``keep`` asks for are held, each up to
``max_payload`` bytes.

A damaged archive is not a shorter archive: warcio returns a record cut short
by the end of the file as if it were complete, and stops silently at a record
header cut in half. So every record is drained and checked against its
declared length before it is handed out, and the end of the records is
checked against the end of the file; either problem, or a record warcio cannot
parse, raises :class:`BadArchive` with the offset where reading stopped, after
every good record before it.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

__all__ = ["ARCHIVE_SUFFIXES", "ArchivedRecord", "BadArchive", "arc_date", "is_archive",
           "read_archive", "warc_date"]

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_DRAIN = 1 << 16
# Headers that described the bytes on the wire, not the payload handed out.
_WIRE_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def is_archive(name: str) -> bool:
    """Whether a file name or URL path ends like a web archive."""
    return name.lower().split("?", 1)[0].endswith(ARCHIVE_SUFFIXES)


class BadArchive(Exception):
    """The archive is truncated or corrupt at ``offset`` (bytes into the file)."""

    def __init__(self, offset: int, detail: str) -> None:
        super().__init__(f"at offset {offset}: {detail}")
        self.offset = offset
        self.detail = detail


@dataclass(frozen=True, slots=True)
class ArchivedRecord:
    """One archive record.

    ``type``: the WARC-Type (``response``, ``request``, ``revisit``,
    ``metadata``, ``warcinfo``, ...; in ARC files ``response`` and
    ``arc_header``);
    ``url``: WARC-Target-URI; ``date``: WARC-Date as ISO 8601 UTC with seconds
    (``2024-05-01T10:00:00+00:00``) or None; ``offset``: bytes from the start
    of the file to the record; ``status`` and ``headers``: the archived HTTP
    response's (``response`` records only), headers without the ones that
    described the encoding on the wire; ``body``: the decoded payload when
    ``keep`` wanted it, else None; ``too_large``: the payload was longer than
    ``max_payload`` (``body`` is then None).
    """

    type: str
    url: str
    date: str | None
    record_id: str | None
    offset: int
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    too_large: bool = False

    def header(self, name: str) -> str | None:
        """An archived HTTP header (first of that name, case-insensitive)."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


def warc_date(value: str | None) -> str | None:
    """``2024-05-01T10:00:00Z`` (or with fractions, WARC 1.1) -> ``2024-05-01T10:00:00+00:00``."""
    if not value:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def arc_date(value: str | None) -> str | None:
    """ARC's ``20240102030405`` -> ``2024-01-02T03:04:05+00:00``."""
    if not value or len(value) < 14 or not value[:14].isdigit():
        return None
    try:
        parsed = datetime.strptime(value[:14], "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return parsed.isoformat()


def _drain(stream: Any) -> None:
    while stream.read(_DRAIN):
        pass


def _record(raw: Any, offset: int, keep: Callable[[ArchivedRecord], bool],
            max_payload: int) -> ArchivedRecord:
    """The record warcio is positioned on, payload read (or skipped) to its end."""
    headers = raw.rec_headers
    if raw.format == "arc":  # no record ids in ARC; dates as 14 digits
        record = ArchivedRecord(type=str(raw.rec_type or ""),
                                url=str(headers.get_header("uri") or ""),
                                date=arc_date(headers.get_header("archive-date")),
                                record_id=None, offset=offset)
    else:
        if headers.get_header("Content-Length") is None:
            raise BadArchive(offset, "record header without Content-Length (cut short?)")
        record = ArchivedRecord(
            type=str(raw.rec_type or ""),
            url=str(headers.get_header("WARC-Target-URI") or ""),
            date=warc_date(headers.get_header("WARC-Date")),
            record_id=headers.get_header("WARC-Record-ID"),
            offset=offset,
        )
    http = raw.http_headers if record.type == "response" else None
    if http is not None:
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            status = None
        kept = tuple((str(k), str(v)) for k, v in http.headers if k.lower() not in _WIRE_HEADERS)
        record = _replace(record, status=status, headers=kept)
    if http is not None and keep(record):
        payload = raw.content_stream().read(max_payload + 1)
        record = (_replace(record, too_large=True) if len(payload) > max_payload
                  else _replace(record, body=payload))
    _drain(raw.raw_stream)
    left = getattr(raw.raw_stream, "limit", 0)
    if left:
        raise BadArchive(offset, f"record {record.record_id or record.url} ends {left} bytes "
                                 "before its declared length (file truncated?)")
    return record


def _replace(record: ArchivedRecord, **changes: Any) -> ArchivedRecord:
    fields = {name: getattr(record, name) for name in ArchivedRecord.__slots__}
    return ArchivedRecord(**{**fields, **changes})


def read_archive(stream: IO[bytes], *, keep: Callable[[ArchivedRecord], bool],
                 max_payload: int, size: int | None = None) -> Iterator[ArchivedRecord]:
    """Every record of ``stream``, in file order, read lazily (one in memory at a time).

    ``keep(record)`` (called with the record's metadata and HTTP headers, no
    body yet) says whether to read the payload of a ``response`` record.
    ``size``: the file's length, to notice records missing at its end. Raises
    :class:`BadArchive` where the archive stops making sense.
    """
    iterator = ArchiveIterator(stream)  # ARC records come as they are (format "arc")
    records = iter(iterator)
    while True:
        offset = iterator.offset  # where the next record starts (warcio keeps it)
        try:
            raw = next(records)
        except StopIteration:
            break
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, AttributeError,
                IndexError, zlib.error) as exc:
            detail = " ".join(str(exc).split())  # warcio's messages span lines
            raise BadArchive(offset, f"unreadable record: {type(exc).__name__}: {detail}"[:300]) from exc
        if not raw.rec_type and not raw.rec_headers.headers:
            iterator.read_to_end()  # blank lines after a gzip member; the end check decides
            continue
        try:
            record = _record(raw, offset, keep, max_payload)
        except BadArchive:
            raise
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            raise BadArchive(offset, f"unreadable payload: {type(exc).__name__}: {exc}"[:300]) from exc
        iterator.read_to_end()  # blank lines after it; ``offset`` now starts the next one
        yield record
    end = iterator.offset
    if size is not None and end < size:
        stream.seek(end)
        rest = stream.read(_DRAIN)
        if rest.strip(b"\r\n\t \x00") or size - end > _DRAIN:
            raise BadArchive(end, f"{size - end} bytes after the last complete record do not "
                                  "parse as a record (file truncated?)")
