"""Render source scores: a plain-text table and a self-contained HTML report.

Every function here maps plain data to a string. The HTML needs no external
asset and no JavaScript: styles are inline in ``<style>``, the chart is inline
SVG. Everything that came from crawled pages (source names, URLs, evidence
sentences, feature names) goes through :func:`html.escape`; URLs become links
only when they are http(s).
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scraper.report.model import EvidenceView, SourceView
from scraper.scoring.article import formula
from scraper.scoring.model import load_model

__all__ = [
    "FEATURE_NOTES",
    "FEATURE_SHORT",
    "ReportMeta",
    "describe_feature",
    "render_chart",
    "render_evidence",
    "render_features",
    "render_html",
    "render_source",
    "render_evidence_text",
    "render_table",
    "score_meaning",
    "top_features",
]

#: One line per feature (or feature family, the part before the dot).
FEATURE_NOTES: dict[str, str] = {
    "attribution.named": "Claims attributed to a named person or organisation (\u201cMaria Lopez said\u201d).",
    "attribution.anonymous": "Claims attributed to unnamed sources, described (\u201ca neighbour\u201d) or "
                             "anonymous by request (\u201cwho asked not to be named\u201d).",
    "attribution.secondhand": "Claims passed on from another outlet or vague reports (\u201caccording to reports\u201d).",
    "attribution.document": "Claims attributed to a document or study (\u201ca study in a journal found\u201d).",
    "attribution.unresolved": "A reporting cue (\u201csaid\u201d) whose source the scorer could not find.",
    "attribution": "Statements tied to who said them.",
    "quote.attributed": "Direct quotations tied to a speaker.",
    "quote.orphan": "Quotations with no speaker given.",
    "quote": "Direct quotations.",
    "verification.unverified": "The outlet says a claim could not be verified.",
    "verification.denied": "A denial by the party concerned is reported.",
    "verification.confirmed": "The outlet says a claim was confirmed, by itself or by a source.",
    "verification.disputed": "The outlet says a claim is disputed.",
    "verification": "Statements on whether a claim was checked.",
    "hedge": "Hedging words that distance the outlet from a claim (\u201creportedly\u201d, \u201callegedly\u201d).",
    "loaded": "Loaded or emotive wording.",
    "assertion.unsupported": "The writer's own judgement with no source (\u201cit is hard to believe\u201d).",
    "assertion.speculative": "The writer's own forecast with no source (\u201clikely to\u201d, \u201cprobably\u201d).",
}


#: A few words per feature for the one-paragraph meaning.
FEATURE_SHORT: dict[str, str] = {
    "attribution.named": "named sources",
    "attribution.anonymous": "described unnamed sources",
    "attribution.secondhand": "second-hand reports",
    "attribution.document": "documents and studies",
    "attribution.unresolved": "cues with no source found",
    "quote.attributed": "quotes tied to a speaker",
    "quote.orphan": "quotes with no speaker",
    "verification.confirmed": "confirmations",
    "verification.unverified": "\u201ccould not be verified\u201d",
    "verification.denied": "reported denials",
    "verification.disputed": "notes that a claim is disputed",
    "hedge": "hedges",
    "loaded": "loaded wording",
    "assertion.unsupported": "the writer\u2019s unsupported judgements",
    "assertion.speculative": "the writer\u2019s own forecasts",
}
#: Weights (on the 0-1 rank scale) below this are not named in the meaning.
_NAMED_WEIGHT = 0.02


def _directions(weights: Mapping[str, float]) -> tuple[list[str], list[str]]:
    """Short names of the features that raise / lower the score, strongest first."""
    ranked = sorted(weights.items(), key=lambda kv: -abs(float(kv[1])))
    up = [FEATURE_SHORT.get(k, k) for k, w in ranked if float(w) >= _NAMED_WEIGHT]
    down = [FEATURE_SHORT.get(k, k) for k, w in ranked if float(w) <= -_NAMED_WEIGHT]
    return up, down


def score_meaning() -> str:
    """What the scores mean, in one paragraph with the validation figures
    shipped with the formula and the attribution model."""
    f = formula()
    cv, base = f.get("cv", {}), f.get("cv_baseline", {})
    dev = load_model().dev
    figures = ""
    if cv:
        spread = (f" (means over {cv['repeats']} different splits, sd {cv['rho_sd']:.3f} and "
                  f"{cv['pairs_sd']:.1%})") if "rho_sd" in cv and "repeats" in cv else ""
        inside = f"; {cv['chosen_inside']} chosen inside each training fold" if cv.get("chosen_inside") else ""
        if inside and cv.get("members", 1) > 1:
            inside += f" (the mean of the best {cv['members']} candidates)"
        figures += (
            f"Validated against expert ratings of {cv['outlets']} outlets (abp-dev) by nested outlet-level "
            f"{cv['folds']}-fold cross-validation{inside}: Spearman rho {cv['rho']:.3f}, and a low-rated outlet "
            f"(rating below 0.4) is placed below a high-rated one (0.8 and up) in {cv['pairs']:.1%} of "
            f"pairs{spread}"
        )
        if base:
            figures += f" (a reporting-verb count: rho {base['rho']:.2f}, {base['pairs']:.0%})"
        figures += ". "
        if "search_rho" in cv:
            mean_of = (f", the mean of the best {cv['search_members']} of {cv['search_candidates']} candidates"
                       if cv.get("search_members", 1) > 1 and "search_candidates" in cv else "")
            figures += (f"With the aggregation, transform and objective also chosen inside the folds (they were "
                        f"picked by comparing such figures{mean_of}) rho is {cv['search_rho']:.3f} and the pair "
                        f"share {cv['search_pairs']:.1%}. ")
    if "sentence" in dev:
        figures += (f"Its attribution model finds the sentences that report what someone said or thought "
                    f"with F1 {dev['sentence'][2]:.2f} on annotated news (PolNeAR dev). ")
    up, down = _directions(f.get("weights", {}))
    outlets = cv.get("outlets", "the")
    if f.get("transform") == "rank":
        how = (f"An outlet's score is the expert news-quality rating (Lin et al. 2023; 0 low, 1 high) predicted "
               f"from where it stands among {outlets} rated outlets on the share of its sentences holding each "
               f"kind of finding: {', '.join(up)} raise it; {', '.join(down)} lower it (each by a fitted amount, "
               "in the direction its meaning allows where that is clear). No other outlet in the input enters "
               "it. An article's score is the same formula on that article's own shares: the rating of an "
               "outlet that writes like this article, not a grade. ")
    else:  # an older formula file: square roots of mean shares
        how = ("An article's score is the expert news-quality rating (Lin et al. 2023; 0 low, 1 high) that the "
               "findings highlighted in it predict: a weight per kind of finding times the square root of the "
               "share of its sentences that hold it, plus a constant, clipped to 0\u20131. An outlet's score is "
               "the same formula on the mean of its own articles' findings (no other outlet enters it). ")
    return (
        how + "The interval is a 90% bootstrap interval over the outlet's articles, wider when they are few or "
        "disagree. " + figures +
        "The score measures how a text attributes, quotes and checks what it reports, not whether its "
        "claims are true; text in a language other than English is not scored."
    )


_CHART_WIDTH = 1000
_LABEL_WIDTH = 230
_VALUE_WIDTH = 170
_ROW_HEIGHT = 30
_AXIS_HEIGHT = 46
_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


@dataclass(frozen=True, slots=True)
class ReportMeta:
    """Facts about the input shown in the report header and footer."""

    inputs: tuple[str, ...]
    articles: int
    failures: int
    mean: float
    generated: str = ""
    notes: tuple[str, ...] = ()


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def describe_feature(name: str) -> str:
    """The one-line note for ``name``, falling back to its family's note."""
    family = name.split(".", 1)[0]
    return FEATURE_NOTES.get(name) or FEATURE_NOTES.get(family) or "Findings per sentence."


def top_features(features: Mapping[str, float], n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` largest non-zero features, largest first (ties by name)."""
    ranked = sorted(features.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(k, v) for k, v in ranked if v > 0][:n]


# -- plain text -------------------------------------------------------------


def render_table(views: Sequence[SourceView]) -> str:
    """The per-source table printed by ``scrapy sources``."""
    header = ("source", "score", "90% interval", "articles", "failures", "top features")
    rows = [
        (
            v.source,
            f"{v.score.score:.2f}",
            f"{v.score.low:.2f}-{v.score.high:.2f}",
            str(v.score.articles),
            str(v.failures),
            ", ".join(f"{k} {val:.2f}" for k, val in top_features(v.features)) or "-",
        )
        for v in views
    ]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    right = {1, 3, 4}

    def line(cells: Sequence[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "  ".join([*parts, cells[-1]]).rstrip()

    return "\n".join([line(header), *(line(r) for r in rows)]) + "\n"


def _bracketed(item: EvidenceView) -> str:
    """The sentence with the cue in [brackets] and the source in {braces}."""
    marks = [(item.mark_start, item.mark_end, "[", "]")]
    if item.source_start >= 0:
        marks.append((item.source_start, item.source_end, "{", "}"))
    out, pos = [], 0
    for a, b, left, right in sorted(marks):
        out += [item.sentence[pos:a], left, item.sentence[a:b], right]
        pos = b
    out.append(item.sentence[pos:])
    return "".join(out)


def render_evidence_text(views: Sequence[SourceView], per_source: int = 3) -> str:
    """The strongest findings of each source, for the terminal: the cue in
    [brackets], the source in {braces}, the source type, the article."""
    lines = ["evidence (cue in [brackets], source in {braces})"]
    for v in views:
        lines.append(f"  {v.source}")
        for item in v.evidence[:per_source]:
            typ = f" ({item.source_label})" if item.source_label else ""
            lines.append(f"    {item.kind}{typ}: \u201c{_bracketed(item)}\u201d")
            lines.append(f"      {item.title + ' ' if item.title else ''}<{item.url}>")
    return "\n".join(lines) + "\n"


# -- HTML pieces ------------------------------------------------------------


def _x(value: float) -> float:
    plot = _CHART_WIDTH - _LABEL_WIDTH - _VALUE_WIDTH
    return round(_LABEL_WIDTH + max(0.0, min(1.0, value)) * plot, 1)


def render_chart(views: Sequence[SourceView], mean: float) -> str:
    """Dot-and-whisker SVG: one row per source (in the given order) with its
    score and 90% interval on a 0..1 axis, and the corpus mean as a line."""
    height = _AXIS_HEIGHT + _ROW_HEIGHT * len(views) + 10
    bottom = height - 6
    parts = [
        f'<svg class="chart" viewBox="0 0 {_CHART_WIDTH} {height}" width="100%" role="img" '
        f'aria-label="Source scores with 90% intervals" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in _TICKS:
        x = _x(tick)
        parts.append(f'<line class="grid" x1="{x}" y1="{_AXIS_HEIGHT - 8}" x2="{x}" y2="{bottom}"/>')
        parts.append(f'<text class="tick" x="{x}" y="{_AXIS_HEIGHT - 14}">{tick:.2f}</text>')
    mx = _x(mean)
    parts.append(f'<line class="mean" x1="{mx}" y1="{_AXIS_HEIGHT - 8}" x2="{mx}" y2="{bottom}"/>')
    parts.append(
        f'<text class="mean-label" x="{mx}" y="12">corpus mean {mean:.2f}</text>'
    )
    for i, view in enumerate(views):
        parts.append(_chart_row(view, _AXIS_HEIGHT + i * _ROW_HEIGHT + _ROW_HEIGHT / 2))
    parts.append("</svg>")
    return "\n".join(parts)


def _chart_row(view: SourceView, y: float) -> str:
    s = view.score
    lo, hi, x = _x(s.low), _x(s.high), _x(s.score)
    name = _e(view.source if len(view.source) <= 30 else view.source[:29] + "\u2026")
    tip = _e(f"{view.source}: {s.score:.2f} (90% interval {s.low:.2f}-{s.high:.2f}), {s.articles} articles")
    return (
        f'<g class="row"><title>{tip}</title>'
        f'<text class="label" x="{_LABEL_WIDTH - 14}" y="{y + 4}">{name}</text>'
        f'<line class="whisker" x1="{lo}" y1="{y}" x2="{hi}" y2="{y}"/>'
        f'<line class="cap" x1="{lo}" y1="{y - 5}" x2="{lo}" y2="{y + 5}"/>'
        f'<line class="cap" x1="{hi}" y1="{y - 5}" x2="{hi}" y2="{y + 5}"/>'
        f'<circle class="dot" cx="{x}" cy="{y}" r="5.5"/>'
        f'<text class="value" x="{_CHART_WIDTH - _VALUE_WIDTH + 16}" y="{y + 4}">'
        f'<tspan class="num">{s.score:.2f}</tspan> <tspan class="range">{s.low:.2f}\u2013{s.high:.2f}</tspan>'
        f"</text></g>"
    )


def render_features(views: Sequence[SourceView]) -> str:
    """Feature profiles per source as a shaded table (shade relative to the
    largest value in the column), followed by one line per feature."""
    names = sorted({n for v in views for n in v.features})
    if not names:
        return '<p class="muted">No features were recorded for these sources.</p>'
    col_max = {n: max(v.features.get(n, 0.0) for v in views) for n in names}
    head = "".join(f'<th scope="col" class="num">{_e(n)}</th>' for n in names)
    body = []
    for v in views:
        cells = "".join(_feature_cell(v.features.get(n, 0.0), col_max[n]) for n in names)
        body.append(f'<tr><th scope="row"><a href="#{_anchor(v.source)}">{_e(v.source)}</a></th>{cells}</tr>')
    glossary = "".join(f"<dt>{_e(n)}</dt><dd>{_e(describe_feature(n))}</dd>" for n in names)
    return (
        '<div class="scroll"><table class="features">'
        f'<thead><tr><th scope="col">source</th>{head}</tr></thead>'
        f'<tbody>{"".join(body)}</tbody></table></div>'
        f'<dl class="glossary">{glossary}</dl>'
    )


def _feature_cell(value: float, column_max: float) -> str:
    share = value / column_max if column_max > 0 else 0.0
    return f'<td class="num" style="--share:{share:.3f}"><span>{value:.3f}</span></td>'


def _highlighted(item: EvidenceView) -> str:
    """The sentence, escaped, with the cue and the source each in a <mark>."""
    marks = [(item.mark_start, item.mark_end, "cue")]
    if item.source_start >= 0:
        marks.append((item.source_start, item.source_end, "src"))
    out, pos, s = [], 0, item.sentence
    for a, b, cls in sorted(marks):
        title = "source" if cls == "src" else "cue"
        out.append(f'{_e(s[pos:a])}<mark class="{cls}" title="{title}">{_e(s[a:b])}</mark>')
        pos = b
    out.append(_e(s[pos:]))
    return "".join(out)


def render_evidence(items: Sequence[EvidenceView]) -> str:
    """A list of evidence sentences, the cue and the source highlighted, each
    with its kind, its source type and a link to its article."""
    if not items:
        return '<p class="muted">No evidence was recorded for this source.</p>'
    out = []
    for item in items:
        typ = f'<span class="stype">{_e(item.source_label)}</span>' if item.source_label else ""
        out.append(
            f'<li><span class="kind {_e(_family(item.kind))}">{_e(item.kind)}</span>'
            f'<div><q>{_highlighted(item)}</q>{typ}</div>'
            f'<div class="from">{_link(item.url, item.title)}</div></li>'
        )
    return f'<ul class="evidence">{"".join(out)}</ul>'


def render_source(view: SourceView) -> str:
    """One source's section: score, interval, counts, top features, evidence."""
    s = view.score
    tops = ", ".join(f"{_e(k)} {val:.2f}" for k, val in top_features(view.features)) or "none"
    return (
        f'<section class="source" id="{_anchor(view.source)}">'
        f"<h3>{_e(view.source)}</h3>"
        f'<p class="facts"><span class="big">{s.score:.2f}</span> '
        f"90% interval {s.low:.2f}\u2013{s.high:.2f} \u00b7 "
        f"{s.articles} article{'s' if s.articles != 1 else ''} \u00b7 "
        f"{view.failures} failure{'s' if view.failures != 1 else ''} \u00b7 "
        f"mean article score {s.raw_mean:.2f} \u00b7 top features: {tops}</p>"
        f"{render_evidence(view.evidence)}</section>"
    )


def render_html(views: Sequence[SourceView], meta: ReportMeta) -> str:
    """The whole report page."""
    inputs = ", ".join(f"<code>{_e(p)}</code>" for p in meta.inputs)
    generated = f" \u00b7 generated {_e(meta.generated)}" if meta.generated else ""
    notes = (
        '<section><h2>Input notes</h2><ul class="notes">'
        + "".join(f"<li>{_e(n)}</li>" for n in meta.notes)
        + "</ul></section>"
        if meta.notes
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Source scores</title>
<style>{_CSS}</style></head>
<body><main>
<header><h1>Source scores</h1>
<p class="muted">{len(views)} sources \u00b7 {meta.articles} articles \u00b7 {meta.failures} failed fetches \u00b7 from {inputs}{generated}</p>
<p>Each source is scored from 0 to 1 on how well its articles attribute and verify
what they report; higher is better. The dot is the source's score, the whisker its 90% interval
(wider when it rests on few articles), the dashed line the mean article score of the corpus.</p>
<section class="meaning"><h2>What this score means</h2><p>{_e(score_meaning())}</p></section></header>
<section><h2>Scores</h2>{render_chart(views, meta.mean)}</section>
<section><h2>Features</h2>
<p class="muted">Share of each source's sentences (over all its articles) holding each kind of finding; shading is relative to the highest source in each column.</p>
{render_features(views)}</section>
<section><h2>Evidence by source</h2>
<p class="muted">The strongest findings behind each score, shown in their sentence: the cue
<mark class="cue">highlighted</mark>, its source <mark class="src">underlined</mark> and its type named.</p>
{"".join(render_source(v) for v in views)}</section>
{notes}
</main></body></html>
"""


def _family(kind: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", kind.split(".", 1)[0].lower()) or "other"


def _anchor(source: str) -> str:
    return "src-" + re.sub(r"[^A-Za-z0-9_-]", "-", source)


def _link(url: str, title: str = "") -> str:
    label = _e(title or url)
    if not url:
        return f'<span class="muted">{label or "the record has no URL"}</span>'
    if re.match(r"https?://", url, re.I):
        return f'<a href="{_e(url)}" rel="noopener noreferrer">{label}</a>'
    return f"<span>{label}</span>"


_CSS = """
:root{--ink:#1d2430;--muted:#5f6b7a;--line:#e3e7ed;--accent:#2457a6;--mean:#c2410c;--bg:#fff;--soft:#f6f8fb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:32px 28px 56px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:18px;margin:36px 0 8px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:0 0 4px}
p{margin:6px 0}
.muted{color:var(--muted);font-size:13px}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:3px}
.chart{display:block;margin-top:8px;font-size:13px}
.chart .grid{stroke:var(--line);stroke-width:1}
.chart .tick{fill:var(--muted);text-anchor:middle;font-size:12px}
.chart .mean{stroke:var(--mean);stroke-width:1.5;stroke-dasharray:5 4}
.chart .mean-label{fill:var(--mean);text-anchor:middle;font-size:12px;font-weight:600}
.chart .label{text-anchor:end;fill:var(--ink)}
.chart .whisker,.chart .cap{stroke:#8aa4cc;stroke-width:2}
.chart .dot{fill:var(--accent);stroke:#fff;stroke-width:1.5}
.chart .value{fill:var(--ink)}
.chart .num{font-weight:600}
.chart .range{fill:var(--muted)}
.chart .row:hover .label{font-weight:600}
.scroll{overflow-x:auto}
table.features{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
.features th,.features td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
.features thead th{font-weight:600;color:var(--muted);border-bottom:2px solid var(--line)}
.features .num{text-align:right;font-variant-numeric:tabular-nums}
.features td{background:rgba(36,87,166,calc(var(--share) * 0.28))}
.features a{color:var(--ink);text-decoration:none}
.glossary{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;font-size:13px;margin:12px 0 0}
.glossary dt{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;color:var(--ink)}
.glossary dd{margin:0;color:var(--muted)}
.source{padding:16px 0;border-bottom:1px solid var(--line)}
.source:last-child{border-bottom:0}
.facts{color:var(--muted);font-size:13px}
.facts .big{font-size:20px;font-weight:700;color:var(--accent);margin-right:4px}
.evidence{list-style:none;margin:10px 0 0;padding:0}
.evidence li{display:grid;grid-template-columns:190px 1fr;gap:0 12px;align-items:baseline;padding:7px 0;border-top:1px solid var(--line)}
.evidence li:first-child{border-top:0}
.evidence q{quotes:none}
.evidence mark{background:none;padding:0 1px}
mark.cue{background:#fde9a8;border-radius:2px}
mark.src{background:#dcebfa;border-bottom:2px solid #2457a6}
.stype{display:inline-block;margin-left:8px;font-size:12px;color:var(--muted)}
.stype::before{content:"source: "}
.meaning p{max-width:860px}
.evidence .from{grid-column:2;font-size:12px;overflow-wrap:anywhere}
.evidence .from a{color:var(--muted)}
.kind{justify-self:start;font:600 11px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:0 6px;border-radius:3px;background:#e8edf5;color:#34495e}
.kind.attribution{background:#e3f0e8;color:#25603a}
.kind.verification{background:#e6eefb;color:#23498a}
.kind.quote{background:#f3e8fb;color:#6b3690}
.kind.hedge,.kind.loaded{background:#fcefdf;color:#8a4b12}
.notes{font-size:13px;color:var(--muted)}
"""
