"""Bytes to text the way a browser would, but never raising.

Order of trust: a byte-order mark, then valid UTF-8 (a page in a legacy
charset almost never validates as UTF-8 by accident, while pages declaring
``iso-8859-1`` but served as UTF-8 are common), then the charset the page
declares in ``<meta>`` or its XML declaration, then statistical detection.
Invalid bytes become U+FFFD and NUL characters are dropped: lxml refuses them.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html", "declared_charset"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
# What browsers do with a few labels (WHATWG Encoding Standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
            "us-ascii": "cp1252", "ascii": "cp1252", "x-sjis": "shift_jis"}
_HEAD_BYTES = 4096
_WINDOWS = re.compile(r"windows-(\d+)")


def _codec(label: str) -> str | None:
    """Python codec name for a charset label, or None when unknown."""
    name = label.strip().lower()
    name = _ALIASES.get(name, name)
    name = _WINDOWS.sub(r"cp\1", name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """Codec of the charset declared near the top of the page, if known."""
    for match in _DECLARED.finditer(data[:_HEAD_BYTES]):
        label = (match.group(1) or match.group(2) or b"").decode("ascii", "ignore")
        codec = _codec(label)
        if codec is not None:
            return codec
    return None


def _detect(data: bytes) -> str:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - trafilatura depends on it
        return "cp1252"
    best = from_bytes(data[:65536]).best()
    codec = _codec(best.encoding) if best is not None else None
    # Without a byte-order mark, a wide encoding is a misdetection of NULs.
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        return "cp1252"
    return codec


def decode_html(data: str | bytes) -> str:
    """Text of an HTML page given as str or bytes; never raises."""
    if isinstance(data, str):
        return data.replace("\x00", "")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace").replace("\x00", "")
    try:
        return data.decode("utf-8").replace("\x00", "")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    codec = _detect(data) if declared in (None, "utf-8", "utf-16", "utf-32") else declared
    assert codec is not None
    try:
        return data.decode(codec, "replace").replace("\x00", "")
    except LookupError:  # pragma: no cover - _codec checked it
        return data.decode("cp1252", "replace").replace("\x00", "")
