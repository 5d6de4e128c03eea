"""Nested, repeated outlet-level cross-validation of the outlet formula.

Shared by ``tools/fit_outlet_formula.py`` (which fits and ships the formula)
and ``bench/scoring.py`` (which prints the figures). Why this shape: with 41
outlets one 5-fold split is a noisy draw, so every figure is reported over
``REPEATS`` differently seeded outlet splits (mean, sd, min) plus
leave-one-outlet-out. Everything in a procedure's search space (penalty,
sign table, aggregation, transform, objective) is chosen by an inner
outlet-level CV inside each training fold; the outer test outlets never
choose anything.

A candidate formula is linear in one value per feature (evidence kind):

- ``aggregate``: the outlet's profile of a feature over its articles:
  ``pooled`` (sentences holding it among all the outlet's sentences, i.e.
  the sentence-weighted mean of the article shares), ``mean`` (the plain
  mean of the shares) or ``trimNN`` (the mean after cutting NN% of the
  articles from each end);
- ``transform``: ``sqrt`` (``sqrt(share + 1e-4)``, the share held to the
  training outlets' range) or ``rank`` (the outlet's mid-rank among the
  training outlets' profiles, 0-1, piecewise linear between them: exactly
  ``scraper.scoring.article.position``);
- ``objective``: ``ridge`` (least squares on pc1) or ``pairwise`` (logistic
  loss on every pair of training outlets whose ratings differ by more than
  ``PAIR_MARGIN``: the weights order outlets; one scale factor then maps the
  score to pc1 by least squares);
- ``signs``: ``free``, or a table of ``scraper.scoring.signs`` whose
  directions bound the weights (fitted by bounded least squares / bounded
  L-BFGS; no weight ever takes the sign its meaning forbids).

Weights are fitted on standardised columns with an L2 penalty ``alpha``.

Selection: the inner CV ranks the candidates of the space and the procedure
averages the predictions of the best quarter (``ENSEMBLE``), not only the
best one. Why: with 26-33 outlets the inner CV barely tells candidates
apart (the single best of 72 changed from fold to fold: 32 different
winners in 141 outer folds, none in more than 18), so betting on one
winner paid for that noise; the mean of the top ones does not (see
``tools/fit_outlet_formula.py`` for the figures, of every share tried).
When the averaged formulas read the same columns (the shipped space) their
mean is itself one linear formula (``combine``), which is what ships.
numpy/scipy only (training-time tools, never imported by the crawl).
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

# One BLAS thread: the fits are tiny (33 outlets x 15 features), and a
# threaded BLAS on a shared machine made each pairwise fit 15-60x slower
# (thread start-up and contention per product). Only takes effect when
# numpy is not imported yet; the figures are the same either way.
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
from scipy.optimize import lsq_linear, minimize  # noqa: E402
from scipy.stats import spearmanr  # noqa: E402

from scraper.scoring.signs import sign_table  # noqa: E402

EPS = 1e-4  # as scraper.scoring.article.TRANSFORM_EPS
LOW, HIGH = 0.4, 0.8
FOLDS = 5
REPEATS = 20
INNER_SEED = 7
PAIR_MARGIN = 0.05  # outlets closer than this in pc1 are not a training pair
ALPHAS = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: Share of the candidates, best by inner CV first, whose predictions are
#: averaged (12 candidates: 3; 72: 18). See the module doc for why.
ENSEMBLE = 0.25


@dataclass(frozen=True)
class Candidate:
    alpha: float
    aggregate: str = "pooled"
    transform: str = "rank"
    objective: str = "pairwise"
    signs: str = "free"

    def label(self) -> str:
        return f"{self.aggregate}/{self.transform}/{self.objective}/{self.signs}/alpha {self.alpha:g}"


@dataclass
class Formula:
    kinds: list[str]
    weights: np.ndarray
    bias: float
    lo: np.ndarray
    hi: np.ndarray
    knots: list[tuple[np.ndarray, np.ndarray]]  # per feature: distinct values, their mid-ranks
    cand: Candidate = field(default_factory=lambda: Candidate(1.0))


class Data:
    """Per outlet: the article share matrix over ``kinds``, sentence counts, pc1."""

    def __init__(self, feats: dict[str, list[tuple[dict[str, float], int]]], pc1: dict[str, float],
                 kinds: Sequence[str]) -> None:
        self.outlets = list(feats)
        self.kinds = list(kinds)
        self.arts = [np.array([[a[k] for k in self.kinds] for a, _ in feats[o]]) for o in self.outlets]
        self.sents = [np.array([max(1, n) for _, n in feats[o]], dtype=float) for o in self.outlets]
        self.y = np.array([pc1[o] for o in self.outlets])
        self._profiles: dict[str, np.ndarray] = {}

    def profiles(self, aggregate: str) -> np.ndarray:
        """One row per outlet: its profile of every feature."""
        if aggregate not in self._profiles:
            self._profiles[aggregate] = np.array([profile(m, n, aggregate) for m, n in zip(self.arts, self.sents)])
        return self._profiles[aggregate]


def trim_count(n: int, trim: float) -> int:
    """Articles cut from each end: floor(n * trim)."""
    return int(n * trim + 1e-9)


def profile(mat: np.ndarray, sentences: np.ndarray, aggregate: str) -> np.ndarray:
    """An outlet's feature profile from its article rows (see module doc)."""
    if aggregate == "pooled":
        return np.asarray((mat * sentences[:, None]).sum(axis=0) / sentences.sum())
    if aggregate == "mean":
        return np.asarray(mat.mean(axis=0))
    if aggregate.startswith("trim"):
        n = len(mat)
        k = trim_count(n, int(aggregate[4:]) / 100.0)
        return np.asarray(np.sort(mat, axis=0)[k : n - k].mean(axis=0))
    raise ValueError(f"unknown aggregate {aggregate!r}")


def midrank_knots(ref: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct values of ``ref`` and the mid-rank (0-1) of each among ``ref``."""
    values, first, count = np.unique(np.sort(ref), return_index=True, return_counts=True)
    m = len(ref)
    return values, (2 * first + count - 1) / (2.0 * max(1, m - 1))


def position(x: np.ndarray, knots: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Piecewise-linear mid-rank of ``x`` (held to the ends of the knots)."""
    values, ranks = knots
    if len(values) == 1:
        return np.full(len(x), float(ranks[0]))
    return np.asarray(np.interp(x, values, ranks))


def warp(prof: np.ndarray, f: Formula) -> np.ndarray:
    """The columns a formula reads of outlet profiles ``prof``."""
    if f.cand.transform == "sqrt":
        return np.sqrt(np.clip(prof, f.lo, f.hi) + EPS)
    if f.cand.transform == "rank":
        return np.stack([position(prof[:, j], f.knots[j]) for j in range(prof.shape[1])], axis=1)
    raise ValueError(f"unknown transform {f.cand.transform!r}")


def _bounds(kinds: Sequence[str], signs: str) -> tuple[np.ndarray, np.ndarray]:
    if signs == "free":
        return np.full(len(kinds), -np.inf), np.full(len(kinds), np.inf)
    table = sign_table(signs)
    s = np.array([table[k] for k in kinds], dtype=float)
    return np.where(s > 0, 0.0, -np.inf), np.where(s < 0, 0.0, np.inf)


def _solve(z: np.ndarray, y: np.ndarray, cand: Candidate, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Weights on the standardised columns ``z`` (centred target)."""
    k = z.shape[1]
    yc = y - y.mean()
    if cand.objective == "ridge":
        a = np.vstack([z, math.sqrt(cand.alpha) * np.eye(k)])
        t = np.concatenate([yc, np.zeros(k)])
        if np.all(np.isinf(lo)) and np.all(np.isinf(hi)):
            return np.asarray(np.linalg.lstsq(a, t, rcond=None)[0])
        return np.asarray(lsq_linear(a, t, bounds=(lo, hi), method="bvls").x)
    if cand.objective == "pairwise":
        i, j = np.where(y[:, None] - y[None, :] > PAIR_MARGIN)
        d = z[i] - z[j]
        pen = cand.alpha / len(y)

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            m = d @ w
            grad = -(d * (0.5 * (1.0 - np.tanh(m / 2.0)))[:, None]).mean(axis=0) + 2.0 * pen * w
            return float(np.logaddexp(0.0, -m).mean() + pen * (w @ w)), grad

        bnds = [(None if math.isinf(a) else a, None if math.isinf(b) else b) for a, b in zip(lo, hi)]
        v = minimize(loss, np.zeros(k), jac=True, method="L-BFGS-B", bounds=bnds).x
        s = z @ v
        sc = s - s.mean()
        scale = max(0.0, float(sc @ yc) / max(float(sc @ sc), 1e-12))  # never turns the order round
        return np.asarray(scale * v)
    raise ValueError(f"unknown objective {cand.objective!r}")


def fit(data: Data, train: Sequence[int], cand: Candidate) -> Formula:
    prof = data.profiles(cand.aggregate)[list(train)]
    y = data.y[list(train)]
    lo, hi = prof.min(axis=0), prof.max(axis=0)
    knots = [midrank_knots(prof[:, j]) for j in range(prof.shape[1])]
    f = Formula(data.kinds, np.zeros(len(data.kinds)), 0.0, lo, hi, knots, cand)
    x = warp(prof, f)
    mu, sd = x.mean(axis=0), x.std(axis=0)
    sd[sd == 0] = 1.0
    blo, bhi = _bounds(data.kinds, cand.signs)
    ws = _solve((x - mu) / sd, y, cand, blo, bhi)
    f.weights = ws / sd
    f.bias = float(y.mean() - f.weights @ mu)
    return f


def predict(data: Data, f: Formula, outlets: Sequence[int]) -> np.ndarray:
    return np.asarray(warp(data.profiles(f.cand.aggregate)[list(outlets)], f) @ f.weights + f.bias)


def spearman(pred: Sequence[float], truth: Sequence[float]) -> float:
    if np.ptp(np.asarray(pred)) == 0:
        return 0.0
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
        pred[te] = predict(data, fit(data, idx[tr], cand), idx[te])
    return pred


def ensemble_size(candidates: int, top: float = ENSEMBLE) -> int:
    """How many of ``candidates`` are averaged: ``ceil(top * candidates)``, at least one."""
    return max(1, math.ceil(top * candidates - 1e-9))


def choose(data: Data, idx: np.ndarray, space: Sequence[Candidate], top: float = ENSEMBLE) -> list[Candidate]:
    """The best :func:`ensemble_size` candidates by inner-CV Spearman rho over
    outlets ``idx``, best first (ties: the earlier one in ``space``). Their
    predictions are averaged (see module doc)."""
    k = ensemble_size(len(space), top)
    if len(space) == 1:
        return list(space)
    rhos = [spearman(cv_predict(data, idx, cand, INNER_SEED), data.y[idx]) for cand in space]
    order = sorted(range(len(space)), key=lambda i: -rhos[i])  # stable: ties keep the space's order
    return [space[i] for i in order[:k]]


def fit_members(data: Data, train: Sequence[int], cands: Sequence[Candidate]) -> list[Formula]:
    return [fit(data, train, c) for c in cands]


def predict_members(data: Data, fs: Sequence[Formula], outlets: Sequence[int]) -> np.ndarray:
    """The mean of the members' predictions."""
    return np.asarray(np.mean([predict(data, f, outlets) for f in fs], axis=0))


def combine(fs: Sequence[Formula]) -> Formula:
    """One formula equal to the mean of ``fs``: possible when they read the
    same columns (same aggregate, transform and training outlets, so the
    same knots), the mean of linear formulas being linear."""
    first = fs[0]
    assert all((f.cand.aggregate, f.cand.transform) == (first.cand.aggregate, first.cand.transform) for f in fs)
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
               for f in fs for a, b in zip(f.knots, first.knots)), "members with different knots"
    return Formula(first.kinds, np.mean([f.weights for f in fs], axis=0), float(np.mean([f.bias for f in fs])),
                   first.lo, first.hi, first.knots, first.cand)


def nested(data: Data, space: Sequence[Candidate], seed: int | None,
           top: float = ENSEMBLE) -> tuple[np.ndarray, list[list[Candidate]]]:
    """Outer out-of-fold predictions of the whole procedure (selection
    included) for one split, and the candidates chosen in its folds."""
    n = len(data.y)
    pred = np.zeros(n)
    chosen = []
    for te in splits(n, FOLDS, seed):
        tr = np.setdiff1d(np.arange(n), te)
        cands = choose(data, tr, space, top)
        chosen.append(cands)
        pred[te] = predict_members(data, fit_members(data, tr, cands), te)
    return pred, chosen


def report(data: Data, space: Sequence[Candidate], repeats: int = REPEATS, top: float = ENSEMBLE) -> dict[str, Any]:
    """rho and pair share: mean, sd, min over ``repeats`` seeded 5-fold
    splits, and leave-one-outlet-out; plus how often each candidate was
    among the chosen ones."""
    rhos, pairs, counts = [], [], {}
    for seed in range(repeats):
        pred, chosen = nested(data, space, seed, top)
        rhos.append(spearman(pred, data.y))
        pairs.append(pair_share(pred, data.y))
        for c in (c for cands in chosen for c in cands):
            counts[c] = counts.get(c, 0) + 1
    loo, _ = nested(data, space, None, top)
    return {
        "rho": _summary(rhos), "pairs": _summary(pairs),
        "loo": {"rho": round(spearman(loo, data.y), 3), "pairs": round(pair_share(loo, data.y), 3)},
        "repeats": repeats, "folds": FOLDS, "outlets": len(data.y),
        "members": ensemble_size(len(space), top),
        "chosen": sorted(((n, c) for c, n in counts.items()), key=lambda t: -t[0]),
    }


def _summary(v: list[float]) -> dict[str, float]:
    m = sum(v) / len(v)
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / max(1, len(v) - 1))
    return {"mean": round(m, 3), "sd": round(sd, 3), "min": round(min(v), 3)}


def space(aggregates: Sequence[str] = ("pooled",), transforms: Sequence[str] = ("rank",),
          objectives: Sequence[str] = ("pairwise",), signs: Sequence[str] = ("free",),
          alphas: Sequence[float] = ALPHAS) -> list[Candidate]:
    """The candidates an inner CV chooses among, most penalised first."""
    return [Candidate(a, ag, t, ob, s) for ag in aggregates for t in transforms for ob in objectives
            for s in signs for a in sorted(alphas, reverse=True)]


def line(label: str, r: dict[str, Any]) -> str:
    return (f"{label:34s} rho {r['rho']['mean']:.3f} ± {r['rho']['sd']:.3f} (min {r['rho']['min']:.3f}), "
            f"pairs {r['pairs']['mean']:.3f} ± {r['pairs']['sd']:.3f} (min {r['pairs']['min']:.3f}); "
            f"LOO rho {r['loo']['rho']:.3f} pairs {r['loo']['pairs']:.3f}")
