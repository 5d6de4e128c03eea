"""Dump every finding and score of the scoring stage, to diff before and after a speed-up.

A speed-up of ``score_article`` must leave its output as it was. This writes
one JSON line per article of a fixed corpus (the demo site's article pages
as ``clean_html`` gives them, the PolNeAR dev texts, the abp-dev articles):
its sentences (spans), score, features, language flag and every finding
with all its fields (kind, spans, cue, source, source type, rule, speaker);
then one line per outlet with what the outlet roll-up (``score_sources``)
makes of them (score, interval, pooled features, kept evidence). Floats are
written as Python's ``repr`` (exact), so ``--compare`` reports any change,
however small.

Usage::

    python tools/dump_scores.py OUT.jsonl [--limit N]
    python tools/dump_scores.py --compare BEFORE.jsonl AFTER.jsonl

Reads ``../shared/data`` (PolNeAR dev, abp-dev), never copies it into the
repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.dumps import load_pair  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
DEMO_SITE = ROOT / "scraper" / "demo" / "site"


def corpus(limit: int | None) -> Iterator[tuple[str, str, str, str, str | None, str]]:
    """``(set, id, outlet, text, language, title)`` of every article, in a fixed order."""
    from cleaners import clean_html

    for path in sorted(DEMO_SITE.rglob("*.html")):
        doc = clean_html(path.read_bytes())
        if doc.rejection is None:
            rel = path.relative_to(DEMO_SITE)
            yield "demo", str(rel), rel.parts[0], doc.text, doc.language, doc.title or ""
    polnear = DATA / "attribution" / "polnear-dev.jsonl"
    seen: set[str] = set()
    for line in polnear.read_text("utf-8").splitlines()[:limit]:
        rec = json.loads(line)
        if rec["article"] not in seen:  # the same article's text once
            seen.add(rec["article"])
            yield "polnear-dev", str(rec["article"]), str(rec["publisher"]), rec["text"], None, ""
    abp = DATA / "outlets" / "abp-dev.jsonl"
    for line in abp.read_text("utf-8").splitlines()[:limit]:
        rec = json.loads(line)
        yield "abp-dev", rec["id"], rec["domain"], rec["text"], None, rec.get("title", "")


def _exact(value: Any) -> Any:
    """Floats as their exact ``repr`` (JSON would do too, but say so)."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict):
        return {k: _exact(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact(v) for v in value]
    return value


def dump(out: Path, limit: int | None) -> tuple[int, int]:
    from scraper.scoring import score_article, score_sources
    from scraper.scoring.article import find_evidence

    pairs: dict[str, list[tuple[str, Any, str, str]]] = {}
    articles = 0
    with out.open("w", encoding="utf-8") as fh:
        for set_name, ident, outlet, text, language, title in corpus(limit):
            art = score_article(text, language)
            sentences, _ = find_evidence(text)
            fh.write(json.dumps({
                "set": set_name, "id": ident, "score": _exact(art.score), "sentences": art.sentences,
                "language_supported": art.language_supported, "features": _exact(art.features),
                "sentence_spans": [[s.start, s.end, s.paragraph] for s in sentences],
                "evidence": [_exact(asdict(e)) for e in art.evidence],
            }, ensure_ascii=False, sort_keys=True) + "\n")
            pairs.setdefault(set_name, []).append((f"{set_name}/{outlet}", art, f"{set_name}:{ident}", title))
            articles += 1
        outlets = 0
        for set_name, items in pairs.items():
            for source, sc in sorted(score_sources(items).items()):
                row = asdict(sc)
                row["evidence"] = [_exact(asdict(r)) for r in sc.evidence]
                fh.write(json.dumps({"set": "outlet", "id": source, **_exact(row)},
                                    ensure_ascii=False, sort_keys=True) + "\n")
                outlets += 1
    return articles, outlets


def compare(before: Path, after: Path) -> int:
    """Print how many rows differ, per set and field (and which); 1 when any does."""
    pair = load_pair(before, after, "row")
    if pair is None:
        return 1
    a, b = pair
    fields = sorted({f for r in a.values() for f in r} | {f for r in b.values() for f in r})
    changed = 0
    for key in a:
        diff = [f for f in fields if a[key].get(f) != b[key].get(f)]
        if diff:
            changed += 1
            if changed <= 20:
                print(f"    {key[0]}/{key[1]}: {', '.join(diff)}")
    sets: dict[str, int] = {}
    for s, _ in a:
        sets[s] = sets.get(s, 0) + 1
    counts = ", ".join(f"{n} {s}" for s, n in sorted(sets.items()))
    findings = sum(len(r.get("evidence", [])) for r in a.values() if r["set"] != "outlet")
    print(f"{changed} of {len(a)} rows differ ({counts}; {findings} article findings)")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", help="JSONL file to write")
    parser.add_argument("--limit", type=int, default=None, help="first N lines of each shared file only")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give OUT or --compare BEFORE AFTER")
    if not DATA.is_dir():
        print(f"shared data not found at {DATA}", file=sys.stderr)
        return 2
    articles, outlets = dump(args.out, args.limit)
    print(f"{articles} articles and {outlets} outlets written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
