"""A naive full-page text dump: every visible text block of a page on a line.

What a simple scraper saves when it keeps "the text" of a page (like the
documents in ``../shared/seeds``): no boilerplate removal at all, navigation,
teasers and footers included. Used to build text-mode inputs from the
extraction sets, for ``bench/extraction.py --text-mode`` and for training the
block model (``tools/train_blocks.py``). Independent of the cleaning: it shares only the
project's charset decoding and parser (a browser would decode and parse too).
"""

from __future__ import annotations

from lxml import etree

from cleaners.html.decode import decode_html
from cleaners.html.tree import parse_html

__all__ = ["dump"]

# Not "head": on pages whose markup made the parser put the article there, it
# is what a browser shows.
_SKIP = {"script", "style", "noscript", "template", "svg", "math", "title", "meta", "link", "base",
         "iframe", "object", "select", "option"}
_BLOCK = {"address", "article", "aside", "blockquote", "body", "br", "button", "caption", "center",
          "dd", "details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
          "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main",
          "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
          "thead", "tr", "ul"}


def _hidden(element: etree._Element) -> bool:
    style = (element.get("style") or "").replace(" ", "").lower()
    return element.get("hidden") is not None or "display:none" in style or "visibility:hidden" in style


def dump(page: bytes | str) -> str:
    """The page's visible text, one block a line (blank lines between blocks)."""
    # The declared or sniffed charset, and libxml2's tree mended where a browser
    # would show more (an unclosed <title>, a body swallowed by <head>).
    root = parse_html(decode_html(page))
    if root is None:
        return ""
    parts: list[str] = []

    def walk(element: etree._Element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP or not tag or _hidden(element):
            return
        block = tag in _BLOCK
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)
