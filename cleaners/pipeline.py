"""The shared tail of cleaning: blocks in, CleanDocument out.

Both entry points end here: :func:`cleaners.api.clean_html` after extraction,
:func:`cleaners.plaintext.clean_text` after splitting a text dump into blocks.

Order: cruft rules (:mod:`cleaners.cruft`), then the article's language (on a
bounded sample), then untranslated fragments (:mod:`cleaners.untranslated`).
Cutting a fragment can leave a block that a cruft rule matches ("Read more
[читать далее]") or change the language the sample reads as, so the three
steps repeat until the fragments step removes nothing (at most
:data:`MAX_ROUNDS` times; once on almost every page): the output is a fixed
point, and cleaning it again removes nothing.
"""

from __future__ import annotations

from dataclasses import replace

from cleaners.cruft import remove_cruft
from cleaners.document import Block, CleanDocument, CleanOptions, Removal
from cleaners.language import detect_language
from cleaners.untranslated import remove_foreign

__all__ = ["finish"]

MAX_ROUNDS = 3


def _split_lines(blocks: list[Block]) -> list[Block]:
    """One block per line: the output joins blocks with ``\\n``, so a block must
    hold no line break of its own."""
    out: list[Block] = []
    for block in blocks:
        lines = block.text.splitlines()
        if len(lines) == 1 and lines[0] == block.text.strip():
            out.append(block)
            continue
        out.extend(replace(block, text=line.strip()) for line in lines if line.strip())
    return out


def finish(
    blocks: list[Block],
    removed: list[Removal],
    *,
    title: str | None,
    authors: tuple[str, ...],
    published: str | None,
    language: str | None,
    options: CleanOptions,
) -> CleanDocument:
    """Remove cruft and untranslated fragments from ``blocks``; assemble the document."""
    notes: list[str] = []
    kept = _split_lines(blocks)
    origin = list(range(len(kept)))  # input position of each kept block
    found: list[tuple[int, int, Removal]] = []  # (position, sequence, removal)
    detected: str | None = None
    for _ in range(MAX_ROUNDS):
        if options.cruft_rules:
            cruft = remove_cruft(
                kept,
                title=title,
                template=options.template,
                max_tail_share=options.max_tail_share,
                max_teaser_blocks=options.max_teaser_blocks,
            )
            found += [(origin[i], len(found) + n, r) for n, (i, r) in enumerate(zip(cruft.removed_at, cruft.removed))]
            kept, origin = cruft.kept, [origin[i] for i in cruft.kept_at]
            notes += cruft.notes
            published = published or cruft.published
        if options.detect_language:
            detected = detect_language("\n".join(b.text for b in kept)) if kept else None
        if not options.remove_foreign:
            break
        foreign = remove_foreign(kept, language=detected or language)
        found += [(origin[i], len(found) + n, r) for n, (i, r) in enumerate(zip(foreign.removed_at, foreign.removed))]
        kept, origin = foreign.kept, [origin[i] for i in foreign.kept_at]
        if not foreign.removed:
            break
    removed = list(removed) + [removal for _, _, removal in sorted(found, key=lambda t: t[:2])]
    text = "\n".join(b.text for b in kept)
    rejection = None if len(text) >= options.min_text_chars else "no_article_text"
    return CleanDocument(
        text=text,
        title=title,
        authors=authors,
        published=published,
        language=language or detected,
        removed=tuple(removed),
        rejection=rejection,
        notes=tuple(notes),
    )
