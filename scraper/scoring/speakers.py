"""Who is speaking: find and classify the source of a cue.

``classify_np`` looks at the head noun of a noun phrase and returns one of
the source types of :data:`scraper.scoring.types.SOURCE_TYPES`: a document
or study noun -> ``document`` (unless it is an outlet's own story: "a report
by Reuters" -> ``outlet``); an outlet name or press noun -> ``outlet``;
unnamed people ("officials", "a neighbour") -> ``unnamed``; a proper name, an
institution ("the ministry") or a definite role ("the governor") ->
``named``; ``he``/``she`` -> the last named person, ``it``/``they`` -> the
last source, and nothing when there is none (no guessing). A single
capitalised word that news writes lower-case ("Nobody", "Prices") is no name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scraper.scoring import lexicons as lx
from scraper.scoring.model import load_model
from scraper.scoring.rules import OUTLET_RX

__all__ = ["Context", "Speaker", "before_relative", "classify_np", "has_proper_name", "lead_np", "last_chunk",
           "strip_aux"]

_WORD_RX = re.compile(r"[A-Za-zÀ-ÿ][\w’'.-]*|\d+")
_PREPS = frozenset("of in at for from with on to by near under over inside across led within based".split())
_INDEF = frozenset("a an one two three four five six some several many few other another".split())
_STOP_CAPS = frozenset(
    """The A An This That These Those Some Many However But And Meanwhile Later In On At It Its
    Following After Before During While When As If Despite Although Then Also Still Yet Now
    Today Yesterday Last Next Earlier Separately Instead Both Such Their His Her Our Your My""".split()
)
_POSTMODIFIERS = frozenset("familiar close knowledgeable aware involved responsible present".split())
_INITIAL_PARTICIPLES = frozenset(
    "according following citing speaking during including regarding considering writing reporting".split()
)
_PRONOUNS = frozenset("he she they it him her them".split())
_CLAUSE_WORDS = (
    "that which who whom whose when while after before because as if and but or so then where "
    "although though until than whether since once whereas"
).split()
# lower case or capitalised, never all capitals: "The WHO said" has no clause word
_CLAUSE_RX = re.compile(r"\b(?:" + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in _CLAUSE_WORDS) + r")\b")
_CLAUSE_FORMS = frozenset(f for w in _CLAUSE_WORDS for f in (w, w[0].upper() + w[1:]))
_WORD_ONLY_RX = re.compile(r"\w+")
_POSSESSIVES = frozenset("his her their its our my your".split())
_AUX_TAIL_WORDS = (
    r"has|have|had|will|would|also|later|previously|repeatedly|flatly|then|again|once|"
    r"publicly|privately|firmly|strongly|quickly|recently|initially|earlier|further|since|already|"
    r"first|did|does|do|could|can|may|might|just|now|reportedly|separately|subsequently|angrily|"
    r"categorically|vehemently|officially|explicitly|emphatically|immediately|openly|still|"
    r"not|never|didn[’']t|doesn[’']t|don[’']t|hasn[’']t|haven[’']t|hadn[’']t|won[’']t|wouldn[’']t"
)
_AUX_TAIL_RX = re.compile(r"(?:\s+(?:" + _AUX_TAIL_WORDS + r"))+\s*$", re.IGNORECASE)
_AUX_BE_TAIL_RX = re.compile(r"(?:\s+(?:" + _AUX_TAIL_WORDS + r"|is|are|was|were|am|be|been|being))+\s*$",
                             re.IGNORECASE)
# the same words as sets, for strip_aux (what the two regexes above match,
# read word by word from the end instead of tried at every position)
_AUX_TAIL_SET = frozenset(
    w.replace("[’']", q) for w in _AUX_TAIL_WORDS.split("|") for q in "’'"
)
_AUX_BE_TAIL_SET = _AUX_TAIL_SET | frozenset("is are was were am be been being".split())


@dataclass(frozen=True, slots=True)
class Speaker:
    """``cls`` is a source type (``named``, ``unnamed``, ``anonymous``,
    ``outlet``, ``document``); ``name`` the phrase as written (a pronoun
    resolved to its antecedent)."""

    cls: str
    name: str


@dataclass(slots=True)
class Context:
    """What earlier sentences of the same article told us (for pronouns)."""

    last_person: str = ""
    last: Speaker | None = None
    sentence: int = 0  # index of the sentence being read
    last_sentence: int = -2  # index of the sentence that set ``last``
    history: list[Speaker] = field(default_factory=list)
    earlier: str = ""  # the text before the current sentence, for a "he"/"she" with no speaker yet


def strip_aux(left: str, progressive: bool = False) -> str:
    """The words before a cue without the auxiliaries, adverbs and negation
    between subject and verb ("Ines has not said"); with ``progressive``
    (an -ing cue) also the forms of "be" ("Ines is stressing"): before a
    past participle they mark a passive ("was told by"), so they stay."""
    words = _AUX_BE_TAIL_SET if progressive else _AUX_TAIL_SET
    end = len(left.rstrip())
    cut = -1
    while True:
        i = end
        while i > 0 and not left[i - 1].isspace():
            i -= 1
        if i == 0 or left[i:end].lower() not in words:
            break
        while i > 0 and left[i - 1].isspace():
            i -= 1
        cut = end = i
    return left if cut < 0 else left[:cut]


_RELATIVE_RX = re.compile(r"\b(?:[Ww]ho|[Ww]hom|[Tt]hat|[Ww]hich)\b")
_TRAILING_ARTICLE_RX = re.compile(r"(?:\s+(?:the|a|an|The|A|An))+$")


def before_relative(text: str) -> str:
    """``"An official who spoke on condition of anonymity"`` -> ``"An official"``."""
    tail = text.rsplit(",", 1)[-1]
    m = _RELATIVE_RX.search(tail)
    return tail[: m.start()].strip() if m else ""


def last_chunk(text: str) -> tuple[str, bool]:
    """The noun phrase just before a verb: after the last comma and clause
    word. The flag says the chunk was empty after a conjunction ("X denied it
    and stated"), i.e. the subject is shared with the previous verb."""
    tail = text.rsplit(",", 1)[-1]
    cut = None
    for m in reversed(list(_WORD_ONLY_RX.finditer(tail))):  # the last clause word (as _CLAUSE_RX)
        if m.group() in _CLAUSE_FORMS:
            cut = m
            break
    if cut is None:
        return tail.strip(), False
    rest = tail[cut.end() :].strip()
    return rest, (not rest and cut.group().lower() in ("and", "but", "or", "then"))


_NEXT_CHAR_RX = re.compile(r"\s*(\S)")


def lead_np(text: str) -> str:
    """The subject at the start of a clause: determiners, capitalised words
    and source nouns, up to the first other word or punctuation."""
    start = end = -1
    for m in _WORD_RX.finditer(text):
        w = m.group()
        if end >= 0 and text[end : m.start()].strip():
            break  # punctuation between words ends the phrase
        lw = w.lower()
        if start < 0 and w.isalpha():  # "skipper Ana Costa"
            nxt = _NEXT_CHAR_RX.match(text, m.end())
            title_before_name = nxt is not None and nxt.group(1).isupper()
        else:
            title_before_name = False
        if (w[0].isupper() or lw in ("the", "a", "an") or lw in lx.ROLE_NOUNS or lw in lx.BODY_NOUNS
                or lw in lx.ANONYMOUS_HEADS or lw in lx.OUTLET_NOUNS or lw in lx.DOCUMENT_NOUNS
                or (start < 0 and lw in _POSSESSIVES) or title_before_name or w.endswith(("’s", "'s"))):
            start = m.start() if start < 0 else start
            end = m.end()
            continue
        break
    if start < 0:
        return ""
    np = text[start:end].rstrip(".")
    return _TRAILING_ARTICLE_RX.sub("", np)


def _person(words: list[str]) -> str:
    """The longest run of capitalised words (a person or body name)."""
    best: list[str] = []
    run: list[str] = []
    for w in words:
        if w[0].isupper() and w not in _STOP_CAPS:
            run.append(w)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return " ".join(best).rstrip(".")


def _headlike(word: str, index: int) -> bool:
    """Can ``word`` head a source noun phrase? (a known source noun, a
    pronoun, or a capitalised word that is not a sentence-initial participle
    or adverb such as "Unconfirmed" or "According")."""
    lw = word.lower()
    if (lw in lx.ANONYMOUS_HEADS or lw in lx.ROLE_NOUNS or lw in lx.BODY_NOUNS or lw in lx.OUTLET_NOUNS
            or lw in lx.DOCUMENT_NOUNS):
        return True
    if lw in _PRONOUNS:
        return True
    if word[0].isupper() and word not in _STOP_CAPS:
        return not (index == 0 and (lw.endswith(("ed", "ly", "ing")) or lw in _INITIAL_PARTICIPLES))
    return False


def classify_np(np: str, ctx: Context, appositive: str = "") -> Speaker | None:
    """Classify a noun phrase as a source, or None when it is not one."""
    np = np.strip(" \t,;:—–-\"“”‘’'")
    if not np:
        return None
    words = _WORD_RX.findall(np)
    if not words:
        return None
    if words[0].lower() in _PREPS:
        return None
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _PREPS), len(words))
    pre, post = words[:cut], words[cut:]
    if not lx.MODAL_WORDS.isdisjoint(pre):
        return None  # "the ruling would let the council": a clause, not a noun phrase
    k = len(pre) - 1
    while k >= 0 and not _headlike(pre[k], k):
        lw = pre[k].lower()
        if not (lw.endswith(("ed", "ing")) or lw in _POSTMODIFIERS):
            return None  # "Satellite images reviewed": "images" is no source
        k -= 1
    if k < 0:
        return None
    pre, post = pre[: k + 1], pre[k + 1 :] + post
    head = pre[-1]
    hl = head.lower()
    if hl.endswith(("’s", "'s")):
        return None  # "the union's" without a noun after it is not a subject
    outlet = OUTLET_RX.search(np)  # only for a phrase the cheap tests above did not refuse
    if hl in lx.DOCUMENT_NOUNS and not (outlet and hl in lx.JOURNALISM_NOUNS):
        return Speaker("document", np)
    if outlet:
        return Speaker("outlet", outlet.group())
    if hl in lx.OUTLET_NOUNS or hl in lx.JOURNALISM_NOUNS:
        return Speaker("outlet", np)
    if hl in _PRONOUNS:
        if len(pre) > 1:
            return None
        if hl in ("he", "she", "him", "her"):
            name = ctx.last_person or _last_name_before(ctx.earlier)
            return Speaker("named", name) if name else None
        if ctx.last is not None and _may_corefer(hl, ctx):
            return Speaker(ctx.last.cls, ctx.last.name)
        return None
    appos_name = _person(_WORD_RX.findall(appositive))
    if hl in lx.ANONYMOUS_HEADS:
        if appos_name:
            return Speaker("named", appos_name)
        return Speaker("unnamed", np)
    mods = pre[1:-1] + post
    if hl in lx.ROLE_NOUNS:
        if pre[0].lower() in _INDEF and len(pre) > 1 and not any(
            w[0].isupper() or w.lower() in lx.BODY_NOUNS for w in mods
        ):
            return Speaker("named", appos_name) if appos_name else Speaker("unnamed", np)
        return Speaker("named", _person(pre) or np)
    if hl in lx.BODY_NOUNS:
        if pre[0].lower() in _INDEF and len(pre) > 1 and not any(w[0].isupper() for w in mods):
            return Speaker("unnamed", np)
        return Speaker("named", np)
    if head[0].isupper() and head not in _STOP_CAPS:
        name = _person(pre) or head
        if " " not in name and not name.isupper() and name.lower() in load_model().common_words:
            return None  # "Nobody said", "Prices suggest": a capitalised common word, not a name
        return Speaker("named", name)
    return None


#: How many sentences back "it"/"they" may find its antecedent (0: the same
#: sentence, 1: the one before); further back there is usually another
#: candidate in between that we did not track (a fact, an event, a place).
COREFERENCE_REACH = 1
_PLURAL_FIRST = frozenset("both two three four five several many some all".split())


def _plural(name: str) -> bool:
    """Is the source a plural noun phrase ("both unions", "local officials")?
    A capitalised last word ending in -s is a name ("Reuters", "Jones")."""
    words = name.split()
    if not words:
        return False
    last = words[-1]
    return words[0].lower() in _PLURAL_FIRST or (last.islower() and last.endswith("s") and not last.endswith("ss"))


def _may_corefer(pronoun: str, ctx: Context) -> bool:
    """Is the last source a safe antecedent of "it"/"they"? Only when it was
    found at most :data:`COREFERENCE_REACH` sentences back, and "it" never
    stands for a plural ("Two unions said ... It warned" is not the unions)."""
    if ctx.last is None or ctx.sentence - ctx.last_sentence > COREFERENCE_REACH:
        return False
    return not (pronoun in ("it",) and _plural(ctx.last.name))


_NAME_RUN_RX = re.compile(r"(?<![\w.])(?:[A-Z][a-zà-ÿ’'-]+\s+){1,3}[A-Z][a-zà-ÿ’'-]+(?![\w])")


def _last_name_before(earlier: str) -> str:
    """The last run of two or more capitalised words in the preceding 400
    characters ("Mayor Ines Duarte"), when there is exactly one candidate
    person there: only then is "she" safe to resolve."""
    runs = [m.group() for m in _NAME_RUN_RX.finditer(earlier[-400:])]
    runs = [r for r in runs if r.split()[0] not in _STOP_CAPS or len(r.split()) > 2]
    people = {r.split()[-1] for r in runs}
    return runs[-1] if len(people) == 1 else ""


def has_proper_name(name: str) -> bool:
    """Does ``name`` hold a proper name (not only a role, body or common word)?"""
    common = load_model().common_words
    return any(w[0].isupper() and w not in _STOP_CAPS and w.lower() not in lx.ROLE_NOUNS
               and w.lower() not in lx.BODY_NOUNS and w.lower() not in common for w in _WORD_RX.findall(name))
