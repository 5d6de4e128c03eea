"""Sentences and quotations of an article, with offsets into its text.

Quotations are found first, over the whole text, so that a sentence break is
never placed inside one and a quotation left open at the end of a paragraph
can be continued by the next paragraph (newspaper convention: the next
paragraph opens with a quote mark again).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.scoring.rules import TITLE_CUE_RX

__all__ = ["Quote", "Sentence", "find_quotes", "split_sentences"]

# A speech quotation has at least this many words, or at least
# SPEECH_MIN_WORDS_PUNCT words and ends with . , ! ? (shorter ones are scare
# quotes: the militants' "sabotage" groups).
SPEECH_MIN_WORDS = 4
SPEECH_MIN_WORDS_PUNCT = 3


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation ``text[start:end]`` including its marks; ``speech`` is
    False for scare quotes and titles; ``continues`` is the index of the quote
    it continues across a paragraph break (or -1)."""

    start: int
    end: int
    speech: bool
    continues: int = -1


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int


_PARA_RX = re.compile(r"[^\n]+")
_DOUBLE_RX = re.compile(r"[\"“”]")
# A single-quoted quotation opening after a non-word character. The quote
# mark comes first and the "no word character before it" test after it, so
# that the regex engine can skip ahead to the next quote mark instead of
# trying every position (the same matches as ``(?<!\w)['‘]...``).
_SINGLE_RX = re.compile(r"['‘](?<![\w]['‘])(?=[A-Z])[^\n]{1,400}?[.,!?]['’](?![\w])")
_WORD_RX = re.compile(r"[\w’'-]+")
_END_PUNCT_RX = re.compile(r"[.,!?…]\W*$")
_ABBREV = frozenset(
    "mr mrs ms dr prof gen col lt sgt st jr sr gov sen rep capt maj adm cpl no vs etc inc ltd co corp "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n a.m p.m".split()
)
_BOUNDARY_RX = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def _is_speech(text: str, qstart: int, qend: int) -> bool:
    inner = text[qstart + 1 : qend - 1] if qend - qstart >= 2 else ""
    words = _WORD_RX.findall(inner)
    if TITLE_CUE_RX.search(text, max(0, qstart - 30), qstart):
        return False
    ends = bool(_END_PUNCT_RX.search(inner))
    if not ends and words and sum(w[0].isupper() for w in words) >= 0.6 * len(words) and len(words) <= 8:
        return False  # Title Case without punctuation: a title
    return len(words) >= SPEECH_MIN_WORDS or (ends and len(words) >= SPEECH_MIN_WORDS_PUNCT)


def find_quotes(text: str) -> list[Quote]:
    """Quotations in ``text`` (straight and curly, double and single)."""
    spans: list[tuple[int, int, bool]] = []  # start, end, left open at paragraph end
    for para in _PARA_RX.finditer(text):
        open_at = -1
        for m in _DOUBLE_RX.finditer(text, para.start(), para.end()):
            ch, pos = m.group(), m.start()
            if open_at < 0:
                if ch == "”":
                    continue  # stray closer
                open_at = pos
            elif ch == "“" and text[open_at] == "“":
                open_at = pos  # unbalanced opener: restart
            else:
                spans.append((open_at, pos + 1, False))
                open_at = -1
        if open_at >= 0:
            spans.append((open_at, para.end(), True))
        for m in _SINGLE_RX.finditer(text, para.start(), para.end()):
            spans.append((m.start(), m.end(), False))
    spans.sort()
    quotes: list[Quote] = []
    for i, (start, end, left_open) in enumerate(spans):
        cont = -1
        if i and spans[i - 1][2]:
            prev_end = spans[i - 1][1]
            if text[prev_end:start].strip() == "":
                cont = i - 1
        speech = _is_speech(text, start, end) or cont >= 0 or left_open
        quotes.append(Quote(start, end, speech, cont))
    return quotes


def _inside(pos: int, quotes: list[Quote]) -> bool:
    return any(q.start < pos < q.end - 1 for q in quotes)


def split_sentences(text: str, quotes: list[Quote]) -> list[Sentence]:
    """Sentences (never split inside a quotation), in order, stripped."""
    out: list[Sentence] = []
    qi = 0
    nq = len(quotes)
    for pno, para in enumerate(_PARA_RX.finditer(text)):
        p0, p1 = para.span()
        cuts = [p0]
        for m in _BOUNDARY_RX.finditer(text, p0, p1):
            at, end = m.span()
            while qi < nq and quotes[qi].end <= at:
                qi += 1
            if qi < nq and quotes[qi].start < at and end < quotes[qi].end:
                continue
            if text[at] == ".":  # a full stop may end an abbreviation or an initial instead
                word = text[max(p0, at - 5) : at].split()
                last = word[-1].lower().lstrip("(\"“") if word else ""
                if last in _ABBREV or (len(last) == 1 and last.isalpha()):
                    continue
            cuts.append(end)
        cuts.append(p1)
        for a, b in zip(cuts, cuts[1:]):
            seg = text[a:b]
            lead = len(seg) - len(seg.lstrip())
            trail = len(seg.rstrip())
            if trail > lead:
                out.append(Sentence(a + lead, a + trail, pno))
    return out
