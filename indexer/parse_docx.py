"""Word documents (.docx): paragraphs and headings in order, each table row as one line."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from search.models import Statement

from .errors import ParseError
from .layout import laid_out_statement
from .paragraphs import clean_line
from .sources import Hints

# Table cells are joined with this, so that a row reads as one line and its cells stay apart.
CELL_SEPARATOR = " | "
TITLE_STYLES = ("Title", "Heading")


def _rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            # A merged cell is given once for each grid column it spans.
            if cell._tc is previous:
                continue
            previous = cell._tc
            cells.append(clean_line(cell.text))
        if any(cells):
            yield CELL_SEPARATOR.join(cells)


def _blocks(document) -> Iterator[tuple[str, bool]]:
    """Yield each paragraph's and each table row's text, and whether it is a title or heading."""
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = clean_line(item.text)
            if text:
                style = item.style.name if item.style is not None else ""
                yield text, style.startswith(TITLE_STYLES)
        elif isinstance(item, Table):
            for row in _rows(item):
                yield row, False


def parse_docx(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse a Word document into one statement.

    The title is the first paragraph styled Title or Heading, else the first paragraph.
    """
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ParseError("damaged Word document", f"{type(exc).__name__}: {exc}"[:200]) from None
    if not blocks:
        raise ParseError("no text in the document")
    title_index = next((i for i, (_, heading) in enumerate(blocks) if heading), 0)
    title = blocks[title_index][0]
    body = [text for i, (text, _) in enumerate(blocks) if i != title_index]
    return laid_out_statement(title, body, hints, origin)
