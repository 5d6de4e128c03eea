"""Title, byline, dateline and caption blocks: page furniture, not article text.

Extractors often keep the headline, the "By ..." line, the publication date and
photo credits as paragraphs. They count against precision and duplicate the
metadata fields, so each one found is dropped and recorded as a Removal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from cleaners.document import Block, Removal

__all__ = ["HeaderOptions", "strip_header", "byline_names", "dateline_date", "is_byline", "is_furniture"]

_WORD = re.compile(r"[^\W_]+")
_BYLINE = re.compile(r"^(?:(?:written|posted|reported|story|words)\s+)?by[:\s]\s*(?P<names>.+)$",
                     re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\b"
    r"|\b(?:published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet"
    r"|est|edt|cst|cdt|pst|pdt|et|pt|ist|aest|date|time|ago|hours?|minutes?|mins?)\b"
    r"|\d+(?:st|nd|rd|th)?",
    re.IGNORECASE,
)
_HAS_DIGIT = re.compile(r"\d")
_CREDIT = re.compile(
    r"^(?:\(?(?:photo|photograph|image|picture|video|graphic|illustration|file photo)s?"
    r"(?:\s+credit)?\s*(?::|by|courtesy)\s*.+)"
    # An agency name ends a credit only after a credit separator ("Jo Ng/EPA",
    # "(Reuters)", "Photo: AFP"): "Trump signs order to weaken the EPA" is a subhead.
    r"|.*(?:[/|©(]|:\s|\bvia\s|\bcredits?\s)\s*(?:[\w .'&-]{0,40}[/,]\s*)?"
    r"(?:getty images|ap photo|afp|reuters|shutterstock|epa)(?:[-/ ](?:efe|pool|afp|getty images))*\)?\s*$",
    re.IGNORECASE,
)
_BIO_VERB = re.compile(r"^\s*(?:is|was|has|covers|writes|reports|can be reached|joined)\b",
                       re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class HeaderOptions:
    """Limits for what counts as a header line (sizes in words or blocks)."""

    head_blocks: int = 6         # title/byline/dateline are searched this far from the top
    tail_blocks: int = 3         # author bios are searched this far from the end
    byline_max_words: int = 12
    dateline_max_words: int = 12
    dateline_max_other: int = 1  # non-date words a dateline may hold
    credit_max_words: int = 14
    title_min_overlap: float = 0.8
    header_gap: int = 3          # header lines may be this many blocks apart
    chrome_max_words: int = 6    # lines above the headline this short are page chrome


_DEFAULT_OPTIONS = HeaderOptions()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def headline_words(text: str) -> list[str]:
    """A headline as :func:`repeats_headline` compares it: its words, casefolded."""
    return _words(text)


def repeats_headline(text: str, titles: Sequence[list[str]], near_top: bool = False,
                     min_overlap: float | None = None) -> bool:
    """Does ``text`` repeat one of ``titles`` (:func:`headline_words` each)? The
    same words, or, ``near_top``, nearly the same (``min_overlap`` of them,
    default :attr:`HeaderOptions.title_min_overlap`).
    The one test for it: the header strip and the ``duplicate.title`` rule."""
    overlap = _DEFAULT_OPTIONS.title_min_overlap if min_overlap is None else min_overlap
    words = _words(text)
    if not words:
        return False
    for title in titles:
        if words == title:
            return True
        if near_top and len(words) >= 3 and len(words) <= len(title) + 2:
            common = len(set(words) & set(title))
            if common >= overlap * max(len(set(words)), len(set(title))):
                return True
    return False


def _is_byline(text: str, authors: Sequence[str], opts: HeaderOptions) -> bool:
    words = text.split()
    if not words or len(words) > opts.byline_max_words:
        return False
    match = _BYLINE.match(text)
    if match:
        names = [w for w in match.group("names").split() if _WORD.search(w)]
        capital = sum(1 for w in names if w[:1].isupper())
        return bool(names) and capital >= 0.6 * len(names)
    folded = text.casefold()
    return any(a.casefold() in folded for a in authors if len(a) > 3) and len(words) <= 6


def _is_dateline(text: str, opts: HeaderOptions) -> bool:
    words = _words(text)
    if not words or len(words) > opts.dateline_max_words or not _HAS_DIGIT.search(text):
        return False
    rest = _words(_DATE_WORDS.sub(" ", text))
    return len(rest) <= opts.dateline_max_other


def _is_bio(text: str, authors: Sequence[str]) -> bool:
    return any(text.startswith(a) and _BIO_VERB.match(text[len(a):]) for a in authors if a)


def _classify(index: int, count: int, block: Block, titles: Sequence[list[str]],
              authors: Sequence[str], captions: frozenset[str],
              opts: HeaderOptions) -> tuple[str, str] | None:
    text = block.text
    if not _WORD.search(text):
        return ("separator", "separator.no_words")
    near_top = index < opts.head_blocks
    if repeats_headline(text, titles, near_top, opts.title_min_overlap):
        return ("duplicate", "duplicate.title")
    if block.kind == "caption" or " ".join(text.split()) in captions:
        return ("caption", "caption.figure")
    if len(text.split()) <= opts.credit_max_words and _CREDIT.match(text):
        return ("caption", "caption.credit")
    if near_top and _is_byline(text, authors, opts):
        return ("byline", "byline.author")
    if near_top and _is_dateline(text, opts):
        return ("dateline", "dateline.date")
    if index >= count - opts.tail_blocks and _is_bio(text, authors):
        return ("byline", "byline.author_bio")
    return None


def strip_header(
    blocks: Sequence[Block], title: str | None, authors: Sequence[str], opts: HeaderOptions,
    extra_titles: Sequence[str] = (), captions: frozenset[str] = frozenset(),
) -> tuple[list[Block], list[Removal]]:
    """Blocks without title, byline, dateline and caption lines, plus one Removal each.

    ``captions``: whitespace-normalised texts of the page's figure captions.
    """
    titles = [w for w in (headline_words(t) for t in (title, *extra_titles) if t) if w]
    kept: list[Block] = []
    removed: list[Removal] = []
    window = opts.head_blocks
    widened = opts  # opts with head_blocks=window (rebuilt only when the window grows)
    for index, block in enumerate(blocks):
        if widened.head_blocks != window:
            widened = replace(opts, head_blocks=window)
        verdict = _classify(index, len(blocks), block, titles, authors, captions, widened)
        if verdict is None:
            kept.append(block)
            continue
        removed.append(Removal(verdict[0], verdict[1], block.text, block.locator))
        if verdict[1] == "duplicate.title" and index < opts.head_blocks:
            # Short lines above the headline are navigation or kickers, not article.
            chrome = [b for b in kept if len(b.text.split()) <= opts.chrome_max_words]
            if len(chrome) == len(kept):
                removed[-1:-1] = [Removal("navigation", "header.before_title", b.text, b.locator)
                                  for b in kept]
                kept.clear()
        if verdict[0] in ("duplicate", "byline", "dateline"):
            # Header lines come together: look a little further below each one.
            window = max(window, index + 1 + opts.header_gap)
    return kept, removed


def is_byline(text: str) -> bool:
    """A "By ..." line naming people (capitalised names)."""
    return _is_byline(text, (), HeaderOptions())


def is_furniture(text: str) -> bool:
    """A byline, a dateline or a photo credit: never a headline."""
    opts = HeaderOptions()
    return (_is_byline(text, (), opts) or _is_dateline(text, opts)
            or (len(text.split()) <= opts.credit_max_words and _CREDIT.match(text) is not None))


_NAME = re.compile(r"^(?:[A-Z][\w.'-]*\s+){1,3}[A-Z][\w.'-]*$")
_NAME_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\|)\s*")


def byline_names(text: str) -> tuple[str, ...]:
    """Person names of a "By A, B and C" line: 2 to 4 capitalised words each."""
    match = _BYLINE.match(text.strip())
    names_part = match.group("names") if match else text
    return tuple(n for n in _NAME_SPLIT.split(names_part.strip(" .")) if _NAME.match(n))


_MONTHS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_MONTH_FIRST = re.compile(r"\b([A-Za-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3})[a-z]*\.?,?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dateline_date(text: str) -> str | None:
    """ISO date written in a dateline ("Posted: Jan 15, 2008"), or None."""
    parts: tuple[str, str, str] | None = None
    if match := _ISO.search(text):
        parts = (match.group(1), match.group(2), match.group(3))
    elif (match := _MONTH_FIRST.search(text)) and match.group(1).lower() in _MONTHS:
        parts = (match.group(3), str(_MONTHS[match.group(1).lower()]), match.group(2))
    elif (match := _DAY_FIRST.search(text)) and match.group(2).lower() in _MONTHS:
        parts = (match.group(3), str(_MONTHS[match.group(2).lower()]), match.group(1))
    if parts is None:
        return None
    year, month, day = (int(p) for p in parts)
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1990 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
