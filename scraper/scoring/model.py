"""The learned attribution model: which sentences report what someone said,
thought or wrote, and which words are the cue ("said", "according to").

Two sparse logistic regressions over :mod:`scraper.scoring.features`,
trained by ``tools/train_attribution.py`` on PolNeAR and shipped as
``data/attribution.json.gz`` (feature name -> weight, and the cue
vocabulary). Loaded once, on first use; inference is dictionary look-ups
and a sigmoid, in pure Python.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Callable
from itertools import compress, repeat
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from scraper.scoring import lexicons as lx
from scraper.scoring.features import Tokens

__all__ = ["AttributionModel", "Cue", "load_model", "satellite"]

MODEL_FILE = "attribution.json.gz"


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue ``text[start:end]`` found with probability ``p``."""

    start: int
    end: int
    p: float


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))


@dataclass(frozen=True, slots=True)
class AttributionModel:
    """Weights of both classifiers and their decision thresholds."""

    sentence_weights: dict[str, float]
    cue_weights: dict[str, float]
    cue_vocab: frozenset[str]
    sentence_threshold: float
    cue_threshold: float
    mix: float  # weight of the sentence logit against the best cue logit
    cue_floor: float = 0.0  # a positive sentence needs one cue at least this likely
    common_words: frozenset[str] = frozenset()  # written lower-case in news: no name on their own
    dev: dict[str, tuple[float, ...]] = field(default_factory=dict)  # P, R, F1 on PolNeAR dev
    sentence_uni: dict[str, float] = field(default_factory=dict)  # the unigram weights by word
    sentence_bi: dict[tuple[str, str], float] = field(default_factory=dict)  # bigram weights by (first, second)

    cue_slots: dict[str, dict[str, float]] = field(default_factory=dict)  # cue weights by feature prefix
    cue_flags: dict[str, float] = field(default_factory=dict)  # weight of each flag slot ("bias", "pcap", ...)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttributionModel:
        sentence = {str(k): float(v) for k, v in data["sentence"].items()}
        cue = {str(k): float(v) for k, v in data["cue"].items()}
        slots = {p: _by_prefix(cue, p + ":") for p in _CUE_SLOTS}
        return cls(
            sentence_weights=sentence,
            sentence_uni=_by_prefix(sentence, "u:"),
            sentence_bi=_by_pair(_by_prefix(sentence, "b:")),
            cue_weights=cue,
            cue_slots=slots,
            cue_flags={p: slots[p].get("", 0.0) for p in _CUE_FLAGS},
            cue_vocab=frozenset(data["cue_vocab"]),
            sentence_threshold=float(data["sentence_threshold"]),
            cue_threshold=float(data["cue_threshold"]),
            mix=float(data["mix"]),
            cue_floor=float(data.get("cue_floor", 0.0)),
            common_words=frozenset(data.get("common_words", ())),
            dev={str(k): tuple(float(x) for x in v) for k, v in data.get("dev", {}).items()},
        )

    def sentence_logit(self, tokens: Tokens) -> float:
        """The sum of the weights of :func:`sentence_features`, read from
        per-prefix tables with ``map`` (no Python loop per token: this runs
        on every sentence); bigrams are looked up as ``zip`` pairs, without
        building the ``"first|second"`` string of each."""
        uni, bi = self.sentence_uni, self.sentence_bi
        lows = tokens.lows
        n = len(lows)
        z = self.sentence_weights.get("bias", 0.0) + sum(map(uni.get, lows, repeat(0.0, n)))
        if n > 1:
            z += sum(map(bi.get, zip(lows, lows[1:]), repeat(0.0, n - 1)))
        if not _QUOTE_MARKS.isdisjoint(lows):
            z += self.sentence_weights.get("has_quote", 0.0)
        if lows and lows[-1] == "?":
            z += self.sentence_weights.get("question", 0.0)
        return z

    def cue_logit(self, tokens: Tokens, i: int, in_quote: bool) -> float:
        """The sum of the weights of :func:`cue_features` of token ``i``, read
        slot by slot (the same features, without building their strings)."""
        lows = tokens.lows
        n = len(lows)
        t = self.cue_slots
        flag = self.cue_flags
        w = lows[i]
        p1 = lows[i - 1] if i > 0 else "<s>"
        n1 = lows[i + 1] if i + 1 < n else "</s>"
        z = (flag["bias"] + t["w"].get(w, 0.0) + t["p1"].get(p1, 0.0) + t["n1"].get(n1, 0.0)
             + t["p2"].get(lows[i - 2] if i > 1 else "<s>", 0.0) + t["n2"].get(lows[i + 2] if i + 2 < n else "</s>", 0.0)
             + t["wp"].get(p1 + "|" + w, 0.0) + t["wn"].get(w + "|" + n1, 0.0))
        if i > 0 and tokens.cap(i - 1):
            z += flag["pcap"]
        if i + 1 < n and tokens.cap(i + 1):
            z += flag["ncap"]
        if i == 0:
            z += flag["first"]
        if in_quote:
            z += flag["inq"] + t["inq"].get(w, 0.0)
        return z

    def cue_logits(self, tokens: Tokens, in_quote: Callable[[int], bool]) -> list[tuple[int, float]]:
        """``(token index, logit)`` of every candidate cue token (found with
        ``compress``: no Python loop over the other tokens)."""
        lows = tokens.lows
        return [(i, self.cue_logit(tokens, i, in_quote(tokens.start(i))))
                for i in compress(range(len(lows)), map(self.cue_vocab.__contains__, lows))]

    def decide(self, tokens: Tokens, in_quote: Callable[[int], bool]) -> tuple[float, list[Cue]]:
        """Probability that the sentence holds an attribution, and its cues
        (empty when it holds none). A positive sentence always has at least
        one cue: the most likely candidate when none passes the threshold."""
        cands = self.cue_logits(tokens, in_quote)
        if not cands:
            return 0.0, []
        best = max(z for _, z in cands)
        z = self.mix * self.sentence_logit(tokens) + (1.0 - self.mix) * best
        p = _sigmoid(z)
        if p < self.sentence_threshold:
            return p, []
        lows = tokens.lows
        picked = [i for i, zi in cands if _sigmoid(zi) >= self.cue_threshold]
        if not picked:
            i, zi = max(cands, key=lambda c: c[1])
            if _sigmoid(zi) < self.cue_floor:
                return p, []  # no word of the sentence looks like a cue
            picked = [i]
        probs = dict(cands)
        groups: list[list[int]] = []  # runs of adjacent picked tokens: one cue each
        for i in picked:
            if groups and groups[-1][-1] == i - 1:
                groups[-1].append(i)
            else:
                groups.append([i])
        cues: list[Cue] = []
        for group in groups:
            if all(satellite(lows[i]) for i in group):
                # "also", "about" alone: a cue only with the word they extend ("talked about")
                nxt, prev = group[-1] + 1, group[0] - 1
                if nxt in probs and not satellite(lows[nxt]):
                    group = group + [nxt]
                elif prev in probs and not satellite(lows[prev]):
                    group = [prev] + group
                else:
                    continue
            a, b = tokens.start(group[0]), tokens.end(group[-1])
            last = group[-1]
            if lows[last] == "according" and last + 1 < len(lows) and lows[last + 1] == "to":
                b = tokens.end(last + 1)
            cues.append(Cue(a, b, max(_sigmoid(probs[i]) for i in group)))
        return p, cues


def satellite(word: str) -> bool:
    """Does ``word`` only ever extend a cue (``lexicons.CUE_SATELLITES``, an
    adverb in -ly) rather than stand for one?"""
    return word in lx.CUE_SATELLITES or (len(word) > 5 and word.endswith("ly")
                                         and word not in lx.STANDALONE_ADVERB_CUES)


_QUOTE_MARKS = frozenset("\"“”‘’'")


#: Feature prefixes of :func:`cue_features` ("bias" and the flags are
#: stored under the key "" of their slot; "inq:w" under the word).
_CUE_SLOTS = ("bias", "w", "p1", "n1", "p2", "n2", "wp", "wn", "pcap", "ncap", "first", "inq")
_CUE_FLAGS = ("bias", "pcap", "ncap", "first", "inq")  # the slots with a weight of their own (key "")


def _by_prefix(weights: dict[str, float], prefix: str) -> dict[str, float]:
    """The weights whose name starts with ``prefix`` (or equals it without
    the colon), keyed by the rest of the name."""
    bare = prefix.rstrip(":")
    out = {f[len(prefix):]: w for f, w in weights.items() if f.startswith(prefix)}
    if bare in weights:
        out[""] = weights[bare]
    return out


def _by_pair(weights: dict[str, float]) -> dict[tuple[str, str], float]:
    """Bigram weights keyed ``(first, second)`` instead of ``"first|second"``:
    each name under every split at a ``|`` (a token may itself be ``|``), so
    ``(a, b)`` finds the weight of ``a + "|" + b`` exactly, whichever split
    it is."""
    return {(name[:i], name[i + 1 :]): w for name, w in weights.items()
            for i, ch in enumerate(name) if ch == "|"}


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The shipped model, read on first use."""
    raw = resources.files("scraper.scoring").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    return AttributionModel.from_dict(json.loads(gzip.decompress(raw)))
