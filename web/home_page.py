"""The front page's ways in: the most frequent countries, every sector, the years, the
languages."""

from __future__ import annotations

from dataclasses import dataclass

from search.models import SearchResult

from .labels import Labels
from .url_state import UrlState


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
    languages: list[BrowseLink]


# Countries listed on the front page; the search page lists them all.
FRONT_PAGE_COUNTRIES = 24


def present_browse(overview: SearchResult) -> BrowseView:
    """Build the front page's ways in: the most frequent countries, every sector, the years,
    the languages."""
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
        languages=links("lang", lambda v: UrlState([("lang", v)]).url()),
    )
