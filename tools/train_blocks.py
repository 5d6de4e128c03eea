"""Train the block model (``cleaners/data/blocks_model.json.gz``) from the extraction sets.

Deterministic: same data, same weights. Usage::

    python tools/train_blocks.py [--data ../shared/data/extraction] [--out cleaners/data/blocks_model.json.gz]

Samples, from every page of ``<data>/*/``:

* text mode: the lines of the page's naive dump (``bench/naive_dump.py``);
* HTML mode: trafilatura's blocks as ``clean_html`` sees them, with their
  nodes (link density, tags, class/id words) and the page's title.

A block is body when at least half of its 3-token shingles are in the page's
ground truth (a block of fewer than 4 tokens: when it is a whole line of it).
One logistic regression (scikit-learn, lbfgs, no randomness) is fitted on both
modes together; a second stage adds the first stage's probabilities around
each block, fitted on out-of-fold first-stage probabilities. Weights go out as
JSON (sparse, 4 decimals) with the class/id vocabulary and thresholds.

The extraction sets are also the benchmark, so the script reports held-out
figures: 5-fold cross-validation grouped by site (no site in both fit and
test), text mode selected by the model alone (no rules) and scored with the
shingle F1 of ``metric.md``, beside doing nothing. The second stage's folds
reuse the first stage's out-of-fold probabilities (the first-stage models
that made them saw the other folds' pages): a small optimism.

Figures of the last run (printed by the script; 2,088 page samples from 377 sites,
123,873 blocks, a class/id vocabulary of 131 words)::

    fundus-2024: text mode, model alone, held-out F1 0.904 (P 0.904 R 0.904); no cleaning 0.686;
                 held-out block accuracy 0.910 (20794 blocks, both modes)
    l3s-gn1-2008: text mode, model alone, held-out F1 0.941 (P 0.948 R 0.935); no cleaning 0.693;
                  held-out block accuracy 0.941 (103079 blocks, both modes)
    thresholds: span keep 0.6, inside 0.4
    model: 188 + 14 weights, 2181 bytes gzipped

("Model alone" is the span-and-threshold selection without rules, titles or
rounds; ``bench/extraction.py --text-mode`` measures ``clean_text`` itself,
with the shipped full-data model, on the same pages: not held out.)
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from naive_dump import dump  # noqa: E402

from cleaners.model.features import Features, block_features, context_features  # noqa: E402
from cleaners.model.html_blocks import html_infos  # noqa: E402
from cleaners.extraction.core import DEFAULT_EXTRACT_OPTIONS  # noqa: E402
from cleaners.extraction.meta import page_meta  # noqa: E402
from cleaners.extraction.trafilatura import LocatorIndex, trafilatura_blocks, with_locators  # noqa: E402
from cleaners.html.decode import decode_html  # noqa: E402
from cleaners.html.hidden import strip_screen_reader_text  # noqa: E402
from cleaners.html.repair import reparse  # noqa: E402
from cleaners.html.tree import parse_html  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"
DEFAULT_OUT = ROOT / "cleaners" / "data" / "blocks_model.json.gz"
TOKEN = re.compile(r"\w+")
FOLDS = 5
VOCABULARY_MIN_SITES = 3
VOCABULARY_SIZE = 300
C = 1.0


@dataclass
class PageSample:
    set_name: str
    page_id: str
    site: str
    mode: str              # "text" (a naive dump), "clean" (the truth's lines) or "html"
    texts: list[str]
    labels: list[int]
    truth: str
    features: list[Features] | None = None


def _site(set_name: str, page_id: str, url: str | None) -> str:
    if set_name.startswith("fundus"):
        return page_id.rsplit("_", 1)[0]
    host = urlsplit(url or "").hostname or page_id
    parts = host.split(".")
    return ".".join(parts[-3:] if len(parts[-1]) == 2 and len(parts) > 2 else parts[-2:])


def _norm(text: str) -> str:
    return " ".join(TOKEN.findall(text.casefold()))


class Truth:
    def __init__(self, text: str) -> None:
        self.lines = {_norm(line) for line in text.splitlines() if line.strip()}
        tokens = TOKEN.findall(text.casefold())
        self.shingles = {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}

    def label(self, text: str) -> int:
        tokens = TOKEN.findall(text.casefold())
        if len(tokens) < 4:
            return int(bool(tokens) and _norm(text) in self.lines)
        own = [tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)]
        return int(sum(1 for s in own if s in self.shingles) >= 0.5 * len(own))


def load_pages(data: Path) -> Iterator[tuple[str, str, str | None, bytes, str]]:
    for set_dir in sorted(p for p in data.iterdir() if (p / "index.jsonl").exists()):
        for line in (set_dir / "index.jsonl").read_text("utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            html_path, txt_path = set_dir / f"{row['id']}.html", set_dir / f"{row['id']}.txt"
            if html_path.exists() and txt_path.exists():
                yield (set_dir.name, row["id"], row.get("url"), html_path.read_bytes(),
                       txt_path.read_text("utf-8", errors="replace"))


def html_sample(html: bytes, url: str | None) -> tuple[list[str], list, str | None]:
    """trafilatura's blocks of the page as extract() builds them, their nodes, the title."""
    source = decode_html(html)
    tree = reparse(parse_html(source), source, min_source_chars=DEFAULT_EXTRACT_OPTIONS.reparse_min_source_chars)
    if tree is None:
        return [], [], None
    strip_screen_reader_text(tree, max_chars=DEFAULT_EXTRACT_OPTIONS.hidden_max_chars)
    meta = page_meta(tree, url)
    pairs = trafilatura_blocks(tree, url, favor_precision=True, fast=True)
    index = LocatorIndex(tree)
    blocks = with_locators(pairs, index)
    return [b.text for b in blocks], html_infos(blocks, index), meta.title


def build_samples(data: Path) -> tuple[list[PageSample], list[tuple[PageSample, list]], Counter[str]]:
    samples: list[PageSample] = []
    html_raw: list[tuple[PageSample, list]] = []
    class_sites: dict[str, set[str]] = {}
    for set_name, page_id, url, html, truth_text in load_pages(data):
        truth = Truth(truth_text)
        site = _site(set_name, page_id, url)
        lines = [line for line in dump(html).splitlines() if line.strip()]
        samples.append(PageSample(set_name, page_id, site, "text", lines,
                                  [truth.label(t) for t in lines], truth_text))
        # A clean text (the ground truth's own lines) is text-mode input too:
        # cleaning an article again must keep it whole.
        clean = [line.strip() for line in truth_text.splitlines() if line.strip()]
        samples.append(PageSample(set_name, page_id, site, "clean", clean, [1] * len(clean), truth_text))
        texts, infos, title = html_sample(html, url)
        sample = PageSample(set_name, page_id, site, "html", texts,
                            [truth.label(t) for t in texts], truth_text)
        html_raw.append((sample, [infos, title]))
        for info in infos:
            if info is not None:
                for word in info.words:
                    class_sites.setdefault(word, set()).add(site)
    counts = Counter({w: len(s) for w, s in class_sites.items() if len(s) >= VOCABULARY_MIN_SITES})
    return samples, html_raw, counts


def _fit(rows: list[Features], labels: list[int], weights: list[float]):  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=C, max_iter=3000, solver="lbfgs", fit_intercept=False)
    model.fit(matrix, labels, sample_weight=weights)
    return vectorizer, model


def _predict(fitted, rows: list[Features]) -> list[float]:  # type: ignore[no-untyped-def]
    vectorizer, model = fitted
    return [float(p) for p in model.predict_proba(vectorizer.transform(rows))[:, 1]]


def _weights(fitted) -> dict[str, float]:  # type: ignore[no-untyped-def]
    vectorizer, model = fitted
    return {name: round(float(w), 4) for name, w in zip(vectorizer.get_feature_names_out(), model.coef_[0])
            if round(float(w), 4) != 0.0}


def _flatten(pages: list[PageSample], key: str = "features") -> tuple[list[Features], list[int], list[float]]:
    rows: list[Features] = []
    labels: list[int] = []
    weights: list[float] = []
    for page in pages:
        feats = getattr(page, key)
        rows += feats
        labels += page.labels
        # Longer blocks weigh more: they hold more of the scored shingles.
        weights += [1.0 + 0.5 * len(t.split()) ** 0.5 for t in page.texts]
    return rows, labels, weights


def shingle_f1(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    """Metric of metric.md over (predicted, truth) pairs: F1, P, R."""
    def sh(text: str) -> Counter[tuple[str, ...]]:
        t = TOKEN.findall(text)
        if not t:
            return Counter()
        if len(t) < 4:
            return Counter([tuple(t)])
        return Counter(tuple(t[i:i + 4]) for i in range(len(t) - 3))

    ps, rs = [], []
    for predicted, truth in pairs:
        a, b = sh(predicted), sh(truth)
        tp = sum((a & b).values())
        fp, fn = sum(a.values()) - tp, sum(b.values()) - tp
        total = tp + fp + fn
        if not total:
            continue
        tp, fp, fn = tp / total, fp / total, fn / total
        if tp + fp > 0:
            ps.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fp))
        if tp + fn > 0:
            rs.append(1.0 if fp == 0 and fn == 0 else tp / (tp + fn))
    p = sum(ps) / len(ps) if ps else 0.0
    r = sum(rs) / len(rs) if rs else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


def select(texts: list[str], probs: list[float], keep: float, inside: float) -> str:
    """Text-mode selection by the model alone: the span from the first to the last
    block scored >= ``keep``; inside it, blocks scored >= ``inside``."""
    body = [i for i, p in enumerate(probs) if p >= keep]
    if not body:
        return ""
    return "\n".join(t for i, t in enumerate(texts[body[0]:body[-1] + 1], start=body[0])
                     if probs[i] >= inside)


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"extraction data not found at {args.data}", file=sys.stderr)
        return 2
    samples, html_raw, class_counts = build_samples(args.data)
    vocabulary = frozenset(w for w, _ in sorted(class_counts.items(), key=lambda kv: (-kv[1], kv[0]))
                           [:VOCABULARY_SIZE])
    for page in samples:
        page.features = block_features(page.texts)
    for page, (infos, title) in html_raw:
        page.features = block_features(page.texts, title=title, html=infos, vocabulary=vocabulary)
    pages = samples + [page for page, _ in html_raw]
    pages = [p for p in pages if p.texts]
    sites = sorted({p.site for p in pages})
    site_id = {s: i for i, s in enumerate(sites)}
    groups = [site_id[p.site] for p in pages]
    folds = list(GroupKFold(n_splits=FOLDS).split(pages, groups=groups))
    print(f"{len(pages)} page samples, {len(sites)} sites, "
          f"{sum(len(p.texts) for p in pages)} blocks, vocabulary {len(vocabulary)}", flush=True)

    # Stage 1, out of fold.
    oof1: dict[int, list[float]] = {}
    for train, test in folds:
        fitted = _fit(*_flatten([pages[i] for i in train]))
        for i in test:
            oof1[i] = _predict(fitted, pages[i].features or [])
    stage2 = [context_features(p.features or [], oof1[i]) for i, p in enumerate(pages)]
    for i, page in enumerate(pages):
        page.features2 = stage2[i]  # type: ignore[attr-defined]
    # Stage 2, out of fold (held-out figures).
    oof2: dict[int, list[float]] = {}
    for train, test in folds:
        fitted = _fit(*_flatten([pages[i] for i in train], "features2"))
        for i in test:
            oof2[i] = _predict(fitted, pages[i].features2)  # type: ignore[attr-defined]

    report: list[str] = []
    grid = [(k, n) for k in (0.5, 0.6, 0.7) for n in (0.1, 0.2, 0.3, 0.4, 0.5)]
    text_pages = [(i, p) for i, p in enumerate(pages) if p.mode == "text"]
    best = max(grid, key=lambda kn: sum(
        shingle_f1([(select(p.texts, oof2[i], *kn), p.truth) for i, p in text_pages if p.set_name == s])[0]
        for s in {p.set_name for _, p in text_pages}))
    for set_name in sorted({p.set_name for p in pages}):
        chosen = [(i, p) for i, p in text_pages if p.set_name == set_name]
        f_none = shingle_f1([("\n".join(p.texts), p.truth) for _, p in chosen])
        f_cv = shingle_f1([(select(p.texts, oof2[i], *best), p.truth) for i, p in chosen])
        right = total = 0
        for i, p in enumerate(pages):
            if p.set_name == set_name:
                right += sum(int((q >= 0.5) == bool(y)) for q, y in zip(oof2[i], p.labels))
                total += len(p.labels)
        report.append(f"{set_name}: text mode, model alone, held-out F1 {f_cv[0]:.3f} (P {f_cv[1]:.3f} "
                      f"R {f_cv[2]:.3f}); no cleaning {f_none[0]:.3f}; held-out block accuracy "
                      f"{right / total:.3f} ({total} blocks, both modes)")
    report.append(f"thresholds: span keep {best[0]}, inside {best[1]}")

    # Full-data model.
    first = _fit(*_flatten(pages))
    full1 = {i: _predict(first, p.features or []) for i, p in enumerate(pages)}
    # The second stage is fitted on out-of-fold first-stage probabilities, as it will meet
    # first-stage probabilities of pages the first stage never saw.
    second = _fit(*_flatten(pages, "features2"))
    del full1
    model = {
        "version": 1,
        "first": _weights(first),
        "second": _weights(second),
        "vocabulary": sorted(vocabulary),
        "thresholds": {"span_keep": best[0], "inside_keep": best[1]},
        "trained_on": sorted({p.set_name for p in pages}),
        "command": "python tools/train_blocks.py",
    }
    payload = json.dumps(model, sort_keys=True, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    report.append(f"model: {len(model['first'])} + {len(model['second'])} weights, "
                  f"{args.out.stat().st_size} bytes gzipped -> {args.out}")
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
