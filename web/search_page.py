"""The search page from one SearchResult: facet sidebar, chips, hits, histogram, sorts, pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.models import FacetValue, SearchResult
from search.params import FILTER_FACETS

from .active_filters import Chip, chips_and_words, interpreted_query
from .histogram import CHART_HEIGHT, CHART_WIDTH, HistogramBar, histogram_bars
from .hits import HitView, hit_view
from .labels import FACET_NAMES, Labels
from .url_state import LinkChoice, UrlState, page_links

# Facets shown in the sidebar as checkboxes: all of them, in the schema's order.
SIDEBAR_FACETS = FILTER_FACETS
# Facets whose values keep the engine's order (by date), chosen or not.
ORDERED_FACETS = frozenset({"year"})
# Facets with more values than this get a filter box and "show all" (with JavaScript).
LONG_FACET = 8
PER_PAGE_CHOICES = (10, 20, 50, 100)
SORT_CHOICES = (("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first"))


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
