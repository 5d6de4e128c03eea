"""The scorer's fast paths give what their plain forms give (invented text).

Each speed-up of the scoring stage replaces a plain computation by a cheaper
one over the same data; these tests run both on the same invented text and
require the same answer, exactly."""

from __future__ import annotations

import pytest

from scraper.scoring.features import tokenize
from scraper.scoring.rules import GATE_SUBSTRINGS, TRIGGER_SETS, gated, substrings_by_sentence, substrings_in
from scraper.scoring.text import find_quotes, split_sentences

TEXTS = [
    # triggers at both edges of a sentence, overlapping ("shared" holds "hard"),
    # and repeated
    "Regime media shared a clip. It was hard to say who was close. To many, the report was unverified.\n"
    "Critics called the so-called inquiry a sham; officials familiar with it declined, citing rules.",
    "“It seems clear,” the warlord's aide said, “that nobody could verify it.” The claim was disputed.\n\n"
    "Reportedly, a second report surfaced. Doubt grew: had the video been authenticated? Nobody knew whether.",
    "No trigger sits in this short line.",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_triggers_by_sentence_equal_the_triggers_of_each_sentence(text: str) -> None:
    lowered = text.lower()
    spans = [(s.start, s.end) for s in split_sentences(text, find_quotes(text))]
    fast = substrings_by_sentence(lowered, spans)
    assert fast == [substrings_in(lowered[a:b]) for a, b in spans]
    for (a, b), present in zip(spans, fast):
        for table, triggers in TRIGGER_SETS.items():
            assert (not triggers.isdisjoint(present)) == gated(table, lowered[a:b])


def test_triggers_by_sentence_on_made_up_spans() -> None:
    """Any spans in order: every placement of a trigger against their edges."""
    lowered = "xx shared hard yy reportedly report y clear could couldn doubtful"
    assert {"shared", "hard", "report ", "reportedly", "clear", "could ", "doubt"} <= substrings_in(lowered)
    n = len(lowered)
    for cut in range(0, n + 1):
        for gap in (0, 1, 3):
            spans = [(0, cut), (min(n, cut + gap), n)] if cut + gap <= n else [(0, cut)]
            spans = [(a, b) for a, b in spans if a < b]
            assert substrings_by_sentence(lowered, spans) == [substrings_in(lowered[a:b]) for a, b in spans]


def test_every_trigger_is_one_gate_substring() -> None:
    assert set(GATE_SUBSTRINGS) == set().union(*TRIGGER_SETS.values())
    assert len(GATE_SUBSTRINGS) == len(set(GATE_SUBSTRINGS))


@pytest.mark.parametrize("text", [
    "“The gate is rusted,” the harbour master told reporters, adding that repairs had been promised.",
    "Scores | results: the clerk said | she would || publish them | today, according to the board.",
    "|",
    "Ann said.",
])
def test_sentence_logit_by_pairs_equals_the_bigram_strings(text: str) -> None:
    """Bigram weights looked up by (first, second) pairs give the sum the
    ``"first|second"`` names give, in the same order (so exactly equal),
    also for tokens that are themselves ``|``."""
    from itertools import repeat

    from scraper.scoring.model import load_model

    model = load_model()
    toks = tokenize(text, 0, len(text))
    lows = toks.lows
    bigrams = {f[2:]: w for f, w in model.sentence_weights.items() if f.startswith("b:")}
    z = model.sentence_weights.get("bias", 0.0) + sum(map(model.sentence_uni.get, lows, repeat(0.0)))
    if len(lows) > 1:
        z += sum(bigrams.get(a + "|" + b, 0.0) for a, b in zip(lows, lows[1:]))
    if not {'"', "“", "”", "‘", "’", "'"}.isdisjoint(lows):
        z += model.sentence_weights.get("has_quote", 0.0)
    if lows and lows[-1] == "?":
        z += model.sentence_weights.get("question", 0.0)
    assert model.sentence_logit(toks) == z
    assert all(model.sentence_bi[tuple(k.split("|"))] == w for k, w in bigrams.items() if k.count("|") == 1)


def test_cue_candidates_are_the_vocabulary_tokens_in_order() -> None:
    from scraper.scoring.model import load_model

    model = load_model()
    text = "The mayor said on Monday that the port, according to her aides, had told nobody."
    toks = tokenize(text, 0, len(text))
    want = [i for i, low in enumerate(toks.lows) if low in model.cue_vocab]
    assert want
    got = model.cue_logits(toks, lambda pos: False)
    assert [i for i, _ in got] == want
    assert [z for _, z in got] == [model.cue_logit(toks, i, False) for i in want]


@pytest.mark.parametrize("text", [
    "“Éloise O'Neill-Shaw said,” U.S. officials told the Daily Ledger’s desk: 3.5 per cent.",
    "   ", "a", "Ça va? Ärger über 2,000 Öfen.",
])
def test_tokens_read_one_at_a_time_equal_the_whole_columns(text: str) -> None:
    """``start(i)``, ``end(i)``, ``cap(i)`` (read from each match) agree with
    the ``starts``, ``ends``, ``caps`` columns and with the regex itself."""
    import re

    toks = tokenize(text, 0, len(text))
    ms = list(re.finditer(r"\w+(?:[’'.-]\w+)*|[^\w\s]", text))
    assert toks.starts == [m.start() for m in ms] == [toks.start(i) for i in range(len(toks))]
    assert toks.ends == [m.end() for m in ms] == [toks.end(i) for i in range(len(toks))]
    assert toks.caps == [m.group()[0].isupper() for m in ms] == [toks.cap(i) for i in range(len(toks))]
    assert toks.lows == [m.group().lower() for m in ms]


def test_single_quote_regex_equals_its_plain_form() -> None:
    """The single-quotation regex tests "no word character before the mark"
    after the mark (so the engine can skip to the next mark): the same
    matches as the plain lookbehind first, on invented and random text."""
    import random
    import re

    from scraper.scoring.text import _PARA_RX, _SINGLE_RX

    plain = re.compile(r"(?<![\w])['‘](?=[A-Z])[^\n]{1,400}?[.,!?]['’](?![\w])")
    rnd = random.Random(7)
    texts = ["He called it 'A plan.' and left.", "x'Hello.'", "'A.'", "‘Ab,’x ‘Cd!’ e", "a\n'B c.' d"]
    texts += ["".join(rnd.choice("ab A'‘’.,!?\n Z1_é") for _ in range(rnd.randint(0, 50))) for _ in range(3000)]
    for text in texts:
        spans = [(0, len(text))] + [(p.start(), p.end()) for p in _PARA_RX.finditer(text)]
        for a, b in spans:
            assert [m.span() for m in _SINGLE_RX.finditer(text, a, b)] == [m.span() for m in plain.finditer(text, a, b)]


def test_word_boundary_start_is_read_through_groups_classes_and_escapes() -> None:
    from scraper.scoring.rules import starts_at_word_boundary

    assert starts_at_word_boundary(r"\ba|\b(?:b|c)|\b[|\]]x|\b\|y")
    assert not starts_at_word_boundary(r"[\b]a")  # a backspace in a class, not a boundary
    assert not starts_at_word_boundary(r"\\ba")  # an escaped backslash, then "ba"
    assert starts_at_word_boundary(r"\bfoo\b|\bbar")
    assert not starts_at_word_boundary(r"\bfoo|bar")
    assert not starts_at_word_boundary(r"^\W*clearly\b")
    # a group opening the branch counts when its own branches start so and it is not optional
    for pattern, boundary in ((r"(?-i:\bfoo)|\bbar", True), (r"(?P<g>\bx)y", True), (r"(?:(?:\bx|\by))z", True),
                              (r"(?a:\bx)", False), (r"(\bx|y)", False), (r"(?=\b)x", False),
                              (r"(?:\bx)?y", False), (r"(?:\bx)*", False), (r"(?:\bx){0,2}y", False), (r"", False)):
        assert starts_at_word_boundary(pattern) == boundary, pattern


@pytest.mark.parametrize("name", ["BY_REQUEST_PHRASES", "DESCRIBED_PHRASES", "SECONDHAND_PHRASES", "LOADED"])
def test_table_behind_one_word_boundary_matches_as_the_plain_alternation(name: str) -> None:
    """A table whose rows all start at a word boundary is compiled behind
    one shared ``\\b``: the same matches and row names as the plain
    alternation of its rows, on invented text."""
    import re

    from scraper.scoring import lexicons as lx
    from scraper.scoring import rules

    rows = getattr(lx, name)
    table = {"BY_REQUEST_PHRASES": "by_request", "DESCRIBED_PHRASES": "described",
             "SECONDHAND_PHRASES": "secondhand", "LOADED": "loaded"}[name]
    compiled = {"by_request": rules.BY_REQUEST_RX, "described": rules.DESCRIBED_RX,
                "secondhand": rules.SECONDHAND_RX, "loaded": rules.LOADED_RX}[table]
    plain = re.compile("|".join(f"(?P<{table}__{r.name}>{r.pattern})" for r in rows), re.I)
    assert compiled.pattern.startswith(r"\b(?:") == all(rules.starts_at_word_boundary(r.pattern) for r in rows)
    text = ("Reports circulating online, first reported by the Ledger, citing local officials. It was widely "
            "reported that media reports and unverified reports spread. An official who asked not to be named, "
            "speaking on condition of anonymity, and people familiar with the talks, close to the mayor, said so. "
            "The regime's thugs, the Duravia regime, a puppet sham, spewed propaganda; corrupt elite hordes, "
            "notorious warlords and heroes smeared traitors in a witch-hunt of fake news. XReports circulated.")
    for a in range(0, len(text), 7):
        for b in (len(text), a + 60):
            got = [(m.span(), m.lastgroup) for m in compiled.finditer(text, a, min(b, len(text)))]
            want = [(m.span(), m.lastgroup) for m in plain.finditer(text, a, min(b, len(text)))]
            assert got == want
