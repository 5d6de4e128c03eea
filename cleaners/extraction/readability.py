"""readability-lxml as a second opinion, run on the tree we already parsed.

readability-lxml's own ``_parse`` re-parses the page and runs lxml's
``Cleaner`` (link rewriting included), which is most of its cost. Here it gets
a copy of our tree with scripts, styles and hidden nodes dropped instead:
the scoring only looks at text, classes and ids, so the result is the same
article node for a fraction of the time.

A few upstream methods are re-implemented on the subclass with the same results
(tests compare the helpers with upstream's): the div-to-paragraph pass without
serialising every div's children, keyword regexes without ``re.IGNORECASE``,
and paragraph scoring without debug strings built for a logger that is off.

The adapter for readability-lxml: the one module that imports it. Its
internals (``Document._html``, ``tags``, ``REGEXES``, ``clean`` and the
methods re-implemented here) were checked against :data:`CHECKED_VERSIONS`
(a test pins them).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from copy import deepcopy
from typing import Any

from lxml import etree
from lxml.html import HtmlElement
from readability import Document
from readability.readability import REGEXES, Unparseable, clean

from cleaners.document import Block
from cleaners.html.tree import LocatorMemo, locator, node_lines, node_text, parse_html

__all__ = ["CHECKED_VERSIONS", "readability_blocks"]

#: Distribution and the version range (from, below) the internals were checked with.
CHECKED_VERSIONS = ("readability-lxml", "0.8.1", "0.10")

logging.getLogger("readability.readability").setLevel(logging.CRITICAL)

# Never article text; dropping them up front also shrinks readability's work.
_DROP_TAGS = ("script", "style", "noscript", "link", "meta", "iframe", "svg",
              "button", "input", "select", "textarea", "nav", "footer", "aside", "head")
# Inline formatting only multiplies the nodes readability scores one by one.
_INLINE_TAGS = ("span", "font", "b", "strong", "i", "em", "small", "big", "u", "abbr", "time")
_BLOCK_KINDS = {"p": "p", "h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
                "li": "li", "dt": "li", "dd": "li", "blockquote": "quote", "pre": "pre",
                "figcaption": "caption", "caption": "caption", "td": "p", "th": "p"}
_CONTAINERS = frozenset({"div", "section", "article", "main", "ul", "ol", "dl", "table",
                         "tbody", "thead", "tr", "figure", "span", "font", "center", "form"})


_HIDDEN = etree.XPath("/descendant::*[@hidden or @style[contains(., 'display:none')]]")
_WITH_CLASS_OR_ID = etree.XPath("descendant::*[@class or @id]")
# Upstream's two tests of an unlikely candidate, compiled once (``elem.xpath(str)``
# compiles its expression on every call).
_IN_CODE = etree.XPath("ancestor-or-self::pre | ancestor-or-self::code")
_HOLDS_MAIN = etree.XPath("descendant-or-self::main | descendant-or-self::article | descendant-or-self::math")


class _TreeDocument(Document):  # type: ignore[misc]
    """A readability ``Document`` fed from a parsed tree, copied per attempt."""

    def _parse(self, input: HtmlElement) -> HtmlElement:  # noqa: A002 - upstream name
        doc = deepcopy(input)
        for elem in _HIDDEN(doc):
            elem.drop_tree()
        etree.strip_elements(doc, *_DROP_TAGS, with_tail=False)
        etree.strip_tags(doc, *_INLINE_TAGS)
        return doc

    def get_link_density(self, elem: HtmlElement,
                         link_lengths: dict[HtmlElement, int] | None = None) -> float:
        """Upstream's formula with a C-speed length; its regex ``clean`` dominated the run.

        ``link_lengths``: lengths of links measured before, valid while the tree is unchanged.
        """
        if link_lengths is None:
            link_length = sum(_text_length(a) for a in elem.iterdescendants("a"))
        else:
            link_length = 0
            for a in elem.iterdescendants("a"):
                length = link_lengths.get(a)
                if length is None:
                    length = link_lengths[a] = _text_length(a)
                link_length += length
        return link_length / max(_text_length(elem), 1)

    def remove_unlikely_candidates(self) -> None:
        """Upstream's loop, over the nodes with a class or id only (it skips the
        others), testing each distinct class-and-id string once (utility-class
        lists repeat all over a page)."""
        unlikely: dict[str, bool] = {}
        # A node whose class and id are both empty scores "" + " " + "": too short
        # for a verdict, so the XPath may return it too.
        for elem in _WITH_CLASS_OR_ID(self.html):
            s = "{} {}".format(elem.get("class", ""), elem.get("id", ""))
            verdict = unlikely.get(s)
            if verdict is None:
                verdict = unlikely[s] = len(s) >= 2 and _UNLIKELY(s) and not _MAYBE_CANDIDATE(s)
            if verdict and elem.tag not in ("html", "body") and not _IN_CODE(elem) and not _HOLDS_MAIN(elem):
                elem.drop_tree()

    def class_weight(self, e: HtmlElement) -> int:
        """Upstream's weight of a node's class and id, without custom keywords
        (none are passed here), memoised per distinct class or id string."""
        if self.positive_keywords is not None or self.negative_keywords is not None:
            return int(super().class_weight(e))
        return sum(_feature_weight(feature) for feature in (e.get("class"), e.get("id")) if feature)

    def transform_misused_divs_into_paragraphs(self) -> None:
        """Upstream's two passes, with its test "does the serialised child hold a
        block tag" answered from one walk of the tree instead of serialising every
        div's children (nested divs made that quadratic), and its new ``<p>``
        made by the tree's own factory instead of parsing the string "<p/>"."""
        blocky = _holding_block_tags(self.html)  # div -> p renames keep this valid
        for elem in self.tags(self.html, "div"):
            if not any(child in blocky for child in elem):
                elem.tag = "p"
        for elem in self.tags(self.html, "div"):
            children = list(elem)
            paragraph = None
            if elem.text and elem.text.strip():
                paragraph = self.html.makeelement("p")
                paragraph.text, elem.text = elem.text, None
                elem.insert(0, paragraph)
            for child in children:
                if child.tag == "br" or child.tag not in _INLINE_CHILD_TAGS or child in blocky:
                    paragraph = None
                    continue
                if paragraph is None:
                    paragraph = self.html.makeelement("p")
                    child.addprevious(paragraph)
                paragraph.append(child)
            for pos, child in reversed(list(enumerate(elem))):
                if child.tail and child.tail.strip():
                    p = self.html.makeelement("p")
                    p.text, child.tail = child.tail, None
                    elem.insert(pos + 1, p)
                if child.tag == "br":
                    child.drop_tree()

    def score_paragraphs(self) -> dict[HtmlElement, dict[str, Any]]:
        """Upstream's scoring, minus its eagerly formatted debug lines, and with the
        whitespace clean-up skipped for paragraphs long enough to score the maximum."""
        min_len = self.min_text_length
        long_len = max(min_len, _LONG_PARAGRAPH)
        candidates: dict[HtmlElement, dict[str, Any]] = {}
        ordered = []
        for elem in self.tags(self._html(), "p", "pre", "td", "blockquote"):
            parent_node = elem.getparent()
            if parent_node is None:
                continue
            grand_parent_node = parent_node.getparent()
            raw = elem.text_content() or ""
            # clean() only collapses whitespace: commas survive, and the visible
            # characters bound its length from below.
            inner_text_len = long_len if _visible_at_least(raw, long_len) else _cleaned_length(raw)
            if inner_text_len < min_len:
                continue
            if parent_node not in candidates:
                candidates[parent_node] = self.score_node(parent_node)
                ordered.append(parent_node)
            if grand_parent_node is not None and grand_parent_node not in candidates:
                candidates[grand_parent_node] = self.score_node(grand_parent_node)
                ordered.append(grand_parent_node)
            content_score: float = 1
            content_score += raw.count(",") + 1
            content_score += min((inner_text_len / 100), 3)
            candidates[parent_node]["content_score"] += content_score
            if grand_parent_node is not None:
                candidates[grand_parent_node]["content_score"] += content_score / 2.0
        link_lengths: dict[HtmlElement, int] = {}  # nested candidates share their links
        for elem in ordered:
            candidates[elem]["content_score"] *= 1 - self.get_link_density(elem, link_lengths)
        return candidates


def _keyword_search(upstream: re.Pattern[str]) -> Callable[[str], bool]:
    """``upstream.search`` for one of readability's keyword patterns, several times faster.

    The patterns are case-insensitive alternations of lower-case literals, and
    ``re`` runs those slowly. The same alternation, case-sensitive, finds exactly
    the same strings once the text is lower-cased, with the four non-ASCII letters
    that ``re`` folds onto i, s and k mapped first (checked for every code point
    in the tests). Any other pattern is searched as it is.
    """
    if upstream.flags & re.IGNORECASE and _LITERAL_ALTERNATION.fullmatch(upstream.pattern):
        plain = re.compile(upstream.pattern)
        return lambda text: plain.search(text.translate(_FOLD).lower()) is not None
    return lambda text: upstream.search(text) is not None


_LITERAL_ALTERNATION = re.compile(r"[a-z-]+(?:\|[a-z-]+)*")
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_UNLIKELY = _keyword_search(REGEXES["unlikelyCandidatesRe"])
_MAYBE_CANDIDATE = _keyword_search(REGEXES["okMaybeItsACandidateRe"])
_NEGATIVE = _keyword_search(REGEXES["negativeRe"])
_POSITIVE = _keyword_search(REGEXES["positiveRe"])


@functools.lru_cache(maxsize=4096)
def _feature_weight(feature: str) -> int:
    """Upstream's class_weight term for one class or id string (-25, 0 or 25)."""
    return (25 if _POSITIVE(feature) else 0) - (25 if _NEGATIVE(feature) else 0)


# Upstream's test for a div that holds blocks: a child serialises with one of these tags.
_BLOCK_TAG_PREFIXES = ("blockquote", "dl", "div", "img", "ol", "p", "table", "ul")
_INLINE_CHILD_TAGS = frozenset({"a", "b", "cite", "code", "em", "font", "i", "small", "span",
                                "strong", "sub", "sup", "u"})
# Paragraphs past 300 characters all score 3 for length; 301 keeps upstream's int 3 too.
_LONG_PARAGRAPH = 301


def _holding_block_tags(root: HtmlElement) -> set[etree._Element]:
    """Every node whose subtree (itself included) has a tag upstream's
    ``divToPElementsRe`` would find in its serialisation."""
    found: set[etree._Element] = set()
    for node in root.iter():
        tag = node.tag
        if isinstance(tag, str) and tag.lower().startswith(_BLOCK_TAG_PREFIXES):
            while node is not None and node not in found:
                found.add(node)
                node = node.getparent()
    return found


def _cleaned_length(text: str) -> int:
    """``len(clean(text))``, skipping upstream's three regex passes (runs of 255
    spaces, spaces around line breaks, tabs and double spaces) when none can apply."""
    if len(text) < 255 and "\n" not in text and "\t" not in text and "  " not in text:
        return len(text.strip())
    return len(clean(text))


def _visible_at_least(text: str, count: int) -> bool:
    """Whether ``text`` has at least ``count`` non-whitespace characters (a bounded
    prefix settles it for most long texts)."""
    head = text[: 8 * count]
    if len("".join(head.split())) >= count:
        return True
    return len(head) < len(text) and len("".join(text.split())) >= count


def _text_length(node: HtmlElement) -> int:
    """Length of the node's text with whitespace runs counted as one character."""
    return len(node_text(node))


def _emit(node: etree._Element, out: list[Block], memo: LocatorMemo) -> None:
    """Walk readability's output; one block per paragraph-like node or loose text run.

    ``memo``: the paths :func:`locator` found, shared over this one tree.
    """
    tag = node.tag if isinstance(node.tag, str) else ""
    kind = _BLOCK_KINDS.get(tag)
    if kind is not None and not any(
        isinstance(c.tag, str) and (c.tag in _BLOCK_KINDS or c.tag in _CONTAINERS) and c.tag != "span"
        for c in node
    ):
        where = locator(node, memo=memo)
        out.extend(Block(line, kind, where) for line in node_lines(node))
        return
    loose = (node.text or "").strip()
    if loose:
        out.append(Block(" ".join(loose.split()), "p", locator(node, memo=memo)))
    for child in node:
        _emit(child, out, memo)
        tail = (child.tail or "").strip()
        if tail:
            out.append(Block(" ".join(tail.split()), "p", locator(node, memo=memo)))


def readability_blocks(tree: HtmlElement, min_text_length: int = 25) -> tuple[Block, ...] | None:
    """Blocks of readability's article node, or None when readability fails."""
    try:
        summary = _TreeDocument(tree, min_text_length=min_text_length).summary(html_partial=True)
    except (Unparseable, etree.LxmlError, ValueError, TypeError, AttributeError):
        return None
    root = parse_html(summary)
    if root is None:
        return None
    body = root.find("body")
    out: list[Block] = []
    _emit(body if body is not None else root, out, {})
    return tuple(out)
