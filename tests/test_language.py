"""Cheap language and script detection."""

import time

import pytest

from cleaners import CleanOptions
from cleaners.text.language import detect_language, dominant_script, script_profile, stopword_hits

SAMPLES = {
    "en": "The council said on Monday that the new bridge would be opened to traffic by the end of the year.",
    "de": "Der Stadtrat hat am Montag beschlossen, dass die neue Brücke bis zum Jahresende für den Verkehr "
          "geöffnet wird, und die Kosten sind gestiegen.",
    "fr": "Le conseil municipal a annoncé lundi que le nouveau pont sera ouvert à la circulation avant la fin "
          "de l'année, mais les travaux ont pris du retard et les coûts sont plus élevés que prévu.",
    "es": "El ayuntamiento dijo el lunes que el nuevo puente se abrirá al tráfico antes de fin de año, pero "
          "las obras sufrieron retrasos y los costes han subido por las lluvias del invierno.",
    "pt": "A prefeitura disse na segunda-feira que a nova ponte será aberta ao tráfego até o fim do ano, mas "
          "as obras atrasaram e os custos já são maiores do que o previsto pela secretaria.",
    "ru": "Городской совет в понедельник заявил, что новый мост откроют для движения до конца года.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_detects(language: str) -> None:
    assert detect_language(SAMPLES[language]) == language


def test_undecidable() -> None:
    assert detect_language("") is None
    assert detect_language("12345 !!! 678") is None


def test_deterministic() -> None:
    text = "Ok ja si oui"
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_bounded_sample_keeps_cost_flat() -> None:
    detect_language(SAMPLES["en"])
    short, long = SAMPLES["en"] * 20, SAMPLES["en"] * 2000
    assert len(long) > 50 * CleanOptions().language_sample_chars
    start = time.perf_counter()
    detect_language(long)
    assert time.perf_counter() - start < 0.5
    assert detect_language(short) == detect_language(long) == "en"


def test_script_profile() -> None:
    profile = script_profile("Hello Мир 世界")
    assert profile["latin"] == 5 and profile["cyrillic"] == 3 and profile["cjk"] == 2
    assert dominant_script(profile) is None
    assert dominant_script(script_profile("Hello Мир")) == "latin"
    assert dominant_script(script_profile("ab вг")) is None
    assert script_profile("123 !?") == {}


def test_stopword_hits() -> None:
    assert stopword_hits("the cat and the dog")["en"] == 3
    assert stopword_hits("the cat and the dog", distinct=True)["en"] == 2
