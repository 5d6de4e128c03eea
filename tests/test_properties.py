"""Property tests: cleaning never raises anything but CleanerError, and is idempotent."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from fixtures.texts.cases import load, names

from cleaners import CleanDocument, CleanerError, CleanOptions, clean_html, clean_text
from cleaners.document import Block
from cleaners.pipeline import finish

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

FIXTURE_LINES = sorted({line for name in names() for line in load(name).text.splitlines() if line.strip()})
CRUFT = ["Most Popular", "Read More", "Add a Comment", "12.2 C", "London", "Home > World", "5 min read",
         "date 2023-05-26 ", "[слово в скобках]", "Share", "© 2024 Example", "Related:", "Kommentare"]

lines = st.one_of(
    st.sampled_from(FIXTURE_LINES),
    st.sampled_from(CRUFT),
    st.text(max_size=80),
    st.builds(lambda a, b: a + b, st.sampled_from(CRUFT), st.sampled_from(FIXTURE_LINES)),
    st.builds(lambda a, b: a + " " + b, st.sampled_from(FIXTURE_LINES), st.sampled_from(CRUFT)),
)
documents = st.lists(lines, max_size=25).map("\n".join)


def reclean(doc: CleanDocument) -> CleanDocument:
    """clean_text-like processing of a cleaned body: one block per line, same headline."""
    blocks = [Block(p, "p", f"line {n}") for n, p in enumerate(doc.paragraphs, start=1)]
    return finish(blocks, [], title=doc.title, authors=(), published=None, language=None,
                  options=CleanOptions())


@SETTINGS
@given(st.text())
def test_clean_text_never_raises(text: str) -> None:
    assert isinstance(clean_text(text), CleanDocument)


@SETTINGS
@given(documents)
def test_clean_text_is_idempotent(text: str) -> None:
    doc = clean_text(text)
    again = reclean(doc)
    assert again.removed == ()
    assert again.text == doc.text


@SETTINGS
@given(st.one_of(st.text(max_size=2000), st.binary(max_size=2000), documents.map(lambda t: f"<p>{t}</p>")))
def test_clean_html_raises_only_cleaner_errors(data: str | bytes) -> None:
    try:
        doc = clean_html(data)
    except CleanerError:
        return
    assert isinstance(doc, CleanDocument)


def test_fixtures_are_idempotent_through_clean_text_too() -> None:
    for name in names():
        doc = load(name).clean()
        assert reclean(doc).removed == (), name
        if doc.title is not None:
            again = clean_text(f"{doc.title}\n{doc.text}")
            assert (again.title, again.text, again.removed) == (doc.title, doc.text, ()), name
