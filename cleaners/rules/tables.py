"""Cruft rules as data: one table per cruft family (cf. trafilatura ``xpaths.py``).

Each row has a stable ``name`` (what removal records and crawl stats show, as
``cleaner/removed/<name>``), one pattern per language where the wording is
language-specific (``any`` where it is not), and a ``scope``:

* ``block``: the block matches as a whole (``fullmatch``); remove it only.
* ``tail``: an end-of-article marker (a short standalone block): remove it and
  every block after it, unless that would remove most of the article (the
  safety valve in :mod:`cleaners.rules.engine`).
* ``teaser``: a teaser marker ("Read more", "Related:"): remove it and the
  few short, headline-like blocks right after it.
* ``trailing``: matches as a whole, but only among the last blocks of the
  article (author bios): applied from the end backwards.
* ``prefix``: strip a leading match (metadata glued to a paragraph); keep
  the rest of the block.
* ``inline``: candidate spans inside a block (``finditer``); ``context``
  names the check a span must pass before it is removed.
* ``check``: no pattern; the rule is a named check implemented in code
  (duplicates, learned templates, untranslated paragraphs).

Whole-block matching is what keeps a trigger phrase inside an article
sentence ("Read more about the plan in the annex.") from ever firing.
Every block pattern is also bounded by ``max_chars``, so a long paragraph
that merely begins like a marker stays.

Patterns are matched case-insensitively against the stripped block with
typographic quotes folded to ASCII (``’`` to ``'``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Rule", "RULE_TABLES", "ALL_RULES", "RULES_BY_NAME", "SCOPES"]

SCOPES = ("block", "tail", "teaser", "trailing", "prefix", "inline", "check")


@dataclass(frozen=True, slots=True)
class Rule:
    """One row of a cruft table.

    ``languages``: the languages the row has wording for (``any`` when the
    pattern is language-neutral). ``context``: an extra condition, checked in
    code, that must hold as well (``after_temperature``: the previous block
    was a temperature widget; ``before_body``: no body paragraph was kept
    before it (widgets sit in the page header); ``ends_with_headline``: the
    block ends with the headline;
    ``foreign_script``: the span is in another script than the article).
    ``max_chars``: longer blocks never match.
    ``needs``: lower-case strings one of which is in ``block.lower()``
    whenever the pattern matches it: a cheap test that spares the regex on
    most lines (rules whose pattern scans the whole line for a phrase).
    """

    name: str
    kind: str
    scope: str
    pattern: re.Pattern[str] | None
    languages: tuple[str, ...] = ()
    context: str | None = None
    max_chars: int = 200
    needs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Row:
    name: str
    scope: str
    wording: dict[str, str]
    context: str | None
    max_chars: int
    needs: tuple[str, ...] = ()


def row(
    name: str, scope: str, *, context: str | None = None, max_chars: int = 200,
    needs: tuple[str, ...] = (), **wording: str
) -> _Row:
    """A table row: ``wording`` maps a language code (or ``any``) to a regex."""
    return _Row(name, scope, wording, context, max_chars, needs)


# Trailing punctuation and arrows a marker may carry ("Read more »", "Related:").
_TRAILER = r"[\s:.!…|»›>→▶-]*"
_FLAGS = re.IGNORECASE | re.UNICODE


def _compile(scope: str, wording: dict[str, str]) -> re.Pattern[str] | None:
    if not wording:
        return None
    alternatives = "|".join(f"(?:{rx})" for rx in wording.values())
    if scope in ("prefix", "inline"):
        return re.compile(alternatives, _FLAGS)
    return re.compile(rf"(?:{alternatives}){_TRAILER}", _FLAGS)


def table(kind: str, *rows: _Row) -> tuple[Rule, ...]:
    """Compile the rows of one cruft family."""
    rules = []
    for r in rows:
        if r.scope not in SCOPES:
            raise ValueError(f"rule {r.name}: unknown scope {r.scope!r}")
        if not r.name.startswith(f"{kind}."):
            raise ValueError(f"rule {r.name}: name must start with {kind!r}")
        pattern = _compile(r.scope, r.wording)
        rules.append(Rule(r.name, kind, r.scope, pattern, tuple(r.wording), r.context, r.max_chars, r.needs))
    return tuple(rules)


# Shared vocabulary -----------------------------------------------------------

_WEEKDAY_EN = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTH_EN = (r"(?:january|february|march|april|may|june|july|august|september|october"
             r"|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_TIME = r"(?:\s*(?:[|,·•-]|at)?\s*\d{1,2}[:.h]\d{2}(?:\s*(?:[ap]\.?m\.?|uhr|h))?(?:\s+[A-Z]{2,4})?)?"
_ISO_DATE = r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_HOME = r"(?:home(?:\s*page)?|startseite|in[ií]cio|p[aá]gina\s+inicial|accueil|portada)"
_HOME_RUN_IN = r"(?-i:Home|Startseite|Início|Inicio|Accueil|Portada)"
_CRUMB_SEP = r"[>»/|›→]"
_FILTER_NAME = r"[\w-]+(?:\s+[\w-]+)?"  # a spam filter's product name
_CAPITALISED_NAME = r"(?-i:[A-ZÀ-Ý][\w.'-]+)(?:\s+(?-i:[A-ZÀ-Ý][\w.'-]+)){1,3}"
_NOT_A_DAY = (r"(?!(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight"
              r"|yesterday|tomorrow)\b)")
_TEASER_TITLE = r"\s*:\s*(?![^\n]*[.!?]\s*$)[^\n]{3,150}"  # a title, not a sentence

# Cruft families ----------------------------------------------------------------

METADATA = table(
    "metadata",
    row("metadata.date_prefix", "prefix", max_chars=100_000,
        any=r"\s*(?:date|published|updated|posted|datum|data|fecha)\s*:?\s*"
            r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?"
            r"(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s+(?=\S)"),
    row("metadata.date_line", "block", max_chars=90,
        en=rf"(?:(?:first\s+|last\s+)?(?:published|updated|posted)(?:\s+on)?\s*:?\s*)?"
           rf"(?:{_MONTH_EN}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH_EN},?\s+\d{{4}}){_TIME}",
        de=r"(?:veröffentlicht|aktualisiert|stand)(?:\s+am)?\s*:?\s*\d{1,2}\.\s*(?:\d{1,2}\.|\w+)\s*\d{4}"
           + _TIME,
        pt=r"(?:publicado|atualizado)(?:\s+em)?\s*:?\s*\d{1,2}(?:/\d{1,2}/|\s+de\s+\w+\s+de\s+)\d{4}"
           + _TIME,
        fr=r"(?:publié|mis\s+à\s+jour)\s+le\s+\d{1,2}(?:er)?\s+\w+\s+\d{4}" + _TIME,
        es=r"(?:publicado|actualizado)(?:\s+el)?\s*:?\s*\d{1,2}(?:/\d{1,2}/|\s+de\s+\w+\s+de\s+)\d{4}"
           + _TIME,
        any=rf"(?:date|published|updated|datum|data|fecha)?\s*:?\s*{_ISO_DATE}"),
    # A time on its own line: the stamp of a live-blog post or a ticker entry.
    row("metadata.timestamp", "block", max_chars=40,
        en=r"(?:(?:updated|posted|published)\s*:?\s*)?(?:\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
           r"|\d{1,2}(?:\.\d{2})?\s*[ap]\.?m\.?)(?:\s+[a-z]{2,4})?|(?:updated\s+)?\d{1,2}\s+(?:minutes?|mins?|hours?|hrs?)\s+ago",
        de=r"(?:aktualisiert\s*:?\s*)?\d{1,2}[:.]\d{2}(?:\s*uhr)?|vor\s+\d{1,2}\s+(?:minuten|stunden?)",
        pt=r"(?:atualizado\s*:?\s*)?\d{1,2}h\d{2}|há\s+\d{1,2}\s+(?:minutos?|horas?)",
        fr=r"(?:mis\s+à\s+jour\s*:?\s*)?\d{1,2}h\d{2}|il\s+y\s+a\s+\d{1,2}\s+(?:minutes?|heures?)",
        es=r"(?:actualizado\s*:?\s*)?\d{1,2}:\d{2}\s*h|hace\s+\d{1,2}\s+(?:minutos?|horas?)"),
)

WIDGET = table(
    "widget",
    # Widgets sit in the page header: after the first body paragraph, "Seville 44C"
    # is a reading in a heatwave report.
    row("widget.temperature", "block", context="before_body", max_chars=60,
        any=r"(?:[^\W\d_][\w .'-]{1,30}\s+)?[-−+]?\d{1,3}(?:[.,]\d{1,2})?\s*(?:[°º]\s*[CF]?|[CF])\b"
            r"(?:(?:\s+|\s*[|/,·]\s*)[^\W\d_][\w .'-]{1,30})?"),
    row("widget.city", "block", context="after_temperature", max_chars=40,
        any=r"(?-i:[A-ZÀ-Ý][\w'.-]+)(?:[\s-](?-i:[A-ZÀ-Ý][\w'.-]+)){0,2}"),
    row("widget.dateline", "block", max_chars=80,
        en=rf"{_WEEKDAY_EN},?\s+(?:{_MONTH_EN}\s+{_DAY},?|{_DAY}\s+(?:of\s+)?{_MONTH_EN},?)\s+\d{{4}}{_TIME}",
        de=r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s+\d{1,2}\.\s*"
           r"(?:januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november"
           r"|dezember)\s+\d{4}" + _TIME,
        pt=r"(?:(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?|sábado|domingo),?\s+\d{1,2}\s+de\s+"
           r"(?:janeiro|fevereiro|março|abril|maio|junho|julho|agosto|setembro|outubro|novembro"
           r"|dezembro)\s+(?:de\s+)?\d{4}" + _TIME,
        fr=r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche),?\s+\d{1,2}(?:er)?\s+"
           r"(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
           r"|décembre)\s+\d{4}" + _TIME,
        es=r"(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo),?\s+\d{1,2}\s+de\s+"
           r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre"
           r"|noviembre|diciembre)\s+(?:de\s+|del\s+)?\d{4}" + _TIME),
)

BREADCRUMB = table(
    "breadcrumb",
    row("breadcrumb.trail", "block", max_chars=160, needs=(">", "»", "/", "|", "›", "→"),
        any=rf"{_HOME}\s*(?:{_CRUMB_SEP}\s*[^>»/|›→\n]{{1,50}}?\s*){{1,6}}"
            # "A » B » C": spaced arrows only, and no quotation marks on the line
            # (« … » and »…« are French and German quotes, not separators).
            rf"|(?![^\n]*[«„“\"])(?:[^>»›\n.!?]{{1,30}}\s[»›]\s+){{1,6}}[^>»›\n.!?]{{1,60}}"),
    row("breadcrumb.run_in", "block", context="ends_with_headline", max_chars=260,
        any=rf"{_HOME_RUN_IN}(?=[A-ZÀ-Ý0-9]).{{3,250}}"),
)

SPAM = table(
    "spam",
    # "This site uses <filter> to reduce spam": the notice comment plugins print,
    # whatever the filter's name (one or two words).
    row("spam.filter_notice", "block", max_chars=300,
        en=rf"this\s+(?:site|website|blog)\s+uses\s+{_FILTER_NAME}\s+to\s+(?:reduce|fight|filter|block)\s+(?:comment\s+)?spam\..{{0,150}}",
        de=rf"diese\s+(?:website|seite|webseite)\s+verwendet\s+{_FILTER_NAME},?\s+um\s+spam\s+zu\s+(?:reduzieren|bekämpfen|filtern)\..{{0,150}}",
        pt=rf"este\s+site\s+(?:utiliza|usa)\s+(?:o\s+)?{_FILTER_NAME}\s+para\s+(?:reduzir|combater|filtrar)\s+(?:o\s+)?spam\..{{0,150}}",
        fr=rf"ce\s+site\s+utilise\s+{_FILTER_NAME}\s+pour\s+(?:réduire|filtrer|combattre)\s+les\s+(?:indésirables|spams?)\..{{0,150}}",
        es=rf"este\s+sitio\s+(?:usa|utiliza)\s+{_FILTER_NAME}\s+para\s+(?:reducir|combatir|filtrar)\s+el\s+spam\..{{0,150}}"),
    row("spam.recaptcha", "block", max_chars=300,
        en=r"this\s+(?:site|page|form)\s+is\s+protected\s+by\s+recaptcha\b.{0,200}",
        de=r"diese\s+(?:seite|website)\s+(?:ist\s+durch\s+recaptcha\s+geschützt|wird\s+durch\s+recaptcha\s+geschützt)\b.{0,200}",
        pt=r"este\s+site\s+é\s+protegido\s+(?:pelo|por)\s+recaptcha\b.{0,200}",
        fr=r"ce\s+site\s+est\s+protégé\s+par\s+recaptcha\b.{0,200}",
        es=r"este\s+sitio\s+está\s+protegido\s+por\s+recaptcha\b.{0,200}"),
)

READING_TIME = table(
    "reading_time",
    row("reading_time.minutes", "block", max_chars=60,
        en=r"(?:(?:about|approx\.?|~)\s*)?\d{1,3}\s*-?\s*min(?:ute)?s?\.?\s+read(?:ing\s+time)?"
           r"|(?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*(?:about\s+)?\d{1,3}\s*min(?:ute)?s?\.?",
        de=r"(?:lesezeit|lesedauer)\s*:?\s*(?:ca\.\s*)?\d{1,3}\s*min(?:uten|\.)?"
           r"|\d{1,3}\s*min(?:uten|\.)?\s+lesezeit",
        pt=r"(?:tempo\s+de\s+)?leitura\s*:?\s*\d{1,3}\s*min(?:utos?|\.)?"
           r"|\d{1,3}\s*min(?:utos?|\.)?\s+de\s+leitura",
        fr=r"(?:temps\s+de\s+)?lecture\s*:?\s*\d{1,3}\s*min(?:utes?|\.)?"
           r"|\d{1,3}\s*min(?:utes?|\.)?\s+de\s+lecture",
        es=r"(?:tiempo\s+de\s+)?lectura\s*:?\s*\d{1,3}\s*min(?:utos?|\.)?"
           r"|\d{1,3}\s*min(?:utos?|\.)?\s+de\s+lectura"),
)

# A comment's signature: who posted it and when ("Posted by Ana on May 3, 2024
# 10:12 AM"), or its moderation link ("Report this comment"). Two of them under a
# comments marker make the rest a comment thread (cleaners.rules.engine).
_AT_HOUR = r"(?:\s+(?:à|um|às|a\s+las)\s+\d{1,2}[:.h]\d{2}(?:\s*uhr)?)?"  # "à 10h12", "um 10:12 Uhr"
_NUMERIC_DATE = r"\d{1,2}[./-]\s*\d{1,2}[./-]\s*\d{2,4}"
_SIGNATURE_WHEN_EN = (rf"(?:{_MONTH_EN}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH_EN},?\s+\d{{4}}"
                      rf"|{_NUMERIC_DATE}|{_ISO_DATE}){_TIME}")
_SIGNATURE_WHEN = (rf"(?:{_NUMERIC_DATE}|{_ISO_DATE}|\d{{1,2}}\.?\s+(?:de\s+)?\w{{3,10}}\.?\s+(?:de\s+)?\d{{4}})"
                   rf"(?:{_TIME}|{_AT_HOUR})")
_SIGNER = r"[^\n]{1,60}?"

COMMENTS = table(
    "comments",
    row("comments.prompt", "tail", max_chars=80,
        en=r"(?:leave|add|post|write|submit)\s+(?:a|your|the\s+first)\s+(?:comment|reply|response)"
           r"|join\s+the\s+(?:conversation|discussion)|have\s+your\s+say|show\s+comments|view\s+comments",
        de=r"(?:einen\s+)?kommentar\s+(?:schreiben|hinterlassen|verfassen|abgeben)"
           r"|schreiben\s+sie\s+einen\s+kommentar|diskutieren\s+sie\s+mit|antwort\s+hinterlassen",
        pt=r"deixe\s+(?:um|seu|o\s+seu)\s+comentário|deixe\s+uma\s+resposta"
           r"|adicion(?:ar|e)\s+(?:um\s+)?comentário|comente",
        fr=r"laiss(?:er|ez)\s+(?:un\s+commentaire|une\s+réponse)|ajouter\s+un\s+commentaire|réagissez",
        es=r"deja\s+(?:un|tu)\s+comentario|deja\s+una\s+respuesta|añad(?:ir|e)\s+(?:un\s+)?comentario"
           r"|comenta"),
    row("comments.heading", "tail", max_chars=40,
        en=r"comments?|discussion|reader\s+comments",
        de=r"kommentare?|leserkommentare",
        pt=r"comentários?",
        fr=r"commentaires?|réactions",
        es=r"comentarios?"),
    row("comments.recent", "tail", max_chars=60,
        en=r"(?:recent|latest|top)\s+comments",
        de=r"(?:neueste|letzte|aktuelle)\s+kommentare",
        pt=r"comentários\s+recentes|últimos\s+comentários",
        fr=r"commentaires\s+récents|derniers\s+commentaires",
        es=r"comentarios\s+recientes|últimos\s+comentarios"),
    row("comments.count", "block", max_chars=60,
        en=r"\d{1,6}\s+(?:comments?|replies|responses)|comments?\s*\(\d{1,6}\)|no\s+comments(?:\s+yet)?"
           r"|be\s+the\s+first\s+to\s+comment",
        de=r"\d{1,6}\s+kommentare?|kommentare\s*\(\d{1,6}\)|(?:noch\s+)?keine\s+kommentare",
        pt=r"\d{1,6}\s+comentários?|sem\s+comentários|nenhum\s+comentário",
        fr=r"\d{1,6}\s+commentaires?|aucun\s+commentaire|pas\s+de\s+commentaire",
        es=r"\d{1,6}\s+comentarios?|sin\s+comentarios|no\s+hay\s+comentarios"),
    row("comments.thread", "check", max_chars=120,
        en=rf"(?:posted|written|submitted|added)\s+by:?\s+{_SIGNER}\s+(?:on|at)\s+{_SIGNATURE_WHEN_EN}"
           r"|report\s+(?:this\s+comment|abuse)",
        de=rf"(?:geschrieben|verfasst|gepostet)\s+von:?\s+{_SIGNER}\s+am\s+{_SIGNATURE_WHEN}"
           r"|(?:kommentar|beitrag)\s+melden",
        pt=rf"(?:enviado|publicado|postado)\s+por:?\s+{_SIGNER}\s+(?:em|às)\s+{_SIGNATURE_WHEN}"
           r"|denunciar\s+(?:este\s+comentário|abuso)",
        fr=rf"(?:posté|publié|envoyé)\s+par:?\s+{_SIGNER}\s+le\s+{_SIGNATURE_WHEN}"
           r"|signaler\s+(?:ce\s+commentaire|un\s+abus)",
        es=rf"(?:enviado|publicado|escrito)\s+por:?\s+{_SIGNER}\s+(?:el|en)\s+{_SIGNATURE_WHEN}"
           r"|denunciar\s+(?:este\s+comentario|abuso)"),
    row("comments.closed", "block", max_chars=80,
        en=r"comments\s+are\s+(?:closed|disabled)(?:\s+for\s+this\s+(?:article|story|post))?"
           r"|commenting\s+(?:is\s+)?(?:closed|disabled)(?:\s+for\s+this\s+(?:article|story|post))?",
        de=r"(?:die\s+)?kommentar(?:e|funktion)\s+(?:sind|ist)\s+(?:geschlossen|deaktiviert)",
        pt=r"(?:os\s+)?comentários\s+(?:estão\s+)?(?:fechados|encerrados|desativados)",
        fr=r"(?:les\s+)?commentaires\s+sont\s+(?:fermés|clos|désactivés)",
        es=r"(?:los\s+)?comentarios\s+(?:están\s+)?(?:cerrados|desactivados)"),
)

RELATED = table(
    "related",
    row("related.most_popular", "tail", max_chars=60,
        en=r"(?:the\s+)?most\s+(?:popular|read|viewed|shared|commented)(?:\s+(?:stories|articles|news"
           r"|posts|now|today|this\s+week))?|trending(?:\s+(?:now|stories|news))?"
           r"|popular\s+(?:now|posts|stories|articles)|what'?s\s+popular",
        de=r"meistgelesen(?:e\s+(?:artikel|nachrichten))?|am\s+meisten\s+gelesen|meistgeklickt"
           r"|beliebteste\s+artikel|top[- ]artikel",
        pt=r"(?:as\s+)?mais\s+(?:lidas|populares|vistas|acessadas)(?:\s+da\s+semana)?",
        fr=r"(?:les\s+)?(?:articles\s+)?(?:les\s+)?plus\s+(?:lus|populaires|partagés|consultés)",
        es=r"(?:lo\s+)?más\s+(?:leído|leídas|leídos|visto|vistas|popular|populares)"),
    row("related.related_articles", "tail", max_chars=60,
        en=r"related\s+(?:articles|stories|posts|news|coverage|content|reading|links|topics)"
           r"|more\s+(?:stories|articles|news)(?:\s+like\s+this)?|recommended(?:\s+(?:for\s+you"
           r"|stories|articles|reading))?|read\s+next|up\s+next|more\s+on\s+this\s+(?:story|topic)",
        de=r"(?:ähnliche|verwandte)\s+(?:artikel|beiträge|themen)|mehr\s+zum\s+thema"
           r"|weitere\s+(?:artikel|beiträge|nachrichten)|empfohlene\s+artikel",
        pt=r"(?:artigos|notícias|matérias|posts)\s+relacionad[ao]s|recomendados(?:\s+para\s+você)?",
        fr=r"articles?\s+(?:similaires|liés|connexes)|sur\s+le\s+même\s+sujet|nos\s+recommandations",
        es=r"(?:artículos|noticias|notas)\s+relacionad[ao]s|recomendados|más\s+noticias"),
    row("related.you_may_also_like", "tail", max_chars=80,
        en=r"you\s+(?:may|might|will)\s+also\s+(?:like|enjoy|be\s+interested\s+in)"
           r"|we\s+think\s+you'?ll\s+(?:also\s+)?like|don'?t\s+miss",
        de=r"das\s+könnte\s+(?:sie|dich)\s+auch\s+interessieren|auch\s+interessant",
        pt=r"(?:você|voce)\s+(?:também\s+)?pode\s+(?:gostar|se\s+interessar)(?:\s+também)?"
           r"|talvez\s+você\s+(?:goste|se\s+interesse)",
        fr=r"vous\s+(?:aimerez|pourriez\s+aimer)\s+aussi|ces\s+articles\s+peuvent\s+vous\s+intéresser"
           r"|à\s+découvrir\s+aussi",
        es=r"(?:también\s+)?te\s+puede\s+(?:gustar|interesar)|quizás?\s+te\s+(?:interese|guste)"
           r"|también\s+le\s+puede\s+interesar"),
    row("related.read_more", "teaser", max_chars=180,
        en=rf"(?:read\s+more|continue\s+reading|keep\s+reading|read\s+the\s+full\s+(?:story|article))"
           rf"(?:{_TEASER_TITLE})?",
        de=rf"(?:weiterlesen|mehr\s+lesen|lesen\s+sie\s+(?:auch|mehr))(?:{_TEASER_TITLE})?",
        pt=rf"(?:leia\s+(?:mais|também)|continue\s+lendo|saiba\s+mais)(?:{_TEASER_TITLE})?",
        fr=rf"(?:lire\s+(?:la\s+suite|plus|aussi)|à\s+lire\s+(?:aussi|également)|en\s+savoir\s+plus)"
           rf"(?:{_TEASER_TITLE})?",
        es=rf"(?:leer\s+más|sigue\s+leyendo|seguir\s+leyendo|lee\s+también|lea\s+también)"
           rf"(?:{_TEASER_TITLE})?"),
    row("related.more", "teaser", max_chars=180,
        en=rf"(?:more|see\s+also|also\s+read|related)(?:{_TEASER_TITLE})?",
        de=rf"(?:mehr|siehe\s+auch|auch\s+lesen|zum\s+thema)(?:{_TEASER_TITLE})?",
        pt=rf"(?:veja\s+(?:também|mais)|relacionado)(?:{_TEASER_TITLE})?",
        fr=rf"(?:voir\s+aussi|à\s+voir)(?:{_TEASER_TITLE})?",
        es=rf"(?:ver\s+también|vea\s+también|relacionado)(?:{_TEASER_TITLE})?"),
    row("related.also_on", "teaser", max_chars=70,
        en=rf"(?:also\s+on|more\s+from)\s+{_NOT_A_DAY}(?-i:[A-Z0-9])[\w.'&-]*(?:\s+[\w.'&-]+){{0,3}}",
        de=r"(?:mehr\s+von|auch\s+auf)\s+(?-i:[A-Z0-9])[\w.'&-]*(?:\s+[\w.'&-]+){0,3}",
        pt=r"(?:também\s+n[oa]|mais\s+n[oa])\s+(?-i:[A-Z0-9])[\w.'&-]*(?:\s+[\w.'&-]+){0,3}",
        fr=r"(?:aussi|également)\s+sur\s+(?-i:[A-Z0-9])[\w.'&-]*(?:\s+[\w.'&-]+){0,3}",
        es=r"también\s+en\s+(?-i:[A-Z0-9])[\w.'&-]*(?:\s+[\w.'&-]+){0,3}"),
)

NEWSLETTER = table(
    "newsletter",
    row("newsletter.signup", "block", max_chars=260,
        en=r"(?:sign\s+up|subscribe|register)(?:\s+now)?\s+(?:for|to)\s+(?:our|the)\s+(?:[\w-]+\s+){0,3}"
           r"newsletters?\b.{0,160}|get\s+(?:the\s+)?(?:latest|best|top)\b.{0,60}\b(?:in|to)\s+your\s+inbox\b.{0,100}"
           r"|(?:enter\s+your\s+email(?:\s+address)?|newsletter\s+sign[- ]?up)\b.{0,100}",
        de=r"(?:jetzt\s+)?(?:(?:den|unseren)\s+)?(?:[\w-]+\s+)?newsletter\s+(?:abonnieren|bestellen)\b.{0,120}"
           r"|(?:melden\s+sie\s+sich|abonnieren\s+sie)\b.{0,40}\bnewsletter\b.{0,120}",
        pt=r"(?:assine|inscreva-se\s+(?:em|n[oa]))\s+(?:a\s+|n[oa]ssa\s+)?(?:[\w-]+\s+)?newsletter\b.{0,120}"
           r"|receba\b.{0,60}\bno\s+seu\s+e-?mail\b.{0,80}",
        fr=r"(?:abonnez-vous|inscrivez-vous)\s+à\s+(?:notre|la)\s+(?:[\w-]+\s+)?newsletter\b.{0,120}"
           r"|recevez\b.{0,60}\bnewsletter\b.{0,80}",
        es=r"(?:suscríbete|suscribite|suscríbase|regístrate)\s+(?:a|en)\s+(?:nuestro|nuestra|el|la)\s+"
           r"(?:[\w-]+\s+)?(?:boletín|newsletter)\b.{0,120}"),
    row("newsletter.subscription", "block", max_chars=220,
        en=r"subscribe\s+(?:now|today|here)\b.{0,100}|already\s+(?:a\s+subscriber|have\s+an\s+account)\??.{0,80}"
           r"|(?:become|join\s+as)\s+a\s+(?:member|subscriber|supporter)\b.{0,100}"
           r"|support\s+(?:our|independent)\s+journalism\b.{0,100}"
           r"|to\s+continue\s+reading,?\s+(?:please\s+)?(?:subscribe|log\s+in|sign\s+in)\b.{0,80}"
           r"|this\s+(?:article|content)\s+is\s+(?:for|available\s+to)\s+subscribers(?:\s+only)?\b.{0,60}",
        de=r"jetzt\s+(?:abonnieren|abo\s+abschließen)\b.{0,80}|bereits\s+abonnent(?:in)?\??.{0,60}"
           r"|(?:dieser\s+artikel\s+ist\s+)?nur\s+für\s+abonnenten\b.{0,60}",
        pt=r"assine\s+(?:já|agora)\b.{0,80}|já\s+é\s+assinante\??.{0,60}"
           r"|conteúdo\s+exclusivo\s+para\s+assinantes\b.{0,60}",
        fr=r"abonnez-vous\b.{0,100}|déjà\s+abonné\s*\??.{0,60}|(?:cet\s+article\s+est\s+)?réservé\s+aux\s+abonnés\b.{0,60}",
        es=r"suscríbete\b.{0,100}|¿?ya\s+eres\s+suscriptor\??.{0,60}|contenido\s+exclusivo\s+para\s+suscriptores\b.{0,60}"),
)

SHARE = table(
    "share",
    row("share.prompt", "block", max_chars=80,
        en=r"share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page))?(?:\s+(?:on|via|with)\s+[\w ]{2,30})?"
           r"|tweet(?:\s+this)?|(?:(?:e-?mail|print|save|send)\s+this(?:\s+(?:article|story|page|post))?[\s|·•]*){1,4}"
           r"|copy\s+(?:the\s+)?link"
           r"|click\s+to\s+share\s+on\s+\w+(?:\s+\(opens\s+in\s+new\s+window\))?",
        de=r"(?:(?:artikel|beitrag)\s+)?teilen|auf\s+\w+\s+teilen|diesen\s+artikel\s+teilen|link\s+kopieren",
        pt=r"(?:compartilh|partilh)(?:e|ar)(?:\s+(?:esta|essa)\s+(?:notícia|matéria))?(?:\s+n[oa]\s+\w+)?",
        fr=r"partager(?:\s+(?:cet\s+article|sur\s+\w+))?|copier\s+le\s+lien",
        es=r"compart(?:ir|e)(?:\s+(?:esta\s+(?:noticia|nota)|en\s+\w+))?|copiar\s+enlace"),
    row("share.networks", "block", max_chars=160,
        any=r"(?:(?:facebook|twitter|x|whatsapp|telegram|linkedin|pinterest|reddit|e-?mail|messenger|flipboard"
            r"|tumblr|pocket|print|copy\s+link|threads|bluesky|mastodon)[\s|,·•/]*){2,12}"),
)

CONTACT = table(
    "contact",
    row("contact.reporter", "block", max_chars=200,
        en=rf"(?:contact|email|e-mail|reach|write\s+to)\s+the\s+(?:reporter|author|writer|journalist)"
           rf"(?:\s+(?:at|on|via)\b|\s*:)\s*.{{3,120}}"
           # A named person only with an address or handle: "Contact Crime Stoppers
           # on 0800 ..." is an appeal the article makes, not the reporter's line.
           rf"|(?:contact|email|e-mail|reach|write\s+to)\s+{_CAPITALISED_NAME}(?:\s+(?:at|on|via)\b|\s*:)"
           rf"(?=.{{0,80}}(?:@|https?://|www\.|\b(?:twitter|x|instagram|bluesky|signal|mastodon)\b))\s*.{{3,120}}"
           rf"|follow\s+{_CAPITALISED_NAME}\s+on\s+(?:twitter|x|instagram|facebook|bluesky|threads|mastodon)\b.{{0,60}}"
           rf"|send\s+(?:us\s+)?(?:a\s+)?(?:news\s+)?tips?\s+to\b.{{3,80}}|got\s+a\s+(?:news\s+)?tip\?.{{0,100}}",
        de=r"kontakt\s+zu[rm]?\s+(?:autor(?:in)?|redaktion)\s*:?.{0,100}"
           r"|schreiben\s+sie\s+(?:dem\s+autor|der\s+autorin|der\s+redaktion)\b.{0,100}",
        pt=r"(?:fale\s+com|entre\s+em\s+contato\s+com)\s+(?:o|a)\s+(?:repórter|autor|autora|redação)\b.{0,100}",
        fr=r"(?:contacter|écrire\s+à)\s+(?:l'auteur(?:e)?|la\s+rédaction|le\s+journaliste)\b.{0,100}",
        es=r"(?:contacta(?:r)?|escribe)\s+(?:con\s+|a\s+)?(?:el|la)\s+(?:autor|autora|periodista|redacción)\b.{0,100}",
        any=r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
)

_STANDARDS_EN = (  # links to the outlet's editorial standards
    r"(?:read\s+|learn\s+more\s+about\s+|see\s+)?our\s+(?:editorial\s+)?(?:standards|guidelines|principles"
    r"|ethics\s+policy|corrections\s+policy)(?:\s*[:.-]\s*.{0,100})?"
)

FOOTER = table(
    "footer",
    row("footer.copyright", "block", max_chars=250,
        needs=("©", "(c)", "&copy;", "copyright", "rights", "rechte", "direitos", "droits", "derechos"),
        any=r"(?:©|\(c\)|&copy;|copyright\s*(?:©|\(c\))?\s*(?=\d{4}))\s*.{0,200}",
        en=r".{0,120}\ball\s+rights\s+reserved\b.{0,80}",
        de=r".{0,120}\balle\s+rechte\s+vorbehalten\b.{0,80}",
        pt=r".{0,120}\btodos\s+os\s+direitos\s+reservados\b.{0,80}",
        fr=r".{0,120}\btous\s+droits\s+réservés\b.{0,80}",
        es=r".{0,120}\btodos\s+los\s+derechos\s+reservados\b.{0,80}"),
    row("footer.standards", "block", max_chars=140,
        en=_STANDARDS_EN,
        de=r"(?:(?:unsere\s+(?:redaktionellen\s+)?|redaktionelle\s+)(?:standards|leitlinien|grundsätze)"
           r"|(?:standards|leitlinien|grundsätze)\s+der\s+redaktion)(?:\s*:\s*.{0,100})?",
        pt=r"(?:nossos\s+)?(?:princípios|padrões)\s+editoriais(?:\s*:\s*.{0,100})?",
        fr=r"(?:nos\s+)?(?:principes|règles|chartes?)\s+(?:éditoriales?|déontologiques?)(?:\s*:\s*.{0,100})?",
        es=r"(?:nuestros\s+)?(?:principios|criterios|estándares)\s+editoriales(?:\s*:\s*.{0,100})?"),
    row("footer.about_author", "tail", max_chars=40,
        en=r"about\s+the\s+(?:author|writer)s?",
        de=r"über\s+(?:den\s+autor|die\s+autorin)",
        pt=r"sobre\s+(?:o\s+autor|a\s+autora)",
        fr=r"à\s+propos\s+de\s+l'auteur(?:e)?",
        es=r"sobre\s+(?:el\s+autor|la\s+autora)"),
    row("footer.author_bio", "trailing", max_chars=400,
        en=rf"{_CAPITALISED_NAME}\s+is\s+(?:a|an|the)\s+(?:[\w-]+\s+){{0,4}}(?:reporter|correspondent|editor"
           rf"|journalist|writer|columnist|contributor|producer)\s+(?:at|for|with|covering|based\s+in|who\s+covers)\b.{{0,300}}"
           rf"|{_CAPITALISED_NAME}\s+is\s+the\s+(?:co-?)?author\s+of\s+(?:the\s+)?(?:new\s+)?(?:book\s+)?[\"'].{{0,300}}",
        de=rf"{_CAPITALISED_NAME}\s+ist\s+(?:[\w-]+\s+){{0,4}}(?:redakteur|korrespondent|journalist|reporter|autor)"
           rf"(?:in)?\s+(?:bei|für|im|in|der|des)\b.{{0,300}}",
        pt=rf"{_CAPITALISED_NAME}\s+é\s+(?:[\w-]+\s+){{0,4}}(?:repórter|correspondente|editora?|jornalista|colunista)"
           rf"\s+(?:d[oa]|n[oa]|em|que\s+cobre)\b.{{0,300}}",
        fr=rf"{_CAPITALISED_NAME}\s+est\s+(?:[\w-]+\s+){{0,4}}(?:journaliste|reporter|correspondante?|rédact(?:eur|rice))"
           rf"\s+(?:à|au|pour|chez|de)\b.{{0,300}}",
        es=rf"{_CAPITALISED_NAME}\s+es\s+(?:[\w-]+\s+){{0,4}}(?:periodista|reporter[oa]|corresponsal|editora?|columnista)"
           rf"\s+(?:de|del|en|para)\b.{{0,300}}"),
)

DUPLICATE = table(
    "duplicate",
    row("duplicate.title", "check"),      # a block repeating the headline (any case, quotes folded)
    row("duplicate.repeated", "check"),   # a block repeating the previous block; a caption repeated anywhere
)

UNTRANSLATED = table(
    "untranslated",
    row("untranslated.bracket_span", "inline", context="foreign_script", max_chars=300,
        any=r"\s*\[[^\[\]\n]{2,300}\]\s*"),
    row("untranslated.script_run", "check"),     # 4+ words in another script inside a paragraph
    row("untranslated.script_block", "check"),   # a paragraph mostly in another script
    row("untranslated.language_block", "check"),  # a paragraph in another language, same script
)

TEMPLATE = table(
    "template",
    row("template.learned", "check"),  # a block the TemplateLearner saw on most of the source's pages
)

# Ordered by priority: the first row that matches a block wins.
RULE_TABLES: dict[str, tuple[Rule, ...]] = {
    "metadata": METADATA,
    "widget": WIDGET,
    "breadcrumb": BREADCRUMB,
    "spam": SPAM,
    "reading_time": READING_TIME,
    "comments": COMMENTS,
    "related": RELATED,
    "newsletter": NEWSLETTER,
    "share": SHARE,
    "contact": CONTACT,
    "footer": FOOTER,
    "duplicate": DUPLICATE,
    "untranslated": UNTRANSLATED,
    "template": TEMPLATE,
}

ALL_RULES: tuple[Rule, ...] = tuple(rule for rules in RULE_TABLES.values() for rule in rules)
RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}
