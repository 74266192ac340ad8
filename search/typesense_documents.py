"""The statements of an embedded index generation as Typesense documents.

Indexing into a cluster reads and enriches files exactly as `bilat index` does for the
embedded index (same parsers, same manifest, same near-duplicate groups and id aliases),
into the index under INDEX, then copies that generation's statements to the cluster:
the embedded index is the cluster's staging area. Each document carries what the cluster
needs to answer as the embedded index does (search/typesense_query.py) and the whole
statement as JSON, from which hits, snippets and pages are built by Bilat's own code.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index

from .documents import from_stored
from .facets import UNKNOWN_YEAR
from .models import Statement
from .schema import split_words
from .store import current_generation
from .typesense_query import ALL_STEMS, STEMS, WORDS, decode, distinct_stems, encode
from .versions import languages_with, read_group_languages, read_groups

SCHEMA_VERSION = 3
"""Raised when the documents' fields change: the collection is then built anew."""

FIELDS = [
    *({"name": name, "type": "string"} for name in WORDS.values()),
    *({"name": name, "type": "string[]"} for name in [*STEMS.values(), ALL_STEMS]),
    {"name": "aliases", "type": "string[]"},
    *(
        {"name": name, "type": "string[]", "facet": True}
        for name in ("country", "pair", "sector", "person")
    ),
    *(
        {"name": name, "type": "string", "facet": True}
        for name in ("doc_type", "source", "lang", "year", "group")
    ),
    {"name": "day", "type": "int32"},
    {"name": "month", "type": "int32", "facet": True},
    {"name": "undated", "type": "int32"},
    {"name": "order", "type": "int32"},
]
"""The indexed fields; `record` (the statement) and `fingerprint` are stored only."""


def document(
    statement: Statement,
    order: int,
    group: str,
    versions: int,
    languages: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return the Typesense document of a statement.

    `order` is its place in the embedded index (ties in date order follow it there too),
    `group` its near-duplicate group (its own id when it has none), `versions` the size
    of that group, `languages` those the statement exists in (its own when empty).
    """
    lang = statement.lang
    texts = {"title": statement.title, "body": statement.text, "place": statement.place or ""}
    words = {field: split_words(text) for field, text in texts.items()}
    stems = {field: distinct_stems(lang, split) for field, split in words.items()}
    day = statement.date
    record = statement.to_json()
    record["versions"] = versions
    record["languages"] = list(languages or (lang,))
    doc: dict[str, Any] = {
        "id": statement.id,
        "aliases": _encoded(statement.aliases),
        **{WORDS[field]: " ".join(map(encode, split)) for field, split in words.items()},
        **{STEMS[field]: _encoded(field_stems) for field, field_stems in stems.items()},
        # The fields' stems in turn are those of the fields' texts joined, in order of use.
        ALL_STEMS: _encoded(
            dict.fromkeys(s for field_stems in stems.values() for s in field_stems)
        ),
        "country": _encoded(statement.countries),
        "pair": _encoded(statement.pairs),
        "sector": _encoded(statement.sectors),
        "person": _encoded(statement.persons),
        "doc_type": encode(statement.doc_type),
        "source": encode(statement.source or ""),
        "lang": encode(lang),
        "year": encode(str(day.year) if day else UNKNOWN_YEAR),
        "group": encode(group),
        "day": day.year * 10000 + day.month * 100 + day.day if day else 0,
        "month": day.year * 100 + day.month if day else 0,
        "undated": 0 if day else 1,
        "order": order,
        "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    doc["fingerprint"] = hashlib.sha256(
        json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()[:24]
    return doc


def _encoded(values) -> list[str]:
    return [encode(value) for value in values]


def statement_of(doc: dict[str, Any]) -> tuple[Statement, int, tuple[str, ...]]:
    """Return the statement a document holds, the size of its near-duplicate group and
    the languages it exists in."""
    record = json.loads(doc["record"])
    statement = Statement.from_json(record)
    languages = tuple(record.get("languages") or (statement.lang,))
    return statement, int(record.get("versions", 1)), languages


def representative(docs: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Return the document a search shows for its near-duplicate group, as the embedded
    index keeps it: the group's representative (whose id names the group) when among
    `docs`, else the first of them in index order."""
    return min(docs, key=lambda d: (d["id"] != decode(d["group"]), d["order"]))


def document_count(index_dir: Path) -> int:
    """Return how many statements the current generation of an embedded index holds."""
    ix = index.open_dir(str(current_generation(Path(index_dir))))
    try:
        return ix.doc_count()
    finally:
        ix.close()


def documents(index_dir: Path) -> Iterator[dict[str, Any]]:
    """Yield the Typesense documents of the current generation of an embedded index."""
    generation = current_generation(Path(index_dir))
    groups = read_groups(generation)
    group_languages = read_group_languages(generation)
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    ix = index.open_dir(str(generation))
    with ix.searcher() as searcher:
        for order, (_, stored) in enumerate(searcher.reader().iter_docs()):
            statement = from_stored(stored)
            group = groups.get(statement.id, statement.id)
            languages = languages_with(group_languages.get(group, ()), statement.lang)
            yield document(statement, order, group, sizes.get(group, 1), languages)
