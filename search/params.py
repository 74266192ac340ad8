"""Read a SearchRequest from URL parameters, the same for every output format."""

from __future__ import annotations

import datetime
from .errors import BadQuery
from .models import FacetFilter, SearchRequest

FILTER_FACETS = ("country", "pair", "sector", "doc_type", "person", "source")
SORTS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 100
MAX_PAGE = 1000



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


def request_from_args(args) -> SearchRequest:
    """Build a SearchRequest from a werkzeug MultiDict (or anything with get and getlist)."""
    filters = {}
    for facet in FILTER_FACETS:
        include = tuple(v for v in args.getlist(facet) if v)
        exclude = tuple(v for v in args.getlist("-" + facet) if v)
        if include or exclude:
            filters[facet] = FacetFilter(include=include, exclude=exclude)
    sort = args.get("sort") or "relevance"
    if sort not in SORTS:
        raise BadQuery(f"'sort' must be one of {', '.join(SORTS)}, not {sort!r}.")
    return SearchRequest(
        q=args.get("q", ""),
        filters=filters,
        date_from=_date(args.get("from"), "from"),
        date_to=_date(args.get("to"), "to"),
        date_unknown=args.get("date") == "unknown",
        sort=sort,
        page=_int(args.get("page"), "page", 1, 1, MAX_PAGE),
        per_page=_int(args.get("per_page"), "per_page", 20, 1, MAX_PER_PAGE),
    )
