"""Names for codes shown to people: countries, pairs, sectors, document types, facets."""

from __future__ import annotations

from search.labels import country_label, doc_type_label, sector_label

FACET_NAMES = {
    "country": "Country",
    "pair": "Country pair",
    "sector": "Sector",
    "doc_type": "Type",
    "person": "Person",
    "source": "Publisher",
    "year": "Year",
}


def pair_label(pair: str) -> str:
    """Return 'China – Kazakhstan' for 'CN-KZ'."""
    return " – ".join(country_label(code) for code in pair.split("-"))


VALUE_LABELERS = {
    "country": country_label,
    "pair": pair_label,
    "sector": sector_label,
    "doc_type": doc_type_label,
}


def value_label(facet: str, value: str) -> str:
    """Return the label of one value of a facet."""
    labeler = VALUE_LABELERS.get(facet)
    return labeler(value) if labeler else value
