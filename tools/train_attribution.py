"""Train the attribution model shipped as scraper/scoring/data/attribution.json.gz.

    python tools/train_attribution.py [--out PATH]

Reads shared/data/attribution/polnear-{train,dev}.jsonl beside the repository (one annotator per
article: the lowest annotator id), splits each text with the scorer's own
sentence splitter, and fits two L2 logistic regressions (scikit-learn
liblinear, deterministic):

- sentence: does the sentence hold a gold cue? (unigrams, bigrams, flags);
- cue: is this candidate token part of a gold cue? (token and context).
  Candidates are the tokens of a cue vocabulary learned on train (word seen
  in a gold cue >= 3 times and in >= 10% of its occurrences, and written
  lower-case in news: no names; no auxiliaries), plus every one-word form of the lexicon's
  reporting verbs ("commented" is rare in PolNeAR, common elsewhere).

It also ships the words that news writes lower-case (>= 8 times, and 3 times
as often as capitalised inside a sentence): a capitalised sentence start made
of one of them is no name ("Nobody said").

The regularisation, the mix of both logits and the thresholds are chosen on
dev; weights below PRUNE are dropped. Prints the dev figures.

Dev figures of the shipped file (this script's last run; the model's own
cue decision, before the scorer adds quotations and rules; since a cue made
only of words that extend one, "also" alone, is none in
``AttributionModel.decide``: the weights are those of the run before, which
gave sentence F1 0.877, cue spans 0.730):
    sentence  P 0.898 R 0.854 F1 0.875   (3,035 dev sentences, 1,863 positive)
    cue spans P 0.722 R 0.740 F1 0.731   (overlap match, one to one)
    chosen: C 0.3 (sentence) / 1.0 (cue), mix 0.5, thresholds 0.4 / 0.5
    2,495 sentence and 6,748 cue weights, 1,011 cue words, 4,613 lower-case words;
    252 kB json, 76 kB gzipped
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scraper.scoring.lexicons import REPORTING_VERBS  # noqa: E402
from scraper.scoring.features import cue_features, sentence_features, tokenize  # noqa: E402
from scraper.scoring.model import AttributionModel  # noqa: E402
from scraper.scoring.text import find_quotes, split_sentences  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "attribution"
OUT = ROOT / "scraper" / "scoring" / "data" / "attribution.json.gz"
PRUNE = {"sentence": 0.25, "cue": 0.5}  # smaller weights are dropped
CUE_MIN_COUNT = 3
CUE_MIN_SHARE = 0.10
COMMON_MIN = 8
# Parts of multi-word cues ("has said") that are never the cue's head: left
# out of the candidates (the head alone matches the gold cue, and it is cheaper).
AUXILIARIES = frozenset("be been being is are was were am has have had having do does did will would shall".split())
WORD_RX = re.compile(r"[A-Za-z]+")
SENTENCE_OPENERS = ("", ".", "?", "!", "\"", "“", "‘", "'", ":", ". ", "? ", "! ")


def load(split: str) -> list[dict[str, Any]]:
    """One record per article (the lowest annotator id)."""
    by_article: dict[str, dict[str, Any]] = {}
    with open(DATA / f"polnear-{split}.jsonl", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            kept = by_article.get(rec["article"])
            if kept is None or rec["annotator"] < kept["annotator"]:
                by_article[rec["article"]] = rec
    return [by_article[k] for k in sorted(by_article)]


def gold_cues(rec: dict[str, Any]) -> list[tuple[int, int]]:
    return sorted((s["start"], s["end"]) for a in rec["attributions"] for s in a["cue"])


def overlaps(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for s, e in spans)


def prepared(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per sentence: tokens, in-quote flags, label, gold cue spans inside it."""
    out = []
    for rec in records:
        text = rec["text"]
        quotes = find_quotes(text)
        cues = gold_cues(rec)
        for s in split_sentences(text, quotes):
            toks = tokenize(text, s.start, s.end)
            inq = [any(q.speech and q.start < a < q.end - 1 for q in quotes) for a in toks.starts]
            out.append({"toks": toks, "inq": inq, "label": overlaps(s.start, s.end, cues),
                        "cues": [c for c in cues if c[0] < s.end and s.start < c[1]], "text": text})
    return out


def cue_vocab(sents: list[dict[str, Any]], common: frozenset[str]) -> list[str]:
    """Words seen in gold cues often enough; names ("Reuters") are left out:
    a cue is a word news writes lower-case."""
    seen: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for s in sents:
        t = s["toks"]
        for a, b, low in zip(t.starts, t.ends, t.lows):
            seen[low] += 1
            if overlaps(a, b, s["cues"]):
                cue[low] += 1
    return sorted(w for w, c in cue.items() if c >= CUE_MIN_COUNT and c / seen[w] >= CUE_MIN_SHARE
                  and (not w.isalpha() or w in common) and w not in AUXILIARIES)


def common_words(records: list[dict[str, Any]]) -> list[str]:
    """Words written lower-case far more often than capitalised: a capitalised
    sentence start made of one of them ("Nobody", "Prices") is no name."""
    low: Counter[str] = Counter()
    cap: Counter[str] = Counter()
    for rec in records:
        text = rec["text"]
        for m in WORD_RX.finditer(text):
            w = m.group()
            if w[0].islower():
                low[w.lower()] += 1
            elif text[max(0, m.start() - 2) : m.start()].strip(" ") not in SENTENCE_OPENERS:
                cap[w.lower()] += 1  # capitalised inside a sentence: a name
    return sorted(w for w, n in low.items() if n >= COMMON_MIN and n >= 3 * cap[w])


def fit(rows: list[list[str]], labels: list[bool], c: float, prune: float) -> tuple[dict[str, float], float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform([dict.fromkeys(r, 1.0) for r in rows]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    clf = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    clf.fit(x, labels)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 3) for n, w in zip(names, clf.coef_[0]) if abs(w) >= prune}
    weights["bias"] = round(weights.get("bias", 0.0) + float(clf.intercept_[0]), 3)
    return weights, c


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def span_match(pred: list[tuple[int, int]], gold: list[tuple[int, int]]) -> int:
    """One-to-one overlap matches between predicted and gold spans."""
    used: set[int] = set()
    hits = 0
    for a, b in pred:
        for j, (s, e) in enumerate(gold):
            if j not in used and s < b and a < e:
                used.add(j)
                hits += 1
                break
    return hits


def evaluate(model: AttributionModel, sents: list[dict[str, Any]]) -> dict[str, tuple[float, float, float]]:
    stp = sfp = sfn = ctp = cpred = cgold = 0
    for s in sents:
        inq = dict(zip(s["toks"].starts, s["inq"]))
        _, cues = model.decide(s["toks"], lambda pos: inq.get(pos, False))
        pos = bool(cues)
        stp += pos and s["label"]
        sfp += pos and not s["label"]
        sfn += (not pos) and s["label"]
        pred = [(c.start, c.end) for c in cues]
        ctp += span_match(pred, s["cues"])
        cpred += len(pred)
        cgold += len(s["cues"])
    return {"sentence": prf(stp, sfp, sfn), "cue": prf(ctp, cpred - ctp, cgold - ctp)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    train, dev = prepared(load("train")), prepared(load("dev"))
    print(f"train {len(train)} sentences, dev {len(dev)} ({sum(s['label'] for s in dev)} positive)")
    common = common_words(load("train"))
    lexicon = {f for v in REPORTING_VERBS for f in v.forms if f.isalpha()}
    vocab = sorted(set(cue_vocab(train, frozenset(common))) | lexicon)
    vset = frozenset(vocab)
    print(f"cue vocabulary: {len(vocab)} words")
    srows = [sentence_features(s["toks"].lows) for s in train]
    slabels = [s["label"] for s in train]
    crows: list[list[str]] = []
    clabels: list[bool] = []
    for s in train:
        t = s["toks"]
        for i, low in enumerate(t.lows):
            if low in vset:
                crows.append(cue_features(t, i, s["inq"][i]))
                clabels.append(overlaps(t.starts[i], t.ends[i], s["cues"]))
    print(f"cue candidates: {len(crows)} train tokens, {sum(clabels)} positive")
    best: tuple[float, dict[str, Any]] | None = None
    cue_fits = {c: fit(crows, clabels, c, PRUNE["cue"])[0] for c in (0.3, 1.0)}
    for sc in (0.3, 1.0):
        sw, _ = fit(srows, slabels, sc, PRUNE["sentence"])
        for cc, cw in cue_fits.items():
            for mix in (0.5, 0.7):
                for st in (0.4, 0.45, 0.5):
                    for ct, floor in ((0.4, 0.0), (0.5, 0.0), (0.5, 0.1), (0.5, 0.2)):
                        data = {"sentence": sw, "cue": cw, "cue_vocab": vocab, "sentence_threshold": st,
                                "cue_threshold": ct, "cue_floor": floor, "mix": mix, "C_sentence": sc,
                                "C_cue": cc}
                        res = evaluate(AttributionModel.from_dict(data), dev)
                        key = res["sentence"][2] + 0.25 * res["cue"][2]
                        if best is None or key > best[0]:
                            best = (key, data)
                            print(f"  C {sc}/{cc} mix {mix} thr {st}/{ct}/{floor}: sentence F1 {res['sentence'][2]:.3f} "
                                  f"cue F1 {res['cue'][2]:.3f}")
    assert best is not None
    data = best[1]
    data["common_words"] = common
    print(f"common lower-case words: {len(data['common_words'])}")
    res = evaluate(AttributionModel.from_dict(data), dev)
    data["dev"] = {k: [round(v, 3) for v in res[k]] for k in ("sentence", "cue")}
    blob = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(gzip.compress(blob, mtime=0))
    p, r, f = res["sentence"]
    print(f"dev sentence  P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = res["cue"]
    print(f"dev cue spans P {p:.3f} R {r:.3f} F1 {f:.3f}")
    print(f"weights: {len(data['sentence'])} sentence, {len(data['cue'])} cue; "
          f"size {len(blob) / 1000:.0f} kB json, {args.out.stat().st_size / 1000:.0f} kB gzipped -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
