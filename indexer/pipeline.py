"""Turn files into statements: read, parse by format, enrich; refusals carry their reason."""

from __future__ import annotations

import gzip
import importlib
import logging
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from search.models import Statement

from .enrich import enrich
from .errors import ParseError, Refusal
from .parse_jsonl import parse_jsonl
from .parse_table import open_table, parse_table
from .sources import Hints, SourceFile, read_hints, sniff_format

__all__ = ["MAX_DOCUMENT_BYTES", "Refusal", "enriched", "parsed_statements", "read_statements"]

log = logging.getLogger(__name__)

# A single document (page, text, Markdown) larger than this is refused unread. Saved
# statement pages are 20-250 KB; parsing HTML costs about half a second a megabyte here,
# so 8 MB leaves room for pages with inline images and keeps any page to seconds.
MAX_DOCUMENT_BYTES = 8 * 1024 * 1024
# PDF and Word files carry their images and fonts: their size says little of their text.
MAX_PAGED_DOCUMENT_BYTES = 64 * 1024 * 1024

# Formats of many statements a file, each refused on its own (`file.csv:12`).
MULTI_RECORD_FORMATS = ("jsonl", "csv", "tsv")

DocumentParser = Callable[[bytes, Hints, str], Statement]


# The module and function that parse each one-document format, imported when first used:
# the PDF and Word libraries take a third of a second to import.
_DOCUMENT_PARSERS = {
    "text": ("parse_text", "parse_text"),
    "html": ("parse_html", "parse_html"),
    "markdown": ("parse_markdown", "parse_markdown"),
    "pdf": ("parse_pdf", "parse_pdf"),
    "docx": ("parse_docx", "parse_docx"),
}


def _document_parser(fmt: str) -> DocumentParser:
    module, function = _DOCUMENT_PARSERS[fmt]
    return getattr(importlib.import_module(f".{module}", __package__), function)


def _read_document(source_file: SourceFile, hints: Hints) -> Statement:
    path = source_file.path
    size = path.stat().st_size
    limit = (
        MAX_PAGED_DOCUMENT_BYTES if source_file.format in ("pdf", "docx") else MAX_DOCUMENT_BYTES
    )
    if size > limit:
        raise ParseError("file too large", f"{size / 2**20:.1f} MB, limit {limit // 2**20} MB")
    data = path.read_bytes()
    if not data.strip():
        raise ParseError("empty file")
    fmt = sniff_format(path, data[:4096], source_file.format)
    return _document_parser(fmt)(data, hints, str(path))


def _read_jsonl(
    path: Path, hints: Hints, opened: Callable[[BinaryIO], None] | None
) -> Iterator[Statement | Refusal]:
    try:
        with open(path, "rb") as raw:
            if opened:
                opened(raw)
            gzipped = path.name.lower().endswith(".gz")
            with gzip.GzipFile(fileobj=raw) if gzipped else raw as stream:
                yield from parse_jsonl(stream, hints, str(path))
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield Refusal(str(path), "corrupt or truncated gzip file", str(exc) or None)


def _read_table(
    path: Path,
    fmt: str,
    hints: Hints,
    columns: Mapping[str, str] | None,
    opened: Callable[[BinaryIO], None] | None,
) -> Iterator[Statement | Refusal]:
    with open_table(path) as stream:
        if opened:
            opened(stream.buffer)
        yield from parse_table(
            stream, fmt, hints, str(path), columns, max_row_bytes=MAX_DOCUMENT_BYTES
        )


def parsed_statements(
    source_file: SourceFile,
    columns: Mapping[str, str] | None = None,
    opened: Callable[[BinaryIO], None] | None = None,
) -> Iterator[Statement | Refusal]:
    """Yield the statements of one file as parsed, not yet enriched, and a Refusal for
    each part that has none.

    `columns`: for CSV and TSV files, statement field -> column name (see parse_table).
    `opened` is given the binary file a JSON Lines or table file is read from, so that
    the caller can tell from its position how far the reading has come.
    """
    path: Path = source_file.path
    try:
        hints = read_hints(path)
        if source_file.format in MULTI_RECORD_FORMATS:
            if source_file.format == "jsonl":
                yield from _read_jsonl(path, hints, opened)
            else:
                yield from _read_table(path, source_file.format, hints, columns, opened)
            return
        statement = _read_document(source_file, hints)
    except ParseError as exc:
        yield Refusal.from_error(str(path), exc)
        return
    except OSError as exc:
        yield Refusal(str(path), "cannot read the file", exc.strerror or str(exc))
        return
    except Exception as exc:  # a parser bug on one file must not end the run
        log.exception("unexpected error while parsing %s", path)
        yield Refusal(str(path), "unexpected parser error", f"{type(exc).__name__}: {exc}")
        return
    yield statement


def enriched(item: Statement | Refusal) -> Statement | Refusal:
    """Return a parsed statement enriched (or refused, if the enrichment trips on it)."""
    if isinstance(item, Refusal):
        return item
    try:
        return enrich(item)
    except Exception as exc:  # one statement the enrichment trips on must not end the run
        log.exception("unexpected error while enriching %s", item.origin)
        origin = item.origin or item.id
        return Refusal(origin, "unexpected enrichment error", f"{type(exc).__name__}: {exc}")


def read_statements(
    source_file: SourceFile, columns: Mapping[str, str] | None = None
) -> Iterator[Statement | Refusal]:
    """Yield the enriched statements of one file, and a Refusal for each part that has none.

    `columns`: for CSV and TSV files, statement field -> column name (see parse_table).
    """
    return map(enriched, parsed_statements(source_file, columns))
