"""Typed values that flow between the indexer, the search engine and the web app."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from .permalinks import canonical_path
from .settings import DEFAULTS

# Permalink ids: lower-case ASCII words joined by hyphens. Validated before any lookup.
ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,158}[a-z0-9])?$")


def is_valid_id(value: str) -> bool:
    """Tell whether a string has the shape of a statement id."""
    return bool(ID_PATTERN.match(value))


def summary_json(item: Statement | Hit) -> dict[str, Any]:
    """Return the keys a search hit and a whole statement share in the JSON contract."""
    return {
        "id": item.id,
        "title": item.title,
        "date": item.date.isoformat() if item.date else None,
        "place": item.place,
        "doc_type": item.doc_type,
        "source": item.source,
        "source_url": item.source_url,
        "url": canonical_path(item.id, item.title, item.date),
        "countries": list(item.countries),
        "sectors": list(item.sectors),
    }


@dataclass(frozen=True)
class Statement:
    """One published statement, as parsed and enriched; the unit that is indexed."""

    id: str
    """The statement's key: it names the statement in its permalink (search/permalinks.py)
    and stays the same across re-indexing, title corrections and later dates."""
    title: str
    date: datetime.date | None
    """The statement's own date; None when the document does not give one."""
    place: str | None
    paragraphs: tuple[str, ...]
    source: str | None = None
    """The publisher's site, such as akorda.kz."""
    source_url: str | None = None
    publisher: str | None = None
    """The publisher's name: from the known sites' data file, else as the page names its
    site (og:site_name, or the suffix of its <title>); None when unknown."""
    publisher_country: str | None = None
    """ISO 3166-1 alpha-2 code of the publishing state."""
    lang: str = "en"
    doc_type: str = "other"
    countries: tuple[str, ...] = ()
    """ISO 3166-1 alpha-2 codes of the states the statement is about."""
    pairs: tuple[str, ...] = ()
    """Unordered country pairs as sorted codes joined by a hyphen, such as CN-KZ."""
    sectors: tuple[str, ...] = ()
    persons: tuple[str, ...] = ()
    evidence: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """For each derived facet (countries, sectors, doc_type), value -> phrases that produced it."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of the input record that have no field of their own, kept as given."""
    origin: str | None = None
    """The file (and line, for JSON Lines) the statement was read from."""
    pages: tuple[int, ...] = ()
    """The page each paragraph starts on, parallel to `paragraphs` (PDF); else empty."""
    aliases: tuple[str, ...] = ()
    """Every other id issued for this statement; each answers with a redirect to it."""
    version_key: str | None = None
    """The same value names every language version of one statement (a record's or
    sidecar's `version_key`)."""
    alternates: tuple[str, ...] = ()
    """The URLs of its versions in other languages, as its page names them
    (`<link rel="alternate" hreflang=...>`)."""

    @property
    def text(self) -> str:
        """Return the body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """Return the statement as the JSON contract's `/doc/<id>.json` object."""
        return {
            **summary_json(self),
            "publisher": self.publisher,
            "publisher_country": self.publisher_country,
            "lang": self.lang,
            "pairs": list(self.pairs),
            "persons": list(self.persons),
            "paragraphs": list(self.paragraphs),
            "pages": list(self.pages),
            "evidence": self.evidence,
            "extra": self.extra,
            "aliases": list(self.aliases),
            "version_key": self.version_key,
            "alternates": list(self.alternates),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Statement:
        """Rebuild a statement from `to_json` output."""
        date = data.get("date")
        return cls(
            id=data["id"],
            title=data["title"],
            date=datetime.date.fromisoformat(date) if date else None,
            place=data.get("place"),
            paragraphs=tuple(data.get("paragraphs", ())),
            source=data.get("source"),
            source_url=data.get("source_url"),
            publisher=data.get("publisher"),
            publisher_country=data.get("publisher_country"),
            lang=data.get("lang") or "en",
            doc_type=data.get("doc_type") or "other",
            countries=tuple(data.get("countries", ())),
            pairs=tuple(data.get("pairs", ())),
            sectors=tuple(data.get("sectors", ())),
            persons=tuple(data.get("persons", ())),
            evidence=data.get("evidence") or {},
            extra=data.get("extra") or {},
            pages=tuple(data.get("pages", ())),
            aliases=tuple(data.get("aliases", ())),
            version_key=data.get("version_key"),
            alternates=tuple(data.get("alternates", ())),
        )


@dataclass(frozen=True)
class FacetFilter:
    """The values chosen for one facet: any of `include`, none of `exclude`."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchRequest:
    """Everything that defines one search; every field maps to a URL parameter."""

    q: str = ""
    filters: dict[str, FacetFilter] = field(default_factory=dict)
    """Facet name (country, pair, sector, doc_type, person, source, year) -> chosen values.

    Year values are four-digit years or "unknown"."""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    date_unknown: bool = False
    """Only statements whose date is unknown."""
    sort: str = "relevance"
    """relevance, newest or oldest."""
    page: int = 1
    per_page: int = DEFAULTS["PER_PAGE"]
    group: bool = True
    """One statement per group of near-duplicates (the `group=0` parameter turns it off)."""


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its count over the current results."""

    value: str
    label: str
    count: int
    selected: bool = False
    excluded: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "label": self.label,
            "count": self.count,
            "selected": self.selected,
            "excluded": self.excluded,
        }


@dataclass(frozen=True)
class Hit:
    """One search result: a statement's summary and its snippet."""

    id: str
    title: str
    date: datetime.date | None
    place: str | None
    doc_type: str
    source: str | None
    source_url: str | None
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    snippet: str
    """HTML-escaped text in which only `<mark>` elements appear."""
    score: float | None = None
    title_html: str = ""
    """The title HTML-escaped, with the query's matches in `<mark>`."""
    versions: int = 1
    """How many near-duplicate versions the statement's group has (1: none)."""
    lang: str = "en"
    """The statement's language (ISO 639-1), for the markup's lang attribute."""
    languages: tuple[str, ...] = ()
    """The languages the statement exists in: its own and its language versions'."""

    def to_json(self) -> dict[str, Any]:
        return {
            **summary_json(self),
            "lang": self.lang,
            "languages": list(self.languages or (self.lang,)),
            "snippet": self.snippet,
            "title_html": self.title_html,
            "versions": self.versions,
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to a SearchRequest; the HTML page and every API render this same value."""

    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    histogram: list[dict[str, Any]] = field(default_factory=list)
    did_you_mean: str | None = None
    timed_out: bool = False
    """True when the time limit stopped collection: counts are then lower bounds."""
    took_ms: float = 0.0
    notices: list[str] = field(default_factory=list)
    """Plain sentences about how the query was run (a wildcard cut short, a time limit)."""

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // self.request.per_page))

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.request.q,
            "total": self.total,
            "page": self.request.page,
            "per_page": self.request.per_page,
            "hits": [hit.to_json() for hit in self.hits],
            "facets": {name: [v.to_json() for v in values] for name, values in self.facets.items()},
            "histogram": self.histogram,
            "did_you_mean": self.did_you_mean,
            "timed_out": self.timed_out,
            "took_ms": round(self.took_ms, 1),
            "notices": self.notices,
        }
