"""Thresholds are options: a non-default value passed to the public API changes the result."""

from __future__ import annotations

from cleaners import CleanOptions, ExtractOptions, ForeignOptions, StandfirstOptions, clean_html, clean_text

BODY = " ".join(["The harbour board met on Monday to discuss the budget for the coming year, "
                 "and members spoke at length."] * 2)
STANDFIRST = "Island families will pay more from the spring onwards."  # 9 words
PAGE = ("<html><head><title>Ferry fares to rise</title></head><body><h1>Ferry fares to rise</h1>"
        f'<p class="standfirst">{STANDFIRST}</p>'
        f"<article><p>{BODY}</p><p>{BODY} Second.</p><p>{BODY} Third.</p></article></body></html>")
RUN = "Москва сегодня вечером открыла новый мост"  # 6 words in another script
DUMP = ("The council met on Tuesday evening and agreed the new harbour budget after a long debate about fees.\n"
        f"Members said the plan would help local fishermen {RUN} through the winter.\n"
        "The vote passed by nine to three and the new fees will apply from the first of April next year.\n")


def test_clean_html_takes_extraction_thresholds() -> None:
    assert STANDFIRST in clean_html(PAGE).text
    longer = ExtractOptions(standfirst=StandfirstOptions(min_words=12))
    doc = clean_html(PAGE, extract_options=longer)
    assert STANDFIRST not in doc.text
    assert "The harbour board met on Monday" in doc.text


def test_clean_html_takes_cleaning_thresholds() -> None:
    page = PAGE.replace("Second.", f"Second. {RUN}.")
    assert RUN not in clean_html(page).text
    assert RUN in clean_html(page, options=CleanOptions(foreign=ForeignOptions(min_run_words=7))).text


def test_clean_text_takes_cleaning_thresholds() -> None:
    default = clean_text(DUMP)
    assert RUN not in default.text
    assert any(r.rule == "untranslated.script_run" and r.text == RUN for r in default.removed)
    tolerant = clean_text(DUMP, options=CleanOptions(foreign=ForeignOptions(min_run_words=7)))
    assert RUN in tolerant.text
    assert not any(r.rule.startswith("untranslated.") for r in tolerant.removed)
