"""Names for codes shown to people: countries, sectors, document types, facets.

Country and sector names come from the search layer's `search.labels` where it exists;
until then, and for codes it does not know, the code itself is shown.
"""

from __future__ import annotations

try:
    from search import labels as _search_labels
except ImportError:  # the label tables are not part of this checkout yet
    _search_labels = None

FACET_NAMES = {
    "country": "Country",
    "pair": "Country pair",
    "sector": "Sector",
    "doc_type": "Type",
    "person": "Person",
    "source": "Publisher",
    "year": "Year",
}


def _lookup(function_name: str, value: str) -> str:
    function = getattr(_search_labels, function_name, None)
    label = function(value) if function else None
    return label or value


def country_name(code: str) -> str:
    """Return the name of a country from its ISO 3166-1 alpha-2 code."""
    return _lookup("country_name", code)


def sector_label(sector_id: str) -> str:
    """Return the label of a sector from its taxonomy id."""
    return _lookup("sector_label", sector_id)


def pair_label(pair: str) -> str:
    """Return 'China – Kazakhstan' for 'CN-KZ'."""
    return " – ".join(country_name(code) for code in pair.split("-"))


def doc_type_label(doc_type: str) -> str:
    """Return 'Joint statement' for 'joint_statement'."""
    return doc_type.replace("_", " ").capitalize()


VALUE_LABELERS = {
    "country": country_name,
    "pair": pair_label,
    "sector": sector_label,
    "doc_type": doc_type_label,
}


def value_label(facet: str, value: str) -> str:
    """Return the label of one value of a facet."""
    labeler = VALUE_LABELERS.get(facet)
    return labeler(value) if labeler else value
