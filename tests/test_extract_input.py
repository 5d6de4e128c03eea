"""clean_html input handling: charsets, broken bytes, wrong types."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners import CleanerError, InputError, clean_html
from cleaners.html.decode import decode_html

PARAGRAPHS = {
    "ru": [
        "Городской совет в понедельник утвердил план ремонта набережной, который обсуждался почти два года.",
        "По словам представителей администрации, работы начнутся весной и продлятся до конца осени.",
        "Жители прибрежных кварталов просили сохранить старые деревья и расширить пешеходную зону.",
        "Стоимость проекта оценивается в сорок миллионов рублей, большую часть оплатит областной бюджет.",
    ],
    "fr": [
        "Le conseil municipal a approuvé lundi le projet de rénovation du marché couvert, après deux années de débats.",
        "Selon la mairie, les travaux débuteront au printemps et dureront jusqu'à la fin de l'été prochain.",
        "Les commerçants ont obtenu la garantie qu'un marché provisoire serait installé place de l'Église.",
        "Le coût des travaux est estimé à trois millions d'euros, financés en partie par la région.",
    ],
}


def _page(lang: str, charset_meta: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[lang])
    return (f"<html lang='{lang}'><head>{charset_meta}<title>Article</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article>{body}</article></body></html>")


@pytest.mark.parametrize(
    ("lang", "codec", "meta"),
    [
        ("ru", "cp1251", '<meta charset="windows-1251">'),
        ("ru", "cp1251", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'),
        ("fr", "latin-1", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        ("fr", "cp1252", '<meta charset="windows-1252">'),
    ],
)
def test_declared_legacy_charsets_decode(lang: str, codec: str, meta: str) -> None:
    doc = clean_html(_page(lang, meta).encode(codec))
    for paragraph in PARAGRAPHS[lang]:
        assert paragraph in doc.text
    assert doc.language == lang


def test_undeclared_cp1251_is_detected() -> None:
    text = " ".join(PARAGRAPHS["ru"])
    assert decode_html(f"<p>{text}</p>".encode("cp1251")) == f"<p>{text}</p>"


def test_utf8_wins_over_a_wrong_declaration() -> None:
    html = _page("fr", '<meta charset="iso-8859-1">').encode("utf-8")
    assert PARAGRAPHS["fr"][0] in clean_html(html).text


def test_bom_nul_and_invalid_bytes() -> None:
    html = b"\xef\xbb\xbf" + _page("fr", "").encode("utf-8").replace(b"<article>", b"<article>\x00\xff")
    text = decode_html(html)
    assert "\x00" not in text and "\ufffd" in text
    assert PARAGRAPHS["fr"][1] in clean_html(html).text


def test_xml_declaration_in_str_input() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + _page("fr", "")
    assert PARAGRAPHS["fr"][2] in clean_html(html).text


@pytest.mark.parametrize("html", ["", "   ", b"", b"\x00\x00", "<html></html>", "plain words", b"\xff\xfe\xfa"])
def test_degenerate_pages_are_rejected(html: str | bytes) -> None:
    doc = clean_html(html)
    assert doc.rejection == "no_article_text"


def test_wrong_type_raises_input_error() -> None:
    with pytest.raises(InputError):
        clean_html(123)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400)))
def test_never_raises_anything_but_cleaner_error(html: str | bytes) -> None:
    try:
        doc = clean_html(html)
    except CleanerError:
        return
    assert isinstance(doc.text, str)
