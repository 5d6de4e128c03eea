"""Does a page look like an article? Cheap signals, no extraction."""

from __future__ import annotations

from scrapy.http import HtmlResponse

__all__ = ["looks_like_article"]

ARTICLE_LD_TYPES = ("NewsArticle", '"Article"', "ReportageNewsArticle", "BlogPosting")
MIN_ARTICLE_PARAGRAPHS = 3
MIN_PARAGRAPH_CHARS = 800


def looks_like_article(response: HtmlResponse) -> bool:
    """True when the page declares itself an article (Open Graph, JSON-LD) or
    carries enough paragraph text inside an ``<article>`` or ``<main>``."""
    og_type = response.xpath("//meta[@property='og:type']/@content").get("")
    if og_type.strip().lower() == "article":
        return True
    for blob in response.xpath("//script[@type='application/ld+json']/text()").getall():
        if any(t in blob for t in ARTICLE_LD_TYPES):
            return True
    paragraphs = response.xpath("(//article|//main)[1]//p//text()").getall()
    return len(paragraphs) >= MIN_ARTICLE_PARAGRAPHS and len("".join(paragraphs)) >= MIN_PARAGRAPH_CHARS
