"""Article-extraction benchmark: ``clean_html`` against plain trafilatura.

Scores each page of ``<data>/<set>/`` with the shingle F1 of ``metric.md``
(tokens are ``\\w+`` runs, 4-token shingles as a multiset, precision and
recall averaged over pages) and times both extractors page by page, in
alternation, so that machine noise hits both alike.

Usage::

    python bench/extraction.py [--set fundus-2024] [--limit 50] [--data DIR]

The data lives outside the repository (``../shared/data/extraction`` by
default) and is never copied into it; without it the script exits with 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"
SHINGLE = 4
TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of 4-token shingles; a shorter text is one shingle of what it has."""
    tokens = TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    """Normalised tp/fp/fn of one page (they sum to 1, or are all 0)."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0 and self.tp > 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0 and self.tp > 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(predicted: str, truth: str) -> PageScore:
    """Shingle overlap of one page, divided by tp+fp+fn."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(slots=True)
class Tally:
    """Per-page scores and timings of one extractor over one set."""

    scores: list[PageScore] = field(default_factory=list)
    seconds: float = 0.0
    empty: list[str] = field(default_factory=list)

    def summary(self) -> tuple[float, float, float]:
        """(F1, precision, recall): means over the pages where each is defined."""
        ps = [s.precision for s in self.scores if s.tp + s.fp > 0]
        rs = [s.recall for s in self.scores if s.tp + s.fn > 0]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(rs) / len(rs) if rs else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f1, p, r


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str | None
    html: bytes
    truth: str


def load_pages(set_dir: Path, limit: int | None) -> Iterator[Page]:
    """Pages of one set in index order (pages with a missing file are skipped)."""
    index = set_dir / "index.jsonl"
    rows = [json.loads(line) for line in index.read_text("utf-8").splitlines() if line.strip()]
    for row in rows[:limit]:
        html_path, txt_path = set_dir / f"{row['id']}.html", set_dir / f"{row['id']}.txt"
        if html_path.exists() and txt_path.exists():
            truth = txt_path.read_text("utf-8", errors="replace")
            yield Page(row["id"], row.get("url"), html_path.read_bytes(), truth)


def ours(page: Page) -> str:
    from cleaners import clean_html

    return clean_html(page.html, page.url).text


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html) or ""


def run_one(fn: Callable[[Page], str], page: Page, tally: Tally) -> str:
    start = time.perf_counter()
    text = fn(page)
    tally.seconds += time.perf_counter() - start
    tally.scores.append(score_page(text, page.truth))
    if not text.strip() and page.truth.strip():
        tally.empty.append(page.id)
    return text


def bench_set(set_dir: Path, limit: int | None, verbose: bool) -> tuple[Tally, Tally]:
    mine, theirs = Tally(), Tally()
    for n, page in enumerate(load_pages(set_dir, limit)):
        # Alternate who goes first so caches and noise favour neither side.
        order = [(ours, mine), (trafilatura_default, theirs)]
        for fn, tally in order if n % 2 == 0 else order[::-1]:
            run_one(fn, page, tally)
        if verbose:
            a, b = mine.scores[-1], theirs.scores[-1]
            print(f"{page.id}\tours P{a.precision:.3f} R{a.recall:.3f}"
                  f"\ttraf P{b.precision:.3f} R{b.recall:.3f}")
    return mine, theirs


def report(name: str, mine: Tally, theirs: Tally) -> None:
    pages = len(mine.scores)
    print(f"== {name} ({pages} pages)")
    for label, tally in (("clean_html", mine), ("trafilatura", theirs)):
        f1, p, r = tally.summary()
        ms = 1000 * tally.seconds / max(pages, 1)
        print(f"  {label:<12} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  {ms:7.1f} ms/page"
              f"  empty {len(tally.empty)}")
    ratio = mine.seconds / theirs.seconds if theirs.seconds else float("inf")
    print(f"  cost ratio   {ratio:.2f} x trafilatura")
    if mine.empty:
        print(f"  empty (ours): {' '.join(mine.empty[:20])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", dest="sets", help="set name (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data dir")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"extraction data not found at {args.data} (use --data)", file=sys.stderr)
        return 2
    sets = args.sets or sorted(p.name for p in args.data.iterdir() if (p / "index.jsonl").exists())
    missing = [s for s in sets if not (args.data / s / "index.jsonl").exists()]
    if missing or not sets:
        print(f"no such set(s) under {args.data}: {', '.join(missing) or '(none)'}",
              file=sys.stderr)
        return 2
    for name in sets:
        mine, theirs = bench_set(args.data / name, args.limit, args.verbose)
        report(name, mine, theirs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
