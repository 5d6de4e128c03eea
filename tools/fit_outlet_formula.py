"""Fit the outlet formula shipped as scraper/scoring/data/outlet_formula.json.

    python tools/fit_outlet_formula.py [--out PATH] [--repeats N] [--compare]

Reads shared/data/outlets/abp-dev.jsonl beside the repository (41 outlets, ~40 articles each,
``pc1`` = Lin et al. 2023 expert news-quality rating, 0-1), scores every
article with the shipped scorer, takes each outlet's 10% trimmed mean of
every article feature (the lowest and highest tenth of its articles cut from
each feature; all of them findings a reader sees highlighted), and fits a
ridge regression of pc1 on the square roots of those means (standardised
columns, closed form, deterministic). Each feature is held to the range of
outlet means seen in fitting (``range`` in the JSON), so a text far outside
it is not extrapolated. ``spread`` is the median within-outlet standard
deviation of article contributions, the floor of the interval width.

Validation (``tools/outlet_cv.py``) is nested and repeated, because one
5-fold split of 41 outlets is a noisy draw: 20 differently seeded 5-fold
outlet splits (mean +- sd, min) plus leave-one-outlet-out; the ridge penalty
is chosen inside each training fold by an inner outlet-level 5-fold CV (the
test outlets never choose anything); the final penalty is the inner-CV
choice on all 41 outlets.

The trim level (10%) was fixed before it was tried and is not chosen by the
CV; other levels were then looked at, so read the shipped figure with that
in mind: the plain mean gives rho 0.561, 5% 0.601, 15% 0.632, 20% 0.604,
25% 0.574, 30% 0.549, the median 0.311; letting the inner CV choose the level
among 0-20% gives rho 0.586 +- 0.084, pairs 0.913 +- 0.058 (the honest
figure of "some trimmed mean"). Also tried under the same nested CV (a one-off script over
tools/outlet_cv.py, not kept) and not kept: richer outlet features (named / anonymous / second-hand / document
share of attributed sentences, quotes with a named speaker among quotes,
quotes, hedges, loaded words, verification and assertions per 1,000 words,
numbers in an attributed sentence, share of articles with >= 3 named
sources, distinct named sources): on their own rho 0.532; added to the 15
kinds 0.575; one of them added to the trimmed kinds and chosen by the inner
CV 0.618 (pairs 0.892): none beats the trimmed kinds under nested CV.

Figures of the shipped file (this script's last run, --compare; also in its "cv"):
    41 outlets, 1592 articles; 20 seeded 5-fold splits + leave-one-outlet-out
    shipped procedure    rho 0.647 +- 0.068 (min 0.519), pairs 0.935 +- 0.045 (min 0.842); LOO rho 0.674 pairs 0.965
    baseline regex       rho 0.006 +- 0.099 (min -0.159), pairs 0.270 +- 0.074 (min 0.149); LOO rho -0.057 pairs 0.193
    plain means          rho 0.561 +- 0.070 (min 0.373), pairs 0.895 +- 0.049 (min 0.772); LOO rho 0.591 pairs 0.939
    trim chosen inside   rho 0.586 +- 0.084 (min 0.350), pairs 0.913 +- 0.058 (min 0.728); LOO rho 0.672 pairs 0.956
    trimmed, ranks       rho 0.644 +- 0.036 (min 0.584), pairs 0.951 +- 0.029 (min 0.895); LOO rho 0.653 pairs 0.965
    trimmed, raw shares  rho 0.558 +- 0.077 (min 0.402), pairs 0.872 +- 0.063 (min 0.754); LOO rho 0.578 pairs 0.868
    trimmed, grouped (11) rho 0.645 +- 0.055 (min 0.531), pairs 0.949 +- 0.039 (min 0.842); LOO rho 0.700 pairs 0.982
    article-level fit    rho 0.437 +- 0.120 (min 0.215), pairs 0.764 +- 0.078 (min 0.588); LOO rho 0.520 pairs 0.798
    penalty chosen in the 100 outer folds: 3 (39x), 10 (33x), 1 (10x), 30 (10x), 0.3 (6x), 100 (2x)
    final fit on all 41 outlets: trim 0.1, alpha 3, bias 1.272, spread 0.490
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.scoring.article import (  # noqa: E402
    FEATURES,
    article_features,
    find_evidence,
    language_supported,
)

DATA = ROOT.parent / "shared" / "data" / "outlets" / "abp-dev.jsonl"
OUT = ROOT / "scraper" / "scoring" / "data" / "outlet_formula.json"
from tools.outlet_cv import FOLDS, REPEATS, Candidate, space  # noqa: E402

ALPHAS = (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
#: An outlet's value reads the 10% trimmed mean of each feature over its
#: articles (the top and bottom tenth cut): a few odd articles (a transcript,
#: a list of quotes, a wire digest) no longer set the outlet's means. Fixed
#: beforehand, not chosen by the CV (see the docstring for other levels).
TRIM = 0.1
#: What the inner CV chooses among for the shipped formula: the ridge penalty
#: of an outlet-level fit over the 15 kinds, square-rooted, trimmed means.
SPACE: list[Candidate] = space(("outlet",), ("kinds",), ALPHAS, ("sqrt",), (TRIM,))
BASELINE_SPACE: list[Candidate] = space(("outlet",), ("kinds",), ALPHAS, ("sqrt",))
#: Alternatives tried (each with its own nested CV, see docstring).
ALTERNATIVES: list[tuple[str, list[Candidate]]] = [
    ("plain means (no trim)", space(("outlet",), ("kinds",), ALPHAS, ("sqrt",))),
    ("trim chosen inside", space(("outlet",), ("kinds",), ALPHAS, ("sqrt",), (0.0, 0.05, 0.1, 0.15, 0.2))),
    ("trimmed, ranks among outlets", space(("outlet",), ("kinds",), ALPHAS, ("rank",), (TRIM,))),
    ("trimmed, raw shares", space(("outlet",), ("kinds",), ALPHAS, ("raw",), (TRIM,))),
    ("trimmed, grouped kinds (11)", space(("outlet",), ("grouped",), ALPHAS, ("sqrt",), (TRIM,))),
    ("article-level fit", space(("article",), ("kinds",), (0.03, 0.1, 0.3, 1.0, 3.0, 10.0), ("sqrt",))),
]
# The trivial baseline: share of sentences with one of 20 reporting verbs.
BASELINE_RX = re.compile(
    r"\b(?:said|says|say|told|tells|according to|stated|added|announced|reported|claimed|wrote|noted|"
    r"explained|confirmed|denied|argued|insisted|warned|suggested)\b", re.I)


def load_outlets(path: Path = DATA) -> tuple[dict[str, list[dict[str, float]]], dict[str, float],
                                             dict[str, list[float]]]:
    """Per outlet: article feature dicts, pc1, and baseline values."""
    feats: dict[str, list[dict[str, float]]] = defaultdict(list)
    base: dict[str, list[float]] = defaultdict(list)
    pc1: dict[str, float] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["text"] or ""
            pc1[rec["domain"]] = float(rec["pc1"])
            if not language_supported(text):
                continue
            sentences, evidence = find_evidence(text)
            feats[rec["domain"]].append(article_features(sentences, evidence))
            hits = sum(1 for s in sentences if BASELINE_RX.search(text, s.start, s.end))
            base[rec["domain"]].append(hits / max(1, len(sentences)))
    return dict(feats), pc1, dict(base)


def linear_spread(arts: list[dict[str, float]], weights: dict[str, float],
                  ranges: dict[str, list[float]], trim: float) -> float:
    """Standard deviation of the articles' linearised contributions to the
    outlet score (delta method; what one article adds to the uncertainty)."""
    from scraper.scoring.sources import contributions

    g = contributions(arts, weights, ranges, trim)
    return math.sqrt(sum(v * v for v in g) / (len(g) - 1))


def baseline_data(base: dict[str, list[float]], pc1: dict[str, float]) -> Any:
    """The regex baseline as a one-feature data set for the same CV."""
    from tools.outlet_cv import Data

    return Data({o: [{"regex": v} for v in vs] for o, vs in base.items()}, pc1, ["regex"])


def validate(feats: dict[str, list[dict[str, float]]], pc1: dict[str, float], base: dict[str, list[float]],
             repeats: int = REPEATS, compare: bool = False) -> tuple[dict[str, Any], dict[str, Any],
                                                                     list[tuple[str, dict[str, Any]]]]:
    """Nested repeated CV of the shipped procedure, of the regex baseline and
    (``compare``) of the alternatives that lost."""
    from tools.outlet_cv import Data, report

    data = Data(feats, pc1, FEATURES)
    ours = report(data, SPACE, repeats)
    baseline = report(baseline_data(base, pc1), BASELINE_SPACE, repeats)
    others = [(label, report(data, sp, repeats)) for label, sp in ALTERNATIVES] if compare else []
    return ours, baseline, others


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--repeats", type=int, default=REPEATS)
    ap.add_argument("--compare", action="store_true", help="also the nested CV of the alternatives tried")
    args = ap.parse_args()
    import numpy as np

    from tools.outlet_cv import Data, choose, fit, line

    feats, pc1, base = load_outlets()
    outlets = list(feats)
    print(f"{len(outlets)} outlets, {sum(len(v) for v in feats.values())} articles; nested CV: "
          f"{args.repeats} seeded {FOLDS}-fold outlet splits + leave-one-outlet-out")
    ours, cv_base, others = validate(feats, pc1, base, args.repeats, args.compare)
    print(line("shipped procedure", ours))
    print(line("baseline regex", cv_base))
    for label, r in others:
        print(line(label, r))
    print("choices in the outer folds:", ", ".join(f"{n}x {c.level}/{c.featureset}/{c.transform}/alpha {c.alpha:g}"
                                                    for n, c in ours["chosen"]))
    data = Data(feats, pc1, FEATURES)
    every = np.arange(len(outlets))
    cand = choose(data, every, SPACE)
    f = fit(data, every, cand)
    names = [n for n, _ in f.columns]
    weights = {n: round(float(v), 4) for n, v in zip(names, f.weights)}
    ranges = {n: [round(float(lo), 5), round(float(hi), 5)] for n, lo, hi in zip(names, f.lo, f.hi)}
    sds = sorted(linear_spread(feats[o], weights, ranges, cand.trim) for o in outlets if len(feats[o]) > 1)
    spread = sds[len(sds) // 2]
    cv = {"rho": ours["rho"]["mean"], "rho_sd": ours["rho"]["sd"], "rho_min": ours["rho"]["min"],
          "pairs": ours["pairs"]["mean"], "pairs_sd": ours["pairs"]["sd"], "pairs_min": ours["pairs"]["min"],
          "loo_rho": ours["loo"]["rho"], "loo_pairs": ours["loo"]["pairs"],
          "repeats": args.repeats, "folds": FOLDS, "outlets": len(outlets), "data": "abp-dev"}
    data_out = {"bias": round(f.bias, 4), "weights": weights, "spread": round(spread, 4), "alpha": cand.alpha,
                "level": cand.level, "range": ranges, "transform": "sqrt(share + 1e-4)", "trim": cand.trim,
                "aggregate": f"{cand.trim:.0%} trimmed mean of each feature over the outlet's articles", "cv": cv,
                "cv_baseline": {"rho": cv_base["rho"]["mean"], "rho_sd": cv_base["rho"]["sd"],
                                "pairs": cv_base["pairs"]["mean"], "pairs_sd": cv_base["pairs"]["sd"],
                                "loo_rho": cv_base["loo"]["rho"], "loo_pairs": cv_base["loo"]["pairs"]}}
    args.out.write_text(json.dumps(data_out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"final fit on all {len(outlets)} outlets: {cand.level} level, trim {cand.trim:g}, alpha {cand.alpha:g}, "
          f"bias {f.bias:.3f}, spread {spread:.3f}")
    for n in names:
        print(f"  {n:26s} {weights[n]:+.3f}")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
