"""Bytes to text the way a browser would, but never raising: one charset choice.

:func:`choose_encoding` is the one implementation, used by the crawl (the
spiders and ``scrapy clean``, with the HTTP header's charset) and by
:func:`decode_html` (``clean_html`` given bytes). It builds on w3lib's
helpers (BOM, label resolution as browsers do it, ``<meta>`` declaration),
and adds what w3lib's ``html_to_unicode`` does not do: a declaration is
trusted only when the body really decodes with it.

Order of trust: a byte-order mark; then the HTTP header's charset and the
page's ``<meta>``, each only when the body decodes with it (valid UTF-8
wins over a declared single-byte charset: a page in a legacy charset almost
never validates as UTF-8 by accident, while pages declaring ``iso-8859-1``
but served as UTF-8 are common; declared UTF-8 with a few bad bytes stays
UTF-8); then valid UTF-8; then statistical detection; then cp1252.
Invalid bytes become U+FFFD and NUL characters are dropped: lxml refuses them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, read_bom, resolve_encoding

__all__ = ["Charset", "choose_encoding", "decode_html", "declared_charset"]

DETECT_BYTES = 262144
MAX_BAD_UTF8_RATIO = 0.001  # declared UTF-8 with fewer bad bytes stays UTF-8
_HEAD_BYTES = 4096
_SINGLE_BYTE = re.compile(r"^(?:latin_1|iso8859_\d+|cp125\d|ascii|cp437|mac_roman)$")


@dataclass(frozen=True, slots=True)
class Charset:
    """The charset chosen for a body: ``encoding`` is a Python codec name;
    ``how`` says why (``bom``, ``header``, ``meta``, ``utf8`` (valid UTF-8 that
    declared a single-byte charset), ``utf8_lenient`` (declared UTF-8 with a few
    bad bytes, decoded with replacement), ``detected``, ``default``)."""

    encoding: str
    how: str


def _codec(name: str | None) -> str | None:
    """A Python text codec for a declared charset name, or None."""
    if not name:
        return None
    resolved = resolve_encoding(name.strip().strip("\"'"))
    if not resolved:
        return None
    try:
        info = codecs.lookup(resolved)
        b"".decode(info.name)
    except (LookupError, ValueError):
        return None
    return info.name


def declared_charset(data: bytes) -> str | None:
    """Codec of the charset declared near the top of the page, if known."""
    return _codec(html_body_declared_encoding(data[:_HEAD_BYTES]))


def _decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _bad_utf8_bytes(body: bytes) -> int:
    return body.decode("utf-8", errors="replace").count("\ufffd") - body.decode(
        "utf-8", errors="ignore").count("\ufffd")


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: rarely needed

    best = from_bytes(body[:DETECT_BYTES]).best()
    codec = _codec(best.encoding) if best is not None else None
    # Without a byte-order mark, a wide encoding is a misdetection of NULs.
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return None
    return codec


def choose_encoding(body: bytes, header_charset: str | None = None) -> Charset:
    """The charset to decode ``body`` with: the declared one (BOM, HTTP header,
    ``<meta>``) when the body really decodes with it, else a detected one."""
    bom, _ = read_bom(body)
    if bom:
        return Charset(_codec(bom) or "utf-8", "bom")
    for how, declared in (("header", _codec(header_charset)), ("meta", declared_charset(body))):
        if declared is None:
            continue
        if declared == "utf-8":
            if _decodes(body, "utf-8"):
                return Charset("utf-8", how)
            if _bad_utf8_bytes(body) <= max(4, MAX_BAD_UTF8_RATIO * len(body)):
                return Charset("utf-8", "utf8_lenient")
            continue  # not UTF-8 at all: try the next declaration, then detect
        if _decodes(body, declared):
            if _SINGLE_BYTE.match(declared) and not body.isascii() and _decodes(body, "utf-8"):
                return Charset("utf-8", "utf8")  # valid UTF-8 is never an accident
            return Charset(declared, how)
        continue
    if _decodes(body, "utf-8"):
        return Charset("utf-8", "default")
    detected = _detect(body)
    if detected and _decodes(body[:DETECT_BYTES], detected):
        return Charset(detected, "detected")
    return Charset("cp1252", "default")


def decode_html(data: str | bytes) -> str:
    """Text of an HTML page given as str or bytes; never raises."""
    if isinstance(data, str):
        return data.replace("\x00", "")
    _, bom = read_bom(data)
    charset = choose_encoding(data)
    body = data[len(bom):] if bom else data
    return body.decode(charset.encoding, "replace").replace("\x00", "")
