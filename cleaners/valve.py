"""The safety valve of HTML cleaning: rules may not eat what both extractors kept.

When trafilatura and readability agree on a long body and the cleaning after
them (furniture, cruft rules, the block model) leaves less than
``CleanOptions.min_kept_share`` of it, a rule misfired (a body taken for a
figure caption, a subheading taken for an end marker). Then the agreed body
comes back with only the headline, byline and dateline lines taken out and
no cruft rules run, and the document gets a ``rule_valve`` note (as
trafilatura's ``prune_unwanted_nodes`` puts its tree back).

Link lists (index pages) are not part of the agreed body: they are no article;
nor is a comment thread its signatures proved (``comments.thread``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from cleaners.document import Block, CleanDocument, CleanOptions, Removal

__all__ = ["agreed_body", "restore_if_eaten"]

# Furniture the valve still takes out: it is not body text by construction.
KEPT_OUT = frozenset({"duplicate.title", "byline.author", "dateline.date", "separator.no_words",
                      "header.before_title", "extract.link_list"})
# What the rules took out that is no body either: a comment thread its signatures proved.
RULED_OUT = frozenset({"comments.thread"})


def agreed_body(agreed: Sequence[Block], removed: Sequence[Removal]) -> list[Block]:
    """The agreed blocks without headline, byline, dateline and link-list lines."""
    out_texts = {r.text for r in removed if r.rule in KEPT_OUT}
    return [b for b in agreed if b.text not in out_texts]


def restore_if_eaten(
    doc: CleanDocument,
    agreed: Sequence[Block],
    removed: Sequence[Removal],
    options: CleanOptions,
    rerun: Callable[[list[Block], list[Removal], CleanOptions], CleanDocument],
) -> CleanDocument:
    """``doc``, or the agreed body cleaned without rules when ``doc`` lost most of it."""
    thread = {r.text for r in doc.removed if r.rule in RULED_OUT}
    body = [b for b in agreed_body(agreed, removed) if b.text not in thread]
    size = sum(len(b.text) for b in body)
    if size < options.min_text_chars or len(doc.text) >= options.min_kept_share * size:
        return doc
    texts = {b.text for b in body}
    still_removed = [r for r in removed if r.text not in texts]
    restored = rerun(body, still_removed, replace(options, cruft_rules=False, block_model=False))
    if len(restored.text) <= len(doc.text):
        return doc
    eaten = sorted({r.rule for r in doc.removed if r.text in texts})
    note = (f"rule_valve: rules left {len(doc.text)} of {size} chars both extractors kept "
            f"({', '.join(eaten[:4]) or 'none'}); restored {len(restored.text)}")
    return replace(restored, notes=(*restored.notes, note))
