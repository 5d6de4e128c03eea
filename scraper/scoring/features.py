"""Features of the attribution model, shared by training and inference.

``tools/train_attribution.py`` fits weights over exactly these feature
strings and ``scraper.scoring.model`` scores with them, so the two can never
drift apart. Everything is plain strings over lower-cased tokens: cheap to
build in pure Python, and the shipped file holds only feature names and
weights (vocabulary, never passages of text).
"""

from __future__ import annotations

import re
from operator import itemgetter

__all__ = ["Tokens", "cue_features", "sentence_features", "tokenize"]

_TOKEN_RX = re.compile(r"\w+(?:[’'.-]\w+)*|[^\w\s]")
_QUOTE_MARKS = frozenset("\"“”‘’'")


_START = re.Match.start
_END = re.Match.end
_GROUP = re.Match.group
_FIRST = itemgetter(0)


class Tokens:
    """The tokens of one sentence (an article has thousands of tokens,
    built on the hot path): token ``i`` is ``text[start(i):end(i)]``,
    ``lows[i]`` its lower case, ``cap(i)`` whether it starts with a capital.

    Only ``lows`` is built for every token (every token is looked up by
    it); offsets and capitals are read from the token's match for the few
    tokens that need them (cue candidates and their neighbours), or as whole
    columns ``starts``, ``ends`` and ``caps``, built on first use."""

    __slots__ = ("_matches", "lows", "_starts", "_ends", "_caps")

    def __init__(self, matches: list[re.Match[str]]) -> None:
        self._matches = matches
        self.lows: list[str] = list(map(str.lower, map(_GROUP, matches)))
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        self._caps: list[bool] | None = None

    def __len__(self) -> int:
        return len(self.lows)

    def start(self, i: int) -> int:
        return self._matches[i].start()

    def end(self, i: int) -> int:
        return self._matches[i].end()

    def cap(self, i: int) -> bool:
        return self._matches[i].group()[0].isupper()

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = list(map(_START, self._matches))
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            self._ends = list(map(_END, self._matches))
        return self._ends

    @property
    def caps(self) -> list[bool]:
        if self._caps is None:
            self._caps = list(map(str.isupper, map(_FIRST, map(_GROUP, self._matches))))
        return self._caps


def tokenize(text: str, start: int, end: int) -> Tokens:
    """Tokens of ``text[start:end]`` with offsets into ``text`` (built with
    ``map`` over C methods: no Python loop per token)."""
    return Tokens(list(_TOKEN_RX.finditer(text, start, end)))


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
