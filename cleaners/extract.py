"""HTML to blocks plus metadata (title, authors, date, language)."""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura

from cleaners.document import Block, Removal

__all__ = ["Extraction", "extract"]


@dataclass(frozen=True, slots=True)
class Extraction:
    blocks: tuple[Block, ...]
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    language: str | None = None
    removed: tuple[Removal, ...] = ()


def extract(html: str | bytes, url: str | None = None) -> Extraction:
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, as_dict=False)
    if doc is None:
        return Extraction(blocks=())
    text = doc.text or ""
    blocks = tuple(Block(line.strip()) for line in text.split("\n") if line.strip())
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return Extraction(
        blocks=blocks,
        title=doc.title,
        authors=authors,
        published=doc.date,
        language=None,
    )
