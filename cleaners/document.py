"""Plain data types that flow through the cleaning stage.

All offsets and texts refer to the *cleaned* article text unless a field's
docstring says otherwise. Every type is a frozen dataclass so it can cross a
process boundary (pickling) and be turned into JSON with :meth:`to_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Block", "Removal", "CleanDocument", "CleanOptions"]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of extracted text, usually a paragraph.

    ``kind`` is the structural role: ``"p"`` (paragraph), ``"h"`` (sub-heading),
    ``"li"`` (list item), ``"quote"`` (block quote), ``"caption"``, ``"pre"``.
    ``locator`` is a ``tag#id.class`` path to the node it came from, or None for
    plain-text input. ``score``: the block model's probability (0..1) that the
    block is article body, when the model has read it (:mod:`cleaners.model.blocks`).
    """

    text: str
    kind: str = "p"
    locator: str | None = None
    score: float | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text the cleaner took out, and why.

    ``kind`` is the cruft family (``widget``, ``breadcrumb``, ``related``, ...),
    ``rule`` the stable name of the rule row that fired (the same name shows in
    crawl stats as ``cleaner/removed/<rule>``), ``text`` what was removed (as it
    was, trimmed) and ``locator`` where it was (``tag#id.class`` path or
    ``line N`` for plain text), when known.
    """

    kind: str
    rule: str
    text: str
    locator: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class CleanDocument:
    """The article as the cleaning stage keeps it.

    ``text``: paragraphs of the article body joined by ``"\\n"``, without the
    title, byline or date; empty when the page holds no article.
    ``published``: ISO 8601 date (``YYYY-MM-DD``) or None.
    ``language``: ISO 639-1 code or None when undecidable.
    ``removed``: every removal, in document order.
    ``rejection``: None for an article; otherwise a short stable reason such as
    ``no_article_text`` (an expected outcome, not an error).
    ``notes``: things the cleaner chose *not* to do, one short line each, e.g.
    ``tail_valve related.most_popular at line 12`` when a tail cut would have
    removed most of the article and was skipped (the safety valve fired).
    """

    text: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    removed: tuple[Removal, ...] = ()
    rejection: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n") if self.text else []

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "removed": [r.to_dict() for r in self.removed],
            "rejection": self.rejection,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """Named thresholds for cleaning, in one place (cf. trafilatura settings.cfg).

    ``template``: lines learned as boilerplate for this page's source (see
    :mod:`cleaners.rules.templates`); removed wherever they occur as a whole block.
    ``max_tail_share``: a tail cut (end-of-article marker and all after it)
    is skipped when it would remove more than this share of the text.
    ``max_teaser_blocks``: headline-like blocks taken after a teaser marker.
    ``cruft_rules``: apply the rule tables (off only when the safety valve
    restores a page). ``min_kept_share``: the rules may leave no less than this
    share of the text both extractors agreed on, or the valve restores it
    (:mod:`cleaners.valve`). ``block_model``: score blocks with the learned
    line/block model (:mod:`cleaners.model.blocks`).
    """

    min_text_chars: int = 120
    detect_language: bool = True
    remove_foreign: bool = True
    template: frozenset[str] = field(default_factory=frozenset)
    max_tail_share: float = 0.5
    max_teaser_blocks: int = 5
    cruft_rules: bool = True
    min_kept_share: float = 0.5
    block_model: bool = True
