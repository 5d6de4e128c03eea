"""page_lines / node_lines: where lines break and which node each belongs to (invented markup)."""

from __future__ import annotations

from cleaners.html.tree import node_lines, page_lines, parse_html

PAGE = """<html><body><div id="top">Menu <a href="/">Home</a> <b>bold</b>
second line<br>after break<p>para <i>one</i></p>tail of p
<script>var x = 1;</script>after script<ul><li>  </li><li>item <span>two</span></li></ul>
<div>   </div><p>multi
line</p></div>end</body></html>"""


def _lines(skip: frozenset[str] | None = None) -> list[tuple[str, str]]:
    tree = parse_html(PAGE)
    assert tree is not None
    body = tree.find("body")
    found = page_lines(body) if skip is None else page_lines(body, skip)
    return [(line.text, line.node.tag) for line in found]


def test_lines_break_at_blocks_line_breaks_and_newlines() -> None:
    assert _lines() == [
        ("Menu Home bold", "div"), ("second line", "div"), ("after break", "div"),
        ("para one", "p"), ("tail of p", "div"), ("after script", "div"),
        ("item two", "li"), ("multi", "p"), ("line", "p"), ("end", "body"),
    ]


def test_skipped_subtrees_keep_their_tails_and_empty_skip_reads_scripts() -> None:
    lines = [text for text, _ in _lines(frozenset())]
    assert "var x = 1;after script" in lines
    assert "after script" in [text for text, _ in _lines()]


def test_node_lines_is_the_text_of_page_lines() -> None:
    tree = parse_html(PAGE)
    assert tree is not None
    top = tree.find(".//div")
    assert node_lines(top) == [line.text for line in page_lines(top, frozenset())]
    assert node_lines(top)[0] == "Menu Home bold"
