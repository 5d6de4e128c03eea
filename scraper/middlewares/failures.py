"""Map download errors to short, stable failure reasons (one table).

A reason is what a failure record's ``reason`` field and the stats key
``failures/<reason>`` show; it must not change when Scrapy or Twisted word an
error differently. Scrapy >= 2.13 wraps Twisted's download errors into its own
exception types (``DownloadTimeoutError``, ``DownloadCancelledError``, ...);
both families are listed, the Scrapy ones first.

Reasons (download level):

=====================  =======================================================
``timeout``            no complete response within ``DOWNLOAD_TIMEOUT``
``dns_error``          the host name does not resolve
``connection_refused`` nothing listens at the address
``connection_lost``    the connection broke before or while the response came
``data_loss``          the body ended before its announced length
``truncated_body``     a gzip body whose stream ends before its end marker
``too_large``          body (or its decompressed form) beyond ``DOWNLOAD_MAXSIZE``
``too_many_redirects`` more than ``REDIRECT_MAX_TIMES`` hops
``redirect_loop``      a redirect back to a URL already in its own chain, or
                       requested URLs whose redirects lead into each other
``redirect_duplicate`` a redirect onto another requested URL (named in ``detail``),
                       which has its own record (see :mod:`scraper.middlewares.redirects`)
``bad_scheme``         a URL or redirect target that is not http(s)
``private_address``    refused by :mod:`scraper.middlewares.security` (loopback, private, ...)
``robots_disallowed``  robots.txt forbids the URL
``http_<code>``        a non-2xx answer (``http_404``, ``http_503`` ...)
``bot_challenge``      a 403/429/503 (or 202) page that is a bot check
``login_wall``         a 401/403 page asking to log in or subscribe
``download_error``     anything else (the ``detail`` field says what)
=====================  =======================================================
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from scraper.middlewares.retry_after import GAVE_UP_META
from scraper.middlewares.sniff import blocked_reason

__all__ = ["EXCEPTION_REASONS", "IGNORE_REASONS", "reason_for"]

# (exception types, reason), first match wins.
EXCEPTION_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, defer.TimeoutError, error.TimeoutError, error.TCPTimedOutError),
     "timeout"),
    ((CannotResolveHostError, error.DNSLookupError), "dns_error"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection_refused"),
    ((ResponseDataLossError,), "data_loss"),
    # The HTTP/1.1 handler cancels a download only when the body passes
    # DOWNLOAD_MAXSIZE (announced or streamed); timeouts have their own type.
    ((DownloadCancelledError, defer.CancelledError), "too_large"),
    ((UnsupportedURLSchemeError,), "bad_scheme"),
    ((DownloadFailedError, error.ConnectionLost, error.ConnectionDone, ResponseFailed,
      ResponseNeverReceived), "connection_lost"),
    ((error.ConnectError,), "connect_error"),
)

# IgnoreRequest message fragment (lower case) -> reason, first match wins.
IGNORE_REASONS: tuple[tuple[str, str], ...] = (
    ("robots.txt", "robots_disallowed"),
    ("private network", "private_address"),
    ("scheme", "bad_scheme"),
    ("download_maxsize", "too_large"),  # HttpCompressionMiddleware: decompression bomb
    ("max redirections", "too_many_redirects"),
    ("redirect loop", "redirect_loop"),  # scraper.middlewares.redirects.LoopSafeRedirectMiddleware
    ("truncated body", "truncated_body"),  # scraper.middlewares.sniff.TruncatedBodyMiddleware
    ("offsite", "offsite"),
)


def _http_reason(exc: HttpError) -> str:
    response = exc.response
    status = response.status
    if 300 <= status < 400:
        # Scrapy does not follow a redirect to a non-http(s) scheme; it hands
        # the 3xx over as an error instead.
        location = (response.headers.get("Location") or b"").decode("latin-1")
        if location and urlsplit(urljoin(response.url, location)).scheme not in {"http", "https"}:
            return "bad_scheme"
    return blocked_reason(status, response.body) or f"http_{status}"


def _with_retry_after(detail: str, response: Response) -> str:
    """A throttled answer's detail says how long the server asked to wait,
    and whether that was too long to retry (scraper.middlewares.retry_after)."""
    value = response.headers.get("Retry-After")
    if value is None:
        return detail
    detail = f"{detail}; Retry-After: {value.decode('latin-1')[:60]}"
    request = getattr(response, "request", None)
    if request is not None and request.meta.get(GAVE_UP_META) is not None:
        detail += f" ({request.meta[GAVE_UP_META]:.0f} s is over RETRY_AFTER_MAX: not retried)"
    return detail


def reason_for(failure: Failure) -> tuple[str, int | None, str]:
    """``(reason, http_status, detail)`` for a request's errback failure."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, HttpError):
        return _http_reason(exc), exc.response.status, _with_retry_after(detail, exc.response)
    if isinstance(exc, IgnoreRequest):
        message = str(exc).lower()
        for fragment, reason in IGNORE_REASONS:
            if fragment in message:
                return reason, None, detail
        return "ignored", None, detail
    for types, reason in EXCEPTION_REASONS:
        if isinstance(exc, types):
            return reason, None, detail
    return "download_error", None, detail
