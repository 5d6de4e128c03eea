"""Map download errors to short, stable failure reasons (one table)."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

__all__ = ["reason_for"]

# (exception types, reason), first match wins.
EXCEPTION_REASONS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((defer.TimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    ((error.DNSLookupError,), "dns_error"),
    ((error.ConnectionRefusedError,), "connection_refused"),
    ((error.ConnectionLost, error.ConnectionDone, ResponseFailed, ResponseNeverReceived),
     "connection_lost"),
    ((defer.CancelledError,), "download_cancelled"),
    ((error.ConnectError,), "connect_error"),
)

# IgnoreRequest message fragment -> reason.
IGNORE_REASONS: tuple[tuple[str, str], ...] = (
    ("robots.txt", "robots_disallowed"),
    ("private network", "private_address"),
    ("scheme", "bad_scheme"),
)


def reason_for(failure: Failure) -> tuple[str, int | None, str]:
    """``(reason, http_status, detail)`` for a request's errback failure."""
    exc = failure.value
    detail = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", status, detail
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
