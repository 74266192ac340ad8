"""What documents laid out for reading (PDF, Word) share: a date line, a title, hyphenated lines."""

from __future__ import annotations

import re
from collections.abc import Sequence

from search.models import Statement

from .dates import date_in_file_name, parse_date
from .errors import ParseError
from .ids import file_statement
from .sources import Hints

# A date line is looked for among the first and the last few paragraphs.
DATE_LINE_HEAD = 4
DATE_LINE_FOOT = 2
# A word broken at a line end: a letter, a hyphen (or soft hyphen), then a lower-case letter.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])[-\u00ad]\n(?=[^\W\d_])")
_SOFT_HYPHEN = "\u00ad"


def join_lines(text: str) -> str:
    """Join the lines of one paragraph, mending words hyphenated at a line break.

    A hyphen at a line end followed by a lower-case letter is taken for a break inside a
    word ("coop-" / "eration"); a compound broken at its own hyphen ("well-" / "known")
    loses its hyphen too, which costs less than keeping every broken word in two halves.
    """

    def mend(match: re.Match[str]) -> str:
        hyphen, following = match.group()[0], text[match.end()]
        return "" if hyphen == _SOFT_HYPHEN or following.islower() else hyphen

    text = _BROKEN_WORD.sub(mend, text.replace("\r\n", "\n"))
    return " ".join(text.replace(_SOFT_HYPHEN, "").split())


def _date_line_index(paragraphs: Sequence[str]) -> int | None:
    """Return the index of a paragraph that is only a date, near the head or the foot."""
    count = len(paragraphs)
    head = range(min(DATE_LINE_HEAD, count))
    foot = range(max(count - DATE_LINE_FOOT, len(head)), count)
    return next((i for i in (*head, *reversed(foot)) if parse_date(paragraphs[i])), None)


def laid_out_statement(
    title: str,
    paragraphs: Sequence[str],
    hints: Hints,
    origin: str | None,
    pages: Sequence[int] = (),
) -> Statement:
    """Return the statement of a document whose title is found; `pages` parallel to paragraphs.

    Its date is the sidecar's, else its date line (taken out of the body), else the ISO
    date in its file name, else unknown.
    """
    paragraphs, pages = list(paragraphs), list(pages)
    date_index = _date_line_index(paragraphs)
    date = hints.date
    if date_index is not None:
        date = date or parse_date(paragraphs.pop(date_index))
        del pages[date_index : date_index + 1]
    if not paragraphs:
        raise ParseError("no text besides the title")
    return file_statement(
        title, date or date_in_file_name(origin), paragraphs, hints, origin, pages=tuple(pages)
    )
