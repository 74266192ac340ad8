"""PDF documents with a text layer: paragraphs in reading order, each with its page.

pdfminer.six's layout analysis groups characters into lines and lines into text boxes
(paragraphs, as typeset) and orders the boxes column by column, whatever order the file
draws them in. Running headers and footers (the same line at the top or bottom of most
pages, page numbers aside) and page-number lines are dropped; words hyphenated at a line
break are mended; a paragraph that runs on into the next column or page is joined again.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import decode_text

from search.models import Statement

from .errors import ParseError
from .layout import join_lines, laid_out_statement
from .sources import Hints

log = logging.getLogger(__name__)

# Running headers and footers sit in this top or bottom share of the page height.
MARGIN_SHARE = 0.12
# A line in those margins is a running header or footer when it recurs on at least this
# share of the pages (and on two pages at least).
RUNNING_SHARE = 0.5
# "3", "- 3 -", "Page 3", "page 3 of 12", "3/12", "p. 3".
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:page|p\.)?\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[-–—\s]*$")
# A paragraph that ends without closing punctuation and is followed by one that starts
# in lower case was cut by a column or page break.
_CLOSED = re.compile(r"[.!?:;\"”’»)\]]$")


@dataclass(frozen=True)
class Block:
    """One text box of a page, as typeset."""

    text: str
    page: int
    """1-based."""
    size: float
    """The most common font size of its characters."""
    in_margin: bool
    """Whether it lies in the top or bottom margin band, where running lines are."""


def _font_size(box: LTTextBox) -> float:
    sizes = Counter(
        round(char.size, 1)
        for line in box
        if isinstance(line, LTTextLine)
        for char in line
        if isinstance(char, LTChar) and not char.get_text().isspace()
    )
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _open(data: bytes) -> PDFDocument:
    try:
        return PDFDocument(PDFParser(io.BytesIO(data)))
    except PDFPasswordIncorrect:
        raise ParseError("encrypted PDF", "a password is needed to open it") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        raise ParseError("damaged PDF", f"{type(exc).__name__}: {exc}"[:200]) from None


def _read_blocks(document: PDFDocument) -> tuple[list[Block], int]:
    """Return the text boxes of every page, in reading order, and the number of pages."""
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    blocks: list[Block] = []
    pages = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            interpreter.process_page(page)
            layout = device.get_result()
            pages = number
            band = layout.height * MARGIN_SHARE
            for element in layout:
                if isinstance(element, LTTextBox):
                    text = join_lines(element.get_text())
                    if text:
                        in_margin = element.y1 >= layout.y1 - band or element.y0 <= layout.y0 + band
                        blocks.append(Block(text, number, _font_size(element), in_margin))
    except Exception as exc:  # noqa: BLE001 - on a damaged page, anything may break in pdfminer
        raise ParseError("damaged PDF", f"{type(exc).__name__}: {exc}"[:200]) from None
    return blocks, pages


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _drop_running_lines(blocks: list[Block], pages: int) -> list[Block]:
    """Remove page numbers and the headers and footers that recur in the page margins."""
    pages_with = Counter()
    for key, _page in {(_running_key(b.text), b.page) for b in blocks if b.in_margin}:
        pages_with[key] += 1
    least = max(2, RUNNING_SHARE * pages)
    return [
        b
        for b in blocks
        if not (
            b.in_margin
            and (_PAGE_NUMBER.match(b.text) or pages_with[_running_key(b.text)] >= least)
        )
    ]


def _join_broken(blocks: list[Block]) -> list[Block]:
    """Join again the paragraphs that a column or page break cut in two."""
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if previous and not _CLOSED.search(previous.text) and block.text[0].islower():
            text = join_lines(previous.text + "\n" + block.text)
            joined[-1] = Block(text, previous.page, previous.size, previous.in_margin)
        else:
            joined.append(block)
    return joined


def _metadata_title(document: PDFDocument) -> str | None:
    for info in document.info:
        value = resolve1(info.get("Title"))
        if isinstance(value, bytes):
            value = decode_text(value)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _title(blocks: list[Block], document: PDFDocument) -> tuple[str, Block | None]:
    """Return the title and the block it was taken from (None when from the metadata).

    The title is the text set in the largest font on the first page, when that is larger
    than the body text; else the metadata's title; else the first paragraph.
    """
    first_page = [b for b in blocks if b.page == blocks[0].page]
    body_size = Counter(b.size for b in blocks for _ in range(len(b.text))).most_common(1)[0][0]
    heading = max(first_page, key=lambda b: b.size)
    if heading.size > body_size:
        return heading.text, heading
    metadata = _metadata_title(document)
    if metadata:
        return metadata, None
    return blocks[0].text, blocks[0]


def parse_pdf(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse a PDF with a text layer into one statement."""
    document = _open(data)
    blocks, pages = _read_blocks(document)
    if not blocks:
        raise ParseError("no text layer (scanned PDF?)", f"{pages} page(s) without text")
    blocks = _join_broken(_drop_running_lines(blocks, pages))
    if not blocks:
        raise ParseError("no text besides page headers and footers")
    title, title_block = _title(blocks, document)
    body = [b for b in blocks if b is not title_block]
    return laid_out_statement(
        title, [b.text for b in body], hints, origin, pages=[b.page for b in body]
    )
