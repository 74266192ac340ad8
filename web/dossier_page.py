"""A country's or a pair's dossier: top values, distinctive terms, partners, links onward."""

from __future__ import annotations

from dataclasses import dataclass

from search.models import SearchResult

from .home_page import BrowseLink
from .labels import Labels
from .url_state import UrlState, search_state_of
from .wording import period_label

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
