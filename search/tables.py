"""A generation's serving tables, computed once when it is committed and stored beside it.

Opening a generation used to read every facet value's postings, every statement's day
and every field length through Whoosh, one document at a time (3 s at 11k statements,
about 16 s at 100k) before it could answer. The same facts are computed here when the
index writer commits (search/writer.py) and written as numpy arrays to TABLES_FILE in
the generation's directory; opening loads them in milliseconds, and the per-searcher
tables (search/facets.py, search/matching.py) are built from them with numpy.

The file names the index state it was computed from (the table of contents' number and
each segment's id and deletions): a generation whose file is missing or names another
state (an index written before these tables, or a file hard-linked from the previous
generation that a commit did not replace) has its tables computed from the index when
it opens, as before.
"""

from __future__ import annotations

import heapq
import json
import os
from array import array
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .schema import INDEXED_FACETS
from .whoosh_internals import column_values, field_lengths, read_postings

TABLES_FILE = "serving-tables.npz"
TABLES_VERSION = 1
WARM_FIELDS = ("body", "title")
WARM_TERMS = 200
"""Most frequent words of each of WARM_FIELDS, whose postings are read when a generation
opens (search/matching.Postings.warm)."""


@dataclass
class FacetColumn:
    """One facet's values (in the index's order) and each value's documents, ascending:
    those of value i are docs[offsets[i]:offsets[i + 1]]."""

    names: list[str]
    offsets: np.ndarray
    docs: np.ndarray

    @classmethod
    def of(cls, names: list[str], per_value: list) -> FacetColumn:
        offsets = np.zeros(len(per_value) + 1, dtype=np.int64)
        np.cumsum([len(docs) for docs in per_value], out=offsets[1:])
        parts = [np.asarray(docs, dtype=np.int32) for docs in per_value]
        return cls(names, offsets, np.concatenate([np.zeros(0, np.int32), *parts]))


@dataclass
class Tables:
    """What serving a generation needs besides its files, as flat arrays."""

    stamp: list
    """The index state these tables describe (index_stamp)."""
    size: int
    """Document numbers in the index, deleted ones included."""
    live: np.ndarray
    """The documents not deleted, ascending."""
    facets: dict[str, FacetColumn]
    undated: np.ndarray
    """The live documents indexed without a date, ascending."""
    days: np.ndarray
    """Each document's day as YYYYMMDD; 0 for undated and deleted documents."""
    lengths: dict[str, np.ndarray]
    """Each scorable field's length per document, as Whoosh stores it (one byte, rounded)."""
    field_totals: dict[str, int]
    """Each scorable field's words in the whole index."""
    frequent_words: dict[str, list[str]]
    """The WARM_TERMS words of each of WARM_FIELDS found in the most documents."""
    frequent: FrequentPostings
    """The postings of each of frequent_words: the longest, and the slowest to read
    from Whoosh."""

    @property
    def frequent_postings(self) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
        """(field, word) -> the word's documents and weights (read_postings)."""
        return self.frequent.by_key


@dataclass
class FrequentPostings:
    """Words' postings laid end to end: those of keys[i] are docs and weights
    [offsets[i]:offsets[i + 1]]. One array each, so that a million statements' frequent
    words (hundreds of MB) are neither held twice nor copied when they are saved."""

    keys: list[tuple[str, str]]
    offsets: np.ndarray
    docs: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        bounds = self.offsets.tolist()
        self.by_key = {
            key: (self.docs[bounds[i] : bounds[i + 1]], self.weights[bounds[i] : bounds[i + 1]])
            for i, key in enumerate(self.keys)
        }

    @classmethod
    def read(cls, reader, words: dict[str, list[str]]) -> FrequentPostings:
        """Read the postings of each field's words from an index reader."""
        keys: list[tuple[str, str]] = []
        offsets = [0]
        docs, weights = array("i"), array("f")
        for fieldname, field_words in words.items():
            for word in field_words:
                found_docs, found_weights = read_postings(reader.postings(fieldname, word))
                docs.frombytes(found_docs.astype(np.int32).tobytes())
                weights.frombytes(found_weights.astype(np.float32).tobytes())
                keys.append((fieldname, word))
                offsets.append(len(docs))
        return cls(
            keys,
            np.array(offsets, dtype=np.int64),
            np.frombuffer(docs, dtype=np.int32),
            np.frombuffer(weights, dtype=np.float32),
        )


def index_stamp(ix) -> list:
    """Return what identifies an index's committed state: its table of contents' number
    and each segment's id, documents and deletions."""
    return [
        ix.latest_generation(),
        [
            [segment.segment_id(), segment.doc_count_all(), segment.deleted_count()]
            for segment in ix._segments()
        ],
    ]


def compute_tables(reader, stamp: list, with_postings: bool = True) -> Tables:
    """Read the tables from an index reader (the slow way, once per commit).

    Without `with_postings` the frequent words' postings are left out (a generation
    opened without stored tables reads them in its warm-up thread instead).
    """
    size = reader.doc_count_all()
    live = np.fromiter(reader.all_doc_ids(), dtype=np.int32)
    names = reader.schema.names()
    facets = {}
    for facet in INDEXED_FACETS:
        values: list[str] = []
        per_value: list[np.ndarray] = []
        if facet in names:
            for btext in reader.lexicon(facet):
                if btext:
                    values.append(btext.decode("utf-8"))
                    per_value.append(read_postings(reader.postings(facet, btext))[0])
        facets[facet] = FacetColumn.of(values, per_value)
    undated = (
        sorted(reader.postings("dated", b"no").all_ids())
        if reader.doc_frequency("dated", "no")
        else []
    )
    live_mask = np.zeros(size, dtype=bool)
    live_mask[live] = True
    # An index without statements has no day column; a deleted statement is in no
    # posting list, so "undated" cannot say it has no day.
    stored_days = column_values(reader, "day")
    days = np.zeros(size, dtype=np.int32)
    if stored_days is not None:
        days[live_mask] = stored_days[live_mask]
        days[undated] = 0
    lengths = {}
    totals = {}
    frequent = {
        fieldname: _frequent_words(reader, fieldname)
        for fieldname in WARM_FIELDS
        if fieldname in names
    }
    for fieldname in names:
        if reader.schema[fieldname].scorable:
            lengths[fieldname] = field_lengths(reader, fieldname)
            totals[fieldname] = reader.field_length(fieldname)
    return Tables(
        stamp=stamp,
        size=size,
        live=live,
        facets=facets,
        undated=np.array([d for d in undated if live_mask[d]], dtype=np.int32),
        days=days,
        lengths=lengths,
        field_totals=totals,
        frequent_words=frequent,
        frequent=FrequentPostings.read(reader, frequent if with_postings else {}),
    )


def _frequent_words(reader, fieldname: str) -> list[str]:
    ranked = heapq.nlargest(
        WARM_TERMS, ((info.doc_frequency(), w) for w, info in reader.iter_field(fieldname))
    )
    return [w.decode("utf-8") if isinstance(w, bytes) else w for _, w in ranked]


def save_tables(generation: Path, tables: Tables) -> None:
    """Write the tables to the generation, replacing (never editing) a linked copy."""
    header = {
        "version": TABLES_VERSION,
        "stamp": tables.stamp,
        "size": tables.size,
        "facets": {facet: column.names for facet, column in tables.facets.items()},
        "field_totals": tables.field_totals,
        "frequent_words": tables.frequent_words,
    }
    arrays = {"live": tables.live, "undated": tables.undated, "days": tables.days}
    for facet, column in tables.facets.items():
        arrays[f"offsets.{facet}"] = column.offsets
        arrays[f"docs.{facet}"] = column.docs
    for fieldname, lengths in tables.lengths.items():
        arrays[f"lengths.{fieldname}"] = lengths
    header["frequent_postings"] = tables.frequent.keys
    arrays["frequent.offsets"] = tables.frequent.offsets
    arrays["frequent.docs"] = tables.frequent.docs
    arrays["frequent.weights"] = tables.frequent.weights
    header_bytes = np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)
    path = Path(generation) / TABLES_FILE
    tmp = path.with_name(TABLES_FILE + ".tmp")
    with open(tmp, "wb") as out:
        np.savez(out, header=header_bytes, **arrays)
    os.replace(tmp, path)


def load_tables(generation: Path, stamp: list) -> Tables | None:
    """Return the tables stored with a generation, or None when they are missing, of
    another version, or of another state of the index."""
    try:
        stored = np.load(Path(generation) / TABLES_FILE)
    except (OSError, ValueError):
        return None
    with stored:
        header = json.loads(stored["header"].tobytes())
        if header.get("version") != TABLES_VERSION or header.get("stamp") != stamp:
            return None
        return Tables(
            stamp=stamp,
            size=header["size"],
            live=stored["live"],
            facets={
                facet: FacetColumn(names, stored[f"offsets.{facet}"], stored[f"docs.{facet}"])
                for facet, names in header["facets"].items()
            },
            undated=stored["undated"],
            days=stored["days"],
            lengths={
                key.split(".", 1)[1]: stored[key]
                for key in stored.files
                if key.startswith("lengths.")
            },
            field_totals=header["field_totals"],
            frequent_words=header["frequent_words"],
            frequent=FrequentPostings(
                [(fieldname, word) for fieldname, word in header["frequent_postings"]],
                stored["frequent.offsets"],
                stored["frequent.docs"],
                stored["frequent.weights"],
            ),
        )


def tables_of(ix, generation: Path) -> Tables:
    """Return an opened index's tables: those stored with it, else computed now."""
    stamp = index_stamp(ix)
    tables = load_tables(generation, stamp)
    if tables is None:
        with ix.reader() as reader:
            tables = compute_tables(reader, stamp, with_postings=False)
    return tables


def write_tables(ix, generation: Path) -> None:
    """Compute the tables of a just committed index and store them with its generation."""
    with ix.reader() as reader:
        save_tables(generation, compute_tables(reader, index_stamp(ix)))
