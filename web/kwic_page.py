"""The keyword-in-context page: one page of lines, with links to change context, order and page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from .active_filters import chips_and_words, interpreted_query
from .labels import Labels
from .url_state import LinkChoice, UrlState, page_links, research_choices, search_url_of
from .wording import human_date

KWIC_PER_PAGE = 100
"""KWIC lines shown on one page; /kwic.csv gives them all."""


@dataclass(frozen=True)
class KwicLineView:
    left: str
    match: str
    right: str
    url: str
    """The statement's page at the paragraph, with the query marked."""
    title: str
    date_text: str
    lang: str


@dataclass(frozen=True)
class KwicView:
    q: str
    interpreted: str
    total_lines: int
    documents: int
    lines: list[KwicLineView]
    first_line: int
    """The number of the page's first line, from 1."""
    contexts: list[LinkChoice]
    orders: list[LinkChoice]
    pages: list[LinkChoice | None]
    prev_url: str | None
    next_url: str | None
    notices: list[str]
    csv_url: str
    search_url: str


def present_kwic(
    concordance,
    state: UrlState,
    context: int,
    order: str,
    page: int,
    contexts: Iterable[int],
    default_context: int,
) -> KwicView:
    """Build the KWIC page: one page of lines, with links to change context, order and page."""
    lines = concordance.lines
    page_count = max(1, -(-len(lines) // KWIC_PER_PAGE))
    page = min(page, page_count)
    shown = lines[(page - 1) * KWIC_PER_PAGE : page * KWIC_PER_PAGE]
    _chips, words = chips_and_words(state, Labels({}))
    link_q = urlencode({"q": state.get("q") or ""})
    return KwicView(
        q=state.get("q") or "",
        interpreted=interpreted_query(state.get("q") or "", words),
        total_lines=len(lines),
        documents=concordance.documents,
        lines=[
            KwicLineView(
                left=line.left,
                match=line.match,
                right=line.right,
                url=f"/doc/{line.doc_id}?{link_q}#p{line.paragraph}",
                title=line.title,
                date_text=human_date(line.date) if line.date else "date unknown",
                lang=line.lang,
            )
            for line in shown
        ],
        first_line=(page - 1) * KWIC_PER_PAGE + 1,
        contexts=research_choices(
            state,
            "context",
            [(str(n), f"{n} words") for n in contexts],
            str(context),
            str(default_context),
        ),
        orders=research_choices(
            state,
            "order",
            [("date", "Newest first"), ("left", "Left context"), ("right", "Right context")],
            order,
            "date",
        ),
        pages=page_links(state, page, page_count) if page_count > 1 else [],
        prev_url=state.at_page(page - 1).url() if page > 1 else None,
        next_url=state.at_page(page + 1).url() if page < page_count else None,
        notices=concordance.notices,
        csv_url=state.without("page").url("/kwic.csv"),
        search_url=search_url_of(state),
    )
