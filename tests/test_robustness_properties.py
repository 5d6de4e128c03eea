"""Robustness properties: mutated real-looking HTML and raw bytes.

``clean_html``, ``clean_text`` and ``score_article`` raise nothing but
``CleanerError`` on any input; ``score_article``'s evidence offsets always point
into the scored text; the worker (``process_page``) returns a record for any
body and any declared charset; the sniffing helpers never raise.
(Basic never-raise properties on plain text live in test_properties.py.)
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners import CleanDocument, CleanerError, clean_html, clean_text
from scraper.pipelines.processing import ProcessingOptions, process_page
from scraper.scoring import score_article
from cleaners.html.decode import choose_encoding
from scraper.middlewares.sniff import blocked_reason, body_reason
from tests.faultserver import PARAGRAPHS, article_html

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PAGES = [article_html(f"k{n}", lang) for n, lang in enumerate(PARAGRAPHS)]
NASTY = [
    "\x00", "\ufeff", "\ud7ff", "\uffff", "\U0010ffff", "&#0;", "&#xD800;", "&#x110000;", "&#99999999999;",
    "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0' encoding='ebcdic'?>",
    '<meta charset="utf-16">', '<meta http-equiv="Content-Type" content="text/html; charset=x-bogus">',
    "<script>", "</script>", "<style>", "<textarea>", "<plaintext>", "<svg><foreignObject>",
    "<math><mi>", "<table><tr><td>", "<p", "</", "<<<<", ">>>>", "&", "&amp", "\r", "\u2028",
    "<base href='javascript:alert(1)'>", "<a href='\x00'>x</a>", "<img src=x onerror=alert(1)>",
    "<div>" * 300, "</div>" * 300, "<br>" * 200, "\u202e", "\u0301" * 50,
]


@st.composite
def mutated_html(draw: st.DrawFn) -> str:
    """A real-looking article page with a few random edits."""
    page = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(page)))
        edit = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "nasty"]))
        if edit == "insert":
            page = page[:at] + draw(st.text(max_size=40)) + page[at:]
        elif edit == "nasty":
            page = page[:at] + draw(st.sampled_from(NASTY)) + page[at:]
        elif edit == "delete":
            page = page[:at] + page[at + draw(st.integers(1, 200)):]
        elif edit == "duplicate":
            page = page[:at] + page[at:at + draw(st.integers(1, 400))] * draw(st.integers(2, 5)) + page[at:]
        else:
            page = page[:at]
    return page


def _codec_bytes(text: str, codec: str) -> bytes:
    return text.encode(codec, errors="replace" if codec != "utf-16" else "surrogatepass")


mutated_bytes = st.builds(_codec_bytes, mutated_html(),
                          st.sampled_from(["utf-8", "cp1251", "latin-1", "shift_jis", "utf-16"]))


def _clean_or_cleaner_error(html: str | bytes) -> None:
    try:
        doc = clean_html(html, "http://news.test/a")
    except CleanerError:
        return
    assert isinstance(doc, CleanDocument)
    assert "\x00" not in doc.text


@SETTINGS
@given(mutated_html())
def test_clean_html_mutated_text(html: str) -> None:
    _clean_or_cleaner_error(html)


@SETTINGS
@given(mutated_bytes)
def test_clean_html_mutated_bytes(html: bytes) -> None:
    _clean_or_cleaner_error(html)


@SETTINGS
@given(st.binary(max_size=4096))
def test_clean_html_any_bytes(body: bytes) -> None:
    _clean_or_cleaner_error(body)


@SETTINGS
@given(st.one_of(mutated_html(), st.text()))
def test_clean_text_never_raises_other_errors(text: str) -> None:
    try:
        assert isinstance(clean_text(text), CleanDocument)
    except CleanerError:
        pass


def _assert_offsets(text: str) -> None:
    try:
        scores = score_article(text)
    except CleanerError:
        return
    if scores.score is None:  # not scored: a language the scorer does not read, or no sentence
        assert not scores.language_supported or scores.sentences == 0
    else:
        assert 0.0 <= scores.score <= 1.0
    for evidence in scores.evidence:
        assert 0 <= evidence.start <= evidence.end <= len(text)
        assert text[evidence.start:evidence.end] == evidence.text


@SETTINGS
@given(st.text())
def test_score_article_any_text(text: str) -> None:
    _assert_offsets(text)


sentences = st.lists(st.sampled_from([p.format(key="X") for ps in PARAGRAPHS.values() for p in ps]
                                     + ["", "\n", " ", "\x00", '"', "“", "said", "according to"]),
                     max_size=30).map(" ".join)


@SETTINGS
@given(st.builds(lambda a, b: a + b, sentences, st.text(max_size=50)))
def test_score_article_mutated_prose(text: str) -> None:
    _assert_offsets(text)


PAGE_FIELDS: dict[str, Any] = {"url": "http://news.test/a", "source": "news.test", "status": 200,
                               "fetched_at": "2026-01-01T00:00:00+00:00"}


@SETTINGS
@given(st.one_of(mutated_bytes, st.binary(max_size=2048)),
       st.sampled_from([None, "utf-8", "cp1251", "shift_jis", "utf-16", "latin-1", "x-bogus", "rot13"]))
def test_worker_always_returns_a_record(body: bytes, encoding: str | None) -> None:
    record = process_page({**PAGE_FIELDS, "body": body, "encoding": encoding},
                          ProcessingOptions(min_text_chars=20))
    assert record["type"] in {"article", "failure"}
    if record["type"] == "failure":
        assert record["reason"] not in {"cleaner_error", "scoring_error"}, record


@SETTINGS
@given(st.one_of(mutated_bytes, st.binary(max_size=4096)),
       st.one_of(st.none(), st.text(max_size=20),
                 st.sampled_from(["utf-8", "UTF8", "cp1251", "rot13", "utf-7", "base64"])),
       st.integers(100, 599))
def test_sniffing_never_raises(body: bytes, declared: str | None, status: int) -> None:
    charset = choose_encoding(body, declared)
    body.decode(charset.encoding, errors="replace")  # a real text codec
    assert body_reason(body) in {None, "empty_body", "binary_body"}
    assert blocked_reason(status, body) in {None, "bot_challenge", "login_wall"}


def test_worker_drops_c0_controls_from_a_decoded_body() -> None:
    """With a charset, the body is decoded in the worker and C0 controls other
    than tab, newlines and form feed are dropped before lxml sees them: the
    article is the one of the same page without them."""
    page = article_html("controls", "en")
    cut = page.index("</p>") - 10
    controls = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f")
    dirty = page[:cut] + controls + page[cut:]
    options = ProcessingOptions(min_text_chars=20)
    for encoding in ("utf-8", "cp1252", "utf-16"):
        clean = process_page({**PAGE_FIELDS, "body": page.encode(encoding), "encoding": encoding},
                             options)
        record = process_page({**PAGE_FIELDS, "body": dirty.encode(encoding), "encoding": encoding},
                              options)
        assert record["type"] == clean["type"] == "article", record
        assert record["text"] == clean["text"]
        assert not set(controls) & set(record["text"])
