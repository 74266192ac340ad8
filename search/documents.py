"""Map a Statement to index fields and stored fields back to a Statement."""

from __future__ import annotations

import json
from typing import Any

from .models import Statement
from .postings_pool import pack_items
from .schema import BilatSchema

_SCHEMA = BilatSchema()
# Each text beside its pairs field, so that split_words, which keeps the last text it
# split, splits each text once.
ANALYZED_FIELDS = ("title", "title_pairs", "body", "body_pairs", "place")

PARAGRAPH_SEPARATOR = "\n\n"


def to_fields(statement: Statement) -> dict[str, Any]:
    """Return the keyword arguments for `writer.update_document` for one statement."""
    record = statement.to_json()
    # The body is stored once, in the body field; paragraphs are rebuilt from it.
    del record["paragraphs"]
    body = PARAGRAPH_SEPARATOR.join(statement.paragraphs)
    fields: dict[str, Any] = {
        "id": statement.id,
        "aliases": " ".join(statement.aliases),
        "title": statement.title,
        "title_pairs": statement.title,
        "body": body,
        "body_pairs": body,
        "place": statement.place or "",
        "country": ",".join(statement.countries),
        "pair": ",".join(statement.pairs),
        "sector": ",".join(statement.sectors),
        "person": ",".join(statement.persons),
        "doc_type": statement.doc_type,
        "source": statement.source or "",
        "lang": statement.lang,
        "dated": "yes" if statement.date else "no",
        "record": json.dumps(record, ensure_ascii=False),
    }
    if statement.date:
        d = statement.date
        fields["day"] = d.year * 10000 + d.month * 100 + d.day
        fields["month"] = d.year * 100 + d.month
        fields["year"] = d.year
    return fields


def analyzed_fields(statement: Statement) -> dict[str, Any]:
    """Return `to_fields` with the text fields already analysed into their postings.

    The writer then only files the postings; the analysis can run in another process.
    """
    fields = to_fields(statement)
    for name in ANALYZED_FIELDS:
        field = _SCHEMA[name]
        text = fields[name]
        fields[name] = pack_items(field.index(text))
        if field.stored:
            fields["_stored_" + name] = text
    return fields


def fields_with_aliases(fields: dict[str, Any], aliases: tuple[str, ...]) -> dict[str, Any]:
    """Return `to_fields` (or `analyzed_fields`) output for the statement with these aliases."""
    record = json.loads(fields["record"])
    record["aliases"] = list(aliases)
    return {
        **fields,
        "aliases": " ".join(aliases),
        "record": json.dumps(record, ensure_ascii=False),
    }


def from_stored(stored: dict[str, Any]) -> Statement:
    """Rebuild the statement from a document's stored fields."""
    record = json.loads(stored["record"])
    body = stored.get("body") or ""
    record["paragraphs"] = body.split(PARAGRAPH_SEPARATOR) if body else []
    return Statement.from_json(record)
