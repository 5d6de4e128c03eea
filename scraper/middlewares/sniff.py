"""Content sniffing: is a fetched body a page we can read, and in which charset?

Servers lie: binary files come as ``text/html``, Latin-1 pages declare UTF-8,
Cyrillic pages declare nothing, bot checks answer 403 (or 202) with a small
HTML page. The checks here are cheap (magic bytes, a bounded prefix, one
strict decode) and run in the crawl process before a page goes to a worker.

* :func:`body_reason` -- ``empty_body`` / ``binary_body`` or None.
* :func:`blocked_reason` -- ``bot_challenge`` / ``login_wall`` or None.
* the charset to decode a body with: :func:`cleaners.html.decode.choose_encoding`
  (one implementation for the crawl and the cleaners).
* :class:`TruncatedBodyMiddleware` -- a gzip body cut short is a failure
  (``truncated_body``), not a shorter page.

Patterns are data (``BINARY_SIGNATURES``, ``BLOCK_MARKERS``), one row per
signal with a stable name.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.encoding import read_bom

__all__ = [
    "BINARY_SIGNATURES",
    "BLOCK_MARKERS",
    "TruncatedBodyMiddleware",
    "blocked_reason",
    "body_reason",
    "gzip_complete",
]

# Leading bytes of formats that are never an HTML page (after optional whitespace).
BINARY_SIGNATURES: tuple[tuple[str, bytes], ...] = (
    ("pdf", b"%PDF-"),
    ("jpeg", b"\xff\xd8\xff"),
    ("png", b"\x89PNG\r\n\x1a\n"),
    ("gif", b"GIF8"),
    ("webp", b"RIFF"),
    ("gzip", b"\x1f\x8b"),
    ("zip", b"PK\x03\x04"),
    ("zstd", b"\x28\xb5\x2f\xfd"),
    ("bzip2", b"BZh"),
    ("xz", b"\xfd7zXZ\x00"),
    ("7z", b"7z\xbc\xaf\x27\x1c"),
    ("elf", b"\x7fELF"),
    ("ole", b"\xd0\xcf\x11\xe0"),
    ("mp4", b"\x00\x00\x00\x18ftyp"),
    ("wasm", b"\x00asm"),
)
SNIFF_BYTES = 2048
MAX_CONTROL_RATIO = 0.10  # share of control bytes in the prefix beyond which it is binary
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\x00")  # NUL: a stray NUL does not make a page binary


@dataclass(frozen=True, slots=True)
class _Marker:
    name: str
    reason: str
    pattern: re.Pattern[str]
    keywords: tuple[str, ...]  # the regex runs only if one of these is in the text


def _marker(name: str, reason: str, keywords: tuple[str, ...], pattern: str) -> _Marker:
    # Lower-case patterns matched against lower-cased text, behind a substring
    # prefilter: with re.IGNORECASE these scans cost ~8 ms a page on the reactor.
    return _Marker(name, reason, re.compile(pattern), keywords)


# Bot checks first: a challenge page often also says "sign in".
BLOCK_MARKERS: tuple[_Marker, ...] = (
    _marker("cloudflare", "bot_challenge", ("cf-", "cf_chl", "challenge-platform", "cloudflare"),
            r"cf-browser-verification|challenge-platform|cf_chl_|cf-challenge"
            r"|attention required! \| cloudflare"),
    _marker("just_a_moment", "bot_challenge", ("just a moment",),
            r"<title>\s*just a moment\.\.\.\s*</title>"),
    _marker("checking_browser", "bot_challenge", ("checking ",),
            r"checking (?:if the site connection is secure|your browser)"),
    _marker("captcha", "bot_challenge", ("captcha",),
            r"g-recaptcha|h-captcha|hcaptcha\.com|px-captcha|captcha-delivery"),
    _marker("are_you_human", "bot_challenge", ("robot", "human", "unusual traffic"),
            r"are you a (?:robot|human)|verify (?:that )?you are (?:a )?human|unusual traffic"),
    _marker("ddos_guard", "bot_challenge", ("ddos", "incapsula", "datadome"),
            r"ddos[- ]guard|ddos protection by|_incapsula_resource|datadome"),
    _marker("enable_js", "bot_challenge", ("enable javascript",),
            r"enable javascript and cookies to continue"),
    _marker("log_in", "login_wall", ("login", "log in", "signin", "sign in", "logged in"),
            r"(?:log|sign) ?in to (?:continue|read|view|access)|please (?:log|sign) ?in"
            r"|you must be logged in|login required"),
    _marker("subscribe", "login_wall", ("subscri", "account to"),
            r"subscribe to (?:continue|read)|for subscribers only|subscribers only"
            r"|this (?:article|content) is (?:only )?(?:available )?(?:for|to) subscribers"
            r"|create (?:a free|an) account to (?:continue|read)"),
)
BLOCK_SNIFF_CHARS = 65536
# A 2xx page is a wall only when small (a challenge page is a few KB; a real
# article that merely has a login box in its header is longer).
MAX_WALL_BYTES_2XX = 32768
BLOCK_STATUSES = frozenset({202, 401, 403, 429, 503})


def body_reason(body: bytes) -> str | None:
    """``empty_body`` for a body of nothing but whitespace, ``binary_body``
    for a known binary format or a prefix full of control bytes, else None."""
    head = body[:SNIFF_BYTES].lstrip()
    if not head:
        return None if body.strip() else "empty_body"
    if read_bom(head)[0] is not None:
        return None  # UTF-16/32 text has NULs by design
    for _name, signature in BINARY_SIGNATURES:
        if head.startswith(signature):
            return "binary_body"
    controls = sum(1 for byte in head if byte < 32 and byte not in _TEXT_CONTROLS)
    return "binary_body" if controls > MAX_CONTROL_RATIO * len(head) else None


def blocked_reason(status: int, body: bytes) -> str | None:
    """``bot_challenge`` or ``login_wall`` when the answer is a bot check or a
    log-in/subscribe wall instead of the page, else None."""
    if status not in BLOCK_STATUSES and not (200 <= status < 300 and len(body) <= MAX_WALL_BYTES_2XX):
        return None
    text = body[:BLOCK_SNIFF_CHARS].decode("utf-8", errors="replace").lower()
    for marker in BLOCK_MARKERS:
        if any(k in text for k in marker.keywords) and marker.pattern.search(text):
            return marker.reason
    if status == 401:
        return "login_wall"
    return None


GZIP_ENCODINGS = frozenset({b"gzip", b"x-gzip"})


def gzip_complete(body: bytes, max_size: int) -> bool | None:
    """Whether a gzip body holds a complete stream (True), is cut short or
    corrupt (False), or inflates past ``max_size`` before its end (None: the
    size limit decides). Output is discarded as it is produced: bounded memory."""
    inflater = zlib.decompressobj(wbits=47)  # gzip or zlib header
    produced = 0
    data = body
    try:
        while data and not inflater.eof:
            produced += len(inflater.decompress(data, 1 << 16))
            if max_size and produced > max_size:
                return None
            data = inflater.unconsumed_tail
        while not inflater.eof:  # input consumed; drain what zlib still holds
            chunk = inflater.decompress(b"", 1 << 16)
            if not chunk:
                break
            produced += len(chunk)
            if max_size and produced > max_size:
                return None
    except zlib.error:
        return False
    return inflater.eof


class TruncatedBodyMiddleware:
    """Downloader middleware: refuse a gzip body that ends mid-stream.

    Scrapy's HttpCompressionMiddleware inflates what arrived and keeps a
    truncated stream's partial text as if it were the page. Placed closer to
    the downloader than HttpCompressionMiddleware (590), this sees the body
    still compressed and turns a cut-short stream into ``IgnoreRequest``
    (failure reason ``truncated_body``)."""

    def __init__(self, max_size: int) -> None:
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TruncatedBodyMiddleware:
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(self, request: Request, response: Response) -> Response:
        encodings = [e.strip().lower() for value in response.headers.getlist("Content-Encoding")
                     for e in value.split(b",")]
        if request.method == "HEAD" or not encodings or encodings[-1] not in GZIP_ENCODINGS:
            return response
        max_size = request.meta.get("download_maxsize", self.max_size)
        if gzip_complete(response.body, max_size) is False:
            raise IgnoreRequest(f"truncated body: gzip stream of {len(response.body)} bytes "
                                "ends before its end marker")
        return response
