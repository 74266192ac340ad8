"""Names shown to people for facets; value names come from the search layer's label_for."""

from __future__ import annotations

from search.facets import label_for
from search.models import FacetValue

FACET_NAMES = {
    "country": "Country",
    "pair": "Country pair",
    "sector": "Sector",
    "doc_type": "Type",
    "person": "Person",
    "source": "Publisher",
    "lang": "Language",
    "year": "Year",
}


def value_label(facet: str, value: str) -> str:
    """Return the label of one value of a facet."""
    return label_for(facet, value)


class Labels:
    """Labels for facet values: the engine's own where it gave them, else the label tables."""

    def __init__(self, facets: dict[str, list[FacetValue]]):
        self._known = {(name, v.value): v.label for name, values in facets.items() for v in values}

    def __call__(self, facet: str, value: str) -> str:
        known = self._known.get((facet, value))
        # An engine that echoes the raw value has no better name than our tables.
        return known if known and known != value else value_label(facet, value)
