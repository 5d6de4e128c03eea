"""Fit the outlet formula shipped as scraper/scoring/data/outlet_formula.json.

    python tools/fit_outlet_formula.py [--out PATH] [--repeats N] [--compare]

Reads shared/data/outlets/abp-dev.jsonl beside the repository (41 outlets, ~40 articles each,
``pc1`` = Lin et al. 2023 expert news-quality rating, 0-1), scores every
article with the shipped scorer, takes each outlet's mean of every article
feature (all of them findings a reader sees highlighted), and fits a ridge
regression of pc1 on the square roots of those means (standardised columns,
closed form, deterministic). Each feature is held to the range of outlet
means seen in fitting (``range`` in the JSON), so a text far outside it is
not extrapolated. ``spread`` is the median within-outlet standard deviation
of article contributions, the floor of the interval width.

Validation (``tools/outlet_cv.py``) is nested and repeated, because one
5-fold split of 41 outlets is a noisy draw: 20 differently seeded 5-fold
outlet splits (mean +- sd, min) plus leave-one-outlet-out; the ridge penalty
is chosen inside each training fold by an inner outlet-level 5-fold CV (the
test outlets never choose anything); the final penalty is the inner-CV
choice on all 41 outlets. Alternatives, each under the same nested CV
(``--compare``): an article-level fit (each article -> its outlet's pc1,
outlet value = the formula on its mean features), the 4 verification kinds
and the 2 assertion kinds pooled (11 columns), raw shares instead of square
roots, each mean's rank among the training outlets (0-1) instead of its
square root, and all but ranks put to the inner CV together. None beat the
outlet-level square-root ridge on rho (the inner criterion; ranks gain 0.02
in pair share and lose 0.01 in rho), so it is kept. Choosing among these six
procedures by their outer figures is a mild optimism of the kept one.

Figures of the shipped file (this script's last run, --compare; also in its "cv"):
    41 outlets, 1592 articles; 20 seeded 5-fold splits + leave-one-outlet-out
    shipped procedure    rho 0.557 +- 0.066 (min 0.380), pairs 0.894 +- 0.046 (min 0.789); LOO rho 0.583 pairs 0.939
    baseline regex       rho 0.006 +- 0.099 (min -0.159), pairs 0.270 +- 0.074 (min 0.149); LOO rho -0.057 pairs 0.193
    article-level fit    rho 0.442 +- 0.117 (min 0.208), pairs 0.773 +- 0.074 (min 0.623); LOO rho 0.520 pairs 0.807
    grouped kinds (11)   rho 0.523 +- 0.056 (min 0.416), pairs 0.870 +- 0.041 (min 0.772); LOO rho 0.541 pairs 0.868
    raw shares           rho 0.530 +- 0.062 (min 0.398), pairs 0.886 +- 0.053 (min 0.781); LOO rho 0.576 pairs 0.930
    ranks among outlets  rho 0.545 +- 0.058 (min 0.398), pairs 0.916 +- 0.039 (min 0.842); LOO rho 0.531 pairs 0.921
    all, chosen inside   rho 0.529 +- 0.065 (min 0.382), pairs 0.876 +- 0.045 (min 0.798); LOO rho 0.476 pairs 0.860
    penalty chosen in the 100 outer folds: 30 (45x), 10 (36x), 100 (7x), 3 (7x), others (5x)
    final fit on all 41 outlets: alpha 30, bias 0.957, spread 0.302
(The single unshuffled GroupKFold split of the previous version gave rho
0.510, pairs 0.860: one draw from the distribution above.)
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
    transform,
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
