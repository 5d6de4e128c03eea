"""The sparse langdetect model gives langdetect's own answers, float for float."""

from __future__ import annotations

import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.text.language import langdetect_best, langdetect_factory

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "en": "The council said on Monday that the new bridge would open to traffic by the end of the year.",
    "de": "Der Stadtrat hat am Montag beschlossen, dass die neue Brücke bis zum Jahresende geöffnet wird.",
    "fr": "Le conseil municipal a annoncé lundi que le nouveau pont sera ouvert avant la fin de l'année.",
    "es": "El ayuntamiento dijo el lunes que el nuevo puente se abrirá al tráfico antes de fin de año.",
    "pt": "A prefeitura disse na segunda-feira que a nova ponte será aberta ao tráfego até o fim do ano.",
    "it": "Il consiglio comunale ha detto lunedì che il nuovo ponte sarà aperto entro la fine dell'anno.",
    "nl": "De gemeenteraad zei maandag dat de nieuwe brug voor het einde van het jaar opengaat.",
    "pl": "Rada miejska poinformowała w poniedziałek, że nowy most zostanie otwarty do końca roku.",
    "ru": "Городской совет в понедельник заявил, что новый мост откроют для движения до конца года.",
    "el": "Το δημοτικό συμβούλιο ανακοίνωσε τη Δευτέρα ότι η νέα γέφυρα θα ανοίξει μέχρι το τέλος του έτους.",
    "ar": "قال المجلس البلدي يوم الاثنين إن الجسر الجديد سيفتح أمام حركة المرور بحلول نهاية العام.",
    "ja": "市議会は月曜日、新しい橋が年末までに開通すると発表した。",
    "zh": "市议会周一表示，新桥将于年底前通车。",
    "ko": "시의회는 월요일 새 다리가 연말까지 개통될 것이라고 밝혔다.",
    "hi": "नगर परिषद ने सोमवार को कहा कि नया पुल साल के अंत तक यातायात के लिए खुल जाएगा।",
    "mixed": "Ok ja si oui the der le el",
    "short": "Na na na",
    "digits": "12345 678",
}


@cache
def reference() -> DetectorFactory:
    """langdetect's own factory, loaded the way ``detect_langs`` loads it, seeded 0."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0
    return factory


def probabilities(factory: DetectorFactory, text: str) -> list[tuple[str, float]] | str:
    detector = factory.create()
    detector.append(text)
    try:
        return [(guess.lang, guess.prob) for guess in detector.get_probabilities()]
    except LangDetectException as exc:
        return f"error {exc.code}"


def test_same_languages_and_ngrams() -> None:
    ours, theirs = langdetect_factory(), reference()
    assert ours.langlist == theirs.langlist
    assert set(ours.word_lang_prob_map) == set(theirs.word_lang_prob_map)


def test_every_row_is_identical() -> None:
    ours, theirs = langdetect_factory().word_lang_prob_map, reference().word_lang_prob_map
    size = len(reference().langlist)
    differing = [ngram for ngram, row in theirs.items() if ours[ngram] != row[:size]]
    assert differing == []


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_same_probabilities(name: str) -> None:
    text = TEXTS[name]
    assert probabilities(langdetect_factory(), text) == probabilities(reference(), text)


@pytest.mark.parametrize("name", sorted(set(TEXTS) - {"mixed", "short", "digits"}))
def test_best_guess(name: str) -> None:
    best = langdetect_best(TEXTS[name])
    assert best is not None
    language = best[0].split("-")[0]  # zh-cn
    assert language == name


def test_deterministic_and_undecidable() -> None:
    assert len({langdetect_best(TEXTS["mixed"]) for _ in range(5)}) == 1
    assert langdetect_best("12345 !!!") is None


def test_model_loads_only_when_needed() -> None:
    """Importing the cleaners and deciding by stopwords never loads langdetect."""
    code = (
        "import sys\n"
        "import cleaners.api\n"
        "from cleaners.text.language import detect_language, langdetect_best\n"
        "assert detect_language('the cat and the dog were on the mat with his hat, "
        "which was not theirs but the one they have') == 'en'\n"
        "print('langdetect' in sys.modules)\n"
        "langdetect_best('Rada miejska poinformowała w poniedziałek')\n"
        "print('langdetect' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
