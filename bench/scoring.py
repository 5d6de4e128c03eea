"""Benchmark of the scoring stage (issue #4).

    python bench/scoring.py [--repeat N]

1. Precision / recall / F1 per kind on tests/data/gold_sentences.jsonl, and
   for the groups ``attribution`` (all attribution.* as one label) and
   ``verification`` (all verification.* as one label). A sentence counts once
   per kind (set of predicted kinds vs set of expected kinds).
2. Cost, as the crawl pays it: ms per article of ``cleaners.clean_html`` on
   the bundled demo site's pages vs ``score_article`` on their cleaned text,
   timed page by page in alternation (the budget: scoring <= 1/5 of cleaning).
   For reference, also ``clean_text`` vs ``score_article`` on the gold
   sentences joined into articles of 20.
3. Findings on the example documents in ../shared/seeds, when present.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.scoring import score_article  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold_sentences.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"
GROUPS = ("attribution", "verification")


def load_gold(path: Path = GOLD) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _labels(kinds: set[str]) -> set[str]:
    return kinds | {k.split(".")[0] for k in kinds if k.split(".")[0] in GROUPS}


def evaluate(gold: list[dict[str, object]]) -> dict[str, tuple[float, float, float, int]]:
    """kind -> (precision, recall, F1, support)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for item in gold:
        text = str(item["text"])
        expected = _labels(set(item["kinds"]))  # type: ignore[arg-type]
        predicted = _labels({e.kind for e in score_article(text).evidence})
        for k in predicted & expected:
            tp[k] += 1
        for k in predicted - expected:
            fp[k] += 1
        for k in expected - predicted:
            fn[k] += 1
    out = {}
    for k in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        r = tp[k] / (tp[k] + fn[k]) if tp[k] + fn[k] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[k] = (p, r, f, tp[k] + fn[k])
    return out


def articles(gold: list[dict[str, object]], size: int = 20) -> list[str]:
    texts = [str(g["text"]) for g in gold]
    return ["\n\n".join(texts[i : i + size]) for i in range(0, len(texts), size)]


def cost(texts: list[str], repeat: int) -> tuple[float, float]:
    from cleaners import clean_text

    def per_article(fn: object) -> float:
        start = time.perf_counter()
        for _ in range(repeat):
            for t in texts:
                fn(t)  # type: ignore[operator]
        return (time.perf_counter() - start) * 1000 / (repeat * len(texts))

    # the cleaner takes the first line as headline: give it one
    headed = ["Headline\n" + t for t in texts]
    clean_ms = per_article(clean_text) if headed else 0.0
    score_ms = per_article(score_article)
    return score_ms, clean_ms


DEMO_SITE = ROOT / "scraper" / "demo" / "site"


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
            score_article(doc.text)
            t2 = time.perf_counter()
            clean_total += t1 - t0
            score_total += t2 - t1
    n = repeat * len(pages)
    return clean_total * 1000 / n, score_total * 1000 / n, len(pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    gold = load_gold()
    print(f"gold: {len(gold)} sentences, {sum(1 for g in gold if not g['kinds'])} negatives")
    print(f"{'kind':28s} {'P':>6s} {'R':>6s} {'F1':>6s} {'n':>5s}")
    for k, (p, r, f, n) in evaluate(gold).items():
        print(f"{k:28s} {p:6.3f} {r:6.3f} {f:6.3f} {n:5d}")
    clean_html_ms, page_score_ms, pages = pipeline_cost(args.repeat)
    print(f"\ncost per article page ({pages} demo pages, in alternation): "
          f"clean_html {clean_html_ms:.2f} ms, score_article {page_score_ms:.2f} ms, "
          f"ratio {page_score_ms / clean_html_ms:.3f} (budget <= 0.200)")
    texts = articles(gold)
    score_ms, clean_ms = cost(texts, args.repeat)
    print(f"reference, plain text ({len(texts)} gold articles of ~20 sentences): score_article "
          f"{score_ms:.2f} ms, clean_text {clean_ms:.2f} ms, ratio {score_ms / clean_ms:.3f}")
    if SEEDS.is_dir():
        for path in sorted(SEEDS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            art = score_article(text)
            print(f"\n== {path.name}: score {art.score:.3f} over {art.sentences} sentences")
            for e in art.evidence:
                who = f" [{e.speaker}]" if e.speaker else ""
                print(f"  {e.kind:24s} {e.start:5d}-{e.end:<5d} {e.text[:90]!r}{who}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
