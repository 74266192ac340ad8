"""Keyword in context: every match of a query in the selected statements, with the words around it.

A match is found with the snippets' own machinery (search/snippets.py), so a quoted phrase
gives one line where its words stand together, and only there. Lines come from the body's
paragraphs, each naming its paragraph so that it can link to the anchor `#pN`.
"""

from __future__ import annotations

import datetime
import time
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .documents import PARAGRAPH_SEPARATOR
from .engine import Selection
from .languages import CJK_LANGUAGES
from .schema import WORD_PATTERN
from .snippets import Span, find_spans

CONTEXT_CHOICES = (5, 10, 20)
"""Words of context a reader may ask for on each side of a match."""
CHARS_PER_WORD = 2
"""Chinese and Japanese have no spaces to count words by: their context is counted in
characters, this many for each word asked for (a Chinese word is one to three characters)."""
DEFAULT_CONTEXT = 10
ORDERS = ("date", "left", "right")
"""date: newest statement first, then in reading order; left/right: by the context words
nearest the match (left read backwards from the match, right read forwards)."""
MAX_LINES = 5_000
"""Most lines one request collects (the page and /kwic.csv alike)."""
MAX_DOCUMENTS = 3_000
"""Most statements one request reads, newest first."""


@dataclass(frozen=True)
class KwicLine:
    """One match with its context; the three texts joined give a stretch of the paragraph."""

    doc_id: str
    title: str
    date: datetime.date | None
    paragraph: int
    """1-based, as the document page's anchors p1, p2, ..."""
    left: str
    match: str
    right: str
    left_key: tuple[str, ...]
    """The lower-cased words left of the match, nearest first."""
    right_key: tuple[str, ...]
    lang: str = "en"
    """The statement's language."""

    def to_json(self) -> dict:
        return {
            "id": self.doc_id,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "paragraph": self.paragraph,
            "url": f"/doc/{self.doc_id}#p{self.paragraph}",
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "lang": self.lang,
        }


@dataclass(frozen=True)
class Concordance:
    """The lines of one KWIC request, in the order asked for."""

    lines: list[KwicLine]
    documents: int
    """Statements in the selection."""
    scanned: int
    """Statements read for lines (fewer than `documents` when a limit was reached)."""
    truncated: bool
    """True when a limit (lines, statements read or time) stopped the collection."""
    notices: list[str]


def lines_in(
    doc_id: str,
    title: str,
    date: datetime.date | None,
    paragraphs: list[str],
    marks,
    context: int,
    lang: str = "en",
) -> list[KwicLine]:
    """Return every match in the paragraphs with `context` words on either side (in
    Chinese and Japanese, CHARS_PER_WORD characters a word)."""
    # The matches are found in the whole body at once (one scan instead of one per
    # paragraph), then placed in their paragraphs; a match across a paragraph break is none.
    body = PARAGRAPH_SEPARATOR.join(paragraphs)
    offsets = []
    position = 0
    for text in paragraphs:
        offsets.append(position)
        position += len(text) + len(PARAGRAPH_SEPARATOR)
    by_paragraph: dict[int, list[Span]] = {}
    for span in find_spans(body, marks):
        index = bisect_right(offsets, span.start) - 1
        base = offsets[index]
        if span.end - base <= len(paragraphs[index]):
            by_paragraph.setdefault(index, []).append(
                Span(span.start - base, span.end - base, span.key)
            )
    found = []
    for index, spans in sorted(by_paragraph.items()):
        number, text = index + 1, paragraphs[index]
        if lang in CJK_LANGUAGES:
            # Every character but spaces counts, punctuation included, as a reader counts.
            words = [(i, i + 1) for i, char in enumerate(text) if not char.isspace()]
            span_context = context * CHARS_PER_WORD
        else:
            words = [(m.start(), m.end()) for m in WORD_PATTERN.finditer(text)]
            span_context = context
        starts = [start for start, _ in words]
        ends = [end for _, end in words]
        for span in spans:
            last_before = bisect_right(ends, span.start)
            before = words[max(0, last_before - span_context) : last_before]
            first_after = bisect_left(starts, span.end)
            after = words[first_after : first_after + span_context]
            left_start = before[0][0] if before else span.start
            right_end = after[-1][1] if after else span.end
            found.append(
                KwicLine(
                    doc_id=doc_id,
                    title=title,
                    date=date,
                    paragraph=number,
                    left=" ".join(text[left_start : span.start].split()),
                    match=" ".join(text[span.start : span.end].split()),
                    right=" ".join(text[span.end : right_end].split()),
                    left_key=tuple(text[s:e].lower() for s, e in reversed(before)),
                    right_key=tuple(text[s:e].lower() for s, e in after),
                    lang=lang,
                )
            )
    return found


def sort_lines(lines: list[KwicLine], order: str) -> list[KwicLine]:
    """Return the lines in `order` (see ORDERS); ties keep the date order."""
    if order == "left":
        return sorted(lines, key=lambda line: line.left_key)
    if order == "right":
        return sorted(lines, key=lambda line: line.right_key)
    return list(lines)


def concordance(
    selection: Selection, context: int = DEFAULT_CONTEXT, order: str = "date"
) -> Concordance:
    """Collect the lines of every match in the selection, newest statement first."""
    notices = list(selection.notices)
    documents = selection.count()
    if not selection.marks:
        return Concordance([], documents, 0, False, notices)
    lines: list[KwicLine] = []
    scanned = 0
    truncated = False
    for statement in selection.newest(MAX_DOCUMENTS):
        if len(lines) >= MAX_LINES or time.perf_counter() > selection.deadline:
            truncated = True
            break
        scanned += 1
        lines.extend(
            lines_in(
                statement.id,
                statement.title,
                statement.date,
                list(statement.paragraphs),
                selection.marks_of(statement),
                context,
                statement.lang,
            )
        )
    if len(lines) > MAX_LINES:
        lines, truncated = lines[:MAX_LINES], True
    if scanned < documents:
        truncated = True
    if truncated:
        notices.append(
            f"Lines were collected from the {scanned:,} newest of {documents:,} statements "
            f"(at most {MAX_LINES:,} lines from {MAX_DOCUMENTS:,} statements, within the time "
            "limit); narrow the search to see the rest."
        )
    return Concordance(sort_lines(lines, order), documents, scanned, truncated, notices)
