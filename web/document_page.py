"""A statement's own page: paragraphs, tags with their evidence, citation, related statements."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from markupsafe import Markup, escape

from search.labels import language_label
from search.models import Hit, Statement
from search.permalinks import canonical_path

from . import citation
from .hits import HitView, Tag, hit_view
from .labels import Labels, value_label
from .url_state import UrlState
from .wording import human_date


@dataclass(frozen=True)
class EvidenceTag:
    value: str
    label: str
    url: str | None
    evidence: list[str]
    """The words in the text that produced this value."""


@dataclass(frozen=True)
class Translation:
    """A version of the statement in another language, as its page links it."""

    id: str
    lang: str
    language: str
    title: str
    url: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "lang": self.lang, "title": self.title, "url": self.url}


def translations(statement: Statement, versions: list[Hit]) -> list[Translation]:
    """Return the versions of the statement in other languages, by language."""
    return sorted(
        (
            Translation(
                id=hit.id,
                lang=hit.lang,
                language=language_label(hit.lang),
                title=hit.title,
                url=canonical_path(hit.id, hit.title, hit.date),
            )
            for hit in versions
            if hit.lang != statement.lang
        ),
        key=lambda t: (t.lang, t.url),
    )


@dataclass(frozen=True)
class ParagraphView:
    number: int
    anchor: str
    html: Markup
    """Escaped text, with `<mark>` around the matches of the search that led here."""
    marked: bool


@dataclass(frozen=True)
class DocumentView:
    statement: Statement
    date_iso: str | None
    date_text: str
    doc_type: EvidenceTag
    countries: list[EvidenceTag]
    pairs: list[EvidenceTag]
    sectors: list[EvidenceTag]
    persons: list[Tag]
    paragraphs: list[ParagraphView]
    matched: list[ParagraphView]
    """The paragraphs in which the search that led here matched."""
    permalink: str
    publisher_country: str | None
    """The label of the publisher's country; None when it is unknown."""
    chicago: str
    accessed_iso: str
    formats: dict[str, str]
    more_like_this: list[HitView]
    versions: list[HitView]
    """The other versions of this statement in its language (near-duplicates)."""
    language: str
    """The name of the statement's language."""
    translations: list[Translation]
    """Its versions in other languages."""
    alternates: list[tuple[str, str]]
    """(language, full address) of this page and its versions in other languages, for the
    page head's hreflang links; empty when it has none."""
    q: str
    back_url: str | None
    """The search that led here, when the page was opened from one."""


def _tags(
    statement: Statement, facet: str, key: str, values, path: str | None
) -> list[EvidenceTag]:
    evidence = statement.evidence.get(key, {})
    return [
        EvidenceTag(
            value=v,
            label=value_label(facet, v),
            url=f"{path}/{v}" if path else None,
            evidence=list(evidence.get(v, [])),
        )
        for v in values
    ]


def present_document(
    statement: Statement,
    *,
    site_root: str,
    accessed: datetime.date,
    q: str = "",
    highlighted: list[str] | None = None,
    similar: list[Hit] = (),
    versions: list[Hit] = (),
) -> DocumentView:
    """Build everything the document page shows; `highlighted` holds escaped, marked paragraphs."""
    permalink = site_root.rstrip("/") + canonical_path(
        statement.id, statement.title, statement.date
    )
    use_marks = highlighted is not None and len(highlighted) == len(statement.paragraphs)
    paragraphs = [
        ParagraphView(
            number=i,
            anchor=f"p{i}",
            html=Markup(highlighted[i - 1]) if use_marks else escape(text),
            marked=use_marks and "<mark>" in highlighted[i - 1],
        )
        for i, text in enumerate(statement.paragraphs, start=1)
    ]
    labels = Labels({})
    others = translations(statement, list(versions))
    return DocumentView(
        statement=statement,
        date_iso=statement.date.isoformat() if statement.date else None,
        date_text=human_date(statement.date) if statement.date else "date unknown",
        doc_type=_tags(statement, "doc_type", "doc_type", [statement.doc_type], None)[0],
        countries=_tags(statement, "country", "countries", statement.countries, "/country"),
        pairs=_tags(statement, "pair", "pairs", statement.pairs, "/pair"),
        sectors=_tags(statement, "sector", "sectors", statement.sectors, "/sector"),
        persons=[Tag(p, p, UrlState([("person", p)]).url()) for p in statement.persons],
        paragraphs=paragraphs,
        matched=[p for p in paragraphs if p.marked],
        permalink=permalink,
        publisher_country=(
            value_label("country", statement.publisher_country)
            if statement.publisher_country
            else None
        ),
        chicago=citation.chicago(statement, permalink, accessed),
        accessed_iso=accessed.isoformat(),
        formats={
            "JSON": f"/doc/{statement.id}.json",
            "BibTeX": f"/doc/{statement.id}.bib",
            "RIS": f"/doc/{statement.id}.ris",
        },
        more_like_this=[hit_view(h, "", labels) for h in similar],
        versions=[hit_view(h, "", labels) for h in versions if h.lang == statement.lang],
        language=language_label(statement.lang),
        translations=others,
        alternates=[(statement.lang, permalink)]
        + [(t.lang, site_root.rstrip("/") + t.url) for t in others]
        if others
        else [],
        q=q,
        back_url=UrlState([("q", q)]).url() if q.strip() else None,
    )
