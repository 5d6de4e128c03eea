"""Apply the rule tables of :mod:`cleaners.rules.tables` to a list of blocks.

One pass over the blocks, in order. For each block:

1. ``prefix`` rules strip leading metadata (``date 2023-05-26 ``), keeping
   the rest of the block;
2. learned template lines go (``template.learned``);
3. a repeat of the headline or of the previous block goes (``duplicate.*``);
4. quotes and preformatted blocks are article content: nothing else applies;
5. the first ``block``/``tail``/``teaser`` row whose pattern matches the
   whole block (and whose ``context`` holds) fires.

A ``tail`` marker cuts the rest of the page unless that would remove more
than ``max_tail_share`` of the text: then the safety valve fires (as in
trafilatura's ``prune_unwanted_nodes``), only the marker goes, and the
document gets a note. Last, ``trailing`` rows are applied from the end.

Every rule depends only on a block, its neighbours and the headline, and every
match is removed, so cleaning the output again removes nothing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from cleaners.document import Block, Removal, RuleOptions
from cleaners.extraction.header import headline_words, repeats_headline
from cleaners.rules.prefilter import opening
from cleaners.rules.tables import ALL_RULES, RULES_BY_NAME, Rule
from cleaners.rules.templates import normalise_line

__all__ = ["CruftResult", "could_match", "fold", "header_end", "is_prose", "remove_cruft", "same_line"]

_FOLDS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " "))
_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " .:;,!?-–—|\"'"

_MATCHED_SCOPES = ("block", "tail", "teaser")
_MATCHABLE = tuple(r for r in ALL_RULES if r.scope in _MATCHED_SCOPES and r.pattern is not None)
_TRAILING = tuple(r for r in ALL_RULES if r.scope == "trailing" and r.pattern is not None)
_PREFIXES = tuple(r for r in ALL_RULES if r.scope == "prefix" and r.pattern is not None)
_EXEMPT_KINDS = ("quote", "pre")
_LONGEST = max(r.max_chars for r in _MATCHABLE)
_DEFAULT_OPTIONS = RuleOptions()
_TEMPERATURE = "widget.temperature"  # the rule an after_temperature context follows

TEMPLATE = RULES_BY_NAME["template.learned"]
DUP_TITLE = RULES_BY_NAME["duplicate.title"]
DUP_REPEATED = RULES_BY_NAME["duplicate.repeated"]
THREAD = RULES_BY_NAME["comments.thread"]


@dataclass(slots=True)
class CruftResult:
    """What :func:`remove_cruft` kept and took out.

    ``kept_at`` and ``removed_at``: the index, in the input, of the block each
    kept block and each removal comes from. ``published``: an ISO date found
    in a stripped metadata prefix, if any.
    """

    kept: list[Block] = field(default_factory=list)
    kept_at: list[int] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    removed_at: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    published: str | None = None


def fold(text: str) -> str:
    """``text`` with typographic quotes and no-break spaces folded (same length)."""
    if text.isascii():
        return text
    for typographic, plain in _FOLDS:
        text = text.replace(typographic, plain)
    return text


def same_line(text: str) -> str:
    """The comparison form of a line for duplicate checks: case, quotes,
    whitespace and edge punctuation do not count."""
    return _SPACE.sub(" ", fold(text)).strip(_EDGE_PUNCT).casefold()


def _context_holds(rule: Rule, text: str, prev_rule: str | None, neighbours: Sequence[str],
                   body_seen: bool) -> bool:
    if rule.context is None:
        return True
    if rule.context == "before_body":
        return not body_seen
    if rule.context == _AFTER_TEMPERATURE:
        return prev_rule == _TEMPERATURE
    if rule.context == "ends_with_headline":
        line = same_line(text)
        return any(
            len(head) >= 10 and len(line) > len(head) and line.endswith(head)
            for head in map(same_line, neighbours)
        )
    return False


@dataclass(frozen=True, slots=True)
class _Alternation:
    """Some rules, and a cheap "could any of them match?" test.

    A line is only tried against the rules whose pattern can start with its
    first two characters (:mod:`cleaners.rules.prefilter`; the candidates of
    each pair are worked out once): a line that starts as no rule can costs
    one lookup. A rule with ``needs`` is tried only when the line holds one
    of its strings. Each rule keeps its own pattern and flags, so rules with
    different flags need no special case.
    """

    rules: tuple[Rule, ...]
    starting: Callable[[str], tuple[_Candidate, ...]] = field(compare=False)

    @classmethod
    def of(cls, rules: Sequence[Rule]) -> _Alternation:
        candidates = tuple(_Candidate.of(r) for r in rules if r.pattern is not None)
        openings = tuple(opening(r.pattern) for r in rules if r.pattern is not None)

        # One entry per distinct pair of first characters (a few thousand on a
        # multilingual crawl, 30 regex calls each): bounded, as workers run for days.
        @functools.lru_cache(maxsize=_HEAD_MEMO)
        def starting(head: str) -> tuple[_Candidate, ...]:
            return tuple(c for c, start in zip(candidates, openings) if start is None or start.admits(head))

        return cls(tuple(rules), starting)

    def any(self, folded: str) -> bool:
        lowered: str | None = None
        for candidate in self.starting(folded[:2]):
            if candidate.needs is not None:
                if lowered is None:
                    lowered = folded.lower()
                if candidate.needs.search(lowered) is None:
                    continue
            if candidate.fullmatch(folded) is not None:
                return True
        return False

    def matching(self, folded: str) -> tuple[Rule, ...]:
        """Every rule whose pattern matches the whole of ``folded`` and whose
        ``max_chars`` it fits, in order; lines that pass :meth:`any` are few,
        and only they are tested rule by rule."""
        if not self.any(folded):
            return ()
        size = len(folded)
        return tuple(c.rule for c in self.starting(folded[:2])
                     if size <= c.rule.max_chars and c.fullmatch(folded) is not None)


_HEAD_MEMO = 4096


@dataclass(frozen=True, slots=True)
class _Candidate:
    """One rule as :meth:`_Alternation.any` tries it: its whole-line match and,
    for a rule with ``needs``, one search for any of them (on the lower-cased line)."""

    rule: Rule
    fullmatch: Callable[[str], re.Match[str] | None]
    needs: re.Pattern[str] | None

    @classmethod
    def of(cls, rule: Rule) -> _Candidate:
        assert rule.pattern is not None
        needs = re.compile("|".join(map(re.escape, rule.needs))) if rule.needs else None
        return cls(rule, rule.pattern.fullmatch, needs)


# The rules a line can meet. One rule fires only right after a temperature
# widget (widget.city: a capitalised name, which half the short lines of a
# page look like, each then tested against every rule one by one); every
# other call is answered by the others. The full set is built when a page
# first has a temperature widget.
_AFTER_TEMPERATURE = "after_temperature"
_USUAL = _Alternation.of([r for r in _MATCHABLE if r.context != _AFTER_TEMPERATURE])


@functools.cache
def _every_rule() -> _Alternation:
    return _Alternation.of(_MATCHABLE)


def _matching(folded: str, after_temperature: bool = True) -> tuple[Rule, ...]:
    """Every block/tail/teaser rule whose pattern matches the whole of ``folded``
    (and whose ``max_chars`` it fits), in priority order; contexts not checked,
    except that without ``after_temperature`` the rules that need a
    temperature widget before the line are left out."""
    return (_every_rule() if after_temperature else _USUAL).matching(folded)


# Short lines (navigation, widgets, markers) repeat across the pages of a source;
# their matches are memoised. A bounded memo of a pure function: no state leaks.
_MEMO_CHARS = 100
_matching_short = functools.lru_cache(maxsize=8192)(_matching)


def could_match(text: str) -> bool:
    """Some block, tail or teaser rule could fire on ``text`` as a page's block:
    its pattern matches the whole of it (contexts unchecked, except that a
    rule firing only after a temperature widget is left out: that widget's
    own line then matches). One C-level test, for deciding whether a reading
    of the page's blocks is needed at all."""
    text = text.strip()
    return len(text) <= _LONGEST and _USUAL.any(fold(text))


def match_block(text: str, *, prev_rule: str | None = None, neighbours: Sequence[str] = (),
                body_seen: bool = False) -> Rule | None:
    """The first block/tail/teaser rule matching the whole of ``text``.

    ``prev_rule``: the rule that removed the previous block, if one did;
    ``neighbours``: the headline and the next block (for run-in breadcrumbs);
    ``body_seen``: a body paragraph was kept before this block.
    """
    text = text.strip()
    if len(text) > _LONGEST:
        return None
    folded = fold(text)
    rules = (_matching_short if len(folded) <= _MEMO_CHARS else _matching)(folded, prev_rule == _TEMPERATURE)
    for rule in rules:
        if _context_holds(rule, folded, prev_rule, neighbours, body_seen):
            return rule
    return None


def strip_prefixes(text: str) -> tuple[str, list[tuple[Rule, str, str | None]]]:
    """Strip leading metadata; return the rest and (rule, prefix, date) per strip."""
    stripped: list[tuple[Rule, str, str | None]] = []
    changed = True
    while changed and text:
        changed = False
        for rule in _PREFIXES:
            assert rule.pattern is not None
            match = rule.pattern.match(fold(text))
            if match and match.end() > 0:
                date = match.groupdict().get("date")
                stripped.append((rule, text[: match.end()].strip(), date))
                text = text[match.end():].strip()
                changed = True
                break
    return text, stripped


def _is_teaser_title(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind not in _EXEMPT_KINDS
        and 0 < len(text) <= 150
        and len(text.split()) >= 2
        and text[-1] not in ".!?:;,"
    )


def header_end(
    blocks: Sequence[Block], *, template: frozenset[str] = frozenset(), options: RuleOptions = _DEFAULT_OPTIONS
) -> int:
    """Index of the first block that is not header cruft (widgets, breadcrumbs,
    date lines, learned template lines, ...) among the first blocks."""
    prev_rule: str | None = None
    for index, block in enumerate(blocks[:options.header_scan]):
        if _in_template(block.text, template):
            prev_rule = TEMPLATE.name
            continue
        following = [blocks[index + 1].text] if index + 1 < len(blocks) else []
        rule = match_block(block.text, prev_rule=prev_rule, neighbours=following)
        if rule is None or rule.scope != "block":
            return index
        prev_rule = rule.name
    return min(len(blocks), options.header_scan)


class _Pass:
    """State of one pass of :func:`remove_cruft` (kept blocks, records)."""

    def __init__(self, blocks: Sequence[Block], title: str | None, opts: RuleOptions = _DEFAULT_OPTIONS) -> None:
        self.blocks = blocks
        self.opts = opts
        self.title = title
        self.title_words = [words] if title and (words := headline_words(title)) else []
        self.result = CruftResult()
        self._lines: dict[str, str] = {}  # same_line() of the texts seen in this pass
        self.body_seen = False  # a prose paragraph was kept (widgets come before it)
        self.gate = True  # marker rules skip blocks the model scored as body

    def remove(self, index: int, rule: Rule, text: str | None = None) -> None:
        block = self.blocks[index]
        self.result.removed.append(
            Removal(rule.kind, rule.name, (text if text is not None else block.text).strip(), block.locator)
        )
        self.result.removed_at.append(index)

    def neighbours(self, index: int) -> list[str]:
        found = [self.title] if self.title else []
        if index + 1 < len(self.blocks):
            found.append(self.blocks[index + 1].text)
        return found

    def same_line(self, text: str) -> str:
        line = self._lines.get(text)
        if line is None:
            line = self._lines[text] = same_line(text)
        return line

    def duplicate(self, block: Block, captions: set[str]) -> Rule | None:
        line = self.same_line(block.text)
        if not line:
            return None
        if repeats_headline(block.text, self.title_words):
            return DUP_TITLE
        kept = self.result.kept
        if (kept and self.same_line(kept[-1].text) == line) or (block.kind == "caption" and line in captions):
            return DUP_REPEATED
        return None


def remove_cruft(
    blocks: Sequence[Block],
    *,
    title: str | None = None,
    template: frozenset[str] = frozenset(),
    max_tail_share: float = 0.5,
    max_teaser_blocks: int = 5,
    gate: bool = True,
    options: RuleOptions = _DEFAULT_OPTIONS,
) -> CruftResult:
    """Return the blocks to keep, a removal record for each one dropped, and notes.

    ``gate``: a block the model scored as body is no match for a marker rule
    (HTML mode). Either way, an end marker with body-scored blocks after it
    cuts nothing but itself.
    """
    blocks = [b if b.text == b.text.strip() else replace(b, text=b.text.strip()) for b in blocks]
    run = _Pass(blocks, title, options)
    run.gate = gate
    kept, captions = run.result.kept, set[str]()
    prev_rule: str | None = None
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if not block.text:
            index += 1
            continue
        text, prefixes = strip_prefixes(block.text)
        for stripper, prefix, date in prefixes:
            run.remove(index, stripper, prefix)
            run.result.published = run.result.published or date
            prev_rule = stripper.name
        if not text:
            index += 1
            continue
        if text != block.text:
            block = replace(block, text=text)
        rule = _match_one(run, block, index, prev_rule, template, captions)
        thread = rule is not None and rule.scope == "tail" and rule.kind == THREAD.kind and _thread_below(run, index)
        if rule is not None and rule.scope == "tail" and not thread and _heads_section(run, index):
            where = block.locator or f"block {index}"
            run.result.notes.append(f"heading_kept {rule.name} at {where}: body text follows it")
            rule = None
        if rule is None:
            kept.append(block)
            run.result.kept_at.append(index)
            if block.kind == "caption":
                captions.add(run.same_line(text))
            run.body_seen = run.body_seen or is_prose(block.text, run.opts)
            prev_rule = None
            index += 1
        elif rule.scope == "tail":
            index = _cut_tail(run, index, rule, max_tail_share, thread=thread)
            prev_rule = rule.name
        elif rule.scope == "teaser":
            run.remove(index, rule, text)
            index = _take_teasers(run, index + 1, rule, max_teaser_blocks)
            prev_rule = rule.name
        else:
            run.remove(index, rule, text)
            prev_rule = rule.name
            index += 1
    _strip_trailing(run)
    pairs = sorted(zip(run.result.removed_at, run.result.removed), key=lambda pair: pair[0])
    run.result.removed_at = [index for index, _ in pairs]
    run.result.removed = [removal for _, removal in pairs]
    return run.result


def _match_one(
    run: _Pass, block: Block, index: int, prev_rule: str | None,
    template: frozenset[str], captions: set[str],
) -> Rule | None:
    if _in_template(block.text, template):
        return TEMPLATE
    duplicate = run.duplicate(block, captions)
    if duplicate is not None:
        return duplicate
    if block.kind in _EXEMPT_KINDS:
        return None
    if run.gate and block.score is not None and block.score >= run.opts.gate_score:
        return None  # the block model reads it as body: no marker rule may take it
    return match_block(block.text, prev_rule=prev_rule, neighbours=run.neighbours(index),
                       body_seen=run.body_seen)


# Marker rules (block, tail, teaser) fire only where the block model, when it
# scored the block (HTML mode), agrees that it is not body (RuleOptions.gate_score).


# A body paragraph: long enough, several words, ends like a sentence.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")


def is_prose(text: str, opts: RuleOptions = _DEFAULT_OPTIONS) -> bool:
    """Reads like a body paragraph (not a marker, a teaser title or a widget)."""
    text = text.strip()
    return (len(text) >= opts.prose_min_chars and len(text.split()) >= opts.prose_min_words
            and _SENTENCE_END.search(text) is not None)


def _heads_section(run: _Pass, index: int) -> bool:
    """The end marker at ``index`` is a subheading: the block after it is a
    body paragraph that no rule matches ("Trending" over a story paragraph).
    A heading goes with its section's content, and only when that is cruft;
    in HTML mode, where the block model scored the paragraph, it must also
    read it as body (a comment under "Comments" is prose too)."""
    if index + 1 >= len(run.blocks):
        return False
    following = run.blocks[index + 1]
    if following.kind in _EXEMPT_KINDS or not is_prose(following.text, run.opts):
        return False
    if run.gate and following.score is not None and following.score < run.opts.heading_body_score:
        return False
    return match_block(following.text, body_seen=True) is None


def _is_signature(text: str) -> bool:
    """A comment's signature line (the ``comments.thread`` row)."""
    text = text.strip()
    return len(text) <= THREAD.max_chars and THREAD.pattern is not None and THREAD.pattern.fullmatch(fold(text)) is not None


def _thread_below(run: _Pass, index: int) -> bool:
    """A comment thread follows the comments marker at ``index``: the marker
    comes after a body paragraph (not a menu's "Comments" link above the
    article), a comment signature ("Posted by Ana on May 3, 2024 10:12 AM",
    "Report this comment") follows within ``thread_reach`` blocks, and at
    least ``thread_signatures`` do in all. The comments read like body (they
    are prose), so the model's reading and the share of the page they hold say
    nothing there; their signatures do."""
    if not run.body_seen:
        return False
    found = 0
    for offset, block in enumerate(run.blocks[index + 1:], start=1):
        if _is_signature(block.text):
            found += 1
            if found >= run.opts.thread_signatures:
                return True
        elif not found and offset >= run.opts.thread_reach:
            return False  # a comment is a few paragraphs: this is more of the article
    return False


def _in_template(text: str, template: frozenset[str]) -> bool:
    return bool(template) and (text in template or normalise_line(text) in template)


def _looks_like_heading(block: Block, capitals: bool) -> bool:
    """A section heading: a sub-heading block or, with ``capitals``, a short
    all-capitals line (HTML factbox titles such as "WHAT IS IT?" often come as
    plain paragraphs; in a text dump, such lines are mostly menus)."""
    text = block.text
    if block.kind == "h":
        return True
    return (capitals and block.kind not in _EXEMPT_KINDS and len(text) <= SECTION_HEADING_CHARS
            and len(text.split()) >= 2 and text.isupper())


SECTION_HEADING_CHARS = 80


def _section_end(run: _Pass, start: int, thread: bool = False) -> int:
    """Where a tail cut that begins at ``start`` stops: at the first section
    heading after it whose own content (up to the next heading or rule match)
    is there and matched by no rule, since a heading goes with its section's
    content and only when that is cruft (a factbox after "Have your say");
    else the end of the page. In a comment ``thread`` a "heading" whose
    content is signed is a comment's shouted first line, not a section."""
    blocks, capitals = run.blocks, run.gate
    for at in range(start, len(blocks)):
        if not _looks_like_heading(blocks[at], capitals) or match_block(blocks[at].text) is not None:
            continue
        content = 0
        for block in blocks[at + 1:]:
            if _looks_like_heading(block, capitals):
                break
            if thread and _is_signature(block.text):
                content = 0  # signed: the "heading" was a comment's first line
                break
            if block.kind not in _EXEMPT_KINDS and match_block(block.text) is not None:
                break
            content += 1
        if content:
            return at
    return len(blocks)


def _cut_tail(run: _Pass, index: int, marker: Rule, max_tail_share: float, *, thread: bool = False) -> int:
    """Remove the marker at ``index`` and, unless the valve fires, all after
    it up to the next section that is not cruft (:func:`_section_end`).

    ``thread``: a comment thread follows (:func:`_thread_below`): the valve
    does not apply (a thread often holds more text than the article, and its
    comments read as body), and what no rule matches in it goes as
    ``comments.thread``.
    """
    stop = _section_end(run, index + 1, thread)
    rest = run.blocks[index + 1:stop]
    rules = [match_block(b.text) if b.kind not in _EXEMPT_KINDS else None for b in rest]
    cut = sum(len(b.text) for b, r in zip(rest, rules) if r is None)
    kept = sum(len(b.text) for b in run.result.kept)
    run.remove(index, marker)
    body_after = any(b.score is not None and b.score >= run.opts.gate_score for b in rest)
    where = run.blocks[index].locator or f"block {index}"
    if not thread and (body_after or cut > max_tail_share * (kept + cut)):
        run.result.notes.append(f"tail_valve {marker.name} at {where}: kept {cut} chars after it")
        return index + 1
    if thread:
        run.result.notes.append(f"comment_thread {marker.name} at {where}: {cut} chars of comments after it")
    current = THREAD if thread else marker
    for offset, rule in enumerate(rules, start=index + 1):
        if rule is not None and rule.scope == "tail" and not thread:
            current = rule
        run.remove(offset, rule or current)
    if stop < len(run.blocks):
        where = run.blocks[stop].locator or f"block {stop}"
        run.result.notes.append(f"tail_stopped {marker.name} at {where}: a section that is not cruft")
    return stop


def _take_teasers(run: _Pass, index: int, marker: Rule, limit: int) -> int:
    """Remove up to ``limit`` headline-like blocks from ``index`` on (the teasers)."""
    taken = 0
    while (
        index < len(run.blocks)
        and taken < limit
        and _is_teaser_title(run.blocks[index])
        and match_block(run.blocks[index].text) is None
        and not repeats_headline(run.blocks[index].text, run.title_words)
    ):
        run.remove(index, marker)
        index += 1
        taken += 1
    return index


def _strip_trailing(run: _Pass) -> None:
    """Apply ``trailing`` rows (author bios) from the last kept block backwards."""
    kept = run.result.kept
    while kept:
        block = kept[-1]
        folded = fold(block.text)
        rule = next(
            (r for r in _TRAILING
             if len(folded) <= r.max_chars and r.pattern is not None and r.pattern.fullmatch(folded)),
            None,
        )
        if rule is None or block.kind in _EXEMPT_KINDS:
            return
        kept.pop()
        run.remove(run.result.kept_at.pop(), rule, block.text)
