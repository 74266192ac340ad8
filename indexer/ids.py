"""Stable statement ids: readable permalinks that survive re-indexing."""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from typing import Any

from search.models import Statement

from .language import DECLARED, GIVEN, language_code
from .sources import Hints

SLUG_WORDS_MAX_CHARS = 60


def slugify(text: str, max_chars: int = SLUG_WORDS_MAX_CHARS) -> str:
    """Return lower-case ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or "statement"


def make_id(title: str, date: datetime.date | None, identity: str) -> str:
    """Return the id for a statement.

    `identity` is what makes the statement itself (its source URL, or its publisher,
    date and title): the same identity always gives the same id.
    """
    digest = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:10]
    prefix = date.isoformat() if date else "undated"
    return f"{prefix}-{slugify(title)}-{digest}"


def new_statement(
    title: str,
    date: datetime.date | None,
    paragraphs: tuple[str, ...] | list[str],
    *,
    source: str | None,
    source_url: str | None,
    record_key: str | None = None,
    lang: str | None = None,
    declared_lang: str | None = None,
    **fields: Any,
) -> Statement:
    """Return a parsed statement with its stable id.

    What identifies it: its source URL; else its publisher and `record_key` (a record's own
    id); else its publisher, date and title. `lang` is a language given with the statement,
    `declared_lang` one its page declares: the evidence keeps which, for the enrichment
    to keep the first, check the second, and else detect (indexer/language.py).
    """
    given, declared = language_code(lang), language_code(declared_lang)
    evidence = dict(fields.pop("evidence", None) or {})
    if given or declared:
        evidence["lang"] = {given or declared: [GIVEN if given else DECLARED]}
    if source_url:
        identity = source_url
    elif record_key:
        identity = f"{source}|{record_key}"
    else:
        identity = f"{source}|{date.isoformat() if date else ''}|{title}"
    return Statement(
        id=make_id(title, date, identity),
        title=title,
        date=date,
        paragraphs=tuple(paragraphs),
        source=source,
        source_url=source_url,
        lang=given or declared or "en",
        evidence=evidence,
        **fields,
    )


def file_statement(
    title: str,
    date: datetime.date | None,
    paragraphs: tuple[str, ...] | list[str],
    hints: Hints,
    origin: str | None,
    **fields: Any,
) -> Statement:
    """Return a statement read from one file: its publisher, URL and language come from
    the file's hints, its place is unknown unless given."""
    fields.setdefault("place", None)
    return new_statement(
        title,
        date,
        paragraphs,
        source=hints.source,
        source_url=hints.source_url,
        lang=hints.lang,
        origin=origin,
        **fields,
    )
