"""Plain data types that flow through the cleaning stage.

All offsets and texts refer to the *cleaned* article text unless a field's
docstring says otherwise. Every type is a frozen dataclass so it can cross a
process boundary (pickling) and be turned into JSON with :meth:`to_dict`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = ["Block", "Removal", "CleanDocument", "CleanOptions", "ForeignOptions", "HeadlineOptions", "RuleOptions"]


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
class RuleOptions:
    """Thresholds of the cruft rules' engine (:mod:`cleaners.rules.engine`)."""

    header_scan: int = 15           # header cruft is looked for among this many first blocks
    gate_score: float = 0.5         # block model body probability at which no marker rule may take a block (HTML)
    prose_min_chars: int = 80       # a body paragraph is at least this long ...
    prose_min_words: int = 12       # ... has at least this many words (and ends like a sentence)
    heading_body_score: float = 0.5  # body probability the paragraph under an end marker needs for it to stay
    thread_signatures: int = 2      # comment signatures under a comments marker that prove a comment thread
    thread_reach: int = 6           # ... the first of them at most this many blocks below the marker


@dataclass(frozen=True, slots=True)
class ForeignOptions:
    """Thresholds for untranslated fragments (:mod:`cleaners.rules.untranslated`)."""

    foreign_share: float = 0.3      # foreign: under this share of its letters in the article's script
    article_script_share: float = 0.6  # the article's script must hold more than this share of its letters
    min_block_letters: int = 12     # a whole block is foreign from this many letters on
    min_run_words: int = 4          # a run of this many foreign-script words is cut out of a block
    min_language_words: int = 8     # a paragraph this long may be read as in another language
    langdetect_min_prob: float = 0.95  # langdetect's probability that confirms the other language
    min_distinct_stopwords: int = 3  # distinct stopwords of the other language a paragraph needs


@dataclass(frozen=True, slots=True)
class HeadlineOptions:
    """Plain-text mode: what reads as the headline line (:mod:`cleaners.text.plaintext`)."""

    max_chars: int = 200            # a headline is at most this long
    reach: int = 12                 # looked for this many lines above the article's first body line
    min_words: int = 3              # a headline above the body has at least this many words ...
    max_words: int = 25             # ... and at most this many


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
    line/block model (:mod:`cleaners.model.blocks`). The nested ``rules``,
    ``foreign`` and ``headline`` hold the thresholds of those stages.
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
    max_rounds: int = 8             # rules, model cut and untranslated repeat at most this often (cleaners.pipeline)
    widen_min_score: float = 0.1    # text mode: prose above the model's span joins it down to this body probability
    widen_min_words: int = 6        # ... when it has at least this many words
    language_sample_chars: int = 2000  # the article's language is read from this many first characters
    rules: RuleOptions = field(default_factory=RuleOptions)
    foreign: ForeignOptions = field(default_factory=ForeignOptions)
    headline: HeadlineOptions = field(default_factory=HeadlineOptions)
