"""Page -> record: the CPU-bound work, as a plain function a process pool can run.

Runs in worker processes: takes and returns plain data only (picklable), never
raises (an unexpected error becomes a ``failure`` record with reason
``cleaner_error``, so a bad page cannot take a worker or the crawl down).
"""

from __future__ import annotations

import hashlib
import traceback
from dataclasses import dataclass, field
from typing import Any

from cleaners import CleanDocument, CleanerError, CleanOptions, clean_html, clean_text
from scraper.scoring import score_article

__all__ = ["ProcessingOptions", "content_hash", "process_page", "process_text"]


@dataclass(frozen=True, slots=True)
class ProcessingOptions:
    """What the worker should do; built once from settings by the pipeline."""

    min_text_chars: int = 120
    scoring: bool = True
    template: frozenset[str] = field(default_factory=frozenset)


def content_hash(text: str) -> str:
    """sha1 of the text with whitespace collapsed and case folded: equal for
    the same article served under two URLs or re-rendered with new spacing."""
    normal = " ".join(text.split()).casefold()
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()


def _failure(page: dict[str, Any], reason: str, detail: str) -> dict[str, Any]:
    return {
        "type": "failure",
        "url": page["url"],
        "source": page["source"],
        "reason": reason,
        "status": page.get("status"),
        "detail": detail,
        "fetched_at": page["fetched_at"],
    }


def process_page(page: dict[str, Any], options: ProcessingOptions) -> dict[str, Any]:
    """Clean and score one fetched page.

    ``page`` holds ``url``, ``source``, ``status``, ``body`` (bytes),
    ``encoding`` (from HTTP headers, or None) and ``fetched_at``. Returns an
    article record or a failure record, as a dict (see :mod:`scraper.items`).
    """
    body = page["body"]
    if page.get("encoding"):
        try:
            body = body.decode(page["encoding"])
        except (LookupError, UnicodeDecodeError):
            pass  # let the cleaner sniff the charset itself
    clean_options = CleanOptions(min_text_chars=options.min_text_chars, template=options.template)
    try:
        doc = clean_html(body, page["url"], options=clean_options)
    except CleanerError as exc:
        return _failure(page, "bad_input", str(exc)[:500])
    except Exception as exc:  # a bug in cleaning must not lose the page
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return _failure(page, "cleaner_error", detail[:500])
    return _record(page, doc, options)


def process_text(page: dict[str, Any], text: str, options: ProcessingOptions) -> dict[str, Any]:
    """Clean and score a plain-text dump (``page`` as for :func:`process_page`, no body)."""
    clean_options = CleanOptions(min_text_chars=options.min_text_chars, template=options.template)
    try:
        doc = clean_text(text, options=clean_options)
    except CleanerError as exc:
        return _failure(page, "bad_input", str(exc)[:500])
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return _failure(page, "cleaner_error", detail[:500])
    return _record(page, doc, options)


def _record(page: dict[str, Any], doc: CleanDocument, options: ProcessingOptions) -> dict[str, Any]:
    """An article record for ``doc``, or a failure record when it was rejected."""
    if doc.rejection:
        return _failure(page, doc.rejection, f"{len(doc.text)} chars of text kept")
    scores: dict[str, Any] = {}
    if options.scoring:
        try:
            scores = score_article(doc.text).to_dict()
        except Exception as exc:
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            return _failure(page, "scoring_error", detail[:500])
    return {
        "type": "article",
        "url": page["url"],
        "source": page["source"],
        "title": doc.title,
        "authors": list(doc.authors),
        "published": doc.published,
        "language": doc.language,
        "text": doc.text,
        "removed": [r.to_dict() for r in doc.removed],
        "scores": scores,
        "content_hash": content_hash(doc.text),
        "fetched_at": page["fetched_at"],
        "status": page["status"],
    }
