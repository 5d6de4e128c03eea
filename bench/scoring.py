"""Benchmark of the scoring stage on the shared dev data, against a trivial baseline.

    python bench/scoring.py [--repeat N] [--cv-repeats N] [--skip-outlets]

In one run, each figure beside the same figure for the baseline (a regex of
20 reporting verbs, ``tools/fit_outlet_formula.BASELINE_RX``):

1. PolNeAR dev (../shared/data/attribution/polnear-dev.jsonl, one annotator
   per article: the lowest id), sentences cut by the scorer's splitter:
   - sentence-level attribution P/R/F1: a sentence is positive when a gold
     cue overlaps it, predicted positive when an attribution or quote
     finding overlaps it;
   - the same with the gold's own predicate, "sentence with a cue":
     predicted positive when the cue of an attribution finding overlaps
     it (a quotation continuing a speaker in a sentence of its own is a
     true finding but holds no cue, in the gold or ours);
   - cue-span P/R/F1: a predicted cue (of an attribution finding; for the
     baseline, a regex match) matches a gold attribution when it overlaps one
     of its cue segments, one to one;
   - source figures over matched attributions that have a gold source span:
     span match (our source span overlaps the gold one) and type agreement
     (our source type equals the type the same classifier gives the gold
     source span: PolNeAR has no gold types, so this measures how often a
     wrong span changes the type, not the classifier itself). The baseline
     takes the capitalised words just before the verb as a named source.
2. abp-dev (../shared/data/outlets/abp-dev.jsonl): outlet Spearman rho and
   low-vs-high pair share (low pc1 < 0.4, high pc1 >= 0.8) under nested
   outlet-level cross-validation of the shipped procedure
   (``tools/fit_outlet_formula.SPACE``, ``tools/outlet_cv.py``: pooled
   sentence shares, mid-ranks among the training outlets, pairwise
   objective; the penalty and the sign table chosen by an inner CV inside
   each training fold, the best quarter of the candidates averaged), as
   mean +- sd and min over 20 differently seeded
   5-fold outlet splits and leave-one-outlet-out, for the shipped features
   and the baseline's one feature. It prints which choices were made inside
   the folds and which were fixed before.
3. Cost as the crawl pays it: ms per article of ``clean_html`` on the demo
   site's pages vs ``score_article`` on their cleaned text, page by page in
   alternation (budget: ratio <= 0.2).
4. Findings on the example documents in ../shared/seeds, when present.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.scoring import score_article  # noqa: E402
from scraper.scoring.article import find_evidence  # noqa: E402
from scraper.scoring.speakers import Context, classify_np  # noqa: E402
from tools.fit_outlet_formula import BASELINE_RX  # noqa: E402
from tools.train_attribution import load as load_polnear  # noqa: E402  (one record per article)

SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEMO_SITE = ROOT / "scraper" / "demo" / "site"
_CAPS_BEFORE_RX = re.compile(r"((?:[A-Z][\w.’'-]*\s+){1,4})$")


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


class Tally:
    """Counts of one system over PolNeAR dev."""

    def __init__(self) -> None:
        self.s = [0, 0, 0]  # sentence tp, fp, fn
        self.k = [0, 0, 0]  # the same, predicted positive by a cue (attribution findings only)
        self.c = [0, 0, 0]  # cue tp, predicted, gold
        self.src = [0, 0, 0]  # matched with gold source, span match, type agreement

    def figures(self) -> dict[str, float]:
        sp, sr, sf = prf(*self.s)
        kp, kr, kf = prf(*self.k)
        cp, cr, cf = prf(self.c[0], self.c[1] - self.c[0], self.c[2] - self.c[0])
        n = max(1, self.src[0])
        return {"sP": sp, "sR": sr, "sF": sf, "kP": kp, "kR": kr, "kF": kf, "cP": cp, "cR": cr, "cF": cf,
                "span": self.src[1] / n, "type": self.src[2] / n, "n_src": self.src[0]}


def _gold_type(text: str, src: list[dict[str, Any]]) -> str:
    sp = classify_np(" ".join(s["text"] for s in src), Context())
    return sp.cls if sp else ""


def _match(pred: list[tuple[int, int, tuple[int, int], str]], rec: dict[str, Any], t: Tally) -> None:
    """One-to-one matching of predicted cues to gold attributions."""
    used: set[int] = set()
    gold = rec["attributions"]
    t.c[1] += len(pred)
    t.c[2] += len(gold)
    for a, b, src, typ in pred:
        for j, g in enumerate(gold):
            if j in used or not _overlaps(a, b, [(c["start"], c["end"]) for c in g["cue"]]):
                continue
            used.add(j)
            t.c[0] += 1
            if g["source"]:
                t.src[0] += 1
                gspans = [(s["start"], s["end"]) for s in g["source"]]
                t.src[1] += src[0] >= 0 and _overlaps(src[0], src[1], gspans)
                t.src[2] += typ == _gold_type(rec["text"], g["source"])
            break


def evaluate_polnear(records: list[dict[str, Any]]) -> tuple[dict[str, float], dict[str, float]]:
    ours, base = Tally(), Tally()
    for rec in records:
        text = rec["text"]
        cues = [(c["start"], c["end"]) for a in rec["attributions"] for c in a["cue"]]
        sentences, evidence = find_evidence(text)
        found = [(e.start, e.end) for e in evidence if e.kind.startswith(("attribution.", "quote."))]
        found_cues = [e.cue() for e in evidence if e.kind.startswith("attribution.")]
        pred_cues = sorted({(e.cue_start, e.cue_end, (e.source_start, e.source_end), e.source_type)
                            for e in evidence if e.kind.startswith("attribution.")})
        base_cues = []
        for s in sentences:
            gold = _overlaps(s.start, s.end, cues)
            regex = BASELINE_RX.search(text, s.start, s.end) is not None
            for t, pos, cue_pos in ((ours, _overlaps(s.start, s.end, found), _overlaps(s.start, s.end, found_cues)),
                                    (base, regex, regex)):
                t.s[0] += pos and gold
                t.s[1] += pos and not gold
                t.s[2] += (not pos) and gold
                t.k[0] += cue_pos and gold
                t.k[1] += cue_pos and not gold
                t.k[2] += (not cue_pos) and gold
            for m in BASELINE_RX.finditer(text, s.start, s.end):
                caps = _CAPS_BEFORE_RX.search(text, s.start, m.start())
                src = (caps.start(1), caps.start(1) + len(caps.group(1).rstrip())) if caps else (-1, -1)
                base_cues.append((m.start(), m.end(), src, "named"))
        _match(pred_cues, rec, ours)
        _match(base_cues, rec, base)
    return ours.figures(), base.figures()


def evaluate_outlets(repeats: int, search: bool = False) -> tuple[dict[str, Any], dict[str, Any],
                                                                  list[tuple[str, dict[str, Any]]]]:
    """Nested repeated outlet-level CV of the shipped procedure and of the
    regex baseline (``tools/fit_outlet_formula.validate``; ``search``: also
    with every choice made inside the folds)."""
    from tools.fit_outlet_formula import load_outlets, validate

    feats, pc1, base = load_outlets()
    return validate(feats, pc1, base, repeats, search=search)


def pipeline_cost(repeat: int) -> tuple[float, float, int]:
    """(clean_html ms, score_article ms, pages) per article page of the demo site."""
    from cleaners import clean_html

    pages = []
    for path in sorted(DEMO_SITE.rglob("*.html")):
        html = path.read_bytes()
        if clean_html(html).rejection is None:
            pages.append(html)
    clean_total = score_total = 0.0
    for _ in range(repeat):
        for html in pages:
            t0 = time.perf_counter()
            doc = clean_html(html)
            t1 = time.perf_counter()
            score_article(doc.text, doc.language)
            t2 = time.perf_counter()
            clean_total += t1 - t0
            score_total += t2 - t1
    n = repeat * len(pages)
    return clean_total * 1000 / n, score_total * 1000 / n, len(pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cv-repeats", type=int, default=20, help="seeded outlet splits of the outlet CV")
    ap.add_argument("--skip-outlets", action="store_true", help="leave out the abp-dev cross-validation")
    ap.add_argument("--search", action="store_true",
                    help="also the outlet CV with every choice made inside the folds (slow: ~30 min)")
    args = ap.parse_args()
    score_article("Warm-up: the model loads here, said the bench.")
    records = load_polnear("dev")
    ours, base = evaluate_polnear(records)
    print(f"PolNeAR dev: {len(records)} articles (one annotator each)")
    print(f"{'':34s} {'ours':>7s} {'baseline':>9s}")
    for label, key in (("sentence attribution P", "sP"), ("sentence attribution R", "sR"),
                       ("sentence attribution F1", "sF"), ("sentence with a cue P", "kP"),
                       ("sentence with a cue R", "kR"), ("sentence with a cue F1", "kF"), ("cue span P", "cP"), ("cue span R", "cR"),
                       ("cue span F1", "cF"), ("source span match", "span"), ("source type agreement", "type")):
        print(f"{label:34s} {ours[key]:7.3f} {base[key]:9.3f}")
    print(f"(source figures over {ours['n_src']:.0f} / {base['n_src']:.0f} matched attributions with a gold source)")
    if not args.skip_outlets:
        o, b, extra = evaluate_outlets(args.cv_repeats, args.search)
        from tools.fit_outlet_formula import CHOSEN_INSIDE, FIXED_BEFORE
        from tools.outlet_cv import ENSEMBLE

        print(f"\nabp-dev, {o['outlets']} outlets, nested outlet-level CV: {o['repeats']} seeded "
              f"{o['folds']}-fold splits, mean ± sd (min); and leave-one-outlet-out")
        print(f"  chosen inside each training fold: {CHOSEN_INSIDE}; the inner CV ranks the candidates "
              f"and the best {ENSEMBLE:.0%} of them are averaged")
        print(f"  fixed before, not chosen inside: {FIXED_BEFORE}")
        print(f"{'':34s} {'ours':>22s} {'baseline':>23s}")
        for label, key in (("outlet Spearman rho", "rho"), ("low-vs-high pair share", "pairs")):
            print(f"{label:34s} {o[key]['mean']:7.3f} ± {o[key]['sd']:.3f} ({o[key]['min']:.3f}) "
                  f"{b[key]['mean']:7.3f} ± {b[key]['sd']:.3f} ({b[key]['min']:.3f})")
            print(f"{'  leave-one-outlet-out':34s} {o['loo'][key]:7.3f} {'':14s} {b['loo'][key]:7.3f}")
        for label, r in extra:  # --search: aggregation, transform, objective, signs, penalty all inside
            print(f"{label}: rho {r['rho']['mean']:.3f} ± {r['rho']['sd']:.3f} ({r['rho']['min']:.3f}), "
                  f"pairs {r['pairs']['mean']:.3f} ± {r['pairs']['sd']:.3f}; LOO rho {r['loo']['rho']:.3f}")
    clean_ms, score_ms, pages = pipeline_cost(args.repeat)
    print(f"\ncost per article page ({pages} demo pages, in alternation): clean_html {clean_ms:.2f} ms, "
          f"score_article {score_ms:.2f} ms, ratio {score_ms / clean_ms:.3f} (budget <= 0.200)")
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            art = score_article(text)
            print(f"\n== {path.name}: score {art.score:.3f} over {art.sentences} sentences")
            for e in art.evidence:
                who = f" [{e.source_type}: {e.speaker}]" if e.speaker else ""
                print(f"  {e.kind:24s} {e.start:5d}-{e.end:<5d} {e.text[:80]!r}{who}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
