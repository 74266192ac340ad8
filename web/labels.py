"""Names shown to people for facets; value names come from the search layer's label_for."""

from __future__ import annotations

from search.facets import label_for

FACET_NAMES = {
    "country": "Country",
    "pair": "Country pair",
    "sector": "Sector",
    "doc_type": "Type",
    "person": "Person",
    "source": "Publisher",
    "year": "Year",
}


def value_label(facet: str, value: str) -> str:
    """Return the label of one value of a facet."""
    return label_for(facet, value)
