"""Dump ``clean_html``'s output for every dev page, to diff before and after a speed-up.

A speed-up must leave every page's output as it was. This writes one JSON line
per page of ``<data>/<set>/`` (id, text, published date, title, language, and
the audit trail: every removal's kind, rule, text and locator), in index order,
so that two dumps compare with ``diff`` or with ``--compare``, which counts
the pages whose text, date or removals differ.

Usage::

    python tools/dump_clean.py OUT.jsonl [--data DIR] [--set NAME]
    python tools/dump_clean.py --compare BEFORE.jsonl AFTER.jsonl

Reads ``../shared/data/extraction`` (the default ``--data``), never copies it
into the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools.dumps import load_pair  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction"
FIELDS = ("text", "published", "title", "language", "removed")


def dump(data: Path, sets: list[str], out: Path) -> int:
    from cleaners import clean_html

    pages = 0
    with out.open("w", encoding="utf-8") as fh:
        for name in sets:
            set_dir = data / name
            for raw in (set_dir / "index.jsonl").read_text("utf-8").splitlines():
                if not raw.strip():
                    continue
                row = json.loads(raw)
                html_path = set_dir / f"{row['id']}.html"
                if not html_path.exists():
                    continue
                doc = clean_html(html_path.read_bytes(), row.get("url"))
                fh.write(json.dumps({
                    "set": name, "id": row["id"], "text": doc.text, "published": doc.published,
                    "title": doc.title, "language": doc.language,
                    "removed": [[r.kind, r.rule, r.text, r.locator] for r in doc.removed],
                }, ensure_ascii=False) + "\n")
                pages += 1
    return pages


def compare(before: Path, after: Path) -> int:
    """Print, per field, how many pages differ (and which); 1 when any does."""
    pair = load_pair(before, after, "page")
    if pair is None:
        return 1
    a, b = pair
    changed = False
    for field in FIELDS:
        diff = [key for key in a if a[key][field] != b[key][field]]
        changed |= bool(diff)
        print(f"{field:<10} {len(diff)} of {len(a)} pages differ")
        for s, i in diff[:20]:
            extra = f": {a[(s, i)][field]!r} -> {b[(s, i)][field]!r}" if field in ("published", "language") else ""
            print(f"    {s}/{i}{extra}")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, nargs="?", help="JSONL file to write")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="extraction data dir")
    parser.add_argument("--set", action="append", dest="sets", help="set name (repeatable)")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        parser.error("give OUT or --compare BEFORE AFTER")
    if not args.data.is_dir():
        print(f"extraction data not found at {args.data} (use --data)", file=sys.stderr)
        return 2
    sets = args.sets or sorted(p.name for p in args.data.iterdir() if (p / "index.jsonl").exists())
    print(f"{dump(args.data, sets, args.out)} pages written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
