"""Apply the rule tables of :mod:`cleaners.rules` to a list of blocks."""

from __future__ import annotations

from collections.abc import Sequence

from cleaners.document import Block, Removal
from cleaners.rules import ALL_RULES, Rule

__all__ = ["remove_cruft"]


def _match(text: str) -> Rule | None:
    for rule in ALL_RULES:
        if rule.pattern.fullmatch(text):
            return rule
    return None


def _removal(rule: Rule | None, kind: str, name: str, block: Block) -> Removal:
    if rule is not None:
        kind, name = rule.kind, rule.name
    return Removal(kind=kind, rule=name, text=block.text, locator=block.locator)


def remove_cruft(
    blocks: Sequence[Block],
    *,
    title: str | None = None,
    template: frozenset[str] = frozenset(),
) -> tuple[list[Block], list[Removal]]:
    """Return the blocks to keep and a removal record for each one dropped."""
    kept: list[Block] = []
    removed: list[Removal] = []
    norm_title = title.strip().casefold() if title else None
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if not text:
            continue
        if text in template:
            removed.append(_removal(None, "template", "template.learned", block))
            continue
        if norm_title and text.casefold() == norm_title:
            removed.append(_removal(None, "duplicate", "duplicate.title", block))
            continue
        rule = _match(text)
        if rule is None:
            kept.append(block)
            continue
        if rule.scope == "tail":
            removed.extend(
                _removal(rule, "", "", b) if b is block else
                Removal(rule.kind, rule.name, b.text.strip(), b.locator)
                for b in blocks[index:] if b.text.strip()
            )
            break
        removed.append(_removal(rule, "", "", block))
    return kept, removed
