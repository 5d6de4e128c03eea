"""Cruft rules as data: one table per cruft family.

Each row has a stable ``name`` (shown in removal records and in crawl stats as
``cleaner/removed/<name>``), a compiled ``pattern`` matched against a whole,
stripped block (``fullmatch``), and a ``scope``:

* ``block``: remove the matching block only;
* ``tail``: the block marks the end of the article: remove it and every
  block after it (teaser lists, comment sections).

Patterns are matched against *whole blocks*, so a trigger phrase inside an
article sentence ("Read more about the plan in ...") never matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Rule", "RULE_TABLES", "ALL_RULES"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    kind: str
    pattern: re.Pattern[str]
    scope: str = "block"  # "block" | "tail"


def _rules(kind: str, scope: str, rows: list[tuple[str, str]]) -> tuple[Rule, ...]:
    return tuple(
        Rule(name, kind, re.compile(rx, re.IGNORECASE | re.UNICODE), scope) for name, rx in rows
    )


WIDGET = _rules("widget", "block", [
    ("widget.temperature", r"-?\d{1,2}(?:[.,]\d)?\s*°?\s*[CF]"),
    ("widget.dateline", r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
                        r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
                        r"\s+\d{1,2},?\s+\d{4}"),
])

END_OF_ARTICLE = _rules("related", "tail", [
    ("related.most_popular", r"most\s+(?:popular|read|viewed)"),
    ("related.related_articles", r"related\s+(?:articles|stories|posts|news)"),
    ("related.you_may_also_like", r"you\s+(?:may|might)\s+also\s+(?:like|enjoy)"),
    ("related.recent_comments", r"recent\s+comments"),
])

READ_MORE = _rules("related", "block", [
    ("related.read_more", r"read\s+more:?"),
])

COMMENT = _rules("comments", "tail", [
    ("comments.add_comment", r"(?:add|leave|post)\s+a\s+(?:comment|reply)"),
])

SPAM_NOTICE = _rules("spam_notice", "block", [
    ("spam_notice.akismet", r"this site uses akismet to reduce spam\..*"),
])

RULE_TABLES: dict[str, tuple[Rule, ...]] = {
    "widget": WIDGET,
    "end_of_article": END_OF_ARTICLE,
    "read_more": READ_MORE,
    "comments": COMMENT,
    "spam_notice": SPAM_NOTICE,
}

ALL_RULES: tuple[Rule, ...] = tuple(rule for table in RULE_TABLES.values() for rule in table)
