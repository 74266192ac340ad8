"""Plain text: briefings in the akorda.kz layout (date line, title line, place line, body),
and any other text by the general rules of `plain_text`."""

from __future__ import annotations

from search.models import Statement

from .dates import parse_date
from .decoding import decode_text
from .errors import ParseError
from .ids import file_statement
from .paragraphs import split_paragraphs
from .plain_text import parse_plain_text
from .sources import Hints

# Navigation lines that the site appends after the body when a page is copied as text.
TRAILING_NAVIGATION = {"all events", "other events", "all news", "other news"}
# The place line of the layout is short and is not a sentence.
PLACE_LINE_MAX_CHARS = 100


def is_briefing_header(header: list[str]) -> bool:
    """Tell whether the first three lines are the layout's date, title and place lines."""
    return (
        len(header) == 3
        and parse_date(header[0]) is not None
        and len(header[2]) <= PLACE_LINE_MAX_CHARS
        and not header[2].endswith((".", "!", "?"))
    )


def parse_text(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse one plain-text statement: an akorda-style briefing, or a text of any layout."""
    text = decode_text(data)
    lines = [line.strip() for line in text.splitlines()]
    header = [line for line in lines[:10] if line][:3]
    if not header:
        raise ParseError("empty file")
    if not is_briefing_header(header):
        return parse_plain_text(text, hints, origin)
    date = parse_date(header[0])
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
    return file_statement(
        title,
        date,
        paragraphs,
        hints,
        origin,
        place=place,
        evidence={
            "title": {"line after the date line": [title]},
            "date": {"sidecar" if hints.date else "head date line": [header[0]]},
        },
    )
