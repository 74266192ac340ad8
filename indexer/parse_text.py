"""Plain-text briefings in the akorda.kz layout: date line, title line, place line, body."""

from __future__ import annotations

from search.models import Statement

from .dates import parse_date
from .decoding import decode_text
from .errors import ParseError
from .ids import new_statement
from .paragraphs import split_paragraphs
from .sources import Hints

# Navigation lines that the site appends after the body when a page is copied as text.
TRAILING_NAVIGATION = {"all events", "other events", "all news", "other news"}


def parse_text(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse one akorda-style plain-text briefing."""
    text = decode_text(data)
    lines = [line.strip() for line in text.splitlines()]
    header = [line for line in lines[:10] if line][:3]
    if not header:
        raise ParseError("empty file")
    date = parse_date(header[0])
    if date is None:
        raise ParseError("first line is not a date", repr(header[0][:60]))
    if len(header) < 3:
        raise ParseError("expected a date line, a title line and a place line")
    title, place = header[1], header[2]

    # The body starts after the place line.
    place_index = lines.index(place)
    body_lines = lines[place_index + 1 :]
    while body_lines and (not body_lines[-1] or body_lines[-1].lower() in TRAILING_NAVIGATION):
        body_lines.pop()
    paragraphs = split_paragraphs("\n".join(body_lines))
    if not paragraphs:
        raise ParseError("no body text after the place line")

    date = hints.date or date
    return new_statement(
        title,
        date,
        paragraphs,
        source=hints.source,
        source_url=hints.source_url,
        place=place,
        lang=hints.lang or "en",
        origin=origin,
    )
