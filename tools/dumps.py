"""Reading the JSON Lines dumps that ``dump_clean.py`` and ``dump_scores.py`` write.

Both tools prove a speed-up changes nothing by comparing a dump made before
it with one made after; the rows are keyed by ``(set, id)`` in both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

Rows = dict[tuple[str, str], dict[str, Any]]


def load_rows(path: Path) -> Rows:
    """The dump's rows by (set, id)."""
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip())
    return {(r["set"], r["id"]): r for r in rows}


def load_pair(before: Path, after: Path, noun: str) -> tuple[Rows, Rows] | None:
    """Both dumps' rows, or None (after saying so) when they do not hold the same keys."""
    a, b = load_rows(before), load_rows(after)
    if a.keys() != b.keys():
        print(f"{noun} sets differ: {len(a.keys() - b.keys())} only before, {len(b.keys() - a.keys())} only after")
        return None
    return a, b
