"""The block model: a learned reading of which blocks of a page are article body.

Two logistic stages over :mod:`cleaners.model.features`: the first scores each
block on its own features and its neighbours' raw features; the second adds
the first stage's probabilities around the block (the sequence step: a short
line between two body paragraphs stays, a run of teasers goes). Both entry
points use it: ``clean_text`` on the lines of a dump (:func:`text_scores`),
``clean_html`` on trafilatura's blocks with their nodes (:mod:`cleaners.extraction.core`).

The weights are data (``data/blocks_model.json.gz``), rebuilt by
``tools/train_blocks.py`` (which says how they were fitted and what they
score); they load on first use, and inference is plain Python.
"""

from __future__ import annotations

import functools
import gzip
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from cleaners.model.features import Features, HtmlInfo, block_features, context_features

__all__ = ["BlockModel", "Scores", "load_model", "score", "warm", "RULE_PREFIX"]

MODEL_FILE = "blocks_model.json.gz"
RULE_PREFIX = "block_model"
_DECISIVE = 2


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


@dataclass(frozen=True, slots=True)
class BlockModel:
    """Weights of both stages, the class/id vocabulary and the decision thresholds."""

    first: dict[str, float]
    second: dict[str, float]
    vocabulary: frozenset[str]
    thresholds: dict[str, float]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BlockModel:
        return cls(
            first={str(k): float(v) for k, v in data["first"].items()},
            second={str(k): float(v) for k, v in data["second"].items()},
            vocabulary=frozenset(map(str, data["vocabulary"])),
            thresholds={str(k): float(v) for k, v in data["thresholds"].items()},
        )

    @staticmethod
    def _dot(weights: dict[str, float], features: Features) -> float:
        return sum(weights.get(name, 0.0) * value for name, value in features.items())


@functools.cache
def load_model() -> BlockModel:
    """The shipped model (read once per process)."""
    raw = files("cleaners").joinpath("data").joinpath(MODEL_FILE).read_bytes()
    return BlockModel.from_dict(json.loads(gzip.decompress(raw)))


def warm() -> None:
    """Load the weights and the word-based stoplists now (a worker's start),
    so its memory is flat from the first page on."""
    from cleaners.model.stoplists import JUSTEXT_NAMES, stoplist

    load_model()
    for language in JUSTEXT_NAMES:
        stoplist(language)


@dataclass(frozen=True, slots=True)
class Scores:
    """Body probability of each block, and how to say why one scored low."""

    probs: list[float]
    base: list[Features]      # first-stage features (the block's own reading)
    features: list[Features]  # second-stage features (the sequence step)
    model: BlockModel

    def rule(self, index: int) -> str:
        """``block_model.<f1>+<f2>``: the block's own features that pushed it
        furthest towards "not body" in the first stage (its removal record's
        rule); ``block_model.context`` when only its neighbours did."""
        weights = self.model.first
        pushes = sorted((weights.get(n, 0.0) * v, n) for n, v in self.base[index].items()
                        if n != "bias")
        names = [n for w, n in pushes[:_DECISIVE] if w < 0] or ["context"]
        return f"{RULE_PREFIX}." + "+".join(names)


def score(
    texts: Sequence[str],
    *,
    title: str | None = None,
    template: frozenset[str] = frozenset(),
    html: Sequence[HtmlInfo | None] | None = None,
    model: BlockModel | None = None,
) -> Scores:
    """Body probabilities of one page's blocks, in page order."""
    model = model or load_model()
    base = block_features(texts, title=title, template=template, html=html,
                          vocabulary=model.vocabulary)
    first = [_sigmoid(model._dot(model.first, f)) for f in base]
    second = context_features(base, first)
    probs = [_sigmoid(model._dot(model.second, f)) for f in second]
    return Scores(probs, base, second, model)
