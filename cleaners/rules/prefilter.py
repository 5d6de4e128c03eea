"""Which rules could match a line, from its first two characters alone.

Most lines a page is made of (menu items, teaser titles, every line that
extraction left out) match no rule, and testing one against all the rule
patterns costs tens of microseconds, most of it in patterns that could never
start the way that line starts. :func:`opening` reads a pattern's parse tree
for the characters its matches can have first and second (and whether it
matches strings of no or one character); a rule whose pattern cannot start
with a line's first two characters cannot match the line, and is not tried.

The analysis only ever answers "maybe" where it is unsure (``.``, an opcode
it does not know, a back-reference match anything; lookarounds and ``\\b``
are not checked):
the prefilter can let a rule through needlessly, never hold one back. It
reads the standard library's regex parser (``re._parser``, ``sre_parse``
before Python 3.11), which is not a public API: if that moves, every rule is
simply tried on every line, as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

try:  # Python 3.11+
    from re import _constants as _sre, _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

__all__ = ["Opening", "opening"]

_CATEGORIES = {
    _sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D",
    _sre.CATEGORY_SPACE: r"\s", _sre.CATEGORY_NOT_SPACE: r"\S",
    _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W",
}
_REPEATS = tuple(getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_sre, name))
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)  # lookarounds are left unchecked: a superset
_ATOMIC = getattr(_sre, "ATOMIC_GROUP", None)
# The flags that change what one character class matches (IGNORECASE is set per atom).
_CLASS_FLAGS = re.ASCII | re.UNICODE | re.LOCALE


@dataclass(frozen=True, slots=True)
class _Shape:
    """Where a part of a pattern can put characters: the atoms its matches can
    start with (``first``) and have second (``second``), and whether it can
    match the empty string or a string of one character."""

    first: tuple[str, ...] = ()
    second: tuple[str, ...] = ()
    empty: bool = True
    one: bool = False

    def then(self, other: _Shape) -> _Shape:
        """The shape of this part followed by ``other``."""
        return _Shape(
            self.first + (other.first if self.empty else ()),
            self.second + (other.first if self.one else ()) + (other.second if self.empty else ()),
            self.empty and other.empty,
            (self.one and other.empty) or (self.empty and other.one),
        )


_EMPTY = _Shape()
_ANY_CHAR = r"[\s\S]"
# What the analysis does not model (``.``, a back-reference, a conditional,
# anything newer) may match any string: a superset, so never a missed match.
_ANYTHING = _Shape((_ANY_CHAR,), (_ANY_CHAR,), True, True)


def _union(shapes: list[_Shape]) -> _Shape:
    return _Shape(tuple(a for s in shapes for a in s.first), tuple(a for s in shapes for a in s.second),
                  any(s.empty for s in shapes), any(s.one for s in shapes))


def _escape(code: int) -> str:
    return re.escape(chr(code))


def _char_class(items: list[tuple[Any, Any]]) -> str:
    """``[...]`` source of one parsed character class."""
    parts: list[str] = []
    negate = ""
    for op, av in items:
        if op == _sre.NEGATE:
            negate = "^"
        elif op == _sre.LITERAL:
            parts.append(_escape(av))
        elif op == _sre.RANGE:
            parts.append(f"{_escape(av[0])}-{_escape(av[1])}")
        elif op == _sre.CATEGORY and av in _CATEGORIES:
            parts.append(_CATEGORIES[av])
        else:
            return _ANY_CHAR
    return f"[{negate}{''.join(parts)}]"


def _atom(op: Any, av: Any) -> str:
    """Source of one character-consuming item."""
    if op == _sre.LITERAL:
        return _escape(av)
    if op == _sre.NOT_LITERAL:
        return f"[^{_escape(av)}]"
    return _char_class(av)


def _sequence(items: Any, ignore_case: bool) -> _Shape:
    shape = _EMPTY
    for op, av in items:
        shape = shape.then(_item(op, av, ignore_case))
    return shape


def _item(op: Any, av: Any, ignore_case: bool) -> _Shape:
    """The shape of one parsed item (case-insensitive where ``ignore_case``)."""
    if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN):
        atom = f"(?{'' if ignore_case else '-'}i:{_atom(op, av)})"
        return _Shape((atom,), (), False, True)
    if op == _sre.BRANCH:
        return _union([_sequence(branch, ignore_case) for branch in av[1]])
    if op == _sre.SUBPATTERN:
        _group, add, delete, inner = av
        scoped = (ignore_case or bool(add & re.IGNORECASE)) and not delete & re.IGNORECASE
        return _sequence(inner, scoped)
    if op in _REPEATS:
        low, high, inner = av
        if high == 0:
            return _EMPTY
        once = _sequence(inner, ignore_case)
        # A second character comes from inside one repetition, or is the first
        # of the next after a repetition of one character.
        second = once.second + (once.first if once.one and high >= 2 else ())
        return _Shape(once.first, second, low == 0 or once.empty, once.one)
    if _ATOMIC is not None and op == _ATOMIC:
        return _sequence(av, ignore_case)
    if op in _ZERO_WIDTH:
        return _EMPTY
    return _ANYTHING


_NOTHING = re.compile(r"[^\s\S]")


@dataclass(frozen=True, slots=True)
class Opening:
    """How the strings a pattern matches as a whole can begin."""

    first: re.Pattern[str]   # one character: every first character of a match (maybe more)
    second: re.Pattern[str]  # one character: every second character of a match (maybe more)
    empty: bool              # the empty string may match
    one: bool                # a string of one character may match

    def admits(self, head: str) -> bool:
        """Whether a string whose first two characters (or whole, when
        shorter) are ``head`` could match."""
        if not head:
            return self.empty
        if self.first.match(head[0]) is None:
            return False
        return self.one if len(head) == 1 else self.second.match(head[1]) is not None


def _one_char(atoms: tuple[str, ...], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(dict.fromkeys(atoms)), flags) if atoms else _NOTHING


def opening(pattern: re.Pattern[str]) -> Opening | None:
    """How ``pattern``'s whole-string matches can begin; None when its source
    does not parse here (then any string may match)."""
    try:
        shape = _sequence(_sre_parse.parse(pattern.pattern, pattern.flags),
                          bool(pattern.flags & re.IGNORECASE))
        flags = pattern.flags & _CLASS_FLAGS
        return Opening(_one_char(shape.first, flags), _one_char(shape.second, flags), shape.empty, shape.one)
    except (re.error, RecursionError, AttributeError, TypeError, ValueError):
        return None
