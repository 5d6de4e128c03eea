"""Article-extraction benchmark: ``clean_html`` against plain trafilatura.

Scores each page of ``<data>/<set>/`` with the shingle F1 of ``metric.md``
(tokens are ``\\w+`` runs, 4-token shingles as a multiset, precision and
recall averaged over pages) and times both extractors page by page, in
alternation, so that machine noise hits both alike: wall clock, and this
process's CPU time (which other processes on a shared machine disturb less).

Usage::

    python bench/extraction.py [--set fundus-2024] [--limit 50] [--data DIR] [--text-mode]

``--text-mode`` adds a column: each page's naive text dump
(``bench/naive_dump.py``) through ``clean_text``, beside the dump itself
uncleaned (the "no cleaning" baseline). Each set ends with the 10 pages of
lowest recall, with the rule whose removals held most of their ground truth,
and the pages that ended empty or shorter than half of trafilatura's text
because of a cruft rule: giving back the rule removals that hold ground truth
the output lacks would have lifted them to half (beside it, the older count:
short pages whose removed ground truth is held mostly by a rule's removals,
even when that text is also kept elsewhere). Before a set is timed, one page goes
through every side untimed and the models a crawl worker loads at its start
are loaded, so one-time loads count against neither side.

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
for _path in (ROOT, ROOT / "bench"):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

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
    cpu_seconds: float = 0.0  # this process's CPU time: less hit by other processes than wall time
    empty: list[str] = field(default_factory=list)

    def summary(self) -> tuple[float, float, float]:
        """(F1, precision, recall): means over the pages where each is defined."""
        ps = [s.precision for s in self.scores if s.tp + s.fp > 0]
        rs = [s.recall for s in self.scores if s.tp + s.fn > 0]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(rs) / len(rs) if rs else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return f1, p, r


@dataclass(slots=True)
class Page:
    id: str
    url: str | None
    html: bytes
    truth: str
    dump: str = ""


def load_pages(set_dir: Path, limit: int | None) -> Iterator[Page]:
    """Pages of one set in index order (pages with a missing file are skipped)."""
    index = set_dir / "index.jsonl"
    rows = [json.loads(line) for line in index.read_text("utf-8").splitlines() if line.strip()]
    for row in rows[:limit]:
        html_path, txt_path = set_dir / f"{row['id']}.html", set_dir / f"{row['id']}.txt"
        if html_path.exists() and txt_path.exists():
            truth = txt_path.read_text("utf-8", errors="replace")
            yield Page(row["id"], row.get("url"), html_path.read_bytes(), truth)


@dataclass(slots=True)
class Outcome:
    """What one cleaner did to one page: its text and removals."""

    text: str
    removed: tuple = ()


_last: dict[str, Outcome] = {}


def ours(page: Page) -> str:
    from cleaners import clean_html

    doc = clean_html(page.html, page.url)
    _last["html"] = Outcome(doc.text, doc.removed)
    return doc.text


def ours_text(page: Page) -> str:
    from cleaners import clean_text

    doc = clean_text(page.dump)
    _last["text"] = Outcome(doc.text, doc.removed)
    return doc.text


def no_cleaning(page: Page) -> str:
    return page.dump


def trafilatura_default(page: Page) -> str:
    import trafilatura

    return trafilatura.extract(page.html) or ""


def run_one(fn: Callable[[Page], str], page: Page, tally: Tally) -> str:
    start, cpu_start = time.perf_counter(), time.process_time()
    text = fn(page)
    tally.seconds += time.perf_counter() - start
    tally.cpu_seconds += time.process_time() - cpu_start
    tally.scores.append(score_page(text, page.truth))
    if not text.strip() and page.truth.strip():
        tally.empty.append(page.id)
    return text


@dataclass(slots=True)
class PageRecord:
    """One page's scores and what the worst-page listing needs."""

    id: str
    score: PageScore
    text_chars: int
    trafilatura_chars: int
    lost_to: tuple[str, int] | None  # (rule, ground-truth shingles its removals held)
    rule_chars: int = 0  # characters of cruft-rule removals holding ground truth the text lacks
    text_score: PageScore | None = None
    text_lost_to: tuple[str, int] | None = None


def lost_to(outcome: Outcome, truth: str) -> tuple[str, int] | None:
    """The rule whose removals hold most of the page's ground-truth shingles."""
    true = shingles(truth)
    held: Counter[str] = Counter()
    for removal in outcome.removed:
        overlap = sum((shingles(removal.text) & true).values())
        if overlap:
            held[removal.rule] += overlap
    return held.most_common(1)[0] if held else None


def rule_loss(outcome: Outcome, truth: str) -> int:
    """Characters of cruft-rule removals that hold ground truth the cleaned
    text lacks: what restoring those rules' truth-bearing removals would add."""
    missing = shingles(truth) - shingles(outcome.text)
    return sum(len(r.text) for r in outcome.removed
               if _is_rule(r.rule) and shingles(r.text) & missing)


@dataclass(slots=True)
class SetRun:
    mine: Tally = field(default_factory=Tally)
    theirs: Tally = field(default_factory=Tally)
    text: Tally = field(default_factory=Tally)
    raw: Tally = field(default_factory=Tally)
    records: list[PageRecord] = field(default_factory=list)


def _warm_up(set_dir: Path, text_mode: bool) -> None:
    """One untimed page through every side, and the models a crawl worker loads
    when it starts (langdetect's profiles, the block model, the stoplists), so
    that one-time loads count against neither side."""
    from cleaners.model.blocks import warm
    from cleaners.text.language import langdetect_factory
    from naive_dump import dump

    langdetect_factory()
    warm()
    for page in load_pages(set_dir, 1):
        ours(page)
        trafilatura_default(page)
        if text_mode:
            page.dump = dump(page.html)
            ours_text(page)


def bench_set(set_dir: Path, limit: int | None, verbose: bool, text_mode: bool = False) -> SetRun:
    from naive_dump import dump

    run = SetRun()
    mine, theirs = run.mine, run.theirs
    _warm_up(set_dir, text_mode)
    for n, page in enumerate(load_pages(set_dir, limit)):
        # Alternate who goes first so caches and noise favour neither side.
        order = [(ours, mine), (trafilatura_default, theirs)]
        texts = {}
        for fn, tally in order if n % 2 == 0 else order[::-1]:
            texts[fn.__name__] = run_one(fn, page, tally)
        record = PageRecord(page.id, mine.scores[-1], len(texts["ours"]),
                            len(texts["trafilatura_default"]), lost_to(_last["html"], page.truth),
                            rule_loss(_last["html"], page.truth))
        if text_mode:
            page.dump = dump(page.html)
            run_one(ours_text, page, run.text)
            run_one(no_cleaning, page, run.raw)
            record.text_score = run.text.scores[-1]
            record.text_lost_to = lost_to(_last["text"], page.truth)
        run.records.append(record)
        if verbose:
            a, b = mine.scores[-1], theirs.scores[-1]
            print(f"{page.id}\tours P{a.precision:.3f} R{a.recall:.3f}"
                  f"\ttraf P{b.precision:.3f} R{b.recall:.3f}")
    return run


WORST = 10


def _worst(records: list[PageRecord], text: bool) -> None:
    scored = [(r.text_score if text else r.score, r) for r in records]
    scored = [(s, r) for s, r in scored if s is not None and s.tp + s.fn > 0]
    print(f"  worst {WORST} by recall ({'clean_text on the dump' if text else 'clean_html'}):")
    for s, r in sorted(scored, key=lambda sr: (sr[0].recall, sr[1].id))[:WORST]:
        lost = r.text_lost_to if text else r.lost_to
        rule = f"{lost[0]} ({lost[1]} truth shingles)" if lost else "-"
        print(f"    {r.id:<40} R {s.recall:.3f}  P {s.precision:.3f}  most lost to {rule}")


def _is_rule(name: str) -> bool:
    """A cruft rule (not extraction's own choice or the block model)."""
    return not name.startswith(("extract.", "vote.", "block_model."))


def report(name: str, run: SetRun) -> None:
    mine, theirs = run.mine, run.theirs
    pages = len(mine.scores)
    print(f"== {name} ({pages} pages)")
    for label, tally in (("clean_html", mine), ("trafilatura", theirs)):
        f1, p, r = tally.summary()
        ms = 1000 * tally.seconds / max(pages, 1)
        print(f"  {label:<12} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  {ms:7.1f} ms/page"
              f"  empty {len(tally.empty)}")
    ratio = mine.seconds / theirs.seconds if theirs.seconds else float("inf")
    cpu = mine.cpu_seconds / theirs.cpu_seconds if theirs.cpu_seconds else float("inf")
    print(f"  cost ratio   {ratio:.2f} x trafilatura (wall clock; CPU time {cpu:.2f} x)")
    if mine.empty:
        print(f"  empty (ours): {' '.join(mine.empty[:20])}")
    if run.text.scores:
        for label, tally in (("clean_text", run.text), ("no cleaning", run.raw)):
            f1, p, r = tally.summary()
            ms = 1000 * tally.seconds / max(pages, 1)
            print(f"  text mode: {label:<12} F1 {f1:.3f}  P {p:.3f}  R {r:.3f}  {ms:7.1f} ms/page"
                  f"  empty {len(tally.empty)}")
    _worst(run.records, text=False)
    if run.text.scores:
        _worst(run.records, text=True)
    short = [r for r in run.records if r.text_chars == 0 or r.text_chars < 0.5 * r.trafilatura_chars]
    held = [r for r in short if r.lost_to is not None and _is_rule(r.lost_to[0])]
    # "because of a cruft rule": giving back the rules' removals that hold ground truth the
    # output lacks would have lifted the page out of empty / to half of trafilatura's text
    lost = [r for r in short if r.rule_chars and (r.text_chars == 0 or r.text_chars + r.rule_chars
                                                   >= 0.5 * r.trafilatura_chars)]
    print(f"  empty or under half of trafilatura's text because of a cruft rule: {len(lost)} "
          f"(short, and a rule's removals hold most of the truth it removed: {len(held)})")
    for r in [r for r in short if r in held or r in lost][:20]:
        print(f"    {r.id}: {r.text_chars} vs {r.trafilatura_chars} chars, R {r.score.recall:.3f}, "
              f"rules removed {r.rule_chars} chars of missing truth, most held by {r.lost_to}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", dest="sets", help="set name (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data dir")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every page")
    parser.add_argument("--text-mode", action="store_true",
                        help="also clean each page's naive text dump with clean_text")
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
        report(name, bench_set(args.data / name, args.limit, args.verbose, args.text_mode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
