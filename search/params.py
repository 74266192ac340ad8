"""Read a SearchRequest from URL parameters, the same for every output format."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from .errors import BadQuery
from .facets import UNKNOWN_YEAR
from .models import FacetFilter, SearchRequest
from .schema import FACETS
from .settings import DEFAULTS

FILTER_FACETS = FACETS
"""The facets a request may filter on: every one."""

SORTS = ("relevance", "newest", "oldest")


def _date(value: str | None, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise BadQuery(f"'{name}' must be a date written as YYYY-MM-DD, not {value!r}.") from None


def _int(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadQuery(f"'{name}' must be a whole number, not {value!r}.") from None
    if not low <= number <= high:
        raise BadQuery(f"'{name}' must be between {low} and {high}.")
    return number


def _facet_value(facet: str, value: str) -> str:
    """Return a filter value as the index holds it: codes in upper case, pairs sorted."""
    value = value.strip()
    if facet == "country":
        return value.upper()
    if facet == "pair":
        return "-".join(sorted(value.upper().split("-")))
    if facet == "year" and not (value == UNKNOWN_YEAR or (value.isdigit() and len(value) == 4)):
        raise BadQuery(f"'year' must be a year such as 2018, or unknown, not {value!r}.")
    return value


def _facet_values(args, key: str, facet: str, limits: Mapping[str, Any]) -> tuple[str, ...]:
    longest = limits["MAX_VALUE_CHARS"]
    for value in args.getlist(key):
        if len(value) > longest:
            raise BadQuery(
                f"A '{key}' value is {len(value):,} characters long; the limit is {longest}."
            )
    values = tuple(dict.fromkeys(_facet_value(facet, v) for v in args.getlist(key) if v.strip()))
    if len(values) > limits["MAX_FILTER_VALUES"]:
        raise BadQuery(
            f"'{key}' is given {len(values)} times; the limit is {limits['MAX_FILTER_VALUES']}."
        )
    return values


def check_query_length(text: str, limit: int) -> None:
    """Refuse a query over `limit` characters, suggesting it cut at a word before the limit."""
    if len(text) > limit:
        cut = text[: limit + 1].rsplit(" ", 1)[0]
        raise BadQuery(
            f"The query is {len(text):,} characters long; the limit is {limit:,}.",
            suggestion=cut if cut.count('"') % 2 == 0 else None,
        )


def request_from_args(args, limits: Mapping[str, Any] = DEFAULTS) -> SearchRequest:
    """Build a SearchRequest from a werkzeug MultiDict (or anything with get and getlist).

    `limits` holds the settings (search/settings.py) that bound a request, and PER_PAGE.
    """
    parameters = sum(len(args.getlist(key)) for key in args)
    if parameters > limits["MAX_PARAMETERS"]:
        raise BadQuery(
            f"The address carries {parameters:,} parameters; "
            f"the limit is {limits['MAX_PARAMETERS']}."
        )
    for text in args.getlist("q"):
        check_query_length(text, limits["MAX_QUERY_CHARS"])
    filters = {}
    for facet in FILTER_FACETS:
        include = _facet_values(args, facet, facet, limits)
        exclude = _facet_values(args, "-" + facet, facet, limits)
        if include or exclude:
            filters[facet] = FacetFilter(include=include, exclude=exclude)
    named = sum(len(f.include) + len(f.exclude) for f in filters.values())
    if named > limits["MAX_FILTERS"]:
        raise BadQuery(
            f"The search names {named} filter values; the limit is {limits['MAX_FILTERS']}."
        )
    date = args.get("date") or ""
    if date not in ("", "unknown"):
        raise BadQuery(
            f"'date' can only be unknown (statements whose date is not known), not {date!r}."
        )
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadQuery(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}.")
    date_from = _date(args.get("from"), "from")
    date_to = _date(args.get("to"), "to")
    if date_from and date_to and date_from > date_to:
        raise BadQuery(f"'from' ({date_from}) is after 'to' ({date_to}).")
    group = args.get("group") or "1"
    if group not in ("0", "1"):
        raise BadQuery(
            f"'group' must be 1 (one statement per group of near-duplicates) or 0 (every "
            f"version), not {group!r}."
        )
    return SearchRequest(
        q=args.get("q", ""),
        filters=filters,
        date_from=date_from,
        date_to=date_to,
        date_unknown=date == "unknown",
        sort=sort,
        page=_int(args.get("page"), "page", 1, 1, limits["MAX_PAGE"]),
        per_page=_int(
            args.get("per_page"), "per_page", limits["PER_PAGE"], 1, limits["MAX_PER_PAGE"]
        ),
        group=group == "1",
    )


class _Params(dict):
    def get(self, key, default=None):
        values = super().get(key)
        return values[0] if values else default

    def getlist(self, key):
        return super().get(key, [])


def request_from_params(
    params: dict[str, list[str]], limits: Mapping[str, Any] = DEFAULTS
) -> SearchRequest:
    """Build a SearchRequest from a plain mapping of parameter name -> values."""
    return request_from_args(_Params(params), limits)
