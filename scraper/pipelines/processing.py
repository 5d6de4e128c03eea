"""Page -> record: the CPU-bound work, as a plain function a process pool can run.

Runs in worker processes: takes and returns plain data only (picklable), never
raises (an unexpected error becomes a ``failure`` record with reason
``cleaner_error``, so a bad page cannot take a worker or the crawl down).

In a process pool, :func:`init_worker` (the pool's initializer) fixes the
options once per worker and :func:`clean_in_worker` is what gets submitted, so
each task pickles one page dict (its body as bytes) and returns one record dict.

The cleaners (trafilatura, readability, lxml.html, langdetect) and the scorer
are imported inside the functions that run them, never at module level: the
crawl process imports this module for the pool's plumbing and must not carry
the workers' libraries too.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import re
import traceback
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from cleaners.document import CleanDocument, CleanOptions

__all__ = [
    "ProcessingOptions", "Worker", "clean_in_worker", "content_hash", "failure_record",
    "init_worker", "process_page", "process_text", "worker_ready",
]

# NUL and other C0 controls (tab, newlines, form feed kept): lxml refuses them in text.
# A regex, not str.translate: translate looks each character of a non-ASCII page up
# in a dict (~5-10 ms for a 100 KB page, a sixth of cleaning it); this is ~0.4 ms.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")


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


def _archived(page: dict[str, Any]) -> dict[str, Any]:
    """A page read from a web archive keeps its ``warc`` locator in its record."""
    return {"warc": page["warc"]} if page.get("warc") is not None else {}


def failure_record(page: dict[str, Any], reason: str, detail: str) -> dict[str, Any]:
    """The failure record of ``page`` (the fields of :class:`scraper.items.FailureItem`)."""
    return {
        "type": "failure",
        "url": page["url"],
        "source": page["source"],
        "reason": reason,
        "status": page.get("status"),
        "detail": detail[:500],
        "fetched_at": page["fetched_at"],
        **_archived(page),
    }


def _error_detail(exc: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


def _clean(page: dict[str, Any], clean: Callable[[CleanOptions], CleanDocument],
           options: ProcessingOptions, template: frozenset[str]) -> dict[str, Any]:
    """Run one cleaner and turn whatever it does (raising included) into a record."""
    from cleaners.document import CleanOptions
    from cleaners.errors import CleanerError

    clean_options = CleanOptions(min_text_chars=options.min_text_chars, template=template)
    try:
        doc = clean(clean_options)
    except CleanerError as exc:
        return failure_record(page, "bad_input", str(exc))
    except Exception as exc:  # a bug in cleaning must not lose the page
        return failure_record(page, "cleaner_error", _error_detail(exc))
    return _record(page, doc, options)


def process_page(page: dict[str, Any], options: ProcessingOptions) -> dict[str, Any]:
    """Clean and score one fetched page.

    ``page`` holds ``url``, ``source``, ``status``, ``body`` (bytes),
    ``encoding`` (from HTTP headers, or None), ``fetched_at`` and optionally
    ``template``: the lines learned as boilerplate of that source so far
    (:class:`cleaners.rules.templates.TemplateLearner`). Returns an article record
    or a failure record, as a dict (see :mod:`scraper.items`).
    """
    from cleaners.api import clean_html

    body = page["body"]
    if page.get("encoding"):
        try:  # the spider checked this charset against the body (scraper.middlewares.sniff)
            body = _CONTROL_CHARS.sub("", body.decode(page["encoding"], errors="replace"))
        except LookupError:
            pass  # let the cleaner sniff the charset itself
    template = options.template | frozenset(page.get("template", ()))
    return _clean(page, lambda opts: clean_html(body, page["url"], options=opts), options, template)


def process_text(page: dict[str, Any], text: str, options: ProcessingOptions) -> dict[str, Any]:
    """Clean and score a plain-text dump (``page`` as for :func:`process_page`, no body)."""
    from cleaners.text.plaintext import clean_text

    return _clean(page, lambda opts: clean_text(text, options=opts), options, options.template)


def _record(page: dict[str, Any], doc: CleanDocument, options: ProcessingOptions) -> dict[str, Any]:
    """An article record for ``doc``, or a failure record when it was rejected."""
    if doc.rejection:
        return failure_record(page, doc.rejection, f"{len(doc.text)} chars of text kept")
    scores: dict[str, Any] = {}
    if options.scoring:
        from scraper.scoring.article import score_article

        try:
            scores = score_article(doc.text, doc.language).to_dict()
        except Exception as exc:
            return failure_record(page, "scoring_error", _error_detail(exc))
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
        **_archived(page),
    }


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError, TypeError):
        return None


_MALLOC_TRIM = _load_malloc_trim()


def _malloc_trim() -> None:
    """Hand freed heap memory back to the OS (glibc only; lxml's trees are
    malloc'ed, and a big page leaves the heap grown); elsewhere a no-op."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


# Freed heap goes back to the OS after every TRIM_EVERY-th page and after any page
# whose body is over TRIM_BODY_BYTES (what grows the heap by tens of MB). Trimming
# after every page cost 1.0 ms more system time a page (1.66 against 0.67 ms: the
# next page faults the memory back in, 303 page faults a page against 137) for 4 MB
# less peak RSS a worker over 200 pages of the bench's corpus (70 MB against 74).
TRIM_EVERY = 8
TRIM_BODY_BYTES = 512 * 1024


class Worker:
    """The state of one pool worker: its options, and a page count that
    empties trafilatura's LRU caches (and runs the GC) every
    ``reset_caches_every`` pages, so a long-lived worker's memory stays flat;
    freed heap goes back to the OS every ``TRIM_EVERY`` pages and after a big page."""

    def __init__(self, options: ProcessingOptions, reset_caches_every: int = 0) -> None:
        self.options = options
        self.reset_caches_every = reset_caches_every
        self.pages = 0

    def __call__(self, page: dict[str, Any]) -> dict[str, Any]:
        record = process_page(page, self.options)
        self.pages += 1
        if self.reset_caches_every and self.pages % self.reset_caches_every == 0:
            from cleaners.extraction.core import reset_caches

            reset_caches()
        if self.pages % TRIM_EVERY == 0 or len(page["body"]) > TRIM_BODY_BYTES:
            _malloc_trim()  # keeps a big page's heap from staying resident
        return record


# Set once per worker process by the pool initializer; never set in the crawl process.
_worker: Worker | None = None


def init_worker(options: ProcessingOptions, reset_caches_every: int) -> None:
    """Process-pool initializer: build this worker's :class:`Worker`, import
    what it runs and load langdetect's model now, while the crawl is still
    fetching its first pages. The model would load anyway at the first page
    the cheap checks cannot decide (2 in 700 news pages), mid-crawl: loaded
    here, a worker's memory is flat from its start."""
    import cleaners.api  # noqa: F401
    import scraper.scoring.article  # noqa: F401
    from cleaners.model.blocks import warm
    from cleaners.text.language import langdetect_factory

    langdetect_factory()
    warm()

    global _worker
    _worker = Worker(options, reset_caches_every)


def worker_ready() -> bool:
    """A no-op task: submitted once per worker when a pool starts, so the
    workers start (and import the cleaners) before the first page arrives."""
    return _worker is not None


def clean_in_worker(page: dict[str, Any]) -> dict[str, Any]:
    """What the pool runs for each page (see :func:`process_page`)."""
    if _worker is None:
        raise RuntimeError("clean_in_worker runs only in a pool started with init_worker")
    return _worker(page)
