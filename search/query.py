"""Turn a query string into a Whoosh query, or a BadQuery with a plain message."""

from __future__ import annotations

from whoosh import qparser, query

from .errors import BadQuery
from .schema import BilatSchema

MAX_QUERY_CHARS = 1000
SEARCH_FIELDS = ["title", "body", "place"]


def make_parser(schema: BilatSchema) -> qparser.QueryParser:
    """Return the parser for the query language; AND is the default between words."""
    return qparser.MultifieldParser(SEARCH_FIELDS, schema, group=qparser.AndGroup)


def check_balanced(text: str) -> None:
    """Raise BadQuery when quotes or parentheses do not pair up."""
    if text.count('"') % 2:
        raise BadQuery(f"Unbalanced quote in: {text}", suggestion=text + '"')
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            raise BadQuery(f"A closing parenthesis has no opening one in: {text}")
    if depth:
        raise BadQuery(f"Unbalanced parenthesis in: {text}", suggestion=text + ")" * depth)


def parse_query(parser: qparser.QueryParser, text: str) -> query.Query:
    """Parse `text`; an empty text matches every statement."""
    text = text.strip()
    if not text:
        return query.Every()
    if len(text) > MAX_QUERY_CHARS:
        raise BadQuery(f"The query is {len(text)} characters long; the limit is {MAX_QUERY_CHARS}.")
    if any(ord(c) < 32 for c in text):
        raise BadQuery("The query contains control characters.")
    check_balanced(text)
    try:
        parsed = parser.parse(text)
    except Exception as exc:  # Whoosh's parser raises assorted errors on odd input.
        raise BadQuery(f"Could not read the query {text!r}: {exc}") from None
    if parsed is query.NullQuery:
        raise BadQuery(f"The query {text!r} has no words to search for.")
    return parsed


def date_number(day) -> int:
    """Return a date as the yyyymmdd integer stored in the `day` field."""
    return day.year * 10000 + day.month * 100 + day.day


def build_filter(request) -> query.Query | None:
    """Return the query that every result must also match (facets AND, values OR), or None."""
    parts: list[query.Query] = []
    for facet, chosen in request.filters.items():
        if chosen.include:
            parts.append(query.Or([query.Term(facet, v) for v in chosen.include]))
        for value in chosen.exclude:
            parts.append(query.Not(query.Term(facet, value)))
    if request.date_unknown:
        parts.append(query.Term("dated", "no"))
    if request.date_from or request.date_to:
        low = date_number(request.date_from) if request.date_from else None
        high = date_number(request.date_to) if request.date_to else None
        parts.append(query.NumericRange("day", low, high))
    if not parts:
        return None
    # A filter made only of exclusions needs something to exclude from.
    if all(isinstance(p, query.Not) for p in parts):
        parts.insert(0, query.Every())
    return query.And(parts)
