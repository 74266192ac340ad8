"""Turn a SearchResult and the request's URL parameters into view data with ready links.

Templates only loop and print: every link a page needs (toggle a facet value, exclude
it, remove a chip, narrow to a histogram bar, change the sort or the page) is built
here, from the same parameters the JSON, CSV and Atom twins read.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape

from search.labels import doc_type_label
from search.models import FacetValue, Hit, SearchResult, Statement
from search.params import FILTER_FACETS

from . import citation
from .labels import FACET_NAMES, value_label

# Facets shown in the sidebar as checkboxes: all of them, in the schema's order.
SIDEBAR_FACETS = FILTER_FACETS
# Facets whose values keep the engine's order (by date), chosen or not.
ORDERED_FACETS = frozenset({"year"})
# Facets with more values than this get a filter box and "show all" (with JavaScript).
LONG_FACET = 8
PER_PAGE_CHOICES = (10, 20, 50, 100)
SORT_CHOICES = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))
# Only these parameters are carried from one link to the next.
STATE_KEYS = frozenset(
    {"q", "sort", "per_page", "page", "from", "to", "date"}
    | set(FILTER_FACETS)
    | {"-" + f for f in FILTER_FACETS}
    # The research views' own choices (KWIC context and order, trends interval and measure)
    # and the near-duplicate switch.
    | {"context", "order", "interval", "measure", "group"}
)
PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
# Histogram drawing area, in SVG user units.
CHART_WIDTH = 600
CHART_HEIGHT = 80

Params = tuple[tuple[str, str], ...]


def human_date(day: datetime.date) -> str:
    """Return '10 June 2018'."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


class UrlState:
    """A search's URL parameters as ordered pairs, from which every other link is derived."""

    def __init__(self, pairs: Iterable[tuple[str, str]], path: str = "/search"):
        # A repeated pair (country=CN twice) means nothing more than one: keep the first.
        kept = dict.fromkeys((k, v) for k, v in pairs if k in STATE_KEYS and v != "")
        self.pairs: Params = tuple(kept)
        self.path = path

    @classmethod
    def from_args(cls, args, path: str = "/search") -> UrlState:
        return cls(args.items(multi=True), path)

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.pairs if k == key]

    def get(self, key: str) -> str | None:
        found = self.values(key)
        return found[0] if found else None

    def has(self, key: str, value: str) -> bool:
        return (key, value) in self.pairs

    def _derive(self, pairs: Iterable[tuple[str, str]]) -> UrlState:
        return UrlState(pairs, self.path)

    def without(self, key: str, value: str | None = None) -> UrlState:
        """Drop `key` (only its `value`, when given) and the page number."""
        return self._derive(
            (k, v)
            for k, v in self.pairs
            if k != "page" and not (k == key and (value is None or v == value))
        )

    def adding(self, key: str, value: str) -> UrlState:
        """Add one value of a repeatable key; back to page one."""
        return self._derive([*self.without("page").pairs, (key, value)])

    def setting(self, **values: str | None) -> UrlState:
        """Replace single-valued keys (None removes them); back to page one."""
        state = self.without("page")
        for key in values:
            state = state.without(key)
        extra = [(k, v) for k, v in values.items() if v is not None]
        return self._derive([*state.pairs, *extra])

    def at_page(self, page: int) -> UrlState:
        pairs = [(k, v) for k, v in self.pairs if k != "page"]
        return self._derive(pairs + ([("page", str(page))] if page > 1 else []))

    def url(self, path: str | None = None) -> str:
        path = path or self.path
        return path + ("?" + urlencode(self.pairs) if self.pairs else "")


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool
    excluded: bool
    input_name: str
    """The form field: the facet's name, or '-' and the name for an excluded value."""
    input_id: str
    toggle_url: str
    """Selects the value, or takes it (or its exclusion) back out."""
    exclude_url: str | None
    """Excludes the value; None when it is already chosen either way."""


@dataclass(frozen=True)
class FacetGroup:
    name: str
    legend: str
    options: list[FacetOption]
    long: bool
    """Enough values to deserve a filter box and a "show all" button."""
    short_count: int
    """How many values a long facet shows before "show all"."""


@dataclass(frozen=True)
class HistogramBar:
    period: str
    period_text: str
    """'June 2018'."""
    label: str
    """Read out and shown as the bar's tooltip: 'June 2018: 3 statements'."""
    count: int
    url: str
    x: float
    y: float
    width: float
    height: float
    selected: bool


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str
    excluded: bool = False


@dataclass(frozen=True)
class LinkChoice:
    label: str
    url: str
    current: bool


@dataclass(frozen=True)
class Tag:
    value: str
    label: str
    url: str | None


@dataclass(frozen=True)
class HitView:
    id: str
    title: str
    title_html: Markup
    """The title escaped, with the query's matches in `<mark>`."""
    url: str
    date_iso: str | None
    date_text: str
    place: str | None
    source: str | None
    doc_type: str
    countries: list[Tag]
    sectors: list[Tag]
    snippet: Markup
    """Escaped by the engine; only `<mark>` elements in it."""
    versions_text: str | None = None
    """'2 similar versions' when the statement has near-duplicates, else None."""
    versions_url: str | None = None
    """The same search showing every version."""


@dataclass(frozen=True)
class SearchView:
    result: SearchResult
    q: str
    interpreted: str
    hits: list[HitView]
    facets: list[FacetGroup]
    histogram: list[HistogramBar]
    chart_width: int
    chart_height: int
    date_from: str
    date_to: str
    chips: list[Chip]
    clear_url: str | None
    hidden_inputs: list[tuple[str, str]]
    """Chosen values that no sidebar checkbox carries, so the form keeps them."""
    sorts: list[LinkChoice]
    sort: str
    per_page_choices: list[int]
    per_page: int
    pages: list[LinkChoice | None]
    """Page links around the current one; None marks a gap."""
    prev_url: str | None
    next_url: str | None
    first_page_url: str
    formats: dict[str, str]
    did_you_mean_url: str | None
    grouping_url: str | None = None
    """Back to one statement per group, when every version is shown."""


def period_bounds(period: str) -> tuple[datetime.date, datetime.date] | None:
    """Return the first and last day of '2018', '2018-06' or '2018-06-10'."""
    match = PERIOD_PATTERN.match(period)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day and month:
            first = last = datetime.date(year, month, day)
        elif month:
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return None
    return first, last


def period_label(period: str) -> str:
    """Return '2018', 'June 2018' or '10 June 2018'."""
    match = PERIOD_PATTERN.match(period)
    if not match:
        return period
    year, month, day = match.groups()
    if day:
        return human_date(datetime.date(int(year), int(month), int(day)))
    if month:
        return f"{calendar.month_name[int(month)]} {year}"
    return year


def range_label(first: datetime.date | None, last: datetime.date | None) -> str:
    """Say a date range in words, as a whole year or month where it is one."""
    if first and last:
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            if first.year == last.year:
                return str(first.year)
            return f"{first.year}–{last.year}"
        month_end = calendar.monthrange(last.year, last.month)[1]
        if (
            first.day == 1
            and last.day == month_end
            and (first.year, first.month)
            == (
                last.year,
                last.month,
            )
        ):
            return f"{calendar.month_name[first.month]} {first.year}"
        if first == last:
            return human_date(first)
        return f"{human_date(first)} to {human_date(last)}"
    if first:
        return f"from {human_date(first)}"
    if last:
        return f"until {human_date(last)}"
    return ""


def plural(count: int, word: str = "statement") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class Labels:
    """Labels for facet values: the engine's own where it gave them, else the label tables."""

    def __init__(self, facets: dict[str, list[FacetValue]]):
        self._known = {(name, v.value): v.label for name, values in facets.items() for v in values}

    def __call__(self, facet: str, value: str) -> str:
        known = self._known.get((facet, value))
        # An engine that echoes the raw value has no better name than our tables.
        return known if known and known != value else value_label(facet, value)


def _input_id(name: str, value: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]", "_", f"{name}-{value}")


def facet_group(name: str, values: list[FacetValue], state: UrlState, labels: Labels) -> FacetGroup:
    """Build one sidebar group: chosen values first, each with its links."""
    listed = {v.value for v in values}
    # Chosen values are always shown, even when the engine did not list them.
    extra = [
        FacetValue(value=v, label=labels(name, v), count=0, selected=True)
        for v in state.values(name)
        if v not in listed
    ] + [
        FacetValue(value=v, label=labels(name, v), count=0, excluded=True)
        for v in state.values("-" + name)
        if v not in listed
    ]
    options = []
    for fv in extra + list(values):
        selected = state.has(name, fv.value)
        excluded = state.has("-" + name, fv.value)
        if excluded:
            toggle = state.without("-" + name, fv.value)
        elif selected:
            toggle = state.without(name, fv.value)
        else:
            toggle = state.adding(name, fv.value)
        exclude = None
        if not excluded and not selected:
            exclude = state.adding("-" + name, fv.value).url()
        input_name = ("-" if excluded else "") + name
        options.append(
            FacetOption(
                value=fv.value,
                label=labels(name, fv.value),
                count=fv.count,
                selected=selected,
                excluded=excluded,
                input_name=input_name,
                input_id=_input_id(input_name, fv.value),
                toggle_url=toggle.url(),
                exclude_url=exclude,
            )
        )
    if name not in ORDERED_FACETS:
        # Stable: the engine's order (count, then name) is kept within each band.
        options.sort(key=lambda o: (not o.selected and not o.excluded, not o.selected))
    return FacetGroup(
        name=name,
        legend=FACET_NAMES.get(name, name),
        options=options,
        long=len(options) > LONG_FACET,
        short_count=LONG_FACET,
    )


def _date_state(state: UrlState, first: datetime.date, last: datetime.date) -> UrlState:
    return state.setting(**{"from": first.isoformat(), "to": last.isoformat(), "date": None})


def _bar_bounds(bar: dict) -> tuple[datetime.date, datetime.date] | None:
    """Return the bar's own from/to where the engine gives them, else its period's bounds."""
    first, last = _parse_day(bar.get("from")), _parse_day(bar.get("to"))
    if first and last:
        return first, last
    return period_bounds(str(bar["period"]))


def histogram_bars(histogram: list[dict], state: UrlState) -> list[HistogramBar]:
    """Lay out one bar per period, each a link narrowing the dates to its period."""
    periods = [(h["period"], int(h["count"]), _bar_bounds(h)) for h in histogram]
    periods = [p for p in periods if p[2]]
    if not periods:
        return []
    tallest = max(count for _, count, _ in periods) or 1
    slot = CHART_WIDTH / len(periods)
    gap = min(2.0, slot * 0.2)
    bars = []
    for i, (period, count, (first, last)) in enumerate(periods):
        height = round(CHART_HEIGHT * count / tallest, 2)
        selected = (state.get("from"), state.get("to")) == (first.isoformat(), last.isoformat())
        bars.append(
            HistogramBar(
                period=period,
                period_text=period_label(period),
                label=f"{period_label(period)}: {plural(count)}",
                count=count,
                url=_date_state(state, first, last).url(),
                x=round(i * slot + gap / 2, 2),
                y=round(CHART_HEIGHT - height, 2),
                width=round(slot - gap, 2),
                height=height,
                selected=selected,
            )
        )
    return bars


def _parse_day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def chips_and_words(state: UrlState, labels: Labels) -> tuple[list[Chip], list[str]]:
    """Return the active-filter chips and the same filters said in words."""
    chips, words = [], []
    # Included values first, then exclusions, as a sentence would say them.
    for prefix, chip_prefix, word_prefix in (("", "", ""), ("-", "Not ", "NOT ")):
        for name in FILTER_FACETS:
            facet = FACET_NAMES.get(name, name)
            chosen = state.values(prefix + name)
            for value in chosen:
                label = labels(name, value)
                remove = state.without(prefix + name, value).url()
                title = f"{chip_prefix}{facet.lower()}" if prefix else facet
                chips.append(Chip(f"{title}: {label}", remove, bool(prefix)))
            if chosen:
                said = " OR ".join(labels(name, v) for v in chosen)
                words.append(f"{word_prefix}{facet.lower()}: {said}")
    first, last = _parse_day(state.get("from")), _parse_day(state.get("to"))
    if first or last:
        said = range_label(first, last)
        chips.append(
            Chip(said[0].upper() + said[1:], state.setting(**{"from": None, "to": None}).url())
        )
        words.append(said)
    if state.get("date") == "unknown":
        chips.append(Chip("Date unknown", state.without("date").url()))
        words.append("date unknown")
    return chips, words


def interpreted_query(q: str, words: list[str]) -> str:
    """Say the whole search in words: '"energy" AND country: China OR Russia, NOT sector: mining'."""
    filters = ", ".join(words)
    if q.strip() and filters:
        return f"{q.strip()} AND {filters}"
    return q.strip() or filters or "every statement"


def hit_view(hit: Hit, q: str, labels: Labels, state: UrlState | None = None) -> HitView:
    others = getattr(hit, "versions", 1) - 1
    versions_text = versions_url = None
    if others > 0:
        versions_text = f"{others} similar version{'' if others == 1 else 's'}"
        if state is not None and state.get("group") != "0":
            versions_url = state.setting(group="0").url()
    return HitView(
        id=hit.id,
        title=hit.title,
        # The engine escapes titles and snippets and adds only <mark>: the one place
        # where the web layer passes HTML through unescaped.
        title_html=Markup(hit.title_html) if hit.title_html else escape(hit.title),
        url=f"/doc/{hit.id}" + ("?" + urlencode({"q": q}) if q.strip() else ""),
        date_iso=hit.date.isoformat() if hit.date else None,
        date_text=human_date(hit.date) if hit.date else "date unknown",
        place=hit.place,
        source=hit.source,
        doc_type=doc_type_label(hit.doc_type),
        countries=[Tag(c, labels("country", c), f"/country/{c}") for c in hit.countries],
        sectors=[Tag(s, labels("sector", s), f"/sector/{s}") for s in hit.sectors],
        snippet=Markup(hit.snippet),
        versions_text=versions_text,
        versions_url=versions_url,
    )


def page_links(
    state: UrlState, current: int, count: int, around: int = 2
) -> list[LinkChoice | None]:
    """Return links to the first, last and nearby pages, with None where pages are skipped."""
    wanted = {1, count} | set(range(max(1, current - around), min(count, current + around) + 1))
    links: list[LinkChoice | None] = []
    previous = 0
    for number in sorted(wanted):
        if number > previous + 1:
            links.append(None)
        links.append(LinkChoice(str(number), state.at_page(number).url(), number == current))
        previous = number
    return links


def present_search(result: SearchResult, state: UrlState) -> SearchView:
    """Build everything the search page shows from one SearchResult."""
    request = result.request
    labels = Labels(result.facets)
    facets = [
        facet_group(name, result.facets.get(name, []), state, labels)
        for name in SIDEBAR_FACETS
        if result.facets.get(name) or state.values(name) or state.values("-" + name)
    ]
    carried = {(o.input_name, o.value) for group in facets for o in group.options}
    hidden = [
        (k, v)
        for k, v in state.pairs
        if (k.lstrip("-") in FILTER_FACETS and (k, v) not in carried)
        or k in ("sort", "date", "group")
    ]
    chips, words = chips_and_words(state, labels)
    filters_only = state.setting(**{"from": None, "to": None, "date": None})
    for name in FILTER_FACETS:
        filters_only = filters_only.without(name).without("-" + name)
    sort = request.sort
    sort_choices = SORT_CHOICES
    if not request.q.strip():
        # Without words there is nothing to rank by: browsing lists the newest first.
        sort_choices = tuple(c for c in SORT_CHOICES if c[0] != "relevance")
        sort = "newest" if sort == "relevance" else sort
    page_count = result.page_count
    return SearchView(
        result=result,
        q=request.q,
        interpreted=interpreted_query(request.q, words),
        hits=[hit_view(h, request.q, labels, state) for h in result.hits],
        facets=facets,
        histogram=histogram_bars(result.histogram, state),
        chart_width=CHART_WIDTH,
        chart_height=CHART_HEIGHT,
        date_from=state.get("from") or "",
        date_to=state.get("to") or "",
        chips=chips,
        clear_url=filters_only.url("/search") if chips else None,
        hidden_inputs=hidden,
        sorts=[
            LinkChoice(
                label, state.setting(sort=None if key == "relevance" else key).url(), key == sort
            )
            for key, label in sort_choices
        ],
        sort=sort,
        per_page_choices=sorted(set(PER_PAGE_CHOICES) | {request.per_page}),
        per_page=request.per_page,
        pages=page_links(state, request.page, page_count) if page_count > 1 else [],
        prev_url=state.at_page(request.page - 1).url() if request.page > 1 else None,
        next_url=state.at_page(request.page + 1).url() if request.page < page_count else None,
        first_page_url=state.at_page(1).url(),
        formats={
            "JSON": state.url("/search.json"),
            "CSV": state.without("page").url("/search.csv"),
            "Atom": state.without("page").url("/search.atom"),
        },
        did_you_mean_url=state.setting(q=result.did_you_mean).url()
        if result.did_you_mean
        else None,
        grouping_url=state.setting(group=None).url() if state.get("group") == "0" else None,
    )


@dataclass(frozen=True)
class EvidenceTag:
    value: str
    label: str
    url: str | None
    evidence: list[str]
    """The words in the text that produced this value."""


@dataclass(frozen=True)
class ParagraphView:
    number: int
    anchor: str
    html: Markup
    """Escaped text, with `<mark>` around the matches of the search that led here."""
    marked: bool


@dataclass(frozen=True)
class DocumentView:
    statement: Statement
    date_iso: str | None
    date_text: str
    doc_type: EvidenceTag
    countries: list[EvidenceTag]
    pairs: list[EvidenceTag]
    sectors: list[EvidenceTag]
    persons: list[Tag]
    paragraphs: list[ParagraphView]
    matched: list[ParagraphView]
    """The paragraphs in which the search that led here matched."""
    permalink: str
    chicago: str
    accessed_iso: str
    formats: dict[str, str]
    more_like_this: list[HitView]
    versions: list[HitView]
    """The other versions of this statement (near-duplicates)."""
    q: str
    back_url: str | None
    """The search that led here, when the page was opened from one."""


def _tags(
    statement: Statement, facet: str, key: str, values, path: str | None
) -> list[EvidenceTag]:
    evidence = statement.evidence.get(key, {})
    return [
        EvidenceTag(
            value=v,
            label=value_label(facet, v),
            url=f"{path}/{v}" if path else None,
            evidence=list(evidence.get(v, [])),
        )
        for v in values
    ]


def present_document(
    statement: Statement,
    *,
    site_root: str,
    accessed: datetime.date,
    q: str = "",
    highlighted: list[str] | None = None,
    similar: list[Hit] = (),
    versions: list[Hit] = (),
) -> DocumentView:
    """Build everything the document page shows; `highlighted` holds escaped, marked paragraphs."""
    permalink = site_root.rstrip("/") + f"/doc/{statement.id}"
    use_marks = highlighted is not None and len(highlighted) == len(statement.paragraphs)
    paragraphs = [
        ParagraphView(
            number=i,
            anchor=f"p{i}",
            html=Markup(highlighted[i - 1]) if use_marks else escape(text),
            marked=use_marks and "<mark>" in highlighted[i - 1],
        )
        for i, text in enumerate(statement.paragraphs, start=1)
    ]
    labels = Labels({})
    return DocumentView(
        statement=statement,
        date_iso=statement.date.isoformat() if statement.date else None,
        date_text=human_date(statement.date) if statement.date else "date unknown",
        doc_type=_tags(statement, "doc_type", "doc_type", [statement.doc_type], None)[0],
        countries=_tags(statement, "country", "countries", statement.countries, "/country"),
        pairs=_tags(statement, "pair", "pairs", statement.pairs, "/pair"),
        sectors=_tags(statement, "sector", "sectors", statement.sectors, "/sector"),
        persons=[Tag(p, p, UrlState([("person", p)]).url()) for p in statement.persons],
        paragraphs=paragraphs,
        matched=[p for p in paragraphs if p.marked],
        permalink=permalink,
        chicago=citation.chicago(statement, permalink, accessed),
        accessed_iso=accessed.isoformat(),
        formats={
            "JSON": f"/doc/{statement.id}.json",
            "BibTeX": f"/doc/{statement.id}.bib",
            "RIS": f"/doc/{statement.id}.ris",
        },
        more_like_this=[hit_view(h, "", labels) for h in similar],
        versions=[hit_view(h, "", labels) for h in versions],
        q=q,
        back_url=UrlState([("q", q)]).url() if q.strip() else None,
    )


@dataclass(frozen=True)
class BrowseLink:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class BrowseView:
    total: int
    countries: list[BrowseLink]
    sectors: list[BrowseLink]
    years: list[BrowseLink]


# Countries listed on the front page; the search page lists them all.
FRONT_PAGE_COUNTRIES = 24


def present_browse(overview: SearchResult) -> BrowseView:
    """Build the front page's ways in: the most frequent countries, every sector, the years."""
    labels = Labels(overview.facets)
    facets = overview.facets

    def links(name: str, url) -> list[BrowseLink]:
        return [
            BrowseLink(labels(name, v.value), v.count, url(v.value)) for v in facets.get(name, [])
        ]

    return BrowseView(
        total=overview.total,
        countries=links("country", lambda v: f"/country/{v}")[:FRONT_PAGE_COUNTRIES],
        sectors=links("sector", lambda v: f"/sector/{v}"),
        years=links("year", lambda v: UrlState([("year", v)]).url()),
    )


# -- Research views: keyword in context, trends, dossiers ---------------------------------

KWIC_PER_PAGE = 100
"""KWIC lines shown on one page; /kwic.csv gives them all."""


@dataclass(frozen=True)
class KwicLineView:
    left: str
    match: str
    right: str
    url: str
    """The statement's page at the paragraph, with the query marked."""
    title: str
    date_text: str


@dataclass(frozen=True)
class KwicView:
    q: str
    interpreted: str
    total_lines: int
    documents: int
    lines: list[KwicLineView]
    first_line: int
    """The number of the page's first line, from 1."""
    contexts: list[LinkChoice]
    orders: list[LinkChoice]
    pages: list[LinkChoice | None]
    prev_url: str | None
    next_url: str | None
    notices: list[str]
    csv_url: str
    search_url: str


def _research_choices(
    state: UrlState, key: str, choices: Iterable[tuple[str, str]], current: str, default: str
) -> list[LinkChoice]:
    """Links that set one of a research view's options, the default leaving the URL bare."""
    return [
        LinkChoice(
            label,
            state.setting(**{key: None if value == default else value}).url(),
            value == current,
        )
        for value, label in choices
    ]


def search_state_of(state: UrlState) -> UrlState:
    """Return the /search state with the same words and filters as a research view."""
    plain = UrlState(state.without("page").pairs, "/search")
    for key in ("context", "order", "interval", "measure"):
        plain = plain.without(key)
    return plain


def search_url_of(state: UrlState) -> str:
    return search_state_of(state).url()


def present_kwic(
    concordance,
    state: UrlState,
    context: int,
    order: str,
    page: int,
    contexts: Iterable[int],
    default_context: int,
) -> KwicView:
    """Build the KWIC page: one page of lines, with links to change context, order and page."""
    lines = concordance.lines
    page_count = max(1, -(-len(lines) // KWIC_PER_PAGE))
    page = min(page, page_count)
    shown = lines[(page - 1) * KWIC_PER_PAGE : page * KWIC_PER_PAGE]
    _chips, words = chips_and_words(state, Labels({}))
    link_q = urlencode({"q": state.get("q") or ""})
    return KwicView(
        q=state.get("q") or "",
        interpreted=interpreted_query(state.get("q") or "", words),
        total_lines=len(lines),
        documents=concordance.documents,
        lines=[
            KwicLineView(
                left=line.left,
                match=line.match,
                right=line.right,
                url=f"/doc/{line.doc_id}?{link_q}#p{line.paragraph}",
                title=line.title,
                date_text=human_date(line.date) if line.date else "date unknown",
            )
            for line in shown
        ],
        first_line=(page - 1) * KWIC_PER_PAGE + 1,
        contexts=_research_choices(
            state,
            "context",
            [(str(n), f"{n} words") for n in contexts],
            str(context),
            str(default_context),
        ),
        orders=_research_choices(
            state,
            "order",
            [("date", "Newest first"), ("left", "Left context"), ("right", "Right context")],
            order,
            "date",
        ),
        pages=page_links(state, page, page_count) if page_count > 1 else [],
        prev_url=state.at_page(page - 1).url() if page > 1 else None,
        next_url=state.at_page(page + 1).url() if page < page_count else None,
        notices=concordance.notices,
        csv_url=state.without("page").url("/kwic.csv"),
        search_url=search_url_of(state),
    )


TREND_WIDTH = 640
TREND_HEIGHT = 220
TREND_LEFT = 48
"""Room for the value axis' labels, in SVG user units."""
TREND_TOP = 10
TREND_BOTTOM = 24
TREND_RIGHT = 10


@dataclass(frozen=True)
class TrendPoint:
    x: float
    y: float
    value_text: str
    label: str
    """'energy, 2019: 3 statements'."""
    url: str
    """The search for this query in this period."""
    period: str


@dataclass(frozen=True)
class TrendSeriesView:
    number: int
    """0-4: picks the series' colour class."""
    q: str
    label: str
    total: int
    polyline: str
    """The SVG points attribute: 'x,y x,y ...'."""
    points: list[TrendPoint]


@dataclass(frozen=True)
class TrendRow:
    period_text: str
    cells: list[TrendPoint]
    total: int


@dataclass(frozen=True)
class TrendsView:
    queries: list[str]
    query_inputs: list[str]
    """The text of each of the five query boxes (blank where unused)."""
    interpreted: str
    measure: str
    interval: str
    series: list[TrendSeriesView]
    rows: list[TrendRow]
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    top_label: str
    first_period: str
    last_period: str
    measures: list[LinkChoice]
    intervals: list[LinkChoice]
    notices: list[str]
    csv_url: str
    hidden_inputs: list[tuple[str, str]]
    """The filters and options, carried by the query form."""


def _value_text(value: float, measure: str) -> str:
    return f"{value:.1f}%" if measure == "share" else f"{int(value):,}"


def present_trends(trends, state: UrlState, queries: list[str], max_series: int) -> TrendsView:
    """Lay out the trend lines and their table; each point links to its period's results."""
    labels = Labels({})
    _, words = chips_and_words(state, labels)
    base = search_state_of(state).without("q")
    periods = trends.periods
    values = [[trends.value(s, i) for i in range(len(periods))] for s in trends.series]
    top = max((v for row in values for v in row), default=0.0) or 1.0
    plot_width = TREND_WIDTH - TREND_LEFT - TREND_RIGHT
    plot_height = TREND_HEIGHT - TREND_TOP - TREND_BOTTOM
    step = plot_width / max(1, len(periods) - 1)
    series_views = []
    for number, (series, row) in enumerate(zip(trends.series, values, strict=True)):
        label = series.q or "all statements"
        points = []
        for i, period in enumerate(periods):
            x = round(TREND_LEFT + (i * step if len(periods) > 1 else plot_width / 2), 2)
            y = round(TREND_TOP + plot_height * (1 - row[i] / top), 2)
            text = _value_text(row[i], trends.measure)
            said = plural(series.counts[i])
            if trends.measure == "share":
                said += f", {text} of {plural(trends.totals[i])}"
            points.append(
                TrendPoint(
                    x=x,
                    y=y,
                    value_text=text,
                    label=f"{label}, {period_label(period.key)}: {said}",
                    url=_date_state(
                        base.setting(q=series.q or None), period.first, period.last
                    ).url(),
                    period=period.key,
                )
            )
        series_views.append(
            TrendSeriesView(
                number=number,
                q=series.q,
                label=label,
                total=series.total,
                polyline=" ".join(f"{p.x},{p.y}" for p in points),
                points=points,
            )
        )
    rows = [
        TrendRow(
            period_text=period_label(period.key),
            cells=[s.points[i] for s in series_views],
            total=trends.totals[i],
        )
        for i, period in enumerate(periods)
    ]
    options = state.without("q")
    return TrendsView(
        queries=queries,
        query_inputs=(queries + [""] * max_series)[:max_series],
        interpreted=interpreted_query(" | ".join(queries), words),
        measure=trends.measure,
        interval=trends.interval,
        series=series_views,
        rows=rows,
        width=TREND_WIDTH,
        height=TREND_HEIGHT,
        plot_left=TREND_LEFT,
        plot_right=TREND_WIDTH - TREND_RIGHT,
        plot_top=TREND_TOP,
        plot_bottom=TREND_HEIGHT - TREND_BOTTOM,
        top_label=_value_text(top, trends.measure),
        first_period=period_label(periods[0].key) if periods else "",
        last_period=period_label(periods[-1].key) if periods else "",
        measures=_research_choices(
            state,
            "measure",
            [("count", "Statements"), ("share", "Share of all statements")],
            trends.measure,
            "count",
        ),
        intervals=_research_choices(
            state,
            "interval",
            [("auto", "Automatic"), ("month", "By month"), ("year", "By year")],
            state.get("interval") or "auto",
            "auto",
        ),
        notices=trends.notices,
        csv_url=state.without("page").url("/trends.csv"),
        hidden_inputs=[(k, v) for k, v in options.pairs],
    )


DOSSIER_TOP = 5
"""Values listed for each of a dossier's top sectors, persons and document types."""


@dataclass(frozen=True)
class TermLink:
    word: str
    documents: int
    elsewhere: int
    score: float
    url: str
    """Keyword in context of the word in the dossier's statements."""


@dataclass(frozen=True)
class TopList:
    title: str
    links: list[BrowseLink]


@dataclass(frozen=True)
class DossierView:
    total: int
    first_date: str | None
    last_date: str | None
    """None when the statements fall in one period."""
    tops: list[TopList]
    terms: list[TermLink]
    terms_read: int
    """Statements whose words were read for the terms (the newest ones)."""
    partners: list[BrowseLink]
    search_url: str
    trends_url: str
    kwic_url: str


def present_dossier(
    result: SearchResult,
    state: UrlState,
    profile,
    partners,
) -> DossierView:
    """Build a country's or a pair's dossier panel from its search result and its terms."""
    labels = Labels(result.facets)
    tops = []
    for facet, title in (
        ("sector", "Top sectors"),
        ("person", "Top persons"),
        ("doc_type", "Document types"),
    ):
        values = [v for v in result.facets.get(facet, []) if v.count][:DOSSIER_TOP]
        tops.append(
            TopList(
                title,
                [
                    BrowseLink(labels(facet, v.value), v.count, state.adding(facet, v.value).url())
                    for v in values
                ],
            )
        )
    dated = [bar for bar in result.histogram if bar.get("count")]
    plain = search_state_of(state)
    return DossierView(
        total=result.total,
        first_date=period_label(dated[0]["period"]) if dated else None,
        last_date=period_label(dated[-1]["period"]) if len(dated) > 1 else None,
        tops=tops,
        terms=[
            TermLink(
                t.word, t.documents, t.elsewhere, t.score, plain.setting(q=t.word).url("/kwic")
            )
            for t in profile.terms
        ],
        terms_read=profile.read,
        partners=[BrowseLink(p.label, p.count, f"/pair/{p.pair}") for p in partners],
        search_url=plain.url(),
        trends_url=plain.url("/trends"),
        kwic_url=plain.url("/kwic"),
    )
