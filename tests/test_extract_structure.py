"""Page-structure steps of extraction: live blogs, standfirsts, screen-reader hints, repairs."""

from __future__ import annotations

import json

from cleaners import ExtractOptions, clean_html
from cleaners.document import Block
from cleaners.extraction.liveblog import live_blog
from cleaners.extraction.standfirst import standfirst_blocks
from cleaners.html.hidden import strip_screen_reader_text
from cleaners.html.repair import reparse
from cleaners.html.tree import page_lines, parse_html

BODY = " ".join(["The harbour board met on Monday to discuss the budget for the coming year."] * 3)


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_live_blog_found_inside_a_graph_with_a_type_list() -> None:
    data = {"@graph": [{"@type": "WebPage"}, {"@type": ["LiveBlogPosting", "NewsArticle"],
            "headline": "Storm live", "liveBlogUpdate": {"headline": "Roads shut", "articleBody": "The A9 is shut."}}]}
    blog = live_blog(parse_html(_page(_ld(data), "<p>x</p>")))
    assert blog is not None and blog.headline == "Storm live"
    assert [(u.headline, u.body) for u in blog.updates] == [("Roads shut", "The A9 is shut.")]


def test_broken_json_ld_is_no_live_blog_and_no_error() -> None:
    head = '<script type="application/ld+json">{"@type": "LiveBlogPosting", </script>'
    assert live_blog(parse_html(_page(head, "<p>x</p>"))) is None


def test_a_caption_matching_the_description_is_not_a_standfirst() -> None:
    description = "Crews repaired the sea wall at Holloway after the storm damaged it."
    html = _page(
        f'<meta property="og:description" content="{description}">',
        "<h1>Sea wall repaired</h1>"
        f'<div class="media-caption"><p>{description}</p></div>'
        f'<p class="standfirst">The council says the wall will hold until spring.</p>'
        f"<article><p>{BODY}</p></article>",
    )
    tree = parse_html(html)
    kept = [Block(BODY)]
    found = standfirst_blocks(page_lines(tree.find("body")), kept, ["Sea wall repaired"], description)
    assert [b.text for b in found] == ["The council says the wall will hold until spring."]


def test_no_standfirst_is_taken_from_after_the_article_start() -> None:
    html = _page("", f"<h1>Title here</h1><article><p>{BODY}</p>"
                     '<p class="summary">A summary line that sits below the article body.</p></article>')
    tree = parse_html(html)
    found = standfirst_blocks(page_lines(tree.find("body")), [Block(BODY)], ["Title here"], None)
    assert found == []


def test_screen_reader_spans_are_cut_and_recorded() -> None:
    tree = parse_html(_page("", '<p>Shares rose <a href="/x">(.EX)<span class="sr-only">, opens new tab</span></a> today.</p>'))
    removed = strip_screen_reader_text(tree, max_chars=ExtractOptions().hidden_max_chars)
    assert [(r.rule, r.text) for r in removed] == [("extract.screen_reader_only", ", opens new tab")]
    assert "opens new tab" not in "".join(tree.itertext())
    assert "today." in "".join(tree.itertext())


def test_a_normal_page_is_not_parsed_twice() -> None:
    source = _page("<title>t</title>", f"<p>{BODY}</p>" * 20)
    tree = parse_html(source)
    assert reparse(tree, source, min_source_chars=ExtractOptions().reparse_min_source_chars) is tree


def test_cleaning_a_live_blog_keeps_its_title_out_of_the_text() -> None:
    data = {"@type": "LiveBlogPosting", "headline": "Floods live: river peaks",
            "liveBlogUpdate": [{"headline": "Bridge closed", "articleBody": BODY}]}
    html = _page(_ld(data), f"<h1>Floods live: river peaks</h1><div class='intro'><p>{BODY} Intro.</p></div>"
                            f"<div class='post'><h2>Bridge closed</h2><p>{BODY}</p></div>")
    doc = clean_html(html)
    assert doc.title == "Floods live: river peaks"
    assert "Floods live" not in doc.text
