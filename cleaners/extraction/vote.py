"""Two extractors, one verdict: keep the blocks readability agrees with.

trafilatura and readability-lxml fail differently: trafilatura lets page chrome
through on old table layouts, readability misses paragraphs split from the
main node and sometimes picks a teaser list. A trafilatura block whose words
also appear in readability's article is very likely article text; a block
readability never saw is usually chrome. When one side returns far less than
the other, agreement means nothing and the longer side wins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cleaners.document import Block, Removal

__all__ = ["VoteOptions", "vote"]

_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class VoteOptions:
    """Thresholds of the vote (ratios of text length in characters)."""

    shingle: int = 3             # tokens per shingle when comparing blocks
    agree: float = 0.5           # share of a block's shingles the other side must hold
    second_min_ratio: float = 0.3   # readability shorter than this: ignore it
    fallback_ratio: float = 2.0  # readability longer than this many times: use it
    # Block model probability that outvotes readability's silence: off (above 1).
    # Measured on the dev sets, keeping such blocks at 0.5, 0.7 or 0.95 lowered
    # precision more than it raised recall; the model votes by its veto instead.
    model_keep: float = 1.01
    model_veto: float = 0.05     # below this, a block trafilatura alone kept goes
    model_veto_agreed: float = 0.0  # below this, even a block both extractors kept goes


def _shingles(text: str, size: int) -> set[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.casefold())
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return set(zip(*(tokens[i:] for i in range(size))))  # the runs of ``size`` tokens


def _length(blocks: Sequence[Block]) -> int:
    return sum(len(b.text) for b in blocks)


def _vetoed(first: Sequence[Block], explain: Callable[[int], str] | None,
            options: VoteOptions) -> tuple[list[Block], list[Removal]]:
    """trafilatura alone: the block model is the second voter, and only a sure
    "not body" takes a block out."""
    kept: list[Block] = []
    removed: list[Removal] = []
    for i, block in enumerate(first):
        if explain is not None and block.score is not None and block.score < options.model_veto:
            removed.append(Removal("boilerplate", explain(i), block.text, block.locator))
        else:
            kept.append(block)
    if _length(kept) < 0.5 * _length(first):
        return list(first), []  # the model does not overrule a whole extraction
    return kept, removed


def vote(
    first: Sequence[Block], second: Sequence[Block] | None, options: VoteOptions,
    explain: Callable[[int], str] | None = None,
) -> tuple[list[Block], list[Removal], str]:
    """Blocks to keep, removals, and which way the vote went (for stats).

    Where ``first``'s blocks carry a block-model ``score``, the model is a
    third voter: a block readability does not confirm stays when the model
    reads it as body (off by default, see ``VoteOptions.model_keep``); where
    trafilatura stands alone, one it reads as surely not body goes.
    ``explain(i)`` names the rule of a removal the model decides.
    """
    len_first, len_second = _length(first), _length(second or ())
    if second is None or len_second < options.second_min_ratio * len_first:
        alone, vetoed = _vetoed(first, explain, options)
        return alone, vetoed, "first"
    if len_second > options.fallback_ratio * len_first:
        return list(second), [], "second"
    pool: set[tuple[str, ...]] = set()
    for block in second:
        pool |= _shingles(block.text, options.shingle)
    kept: list[Block] = []
    removed: list[Removal] = []
    for i, block in enumerate(first):
        own = _shingles(block.text, options.shingle)
        agreed = bool(own) and len(own & pool) >= options.agree * len(own)
        if agreed and explain is not None and block.score is not None and block.score < options.model_veto_agreed:
            removed.append(Removal("boilerplate", explain(i), block.text, block.locator))
        elif agreed or (block.score is not None and block.score >= options.model_keep):
            kept.append(block)
        else:
            removed.append(Removal("boilerplate", "vote.no_agreement", block.text, block.locator))
    if len_second > options.fallback_ratio * _length(kept):
        # trafilatura kept little that readability confirms: it likely picked the wrong node.
        return list(second), [], "second"
    return kept, removed, "both"
