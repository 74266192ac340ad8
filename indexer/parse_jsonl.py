"""JSON Lines: one statement a line, as scrapers and other tools export them."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from typing import Any

from search.models import Statement

from .dates import parse_date
from .errors import ParseError, Refusal
from .ids import SharedUrls, key_text, new_statement
from .paragraphs import clean_line, split_paragraphs
from .sources import Hints

# Keys that have a field of their own; every other key of a record is kept in `extra`.
KNOWN_KEYS = {"id", "source", "url", "date", "title", "place", "lang", "text", "version_key"}
# One record larger than this is refused rather than parsed (the longest real one is 0.3 MB).
MAX_RECORD_BYTES = 10 * 1024 * 1024


def _optional_text(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ParseError(f"'{key}' is not a string", f"{type(value).__name__}")
    return clean_line(value) or None


def _record_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            found = parse_date(value)
            if found:
                return found
    raise ParseError("'date' is not a date", repr(value)[:60])


def parse_record(
    record: Any,
    hints: Hints = Hints(),
    origin: str | None = None,
    urls: SharedUrls | None = None,
) -> Statement:
    """Turn one decoded JSON Lines record into a statement; `urls` holds the URLs the
    file's earlier records claimed."""
    if not isinstance(record, dict):
        raise ParseError("not a JSON object", type(record).__name__)
    title = _optional_text(record, "title")
    if not title:
        raise ParseError("record without a title")
    text = record.get("text")
    if not isinstance(text, str):
        raise ParseError("record without a text")
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise ParseError("record without a text")
    date = _record_date(record.get("date"))
    url = _optional_text(record, "url")
    source = _optional_text(record, "source") or hints.source
    record_id = record.get("id")
    record_key = None if record_id in (None, "") else str(record_id)
    lang = _optional_text(record, "lang") or hints.lang
    return new_statement(
        title,
        date,
        paragraphs,
        source=source,
        source_url=url,
        record_key=record_key,
        url_shared=urls is not None and urls.shared(url, lang, record_key),
        place=_optional_text(record, "place"),
        lang=lang,
        version_key=key_text(record.get("version_key")) or hints.version_key,
        extra={k: v for k, v in record.items() if k not in KNOWN_KEYS},
        origin=origin,
    )


def parse_jsonl(
    lines: Iterable[bytes], hints: Hints = Hints(), origin: str = "<jsonl>"
) -> Iterator[Statement | Refusal]:
    """Yield a statement, or a refusal naming the line, for every non-blank line."""
    urls = SharedUrls()
    for number, raw in enumerate(lines, 1):
        where = f"{origin}:{number}"
        if not raw.strip():
            continue
        try:
            if len(raw) > MAX_RECORD_BYTES:
                raise ParseError(
                    "record too large", f"{len(raw):,} bytes, limit {MAX_RECORD_BYTES:,}"
                )
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                raise ParseError("not valid UTF-8 text", f"byte {exc.start}") from None
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ParseError(
                    "malformed JSON line", exc.msg + f" at column {exc.colno}"
                ) from None
            except RecursionError:
                raise ParseError("malformed JSON line", "nested too deeply") from None
            yield parse_record(record, hints, where, urls)
        except ParseError as error:
            yield Refusal.from_error(where, error)
