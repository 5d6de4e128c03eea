"""Learn a source's boilerplate lines from the pages it serves.

A :class:`TemplateLearner` watches the blocks of each page, per source, and
counts on how many distinct pages each (normalised) short block appears.
Lines seen on at least ``min_pages`` pages *and* on at least ``min_share`` of
the source's pages are its template: navigation labels, recurring promos,
footers. :func:`template_for` returns them for :class:`CleanOptions.template`,
and cleaning removes matching blocks with kind ``template``.

Long text is never tracked (``max_chars``), so a unique article paragraph can
never become template, and memory stays bounded (``max_lines`` per source:
when full, the lines seen on the fewest pages are forgotten first).

The learner is a plain object: :meth:`to_dict` / :meth:`from_dict` round-trip
it through JSON so a crawl's state store can keep it between runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cleaners.document import Block
from cleaners.errors import InputError

__all__ = ["TemplateLearner", "normalise_line"]

_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})


def normalise_line(text: str) -> str:
    """The form a block is counted and matched in: casefolded, quotes folded,
    whitespace collapsed, digit runs replaced by ``0`` ("3 comments" and
    "12 comments" are the same template line)."""
    folded = _SPACE.sub(" ", text.translate(_QUOTES)).strip().casefold()
    return _DIGITS.sub("0", folded)


class TemplateLearner:
    """Count, per source, on how many pages each short block appears."""

    def __init__(
        self,
        *,
        min_pages: int = 5,
        min_share: float = 0.5,
        max_chars: int = 200,
        max_lines: int = 2000,
    ) -> None:
        if min_pages < 1 or not 0.0 < min_share <= 1.0 or max_chars < 1 or max_lines < 10:
            raise InputError("TemplateLearner: thresholds out of range")
        self.min_pages = min_pages
        self.min_share = min_share
        self.max_chars = max_chars
        self.max_lines = max_lines
        self._pages: dict[str, int] = {}
        self._counts: dict[str, dict[str, int]] = {}

    def observe(self, source: str, blocks: Iterable[Block | str]) -> None:
        """Record one page of ``source`` (its blocks before cleaning)."""
        lines = set()
        for block in blocks:
            text = block.text if isinstance(block, Block) else str(block)
            if 0 < len(text.strip()) <= self.max_chars:
                lines.add(normalise_line(text))
        self._pages[source] = self._pages.get(source, 0) + 1
        counts = self._counts.setdefault(source, {})
        for line in sorted(lines):
            counts[line] = counts.get(line, 0) + 1
        if len(counts) > self.max_lines:
            self._forget(counts)

    def _forget(self, counts: dict[str, int]) -> None:
        """Shrink to three quarters of ``max_lines``: rarest first, oldest first."""
        order = sorted(enumerate(counts.items()), key=lambda item: (item[1][1], item[0]))
        for _, (line, _count) in order[: len(counts) - self.max_lines * 3 // 4]:
            del counts[line]

    def pages(self, source: str) -> int:
        """How many pages of ``source`` were observed."""
        return self._pages.get(source, 0)

    def template_for(self, source: str) -> frozenset[str]:
        """Normalised lines that are boilerplate for ``source`` (maybe empty)."""
        pages = self._pages.get(source, 0)
        needed = max(self.min_pages, self.min_share * pages)
        counts = self._counts.get(source, {})
        return frozenset(line for line, count in counts.items() if count >= needed)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready state."""
        return {
            "min_pages": self.min_pages,
            "min_share": self.min_share,
            "max_chars": self.max_chars,
            "max_lines": self.max_lines,
            "sources": {
                source: {"pages": self._pages[source], "lines": dict(self._counts.get(source, {}))}
                for source in sorted(self._pages)
            },
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TemplateLearner:
        """Rebuild a learner saved with :meth:`to_dict`."""
        try:
            learner = cls(
                min_pages=int(data["min_pages"]),
                min_share=float(data["min_share"]),
                max_chars=int(data["max_chars"]),
                max_lines=int(data["max_lines"]),
            )
            for source, state in dict(data["sources"]).items():
                learner._pages[str(source)] = int(state["pages"])
                learner._counts[str(source)] = {
                    str(line): int(count) for line, count in dict(state["lines"]).items()
                }
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"not a saved TemplateLearner: {exc!r}") from exc
        return learner
