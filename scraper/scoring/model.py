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
from itertools import repeat
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from scraper.scoring.features import Tokens, cue_features

__all__ = ["AttributionModel", "Cue", "load_model"]

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
    sentence_bi: dict[str, dict[str, float]] = field(default_factory=dict)  # bigram weights by word pair

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttributionModel:
        sentence = {str(k): float(v) for k, v in data["sentence"].items()}
        uni, bi = _split_weights(sentence)
        return cls(
            sentence_weights=sentence,
            sentence_uni=uni,
            sentence_bi=bi,
            cue_weights={str(k): float(v) for k, v in data["cue"].items()},
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
        per-word tables (no feature strings built: this runs on every sentence)."""
        uni, bi = self.sentence_uni, self.sentence_bi
        lows = tokens.lows
        z = self.sentence_weights.get("bias", 0.0) + sum(map(uni.get, lows, repeat(0.0, len(lows))))
        for a, b in zip(lows, lows[1:]):
            nxt = bi.get(a)
            if nxt is not None:
                z += nxt.get(b, 0.0)
        if not _QUOTE_MARKS.isdisjoint(lows):
            z += self.sentence_weights.get("has_quote", 0.0)
        if lows and lows[-1] == "?":
            z += self.sentence_weights.get("question", 0.0)
        return z

    def cue_logits(self, tokens: Tokens, in_quote: Callable[[int], bool]) -> list[tuple[int, float]]:
        """``(token index, logit)`` of every candidate cue token."""
        get, vocab = self.cue_weights.get, self.cue_vocab
        out = []
        for i, low in enumerate(tokens.lows):
            if low in vocab:
                feats = cue_features(tokens, i, in_quote(tokens.starts[i]))
                out.append((i, sum(map(get, feats, repeat(0.0, len(feats))))))
        return out

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
        picked = [i for i, zi in cands if _sigmoid(zi) >= self.cue_threshold]
        if not picked:
            i, zi = max(cands, key=lambda c: c[1])
            if _sigmoid(zi) < self.cue_floor:
                return p, []  # no word of the sentence looks like a cue
            picked = [i]
        probs = dict(cands)
        cues: list[Cue] = []
        starts, ends, lows = tokens.starts, tokens.ends, tokens.lows
        for i in picked:
            a, b = starts[i], ends[i]
            if lows[i] == "according" and i + 1 < len(lows) and lows[i + 1] == "to":
                b = ends[i + 1]
            if cues and i - 1 in picked and cues[-1].end >= ends[i - 1]:
                prev = cues.pop()
                cues.append(Cue(prev.start, b, max(prev.p, _sigmoid(probs[i]))))
            else:
                cues.append(Cue(a, b, _sigmoid(probs[i])))
        return p, cues


_QUOTE_MARKS = frozenset("\"“”‘’'")


def _split_weights(weights: dict[str, float]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Unigram weights by word and bigram weights by first then second word."""
    uni: dict[str, float] = {}
    bi: dict[str, dict[str, float]] = {}
    for f, w in weights.items():
        if f.startswith("u:"):
            uni[f[2:]] = w
        elif f.startswith("b:") and "|" in f:
            a, b = f[2:].split("|", 1)
            bi.setdefault(a, {})[b] = w
    return uni, bi


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The shipped model, read on first use."""
    raw = resources.files("scraper.scoring").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    return AttributionModel.from_dict(json.loads(gzip.decompress(raw)))
