"""A search hit from a statement: its summary, its best snippet and its title marked.

Every backend builds its hits here, from the statement and what its query marks, so that
snippets mark the same words whichever engine found the statement.
"""

from __future__ import annotations

from .models import Hit, Statement
from .query import Marks
from .snippets import best_snippet, find_spans, leading_text, mark_text


def make_hit(
    statement: Statement,
    marks: Marks,
    score: float | None,
    versions: int,
    languages: tuple[str, ...] = (),
) -> Hit:
    """Return the hit of a statement; `versions` is the size of its group of versions,
    `languages` those it exists in (its own when empty)."""
    snippet = best_snippet(list(statement.paragraphs), marks) or leading_text(statement.text)
    return Hit(
        id=statement.id,
        title=statement.title,
        date=statement.date,
        place=statement.place,
        doc_type=statement.doc_type,
        source=statement.source,
        source_url=statement.source_url,
        countries=statement.countries,
        sectors=statement.sectors,
        snippet=snippet,
        score=score,
        title_html=mark_text(statement.title, find_spans(statement.title, marks)),
        versions=versions,
        lang=statement.lang,
        languages=languages or (statement.lang,),
    )
