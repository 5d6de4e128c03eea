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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from scraper.scoring.features import Token, cue_features, sentence_features

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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AttributionModel:
        return cls(
            sentence_weights={str(k): float(v) for k, v in data["sentence"].items()},
            cue_weights={str(k): float(v) for k, v in data["cue"].items()},
            cue_vocab=frozenset(data["cue_vocab"]),
            sentence_threshold=float(data["sentence_threshold"]),
            cue_threshold=float(data["cue_threshold"]),
            mix=float(data["mix"]),
            cue_floor=float(data.get("cue_floor", 0.0)),
            common_words=frozenset(data.get("common_words", ())),
            dev={str(k): tuple(float(x) for x in v) for k, v in data.get("dev", {}).items()},
        )

    def sentence_logit(self, tokens: Sequence[Token]) -> float:
        w = self.sentence_weights
        return sum(w.get(f, 0.0) for f in sentence_features(tokens))

    def cue_logits(self, tokens: Sequence[Token], in_quote: Callable[[int], bool]) -> list[tuple[int, float]]:
        """``(token index, logit)`` of every candidate cue token."""
        w = self.cue_weights
        out = []
        for i, tok in enumerate(tokens):
            if tok.low in self.cue_vocab:
                z = sum(w.get(f, 0.0) for f in cue_features(tokens, i, in_quote(tok.start)))
                out.append((i, z))
        return out

    def decide(self, tokens: Sequence[Token], in_quote: Callable[[int], bool]) -> tuple[float, list[Cue]]:
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
        for i in picked:
            a, b = tokens[i].start, tokens[i].end
            if tokens[i].low == "according" and i + 1 < len(tokens) and tokens[i + 1].low == "to":
                b = tokens[i + 1].end
            if cues and i - 1 in picked and cues[-1].end >= tokens[i - 1].end:
                prev = cues.pop()
                cues.append(Cue(prev.start, b, max(prev.p, _sigmoid(probs[i]))))
            else:
                cues.append(Cue(a, b, _sigmoid(probs[i])))
        return p, cues


@lru_cache(maxsize=1)
def load_model() -> AttributionModel:
    """The shipped model, read on first use."""
    raw = resources.files("scraper.scoring").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    return AttributionModel.from_dict(json.loads(gzip.decompress(raw)))
