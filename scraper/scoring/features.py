"""Features of the attribution model, shared by training and inference.

``tools/train_attribution.py`` fits weights over exactly these feature
strings and ``scraper.scoring.model`` scores with them, so the two can never
drift apart. Everything is plain strings over lower-cased tokens: cheap to
build in pure Python, and the shipped file holds only feature names and
weights (vocabulary, never passages of text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter

__all__ = ["Tokens", "cue_features", "sentence_features", "tokenize"]

_TOKEN_RX = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
_QUOTE_MARKS = frozenset("\"“”‘’'")


@dataclass(frozen=True, slots=True)
class Tokens:
    """The tokens of one sentence as columns (an article has thousands of
    tokens, built on the hot path): token ``i`` is ``text[starts[i]:ends[i]]``,
    ``lows[i]`` its lower case, ``caps[i]`` whether it starts with a capital."""

    starts: list[int]
    ends: list[int]
    lows: list[str]
    caps: list[bool]

    def __len__(self) -> int:
        return len(self.lows)


_START = re.Match.start
_END = re.Match.end
_GROUP = re.Match.group
_FIRST = itemgetter(0)


def tokenize(text: str, start: int, end: int) -> Tokens:
    """Tokens of ``text[start:end]`` with offsets into ``text``. Built with
    ``map`` over C methods (no Python loop per token: this runs on every
    sentence of every article)."""
    ms = list(_TOKEN_RX.finditer(text, start, end))
    words = list(map(_GROUP, ms))
    return Tokens(list(map(_START, ms)), list(map(_END, ms)), list(map(str.lower, words)),
                  list(map(str.isupper, map(_FIRST, words))))


def sentence_features(lows: list[str]) -> list[str]:
    """Bag of unigrams and bigrams plus a few shape flags of one sentence."""
    feats = ["bias"]
    feats += ["u:" + w for w in lows]
    feats += ["b:" + a + "|" + b for a, b in zip(lows, lows[1:])]
    if not _QUOTE_MARKS.isdisjoint(lows):
        feats.append("has_quote")
    if lows and lows[-1] == "?":
        feats.append("question")
    return feats


def cue_features(tokens: Tokens, i: int, in_quote: bool) -> list[str]:
    """Context of candidate cue token ``i``: itself, two words either side,
    capitalisation of its neighbours, and whether it sits inside a quotation."""
    lows, caps = tokens.lows, tokens.caps
    n = len(lows)
    w = lows[i]
    p1 = lows[i - 1] if i > 0 else "<s>"
    p2 = lows[i - 2] if i > 1 else "<s>"
    n1 = lows[i + 1] if i + 1 < n else "</s>"
    n2 = lows[i + 2] if i + 2 < n else "</s>"
    feats = ["bias", "w:" + w, "p1:" + p1, "n1:" + n1, "p2:" + p2, "n2:" + n2,
             "wp:" + p1 + "|" + w, "wn:" + w + "|" + n1]
    if i > 0 and caps[i - 1]:
        feats.append("pcap")
    if i + 1 < n and caps[i + 1]:
        feats.append("ncap")
    if i == 0:
        feats.append("first")
    if in_quote:
        feats.append("inq")
        feats.append("inq:" + w)
    return feats
