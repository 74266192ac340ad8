"""CSV and TSV files with a header row: one statement a row, columns found by their names."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from search.models import Statement

from .errors import ParseError, Refusal
from .ids import SharedUrls
from .parse_jsonl import KNOWN_KEYS, parse_record
from .sources import Hints

# The usual names of each statement field's column (compared without case).
COLUMN_NAMES = {
    "id": ("id",),
    "url": ("url", "link"),
    "date": ("date", "published", "published_at"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content"),
    "lang": ("lang", "language"),
    "source": ("source", "publisher"),
    "place": ("place", "location"),
    "version_key": ("version_key", "version"),
}
assert set(COLUMN_NAMES) == KNOWN_KEYS
DELIMITERS = {"csv": ",", "tsv": "\t"}
FIELD_LIMIT_FACTOR = 4


def parse_columns(value: str) -> dict[str, str]:
    """Read a mapping such as "text=full_text,date=day" (field=column); ValueError if bad."""
    mapping: dict[str, str] = {}
    for item in value.split(","):
        field, equals, column = (part.strip() for part in item.partition("="))
        if not equals or not field or not column:
            raise ValueError(f"expected FIELD=COLUMN, got {item.strip()!r}")
        if field not in COLUMN_NAMES:
            raise ValueError(f"unknown field {field!r}; fields are {', '.join(COLUMN_NAMES)}")
        if field in mapping:
            raise ValueError(f"field {field!r} is given twice")
        mapping[field] = column
    return mapping


def _field_of_each_column(header: list[str], columns: Mapping[str, str]) -> list[str | None]:
    """Return, for each header cell, the statement field it fills (None: kept as extra)."""
    folded = [name.strip().casefold() for name in header]
    fields: list[str | None] = [None] * len(header)
    for field, usual in COLUMN_NAMES.items():
        wanted = (columns[field],) if field in columns else usual
        for name in wanted:
            if name.casefold() in folded:
                fields[folded.index(name.casefold())] = field
                break
        else:
            if field in columns:
                raise ParseError(
                    "column not found", f"no column {columns[field]!r} for {field!r} in the header"
                )
    return fields


def open_table(path: Path) -> TextIO:
    """Open a CSV or TSV file as text, a byte-order mark or not.

    Bytes that are not UTF-8 are carried through as surrogates, so that the row holding
    them is refused on its own and the others are read.
    """
    return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")


def parse_table(
    lines: Iterable[str],
    fmt: str,
    hints: Hints = Hints(),
    origin: str = "<table>",
    columns: Mapping[str, str] | None = None,
    *,
    max_row_bytes: int,
) -> Iterator[Statement | Refusal]:
    """Yield a statement, or a refusal naming the row's first line, for every row.

    `lines`: the file opened with `open_table`.
    `columns` maps statement fields to column names, over the usual names; a row larger
    than `max_row_bytes` is refused.
    """
    # The csv module's own limit (128 K characters a field) would cut real statements
    # short; fields up to a few times the row limit are read whole, then refused by size.
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT_FACTOR * max_row_bytes))
    reader = csv.reader(lines, delimiter=DELIMITERS[fmt])
    try:
        header = next(reader, None)
        if not header:
            yield Refusal(origin, "empty file")
            return
        fields = _field_of_each_column(header, columns or {})
    except (ParseError, csv.Error) as exc:
        error = exc if isinstance(exc, ParseError) else ParseError("malformed header row", str(exc))
        yield Refusal.from_error(f"{origin}:1", error)
        return
    first_line = reader.line_num + 1
    urls = SharedUrls()
    while True:
        where = f"{origin}:{first_line}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Refusal(where, "malformed row", str(exc))
            first_line = reader.line_num + 1
            continue
        first_line = reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        try:
            yield parse_record(_record(row, header, fields, max_row_bytes), hints, where, urls)
        except ParseError as error:
            yield Refusal.from_error(where, error)


def _record(row: list[str], header: list[str], fields: list[str | None], max_bytes: int) -> dict:
    if len(row) != len(header):
        raise ParseError("wrong number of cells", f"{len(row)} cells, the header has {len(header)}")
    size = sum(len(cell.encode("utf-8", "surrogateescape")) for cell in row)
    if size > max_bytes:
        raise ParseError("record too large", f"{size:,} bytes, limit {max_bytes:,}")
    record: dict[str, str] = {}
    for name, field, cell in zip(header, fields, row):
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError("not valid UTF-8 text", f"in column {name!r}") from None
        if cell.strip():
            # Another column named like a field ("text" when --columns took text from
            # "full_text") is kept, under a name that cannot be taken for the field.
            record[field or (name if name not in KNOWN_KEYS else f"column {name}")] = cell
    return record
