"""Nested, repeated outlet-level cross-validation of the outlet formula.

Shared by ``tools/fit_outlet_formula.py`` (which fits and ships the formula)
and ``bench/scoring.py`` (which prints the figures). Why this shape: with 41
outlets one 5-fold split is a noisy draw (the CV rho of a single split swung
0.51-0.67 as detectors changed), so every figure is reported over
``REPEATS`` differently seeded outlet splits (mean, sd, min) plus
leave-one-outlet-out. Everything that is chosen (fit level, feature set,
ridge penalty) is chosen by an inner outlet-level CV inside each training
fold; the outer test outlets never choose anything.

A candidate formula is linear in ``sqrt(share + 1e-4)`` of each column, a
column being one evidence kind or a group of kinds whose shares add up
(``GROUPS``). It is fitted either on outlets (one row per outlet: its mean
shares -> pc1) or on articles (one row per article: its shares -> its
outlet's pc1); either way the outlet value is the formula on the outlet's
mean shares, each held to the range of training-outlet means, exactly as
``scraper.scoring.article.formula_value`` computes it at run time.
numpy/scipy only (training-time tools, never imported by the crawl).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import spearmanr

EPS = 1e-4  # as scraper.scoring.article.TRANSFORM_EPS
LOW, HIGH = 0.4, 0.8
FOLDS = 5
REPEATS = 20
INNER_SEED = 7
#: Ridge penalties per outlet-equivalent (an article-level fit multiplies by
#: articles per outlet, so a value means the same strength at both levels).
ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0)
#: Kinds whose shares are pooled in the "grouped" feature set.
GROUPS: dict[str, tuple[str, ...]] = {
    "verification": ("verification.confirmed", "verification.unverified", "verification.denied",
                     "verification.disputed"),
    "assertion": ("assertion.unsupported", "assertion.speculative"),
}


@dataclass(frozen=True)
class Candidate:
    level: str  # "outlet" or "article"
    featureset: str  # "kinds" or "grouped"
    alpha: float
    #: "sqrt": sqrt(share + EPS); "raw": the share itself; "rank": the
    #: share's place among the training outlets' means (0-1, interpolated).
    transform: str = "sqrt"
    #: share of an outlet's articles cut from each end of every column
    #: before its mean (0: the plain mean; see :func:`trimmed_mean`).
    trim: float = 0.0


def warp(x: np.ndarray, transform: str, ref: np.ndarray | None = None) -> np.ndarray:
    if transform == "sqrt":
        return np.sqrt(x + EPS)
    if transform == "rank":
        assert ref is not None
        return np.stack([np.interp(x[:, j], np.sort(ref[:, j]), np.linspace(0.0, 1.0, len(ref)))
                         for j in range(x.shape[1])], axis=1)
    return x


@dataclass
class Formula:
    columns: list[tuple[str, tuple[str, ...]]]
    weights: np.ndarray
    bias: float
    lo: np.ndarray
    hi: np.ndarray
    transform: str
    ref: np.ndarray  # training outlets' mean shares (what "rank" reads)
    trim: float = 0.0


def columns(kinds: Sequence[str], featureset: str) -> list[tuple[str, tuple[str, ...]]]:
    """(name, member kinds) of each column of a feature set."""
    if featureset == "kinds":
        return [(k, (k,)) for k in kinds]
    grouped = {k: g for g, members in GROUPS.items() for k in members}
    out: list[tuple[str, tuple[str, ...]]] = []
    for k in kinds:
        g = grouped.get(k)
        if g is None:
            out.append((k, (k,)))
        elif all(name != g for name, _ in out):
            out.append((g, GROUPS[g]))
    return out


class Data:
    """Per outlet, the article share matrix over ``kinds``, and pc1."""

    def __init__(self, feats: dict[str, list[dict[str, float]]], pc1: dict[str, float],
                 kinds: Sequence[str]) -> None:
        self.outlets = list(feats)
        self.kinds = list(kinds)
        self.arts = [np.array([[a[k] for k in self.kinds] for a in feats[o]]) for o in self.outlets]
        self.y = np.array([pc1[o] for o in self.outlets])
        self._cols: dict[str, list[np.ndarray]] = {}
        self._colnames: dict[str, list[tuple[str, tuple[str, ...]]]] = {}

    def cols(self, featureset: str) -> tuple[list[tuple[str, tuple[str, ...]]], list[np.ndarray]]:
        """Column names and per-outlet article matrices of summed shares."""
        if featureset not in self._cols:
            cs = columns(self.kinds, featureset)
            idx = [[self.kinds.index(m) for m in members] for _, members in cs]
            self._colnames[featureset] = cs
            self._cols[featureset] = [np.stack([a[:, i].sum(axis=1) for i in idx], axis=1) for a in self.arts]
        return self._colnames[featureset], self._cols[featureset]


def trim_count(n: int, trim: float) -> int:
    """Articles cut from each end: floor(n * trim), as
    ``scraper.scoring.sources.trimmed_means`` computes it."""
    return int(n * trim + 1e-9)


def trimmed_mean(mat: np.ndarray, trim: float) -> np.ndarray:
    """Column-wise mean of an outlet's article rows after dropping the
    ``trim_count`` lowest and highest values of each column."""
    n = len(mat)
    k = trim_count(n, trim)
    kept = mat if k == 0 else np.sort(mat, axis=0)[k : n - k]
    return np.asarray(kept.mean(axis=0))


def _ridge(x: np.ndarray, y: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """Ridge on standardised columns, returned in the raw columns' units."""
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    z = (x - mu) / sd
    yc = y - y.mean()
    ws = np.linalg.solve(z.T @ z + alpha * np.eye(z.shape[1]), z.T @ yc)
    w = ws / sd
    return w, float(y.mean() - w @ mu)


def fit(data: Data, train: Sequence[int], cand: Candidate) -> Formula:
    names, mats = data.cols(cand.featureset)
    means = np.array([trimmed_mean(mats[i], cand.trim) for i in train])
    lo, hi = means.min(axis=0), means.max(axis=0)
    if cand.level == "outlet":
        x, y, alpha = warp(means, cand.transform, means), data.y[list(train)], cand.alpha
    else:
        x = warp(np.concatenate([mats[i] for i in train]), cand.transform, means)
        y = np.concatenate([np.full(len(mats[i]), data.y[i]) for i in train])
        alpha = cand.alpha * len(x) / len(train)
    w, b = _ridge(x, y, alpha)
    return Formula(names, w, b, lo, hi, cand.transform, means, cand.trim)


def predict(data: Data, f: Formula, featureset: str, outlets: Sequence[int]) -> np.ndarray:
    _, mats = data.cols(featureset)
    m = np.array([trimmed_mean(mats[i], f.trim) for i in outlets])
    return warp(np.clip(m, f.lo, f.hi), f.transform, f.ref) @ f.weights + f.bias


def spearman(pred: Sequence[float], truth: Sequence[float]) -> float:
    return float(spearmanr(pred, truth).statistic)


def pair_share(pred: Sequence[float], truth: Sequence[float]) -> float:
    """Share of (low, high) outlet pairs where the high-rated one scores higher."""
    lows = [p for p, t in zip(pred, truth) if t < LOW]
    highs = [p for p, t in zip(pred, truth) if t >= HIGH]
    pairs = [(lo, hi) for lo in lows for hi in highs]
    return sum(1.0 if hi > lo else 0.5 if hi == lo else 0.0 for lo, hi in pairs) / max(1, len(pairs))


def splits(n: int, folds: int, seed: int | None) -> list[np.ndarray]:
    """Test index sets of one outlet-level split (seed None: leave-one-out)."""
    if seed is None:
        return [np.array([i]) for i in range(n)]
    order = np.random.RandomState(seed).permutation(n)
    return [np.sort(order[k::folds]) for k in range(folds)]


def cv_predict(data: Data, idx: np.ndarray, cand: Candidate, seed: int | None, folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold predictions for outlets ``idx`` with one fixed candidate."""
    pred = np.zeros(len(idx))
    for te in splits(len(idx), folds, seed):
        tr = np.setdiff1d(np.arange(len(idx)), te)
        pred[te] = predict(data, fit(data, idx[tr], cand), cand.featureset, idx[te])
    return pred


def choose(data: Data, idx: np.ndarray, space: Sequence[Candidate]) -> Candidate:
    """The candidate with the best inner-CV Spearman rho over outlets ``idx``
    (ties: the earlier, i.e. simpler / more penalised, one)."""
    best: tuple[float, Candidate] = (-2.0, space[0])
    for cand in space:
        rho = spearman(cv_predict(data, idx, cand, INNER_SEED), data.y[idx])
        if rho > best[0] + 1e-9:
            best = (rho, cand)
    return best[1]


def nested(data: Data, space: Sequence[Candidate], seed: int | None) -> tuple[np.ndarray, list[Candidate]]:
    """Outer out-of-fold predictions of the whole procedure (selection
    included) for one split, and the candidates chosen in its folds."""
    n = len(data.y)
    pred = np.zeros(n)
    chosen = []
    for te in splits(n, FOLDS, seed):
        tr = np.setdiff1d(np.arange(n), te)
        cand = choose(data, tr, space)
        chosen.append(cand)
        pred[te] = predict(data, fit(data, tr, cand), cand.featureset, te)
    return pred, chosen


def report(data: Data, space: Sequence[Candidate], repeats: int = REPEATS) -> dict[str, Any]:
    """rho and pair share: mean, sd, min over ``repeats`` seeded 5-fold
    splits, and leave-one-outlet-out; plus how often each choice was made."""
    rhos, pairs, counts = [], [], {}
    for seed in range(repeats):
        pred, chosen = nested(data, space, seed)
        rhos.append(spearman(pred, data.y))
        pairs.append(pair_share(pred, data.y))
        for c in chosen:
            counts[c] = counts.get(c, 0) + 1
    loo, _ = nested(data, space, None)
    return {
        "rho": _summary(rhos), "pairs": _summary(pairs),
        "loo": {"rho": round(spearman(loo, data.y), 3), "pairs": round(pair_share(loo, data.y), 3)},
        "repeats": repeats, "folds": FOLDS, "outlets": len(data.y),
        "chosen": sorted(((n, c) for c, n in counts.items()), key=lambda t: -t[0]),
    }


def _summary(v: list[float]) -> dict[str, float]:
    m = sum(v) / len(v)
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / max(1, len(v) - 1))
    return {"mean": round(m, 3), "sd": round(sd, 3), "min": round(min(v), 3)}


def space(levels: Sequence[str] = ("outlet", "article"),
          featuresets: Sequence[str] = ("kinds", "grouped"),
          alphas: Sequence[float] = ALPHAS, transforms: Sequence[str] = ("sqrt", "raw"),
          trims: Sequence[float] = (0.0,)) -> list[Candidate]:
    """The candidates searched by the inner CV, most penalised first."""
    return [Candidate(lv, fs, a, t, tr) for tr in trims for t in transforms for lv in levels for fs in featuresets
            for a in sorted(alphas, reverse=True)]


def line(label: str, r: dict[str, Any]) -> str:
    return (f"{label:28s} rho {r['rho']['mean']:.3f} ± {r['rho']['sd']:.3f} (min {r['rho']['min']:.3f}), "
            f"pairs {r['pairs']['mean']:.3f} ± {r['pairs']['sd']:.3f} (min {r['pairs']['min']:.3f}); "
            f"LOO rho {r['loo']['rho']:.3f} pairs {r['loo']['pairs']:.3f}")
