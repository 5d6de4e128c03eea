"""Features of the attribution model, shared by training and inference.

``tools/train_attribution.py`` fits weights over exactly these feature
strings and ``scraper.scoring.model`` scores with them, so the two can never
drift apart. Everything is plain strings over lower-cased tokens: cheap to
build in pure Python, and the shipped file holds only feature names and
weights (vocabulary, never passages of text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Token", "cue_features", "sentence_features", "tokenize"]

_TOKEN_RX = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
_QUOTE_MARKS = frozenset("\"“”‘’'")


class Token(NamedTuple):
    """``text[start:end]`` of the sentence's article; ``low`` its lower case.
    A named tuple: an article has thousands, and they are built on the hot path."""

    start: int
    end: int
    low: str
    cap: bool


def tokenize(text: str, start: int, end: int) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into ``text``."""
    out = []
    for m in _TOKEN_RX.finditer(text, start, end):
        w = m.group()
        out.append(Token(m.start(), m.end(), w.lower(), w[0].isupper()))
    return out


def sentence_features(tokens: Sequence[Token]) -> list[str]:
    """Bag of unigrams and bigrams plus a few shape flags of one sentence."""
    lows = [t.low for t in tokens]
    feats = ["bias"]
    feats.extend("u:" + w for w in lows)
    feats.extend("b:" + a + "|" + b for a, b in zip(lows, lows[1:]))
    if any(w in _QUOTE_MARKS for w in lows):
        feats.append("has_quote")
    if lows and lows[-1] == "?":
        feats.append("question")
    return feats


def cue_features(tokens: Sequence[Token], i: int, in_quote: bool) -> list[str]:
    """Context of candidate cue token ``i``: itself, two words either side,
    capitalisation of its neighbours, and whether it sits inside a quotation."""
    n = len(tokens)
    w = tokens[i].low
    p1 = tokens[i - 1].low if i > 0 else "<s>"
    p2 = tokens[i - 2].low if i > 1 else "<s>"
    n1 = tokens[i + 1].low if i + 1 < n else "</s>"
    n2 = tokens[i + 2].low if i + 2 < n else "</s>"
    feats = ["bias", "w:" + w, "p1:" + p1, "n1:" + n1, "p2:" + p2, "n2:" + n2,
             "wp:" + p1 + "|" + w, "wn:" + w + "|" + n1]
    if i > 0 and tokens[i - 1].cap:
        feats.append("pcap")
    if i + 1 < n and tokens[i + 1].cap:
        feats.append("ncap")
    if i == 0:
        feats.append("first")
    if in_quote:
        feats.append("inq")
        feats.append("inq:" + w)
    return feats
