"""One search hit as result lists show it: linked title, date, tags, snippet, versions."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from markupsafe import Markup, escape

from search.labels import doc_type_label, language_label
from search.models import Hit
from search.permalinks import canonical_path

from .labels import Labels
from .url_state import UrlState
from .wording import human_date


@dataclass(frozen=True)
class Tag:
    value: str
    label: str
    url: str | None


@dataclass(frozen=True)
class HitView:
    id: str
    title: str
    title_html: Markup
    """The title escaped, with the query's matches in `<mark>`."""
    url: str
    date_iso: str | None
    date_text: str
    place: str | None
    source: str | None
    doc_type: str
    countries: list[Tag]
    sectors: list[Tag]
    snippet: Markup
    """Escaped by the engine; only `<mark>` elements in it."""
    lang: str
    """The statement's language, for the title's and snippet's lang attribute."""
    versions_text: str | None = None
    """'2 similar versions' when the statement has near-duplicates, '1 other version;
    languages: English, Ukrainian' when it has versions in other languages, else None."""
    versions_url: str | None = None
    """The same search showing every version."""


def hit_view(hit: Hit, q: str, labels: Labels, state: UrlState | None = None) -> HitView:
    others = getattr(hit, "versions", 1) - 1
    languages = getattr(hit, "languages", ()) or (hit.lang,)
    versions_text = versions_url = None
    if others > 0:
        plural = "" if others == 1 else "s"
        versions_text = (
            f"{others} similar version{plural}"
            if len(languages) == 1
            else f"{others} other version{plural}; languages: "
            + ", ".join(language_label(code) for code in languages)
        )
        if state is not None and state.get("group") != "0":
            versions_url = state.setting(group="0").url()
    return HitView(
        id=hit.id,
        title=hit.title,
        # The engine escapes titles and snippets and adds only <mark>: the one place
        # where the web layer passes HTML through unescaped.
        title_html=Markup(hit.title_html) if hit.title_html else escape(hit.title),
        url=canonical_path(hit.id, hit.title, hit.date)
        + ("?" + urlencode({"q": q}) if q.strip() else ""),
        date_iso=hit.date.isoformat() if hit.date else None,
        date_text=human_date(hit.date) if hit.date else "date unknown",
        place=hit.place,
        source=hit.source,
        doc_type=doc_type_label(hit.doc_type),
        countries=[Tag(c, labels("country", c), f"/country/{c}") for c in hit.countries],
        sectors=[Tag(s, labels("sector", s), f"/sector/{s}") for s in hit.sectors],
        snippet=Markup(hit.snippet),
        lang=hit.lang,
        versions_text=versions_text,
        versions_url=versions_url,
    )
