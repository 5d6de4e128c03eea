"""Items: plain JSON-ready dataclasses, one per record type.

``PageItem`` is internal: what a spider fetched, before cleaning. The clean
pipeline turns each into an ``ArticleItem`` or a ``FailureItem``; only those
two reach the feeds. Items never hold live objects (responses, trees).
Records read from a web archive are ``WarcArticleItem`` / ``WarcFailureItem``:
the same records plus a ``warc`` field locating the archived original (other
spiders' records keep their schema, without that field).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any


def now_iso() -> str:
    """UTC timestamp in ISO 8601 with seconds, e.g. ``2026-05-14T09:30:00+00:00``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(kw_only=True)
class PageItem:
    """A fetched HTML page awaiting cleaning (never exported)."""

    url: str
    source: str
    status: int
    body: bytes
    encoding: str | None = None
    fetched_at: str = field(default_factory=now_iso)
    etag: str | None = None
    last_modified: str | None = None
    warc: dict[str, Any] | None = None  # set by the warc spider: see WarcArticleItem


@dataclass(kw_only=True)
class ArticleItem:
    """A cleaned and scored article.

    ``text``: paragraphs joined by ``"\\n"``, no title; ``removed``: list of
    ``{"kind", "rule", "text", "locator"}``; ``scores``: ``{"score": 0..1,
    ...features, "evidence": [{"kind", "start", "end", "text"}]}`` with offsets
    into ``text``; ``content_hash``: sha1 hex of the normalised ``text``;
    ``published``: ISO date or None; ``fetched_at``: ISO 8601 UTC.
    """

    type: str = "article"
    url: str
    source: str
    title: str | None
    authors: list[str]
    published: str | None
    language: str | None
    text: str
    removed: list[dict[str, Any]]
    scores: dict[str, Any]
    content_hash: str
    fetched_at: str
    status: int


@dataclass(kw_only=True)
class FailureItem:
    """A URL that did not yield an article, with a short stable ``reason``
    (``http_404``, ``timeout``, ``not_html``, ``no_article_text``, ...)."""

    type: str = "failure"
    url: str
    source: str
    reason: str
    status: int | None = None
    detail: str = ""
    fetched_at: str = field(default_factory=now_iso)


@dataclass(kw_only=True)
class WarcArticleItem(ArticleItem):
    """An article read from a web archive. ``warc``: ``{"file": path or URL of
    the archive, "offset": bytes from its start to the record (compressed
    offset for .gz), "record_id": WARC-Record-ID}``; ``fetched_at`` is the
    record's WARC-Date."""

    warc: dict[str, Any]


@dataclass(kw_only=True)
class WarcFailureItem(FailureItem):
    """A failure about a web archive or one of its records, ``warc`` as in
    :class:`WarcArticleItem` (for ``bad_warc``: the offset where reading stopped)."""

    warc: dict[str, Any]
