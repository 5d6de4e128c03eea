"""Lexicons of the scoring stage, as data: one table per concern.

Every row has a stable ``name``; the scorer records it in ``Evidence.rule`` so
a reader (and ``tests/test_scoring_lexicons.py``) can see which row fired.
Patterns are regex fragments, matched case-insensitively unless the table says
otherwise; they are compiled once, at import, by ``scraper.scoring.rules``.

Tables
------
REPORTING_VERBS      speech-act verbs, every form (base, -s, past, -ing)
BY_REQUEST_PHRASES   phrases that make a source anonymous by request
DESCRIBED_PHRASES    phrases that describe an unnamed source ("familiar with the")
ANONYMOUS_HEADS      head nouns of an unnamed source ("officials", "a source")
ROLE_NOUNS           roles that name a source when definite ("the governor")
BODY_NOUNS           institutions that are named sources ("the ministry")
OUTLETS              agencies and outlets without an outlet word in their name
OUTLET_WORDS         last words of a masthead ("Times", "Tribune"): outlet by shape
OUTLET_NOUNS         the press and unspecified reports (second-hand attribution)
DOCUMENT_NOUNS       documents and studies (a written source)
SECONDHAND_PHRASES   second-hand attribution without a reporting verb
VERIFICATION         unverified / confirmed / denied / disputed phrases
CONFIRM_NON_CLAIMS   objects of "confirmed" that are not claims (bookings)
NON_CLAIM_OBJECTS    objects that make deny/confirm a decision (bail, a visa)
DOUBT_WORDS, TRUTH_NOUNS             "doubtful about the accuracy" (unverified)
JUDGEMENT_ADJECTIVES, COGNITIVE_VERBS "it is hard to believe" (unsupported)
HEDGES               distancing markers ("reportedly", "appears to")
SPECULATIVE          the writer's own judgement (assertion.unsupported) or forecast
                     (assertion.speculative), counted in sentences with no source
LOADED               loaded / bias terms
TITLE_CUES           words before a quotation that make it a title, not speech
NOT_CUE_FRAMES       obligation, permission, enabling, court and sequence frames: no cue inside them
NOT_CUE_WORDS        per frame, the words one of which it needs (its cheap gate)
MODAL_WORDS          modals: a source noun phrase never holds one
CUE_SATELLITES       adverbs and particles that only extend a cue ("also said")
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ANONYMOUS_HEADS",
    "BY_REQUEST_PHRASES",
    "COGNITIVE_VERBS",
    "DESCRIBED_PHRASES",
    "DOCUMENT_NOUNS",
    "DOUBT_WORDS",
    "JOURNALISM_NOUNS",
    "JUDGEMENT_ADJECTIVES",
    "MODAL_WORDS",
    "NON_CLAIM_OBJECTS",
    "NOT_CUE_FRAMES",
    "NOT_CUE_WORDS",
    "OUTLET_NOUNS",
    "OUTLET_WORDS",
    "PERSON_OBJECTS",
    "TRUTH_NOUNS",
    "BODY_NOUNS",
    "CONFIRM_NON_CLAIMS",
    "CUE_SATELLITES",
    "HEDGES",
    "LOADED",
    "OUTLETS",
    "REPORTING_VERBS",
    "ROLE_NOUNS",
    "Row",
    "SECONDHAND_PHRASES",
    "SPECULATIVE",
    "STANDALONE_ADVERB_CUES",
    "TITLE_CUES",
    "VERIFICATION",
    "Verb",
]


@dataclass(frozen=True, slots=True)
class Row:
    """A named regex fragment; ``kind`` is the Evidence kind it yields."""

    name: str
    kind: str
    pattern: str


@dataclass(frozen=True, slots=True)
class Verb:
    """A reporting verb: ``forms`` in every tense (matched lower-case, whole
    word). ``strict`` verbs have a common non-reporting sense ("added salt")
    and count only before ``that``, punctuation, a quote or ``in a
    statement``. ``also`` is an extra Evidence kind the speech act carries
    (denying is a denial, confirming a confirmation)."""

    name: str
    forms: tuple[str, ...]
    strict: bool = False
    also: str = ""


def _v(name: str, forms: str, strict: bool = False, also: str = "") -> Verb:
    return Verb(name, tuple(forms.split()), strict, also)


_CONFIRMED = "verification.confirmed"
_DENIED = "verification.denied"
_DISPUTED = "verification.disputed"

# fmt: off
REPORTING_VERBS: tuple[Verb, ...] = (
    _v("say", "say says said saying"),
    _v("tell", "tell tells told telling"),
    _v("state", "stated stating"),
    _v("disclose", "disclose discloses disclosed disclosing"),
    _v("add", "add adds added adding", strict=True),
    _v("announce", "announce announces announced announcing"),
    _v("write", "write writes wrote writing written", strict=True),
    _v("tweet", "tweet tweets tweeted tweeting"),
    _v("post", "posted posting", strict=True),
    _v("warn", "warn warns warned warning"),
    _v("deny", "deny denies denied denying", also=_DENIED),
    _v("refute", "refute refutes refuted refuting", also=_DENIED),
    _v("acknowledge", "acknowledge acknowledges acknowledged acknowledging"),
    _v("admit", "admit admits admitted admitting"),
    _v("claim", "claim claims claimed claiming"),
    _v("allege", "allege alleges alleged alleging", strict=True),
    _v("report", "report reports reported reporting"),
    _v("confirm", "confirm confirms confirmed confirming", also=_CONFIRMED),
    _v("insist", "insist insists insisted insisting"),
    _v("argue", "argue argues argued arguing"),
    _v("explain", "explain explains explained explaining"),
    _v("note", "note notes noted noting", strict=True),
    _v("stress", "stress stresses stressed stressing", strict=True),
    _v("emphasize", "emphasize emphasizes emphasized emphasizing emphasise emphasises emphasised emphasising"),
    _v("clarify", "clarify clarifies clarified clarifying"),
    _v("comment", "commented commenting", strict=True),
    _v("remark", "remarked remarking", strict=True),
    _v("observe", "observe observes observed observing", strict=True),
    _v("point_out", "point\\s+out points\\s+out pointed\\s+out pointing\\s+out"),
    _v("suggest", "suggest suggests suggested suggesting"),
    _v("speculate", "speculate speculates speculated speculating"),
    _v("believe", "believe believes believed"),
    _v("expect", "expect expects"),
    _v("fear", "fear fears feared", strict=True),
    _v("predict", "predict predicts predicted predicting"),
    _v("estimate", "estimate estimates estimated estimating", strict=True),
    _v("caution", "caution cautions cautioned cautioning"),
    _v("concede", "concede concedes conceded conceding"),
    _v("contend", "contend contends contended contending"),
    _v("maintain", "maintain maintains maintained maintaining", strict=True),
    _v("assert", "assert asserts asserted asserting"),
    _v("declare", "declare declares declared declaring", strict=True),
    _v("reveal", "reveal reveals revealed revealing", strict=True),
    _v("indicate", "indicate indicates indicated indicating", strict=True),
    _v("inform", "inform informs informed informing", strict=True),
    _v("reply", "reply replies replied replying", strict=True),
    _v("respond", "respond responds responded responding", strict=True),
    _v("answer", "answered answering", strict=True),
    _v("continue", "continued", strict=True),
    _v("recall", "recall recalls recalled recalling", strict=True),
    _v("conclude", "conclude concludes concluded concluding", strict=True),
    _v("find", "find finds found", strict=True),
    _v("rule", "ruled ruling", strict=True),
    _v("testify", "testify testifies testified testifying"),
    _v("promise", "promise promises promised promising", strict=True),
    _v("pledge", "pledge pledges pledged pledging", strict=True),
    _v("vow", "vow vows vowed vowing"),
    _v("urge", "urge urges urged urging"),
    _v("call_for", "call\\s+for calls\\s+for called\\s+for calling\\s+for"),
    _v("accuse", "accuse accuses accused accusing"),
    _v("blame", "blame blames blamed blaming"),
    _v("complain", "complain complains complained complaining"),
    _v("lament", "lament laments lamented lamenting"),
    _v("boast", "boast boasts boasted boasting"),
    _v("assure", "assure assures assured assuring"),
    _v("signal", "signal signals signalled signaled signalling signaling", strict=True),
    _v("hint", "hint hints hinted hinting", strict=True),
    _v("mention", "mention mentions mentioned mentioning", strict=True),
    _v("underline", "underline underlines underlined underlining", strict=True),
    _v("underscore", "underscore underscores underscored underscoring", strict=True),
    _v("affirm", "affirm affirms affirmed affirming reaffirm reaffirms reaffirmed reaffirming"),
    _v("reiterate", "reiterate reiterates reiterated reiterating"),
    _v("repeat", "repeat repeats repeated repeating", strict=True),
    _v("describe", "describe describes described describing", strict=True),
    _v("ask", "ask asks asked asking", strict=True),
    _v("exclaim", "exclaim exclaims exclaimed exclaiming shout shouts shouted shouting", strict=True),
    _v("joke", "joke jokes joked joking quip quips quipped quipping", strict=True),
    _v("recount", "recount recounts recounted recounting"),
    _v("dispute", "dispute disputes disputed disputing", also=_DISPUTED),
    _v("contest", "contest contests contested contesting", also=_DISPUTED),
    _v("slam", "slam slams slammed slamming"),
    _v("blast", "blasted blasting", strict=False),
    _v("lash_out", "lash\\s+out lashes\\s+out lashed\\s+out lashing\\s+out"),
)

# Any of these anywhere in the sentence makes an unnamed or role source
# "anonymous" (by request: the source asked not to be named).
BY_REQUEST_PHRASES: tuple[Row, ...] = (
    Row("condition_of_anonymity", "attribution.anonymous", r"\bon\s+(?:the\s+)?condition\s+of\s+anonymity\b"),
    Row("not_to_be_named", "attribution.anonymous", r"\bnot\s+to\s+be\s+(?:named|identified)\b"),
    Row("declined_identified", "attribution.anonymous", r"\bdeclined\s+to\s+be\s+(?:named|identified)\b"),
    Row("not_authorised", "attribution.anonymous", r"\bnot\s+authori[sz]ed\s+to\s+(?:speak|comment|discuss)\b"),
    Row("speaking_anonymously", "attribution.anonymous", r"\bspeaking\s+anonymously\b|\banonymous\s+sources?\b"),
    Row("first_name_only", "attribution.anonymous", r"\bgave\s+only\s+(?:his|her|their)\s+first\s+names?\b"),
)

# These describe a source without naming it: a role source becomes "unnamed".
DESCRIBED_PHRASES: tuple[Row, ...] = (
    Row("familiar_with", "attribution.anonymous", r"\bfamiliar\s+with\s+the\b"),
    Row("close_to", "attribution.anonymous", r"\b(?:sources?|people|persons?)\s+close\s+to\b"),
    Row("with_knowledge", "attribution.anonymous", r"\b(?:with|had)\s+(?:direct\s+)?knowledge\s+of\b"),
    Row("briefed_on", "attribution.anonymous", r"\bbriefed\s+on\b"),
)
# fmt: on

# Head nouns of an unnamed source: "officials said", "a source told".
ANONYMOUS_HEADS: frozenset[str] = frozenset(
    """official officials source sources people person persons expert experts analyst analysts
    observer observers insider insiders diplomat diplomats witness witnesses resident residents
    investigator investigators critic critics economist economists scientist scientists doctor
    doctors activist activists lawmakers legislators authorities aide aides officer officers
    engineer engineers worker workers trader traders blogger bloggers commentators commentator
    researchers researcher others some many several someone somebody voters employees staff
    members member insiders veterans locals villagers protesters campaigners mother father son
    daughter wife husband brother sister cousin uncle aunt grandmother grandfather friend friends
    neighbour neighbours neighbor neighbors colleague colleagues relative relatives partner
    parents teacher teachers student students nurse nurses farmer farmers owner owners customer
    customers passenger passengers survivor survivors""".split()
)

# Roles: named when definite or tied to a named body ("the governor",
# "a Ministry of Health spokesman"), anonymous with a bare "a"/"an".
ROLE_NOUNS: frozenset[str] = frozenset(
    """spokesman spokeswoman spokesperson minister president governor mayor chief director
    prosecutor coroner lawyer attorney chairman chairwoman chair secretary ambassador general
    commander coach captain judge senator chancellor premier ceo executive founder head
    spokespeople representative envoy adviser advisor manager owner editor professor""".split()
)

# Institutions: "the ministry said", "police denied".
BODY_NOUNS: frozenset[str] = frozenset(
    """ministry government department company council court police army military navy hospital
    embassy office club union party bank firm district agency commission committee kremlin
    pentagon airline school university institute regulator parliament senate opposition family
    team board service administration cabinet presidency municipality authority prosecutors
    organization organisation federation group groups alliance coalition campaign corporation
    utility operator league church mission foundation centre center state city defence defense
    prosecution""".split()
)

# News agencies and outlets known by a name that has no outlet word in it
# (case-sensitive, whole words): citing them is second-hand.
OUTLETS: tuple[str, ...] = (
    "NYT", "Reuters", "Associated Press", "AP", "AFP", "Agence France-Presse", "BBC", "CNN", "Bloomberg",
    "WSJ", "FT", "Al Jazeera", "NBC", "CBS", "ABC", "Politico", "Axios", "NPR", "Xinhua", "Kyodo", "Yonhap",
    "Le Monde", "Der Spiegel", "Haaretz", "Euronews", "Deutsche Welle", "El País",
)

# A capitalised name ending in one of these words is an outlet ("The Harbour
# Tribune", "Daily Ledger"): the shape of a masthead, not a list of them.
OUTLET_WORDS: tuple[str, ...] = (
    "Times", "Post", "News", "Journal", "Herald", "Tribune", "Gazette", "Telegraph", "Guardian",
    "Independent", "Chronicle", "Inquirer", "Observer", "Express", "Mirror", "Mail", "Ledger", "Courier",
    "Standard", "Examiner", "Dispatch", "Bulletin", "Sun", "Star", "Register", "Review", "Monitor", "Radio",
    "Television", "TV", "Magazine", "Wire", "Broadcasting", "Network", "Newswire", "Daily", "Weekly",
)

# Head nouns of an unspecified report or of the press: second-hand.
OUTLET_NOUNS: frozenset[str] = frozenset(
    """reports posts media outlets outlet newspaper newspapers tabloid tabloids broadcaster broadcasters
    television tv channel press news rumours rumors leaks""".split()
)

# Head nouns of a document or study: a written source ("a study in a journal").
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """report study studies survey surveys poll polls documents document records data analysis paper
    papers review audit filing filings indictment complaint lawsuit memo memos letter research
    findings figures statistics census ruling judgment transcript assessment inquiry estimates
    footage""".split()
)

# Document heads that, with an outlet named after them, are that outlet's
# journalism ("a report by Reuters"), not a document.
JOURNALISM_NOUNS: frozenset[str] = frozenset("report reports story article investigation analysis".split())

# fmt: off
SECONDHAND_PHRASES: tuple[Row, ...] = (
    Row("reports_circulating", "attribution.secondhand",
        r"\b(?:reports?|posts?|claims?|videos?|rumou?rs?)\s+[\"“]?(?:circulating|circulated|emerged|surfaced|shared)\b"),
    Row("reported_by", "attribution.secondhand", r"\b(?:first\s+|as\s+|was\s+|were\s+)reported\s+by\b"),
    Row("citing", "attribution.secondhand", r"\b(?:citing|quoting|cited\s+by|quoted\s+by)\s+(?:the\s+|a\s+|local\s+|state\s+|Russian\s+|Ukrainian\s+)*[A-Za-z]"),
    Row("it_was_reported", "attribution.secondhand", r"\bit\s+(?:has\s+been|was|is|had\s+been)\s+(?:widely\s+)?reported\s+that\b"),
    Row("media_reports", "attribution.secondhand", r"\b(?:media|press|news|local|unconfirmed|unverified|earlier)\s+reports\b"),
)

# Words of doubt and the truth-nouns they doubt: "doubtful about the accuracy".
DOUBT_WORDS: tuple[str, ...] = ("s[kc]eptical", "doubtful", "unconvinced", "suspicious", "wary", "dubious")
TRUTH_NOUNS: tuple[str, ...] = (
    "veracity", "authenticity", "accuracy", "reliability", "truth", "credibility", "claims?", "reports?",
    "allegations?", "account", "figures",
)

VERIFICATION: tuple[Row, ...] = (
    # -- unverified ------------------------------------------------------
    Row("not_been_verified", "verification.unverified",
        r"\b(?:(?:has|have|had|could|can|would|will)\s*(?:not|n[’']t)|cannot|can\s+not)\s+(?:yet\s+|immediately\s+)?be(?:en)?\s+(?:independently\s+|immediately\s+|officially\s+)?(?:verified|confirmed|authenticated|corroborated)\b"),
    Row("unable_to_verify", "verification.unverified",
        r"\b(?:unable|not\s+able|impossible|not\s+possible|no\s+way)\s+(?:to|of)\s+(?:independently\s+)?(?:verify|verifying|confirm|confirming|authenticate|corroborate)\b"),
    Row("cannot_confirm", "verification.unverified",
        r"\b(?:cannot|can\s+not|can't|can’t|could\s+not|couldn't|couldn’t|did\s+not|didn't|didn’t|does\s+not|do\s+not|was\s+not\s+able\s+to|were\s+not\s+able\s+to)\s+(?:yet\s+|currently\s+|immediately\s+|independently\s+|now\s+)*(?:confirm|verify|corroborate|authenticate)\b"),
    Row("unverified_adjective", "verification.unverified", r"\b(?:unverified|unconfirmed|uncorroborated|unsubstantiated)\b"),
    Row("no_independent_confirmation", "verification.unverified",
        r"\bno\s+(?:independent\s+)?(?:confirmation|verification)\b|\b(?:verification|confirmation)\b[^.]{0,60}?\bnot\s+(?:been\s+)?possible\b"),
    Row("yet_to_be_verified", "verification.unverified",
        r"\byet\s+to\s+be\s+(?:independently\s+)?(?:verified|confirmed|established|authenticated)\b"),
    Row("doubts_truth", "verification.unverified",
        r"\b(?:" + "|".join(DOUBT_WORDS) + r")\s+(?:of|about|as\s+to|over)\s+(?:the\s+|these\s+|those\s+|such\s+|its\s+|their\s+)?(?:\w+\s+)?(?:"
        + "|".join(TRUTH_NOUNS) + r")\b"),
    Row("not_known_whether", "verification.unverified",
        r"\bit\s+(?:is|was|remains)\s+(?:not\s+(?:yet\s+)?known|unclear)\s+whether\b"),
    Row("none_could_be_verified", "verification.unverified",
        r"\bnone\s+of\b[^.]{0,50}?\bcould\s+be\s+(?:independently\s+)?(?:verified|confirmed)\b"),
    # -- confirmed (reporting verb "confirm" is handled with REPORTING_VERBS) --
    Row("passive_confirmed", "verification.confirmed",
        r"\b(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:independently\s+|officially\s+|also\s+)?(?:confirmed|verified|authenticated|corroborated|geolocated)\b(?!\s+(?:as|for)\b)"),
    Row("active_verified", "verification.confirmed",
        r"(?<!not\s)(?<!\bun)\b(?:verified|authenticated|geolocated|corroborated)\s+(?:that|the|its|their|his|her)\b"),
    Row("evidence_confirms", "verification.confirmed",
        r"\b(?:images|footage|records|photos|photographs|data|documents|recordings)\b[^.]{0,50}?\bconfirm(?:s|ed)?\s+the\b"),
    # -- denied ----------------------------------------------------------
    Row("rejected_claims", "verification.denied",
        r"\b(?:reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|rebuff(?:s|ed|ing)?)\s+(?:the\s+|these\s+|those\s+|such\s+|all\s+|any\s+)?(?:\w+\s+){0,2}?(?:claims?|allegations?|accusations?|reports?|suggestions?)\b"),
    Row("denials", "verification.denied", r"\b(?:denials?)\b"),
    # -- disputed --------------------------------------------------------
    Row("disputed_passive", "verification.disputed",
        r"\b(?:is|are|was|were|remains?|been|being)\s+(?:hotly\s+|widely\s+|strongly\s+|fiercely\s+)?(?:disputed|contested)\b"),
    Row("in_dispute", "verification.disputed", r"\bin\s+dispute\b"),
    Row("conflicting_accounts", "verification.disputed", r"\bconflicting\s+(?:accounts|reports|claims|versions|figures)\b"),
    Row("cast_doubt", "verification.disputed", r"\bcast(?:s|ing)?\s+doubts?\s+on\b"),
    Row("challenged_account", "verification.disputed",
        r"\b(?:question(?:s|ed|ing)?|challeng(?:e|es|ed|ing)|disput(?:e|es|ed|ing)|contest(?:s|ed|ing)?)\s+(?:the\s+)?(?:[\w’']+\s+){0,2}?(?:reliability|accuracy|account|version|figures?|findings|conclusions|claims?|numbers|results|legality|validity|authenticity|veracity|credibility|toll|narrative|testimony|evidence|data)\b"),
    Row("claim_disputed_by", "verification.disputed", r"\ba\s+claim\s+(?:that\s+)?[A-Z][\w’']*\s+(?:disputes|contests|rejects)\b"),
)
# fmt: on

# "confirmed" + one of these is scheduling, not verification of a claim.
CONFIRM_NON_CLAIMS: frozenset[str] = frozenset(
    """booking bookings reservation reservations appointment appointments nominee nominees
    nomination flight flights ticket tickets order orders attendance date dates schedule meeting
    meetings place places seat seats slot appointment delivery payment receipt enrolment
    enrollment registration participation""".split()
)

# Objects of "denied"/"confirmed" that make it a decision, not a statement
# about a claim: court outcomes ("denied him bail") and logistics.
NON_CLAIM_OBJECTS: frozenset[str] = CONFIRM_NON_CLAIMS | frozenset(
    """bail parole visa visas permit permits entry access permission application applications appeal
    appeals motion motions request requests bid bids licence license asylum funding admission
    citizenship promotion membership""".split()
)
# Personal objects: "denied him", "confirmed her as judge" (a decision about a person).
PERSON_OBJECTS: frozenset[str] = frozenset("him her them me us".split())

# fmt: off
HEDGES: tuple[Row, ...] = (
    Row("reportedly", "hedge", r"\breportedly\b"),
    Row("allegedly", "hedge", r"\ballegedly\b"),
    Row("alleged_adjective", "hedge", r"\b(?:the|an?|this|that|these|those|its|his|her|their)\s+alleged\b"),
    Row("purportedly", "hedge", r"\b(?:purportedly|supposedly|ostensibly|apparently)\b"),
    Row("appears_to", "hedge", r"\b(?:appears?|appeared|seems?|seemed)\s+to\b"),
    Row("it_is_believed", "hedge", r"\bit\s+is\s+(?:widely\s+)?(?:believed|thought|understood|rumou?red)\b"),
    Row("is_believed_to", "hedge",
        r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:believed|thought|understood|said|reported|alleged|rumou?red)\s+to\b"),
)

# The writer's own judgement in an impersonal frame: "it is hard to believe".
JUDGEMENT_ADJECTIVES: tuple[str, ...] = ("difficult", "hard", "impossible", "easy", "tempting", "reasonable", "safe")
COGNITIVE_VERBS: tuple[str, ...] = (
    "assume", "imagine", "believe", "see", "understand", "accept", "conclude", "think", "suppose", "conceive",
    "say", "deny", "ignore", "escape\\s+the\\s+conclusion",
)

SPECULATIVE: tuple[Row, ...] = (
    Row("impersonal_judgement", "assertion.unsupported",
        r"\bit\s+(?:is|was|seems|remains)\s+(?:\w+\s+)?(?:" + "|".join(JUDGEMENT_ADJECTIVES) + r")\s+to\s+(?:"
        + "|".join(COGNITIVE_VERBS) + r")\b"),
    Row("likely_to", "assertion.speculative", r"\b(?:un)?likely\s+to\b"),
    Row("probably", "assertion.speculative", r"\b(?:probably|almost\s+certainly)\b"),
    Row("undoubtedly", "assertion.unsupported", r"\b(?:undoubtedly|surely|inevitably)\b"),
    Row("obviously", "assertion.unsupported", r"\bobviously\b|^\W*clearly\b"),
    Row("it_is_clear", "assertion.unsupported",
        r"\bit\s+(?:is|was|seems|appears)\s+(?:clear|obvious|evident|inevitable|certain|no\s+secret)\b"),
    Row("no_doubt", "assertion.unsupported", r"\bthere\s+(?:is|can\s+be)\s+(?:little|no)\s+doubt\b"),
    Row("could_well", "assertion.speculative",
        r"\bcould\s+(?:well|be\s+a|signal|mean|indicate|spell|trigger|prove|become)\b"),
    Row("must_have", "assertion.unsupported", r"\b(?:must|should(?:\s+never)?)\s+have\b"),
    Row("bound_to", "assertion.speculative", r"\bis\s+bound\s+to\b"),
)

LOADED: tuple[Row, ...] = (
    Row("regime", "loaded", r"\bregime(?:'s|’s)?\s+(?:thugs|crackdown|henchmen|propaganda)|(?-i:\b(?:[A-Z][a-z]+|the)\s+regime\b)"),
    Row("thugs", "loaded", r"\b(?:thugs?|henchmen|goons|cronies)\b"),
    Row("so_called", "loaded", r"\bso-called\b"),
    Row("caved", "loaded", r"\bcav(?:ed|es)\s+(?:in\s+)?to\b"),
    Row("radical", "loaded", r"\bradical\s+(?:lobby|agenda|left|right|activists?|elements?|ideology)\b"),
    Row("bloodthirsty", "loaded", r"\b(?:bloodthirsty|savage|barbaric|monstrous|evil)\b"),
    Row("puppet", "loaded", r"\bpuppet\b|\bsham\b"),
    Row("junta", "loaded", r"\bjunta\b"),
    Row("propaganda", "loaded", r"\bpropaganda\b|\bmouthpiece\b|\bspew(?:s|ed|ing)?\b"),
    Row("hordes", "loaded", r"\bhordes?\b|\bswarms?\s+of\s+(?:migrants|refugees)\b|\billegals?\b"),
    Row("shocking", "loaded", r"\b(?:shocking|outrageous|disgraceful|shameful|appalling|despicable|travesty|disgrace)\b"),
    Row("draconian", "loaded", r"\b(?:draconian|crippled|crippling)\b"),
    Row("notorious", "loaded", r"\bnotorious\b|\bwarlord\b"),
    Row("fascist", "loaded", r"\b(?:fascists?|neo-?nazis?|nazis?)\b"),
    Row("elites", "loaded", r"\belites\b|\b(?:the|corrupt|liberal|globalist)\s+elite\b(?!\s+[a-z])"),
    Row("invaders", "loaded", r"\binvaders\b"),
    Row("smeared", "loaded", r"\bsmear(?:s|ed)?\b|\btraitors?\b"),
    Row("extremist", "loaded", r"\bextremis[mt]s?\b|\bterrorised\b|\bterrorized\b"),
    Row("heroic", "loaded", r"\bheroic\b|\bheroes\b"),
    Row("despot", "loaded", r"\b(?:despots?|tyrants?|dictators?)(?:'s|’s)?\b(?!\s+(?-i:[A-Z]))"),
    Row("malign", "loaded", r"\bmalign\b|\bwitch[\s-]hunt\b|\bfake\s+news\b"),
)
# fmt: on

# Words just before a quotation that make it a title or a term, not speech.
TITLE_CUES: tuple[str, ...] = (
    "film", "movie", "book", "novel", "song", "album", "series", "show", "documentary", "play",
    "exhibition", "called", "titled", "entitled", "dubbed", "named", "known as", "known locally as",
    "the word", "the term", "nickname", "slogan", "reading", "headline", "motto", "programme",
    "program", "podcast", "single", "hashtag", "operation", "project", "label", "brand",
)

# Frames in which a word the model takes for a cue is not one: a rule or
# obligation ("are obliged to tell", "must report"), a permission ("are
# permitted to speak"), what something enables ("would help the board to
# decide"), or a court's
# action in the passive ("were indicted in the case"; not "charged with",
# which PolNeAR marks as an accusation), or one event following another
# ("The vote followed weeks of talks"; "as follows:" stays a cue). The group
# ``x`` is the stretch where no cue is. In PolNeAR train 2-9% of the words in
# these frames are gold cues.
_ADVERBS = r"(?:(?:\w+ly|now|also|not|still|already|then|often|never|again|first|soon|no\s+longer)\s+)*"
_BE = r"\b(?:is|are|was|were|be|been|being|am|[’']re|[’']s)"
NOT_CUE_FRAMES: tuple[Row, ...] = (
    Row("permission_passive", "",
        _BE + r"\s+" + _ADVERBS + r"(?P<x>(?:required|allowed|permitted|obliged|obligated|forced|compelled|"
        r"entitled|authori[sz]ed|supposed|banned|barred|forbidden|prohibited)\s+(?:to|from)\s+" + _ADVERBS + r"\w+)"),
    Row("modal_obligation", "",
        r"\b(?P<x>(?:must|needs?\s+to|ha(?:ve|s|d)\s+to|ought\s+to)\s+" + _ADVERBS + r"\w+)"),
    Row("legal_passive", "",
        _BE + r"\s+" + _ADVERBS + r"(?P<x>(?:charged|indicted|convicted|sentenced|arrested|jailed|acquitted|detained|"
        r"prosecuted|fined))\s+(?:in|over|for|after|on|at|by)\b"),
    Row("sequence_verb", "", r"(?<!\bas\s)\b(?P<x>follow(?:s|ed)|precede(?:s|d))\b(?!\s*:)"),
    Row("enabling_infinitive", "",
        r"\b(?:enabl(?:e|es|ed|ing)|allow(?:s|ed|ing)?|help(?:s|ed|ing)?|permit(?:s|ted|ting)?|forc(?:e|es|ed|ing)|"
        r"requir(?:e|es|ed|ing)|compel(?:s|led|ling)?|oblig(?:e|es|ed|ing)|empower(?:s|ed|ing)?|"
        r"entitl(?:e|es|ed|ing)|authori[sz](?:e|es|ed|ing))\s+(?:[\w’'-]+\s+){0,4}?(?P<x>to\s+" + _ADVERBS + r"\w+)"),
)

# Words that only ever extend a cue ("also said", "pointed out", "fired
# back"), never stand for one: with every adverb in -ly (which is their
# shape), a cue of the model made only of such words is none (or joins the
# candidate next to it). In PolNeAR train "also" stands alone in 1 of 374 gold
# cues, "out" in 0 of 154. Not "about": a cue alone in 12 of 506, and its lone
# picks overlap a gold cue in 46% of train sentences.
CUE_SATELLITES: frozenset[str] = frozenset("also out off back against upon once later often forth only".split())
# ... except these adverbs, cues of their own ("The ship reportedly sank": 14 of 19 alone).
STANDALONE_ADVERB_CUES: frozenset[str] = frozenset("reportedly allegedly reputedly purportedly supposedly".split())

# Per NOT_CUE_FRAMES row, the words one of which every match of it holds: a
# row is tried only on a sentence with one of them among its tokens (a set
# test; the regexes cost 10-20 us a sentence).
_FORMS = "e es ed ing".split()
NOT_CUE_WORDS: dict[str, frozenset[str]] = {
    "permission_passive": frozenset(
        "required allowed permitted obliged obligated forced compelled entitled authorized authorised supposed "
        "banned barred forbidden prohibited".split()),
    "modal_obligation": frozenset("must need needs have has had ought".split()),
    "legal_passive": frozenset(
        "charged indicted convicted sentenced arrested jailed acquitted detained prosecuted fined".split()),
    "sequence_verb": frozenset("follows followed precedes preceded".split()),
    "enabling_infinitive": frozenset(
        [s + f for s in ("enabl", "forc", "requir", "oblig", "entitl", "authoris", "authoriz") for f in _FORMS]
        + [s + f for s in ("allow", "help", "empower") for f in ("", "s", "ed", "ing")]
        + "permit permits permitted permitting compel compels compelled compelling".split()),
}

# Modals (lower case): a modal is followed by a verb, so a noun phrase
# holding one is a clause ("the ruling would let the council"), never a source.
MODAL_WORDS: frozenset[str] = frozenset("would will can could should may might must shall".split())

# Cheaper still, per row of the verification, hedge and speculative tables
# (the costly ones to scan): a row is tried only when the sentence holds one
# of these substrings; every match of the row contains one of them.
ROW_NEEDS: dict[str, tuple[str, ...]] = {
    "not_been_verified": ("verified", "confirmed", "authenticated", "corroborated"),
    "unable_to_verify": ("verif", "confirm", "authenticat", "corroborat"),
    "cannot_confirm": ("confirm", "verify", "corroborat", "authenticat"),
    "unverified_adjective": ("unverified", "unconfirmed", "uncorroborated", "unsubstantiated"),
    "no_independent_confirmation": ("confirmation", "verification"),
    "yet_to_be_verified": ("yet",),
    "doubts_truth": ("skeptic", "sceptic", "doubtful", "unconvinced", "suspicious", "wary", "dubious"),
    "not_known_whether": ("whether",),
    "none_could_be_verified": ("none",),
    "passive_confirmed": ("confirmed", "verified", "authenticated", "corroborated", "geolocated"),
    "active_verified": ("verified", "authenticated", "geolocated", "corroborated"),
    "evidence_confirms": ("confirm",),
    "rejected_claims": ("reject", "dismiss", "rebuff"),
    "denials": ("denial",),
    "disputed_passive": ("disputed", "contested"),
    "in_dispute": ("dispute",),
    "conflicting_accounts": ("conflicting",),
    "cast_doubt": ("doubt",),
    "challenged_account": ("question", "challeng", "disput", "contest"),
    "claim_disputed_by": ("claim",),
    # hedges
    "reportedly": ("reportedly",),
    "allegedly": ("allegedly",),
    "alleged_adjective": ("alleged",),
    "purportedly": ("purportedly", "supposedly", "ostensibly", "apparently"),
    "appears_to": ("appear", "seem"),
    "it_is_believed": ("believed", "thought", "understood", "rumo"),
    "is_believed_to": ("believed", "thought", "understood", "said", "reported", "alleged", "rumo"),
    # speculative
    "impersonal_judgement": JUDGEMENT_ADJECTIVES,
    "likely_to": ("likely",),
    "probably": ("probably", "certainly"),
    "undoubtedly": ("undoubtedly", "surely", "inevitably"),
    "obviously": ("obviously", "clearly"),
    "it_is_clear": ("clear", "obvious", "evident", "inevitable", "certain", "secret"),
    "no_doubt": ("doubt",),
    "could_well": ("could",),
    "must_have": ("must", "should"),
    "bound_to": ("bound",),
}

# Cheap gates: a table is run on a sentence only if its lower-cased text
# contains one of these substrings (every row of the table needs one).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "by_request": ("anonym", "named", "identified", "authori", "first name"),
    "described": ("familiar", "close to", "knowledge", "briefed"),
    "secondhand": ("circulat", "emerged", "surfaced", "shared", "reported", "citing", "quoting", "cited",
                   "quoted", "reports", "report ", "investigation ", "article ", "story "),
    "verification": ("verif", "confirm", "corrobor", "authentic", "geolocat", "substantiat", "skeptic",
                     "sceptic", "doubtful", "unconvinced", "suspicious", "wary", "dubious", "known whether", "unclear whether", "reject", "dismiss", "rebuff", "denial",
                     "disput", "contest", "conflicting", "doubt", "question", "challeng"),
    "hedge": ("reportedly", "alleged", "purported", "supposed", "ostensib", "apparent", "appear", "seem",
              "believed", "thought", "understood", "rumo", "said to", "reported to"),
    "speculative": ("difficult", "hard", "impossible", "easy", "tempting", "reasonable", "safe", "likely", "probabl", "certain", "undoubted", "surely",
                    "inevitab", "obvious", "clear", "evident", "secret", "doubt", "could ",
                    "must have", "should", "bound to"),
    "loaded": ("regime", "thug", "henchm", "goon", "cron", "so-called", "cave", "radical", "bloodthirsty",
               "savage", "barbaric", "monstrous", "evil", "puppet", "sham", "junta", "propaganda", "mouthpiece",
               "spew", "horde", "swarm", "illegal", "shock", "outrag", "disgrac", "shameful", "appalling",
               "despicable", "travesty", "draconian", "crippl", "notorious", "warlord",
               "fascist", "nazi", "elite", "invaders", "smear", "traitor", "extremis", "terrori", "heroic",
               "heroes", "despot", "tyrant", "dictator", "malign", "witch", "fake news"),
}
