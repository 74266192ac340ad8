"""The index writer: Whoosh's segment writer with postings pooled and written by term.

Whoosh's writer handles every posting on its own four times: as a tuple built for its
pool, into the pool, out of it in sorted order, and into the postings file, where it
also looks up the document's field length. Here a document's postings go into the pool
a field at a time, the pool keeps them grouped by term (search/postings_pool.py), and a
term's postings are written a block at a time, with the field lengths read once per
document. The files written are byte for byte those Whoosh's own path writes
(tests/test_writer.py), so any Whoosh reader opens them.
"""

from __future__ import annotations

import os
import struct
import tempfile
import zlib
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from pickle import dumps
from typing import Any

from tqdm import tqdm
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.filedb.filetables import _hash_functions
from whoosh.system import pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from .parallel import cores, in_order
from .postings_pool import (
    POSTING_HEAD,
    Packed,
    TermPool,
    postings_in,
    unpack_items,
    unpack_postings,
)
from .tables import write_tables

POOL_MB = 512
"""Memory for the postings a writer keeps before it writes them to a run file."""
PARALLEL_MIN_TERMS = 50_000
"""A segment with this many terms has its postings encoded in worker processes, one a
core (starting them takes about a second)."""
BATCH_POSTINGS = 20_000
"""Postings (each term counting BATCH_TERM_COST more) encoded in one batch."""
BATCH_TERM_COST = 8


class Writer(SegmentWriter):
    """A segment writer whose segments are plain files and whose postings go by term.

    A compound segment (one file) is copied into memory by every reader that opens it;
    plain files are read where they lie (serving 11k statements: 127 MB resident against
    552 with compound segments; docs/benchmarks.md).
    `by_term=False` writes the postings through Whoosh's own loop (for comparison).
    `workers`: processes that encode the postings (None: one a core for a segment of
    PARALLEL_MIN_TERMS terms or more, else this one). `progress`: show a progress bar
    while the segment's terms are written.
    """

    def __init__(
        self,
        ix,
        tempdir: Path,
        pool_mb: int = POOL_MB,
        by_term: bool = True,
        workers: int | None = None,
        progress: bool = False,
    ):
        super().__init__(ix, compound=False)
        self.pool = TermPool(tempdir, postings_in(pool_mb))
        self.by_term = by_term
        self.workers = workers
        self.progress = progress
        self.by_field = by_term and not any(
            field.separate_spelling() or field.vector for _, field in self.schema.items()
        )

    def add_document(self, **fields) -> None:
        """Add a document as SegmentWriter.add_document does, a field's postings at a time.

        Fields with spelling words or term vectors, which Bilat's schema has none of,
        go through Whoosh's own method.
        """
        if not self.by_field:
            super().add_document(**fields)
            return
        schema = self.schema
        self._check_state()
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, fieldname, docboost)
                    items = field.index(value)
                    if isinstance(items, Packed):
                        length = items.length
                        if boost == 1.0:
                            self.pool.add_packed(fieldname, docnum, items)
                        else:
                            self.pool.add_field(fieldname, docnum, unpack_items(items), boost)
                    else:
                        if not isinstance(items, list | tuple):
                            items = list(items)
                        length = sum(item[1] for item in items)
                        self.pool.add_field(fieldname, docnum, items, boost)
                    if not field.scorable:
                        length = 0
                stored = fields.get("_stored_" + fieldname, value)
                perdocwriter.add_field(fieldname, field, stored if field.stored else None, length)
                column = field.column_type
                if column and stored is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(stored))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:
        """Commit, then store the generation's serving tables with it (search/tables.py).

        A commit that does not merge (an indexing run's checkpoint) stores none: it costs
        about 4 s at 11,000 statements, and checkpoints come every 30 s of a long run;
        its generation computes them when it is opened, until the run's last commit.
        """
        super().commit(mergetype=mergetype, optimize=optimize, merge=merge)
        if merge is not False:
            write_tables(self.storage.open_index(self.indexname), Path(self.storage.folder))

    def _flush_segment(self) -> None:
        if not self.by_term:
            super()._flush_segment()
            return
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            self._write_postings(lengths)
        finally:
            lengths.close()
        self.fieldwriter.close()

    def _write_postings(self, lengths) -> None:
        """Write the terms in order: their postings, encoded in blocks (in worker processes
        when there are many), go to the postings file, and their term infos, with where
        the postings lie, to the term table."""
        fieldwriter = self.fieldwriter
        tindex, postfile = fieldwriter._tindex, fieldwriter._postfile
        terms = self.pool.term_count()
        workers = self.workers or (cores() if terms >= PARALLEL_MIN_TERMS else 1)
        bar = tqdm(total=terms, desc="Writing", unit="term", disable=not self.progress, leave=False)
        files = self._field_lengths(lengths)
        batches = _batches(self.pool.sorted_terms(), self.schema, files)
        encoded = (
            in_order(_encode_terms, batches, self.codec, workers=workers, ahead=4)
            if workers > 1
            else ((batch, _encode_terms(batch, self.codec)) for batch in batches)
        )
        current = None
        try:
            for batch, (data, rows) in encoded:
                if batch.fieldname != current:
                    if current is not None:
                        fieldwriter.finish_field()
                    current = batch.fieldname
                    fieldwriter.start_field(current, self.schema[current])
                    if fieldwriter._fieldid != batch.fieldid:
                        raise AssertionError(f"field {current} numbered {fieldwriter._fieldid}")
                base = postfile.tell()
                postfile.write(data)
                _add_to_term_table(tindex, base, rows)
                bar.update(len(rows))
            if current is not None:
                fieldwriter.finish_field()
        finally:
            bar.close()
            for path in files.values():
                os.unlink(path)

    def _field_lengths(self, lengths) -> dict[str, str]:
        """Write each scorable field's document lengths to a file (for the processes that
        encode the postings); return field name -> path."""
        doc_count = lengths.doc_count_all()
        files = {}
        for fieldname, field in self.schema.items():
            if not (field.indexed and field.scorable):
                continue
            fd, path = tempfile.mkstemp(suffix=".lengths", dir=self.pool.tempdir)
            with os.fdopen(fd, "wb") as out:
                array(
                    "I", (lengths.doc_field_length(d, fieldname) or 0 for d in range(doc_count))
                ).tofile(out)
            files[fieldname] = path
        return files


@dataclass(frozen=True)
class _Batch:
    """Consecutive terms of one field, with their postings, to encode together."""

    fieldname: str
    fieldid: int
    """The field's number in the term table: fields are numbered as they come, in order."""
    format: Any
    lengths: str | None
    """The file of the field's document lengths (None: the field keeps none)."""
    terms: list[tuple[bytes, bytes]]


def _batches(sorted_terms, schema, lengths: dict[str, str]) -> Iterator[_Batch]:
    fieldids: dict[str, int] = {}
    batch: list[tuple[bytes, bytes]] = []
    postings = 0
    current = ""

    def done() -> _Batch:
        fieldid = fieldids.setdefault(current, len(fieldids))
        return _Batch(current, fieldid, schema[current].format, lengths.get(current), batch)

    for (fieldname, tbytes), term_postings in sorted_terms:
        if batch and (fieldname != current or postings >= BATCH_POSTINGS):
            yield done()
            batch, postings = [], 0
        current = fieldname
        batch.append((tbytes, term_postings))
        postings += len(term_postings) // POSTING_HEAD.size + BATCH_TERM_COST
    if batch:
        yield done()


_TERM_HASH = _hash_functions[0]
"""The hash of Whoosh's term table (OrderedHashWriter's default, MD5)."""
_EXTENT = struct.Struct("!qi")
"""Where a term's postings lie, as W3TermInfo.to_bytes ends: offset (long), length (int)."""
_ENTRY_HEAD = struct.Struct("!ii")
"""A term table entry's key and value lengths, as HashWriter.add writes them."""
_HEADER = WHOOSH3_HEADER_MAGIC
"""What a term's postings begin with."""
_BLOCK_SIZE = struct.Struct("!i")
"""A postings block's length, as StructFile.write_int writes it."""
_TERM_INFO = W3TermInfo._struct
"""A term info's statistics, as W3TermInfo.to_bytes packs them before the postings' place."""


def _encode_terms(batch: _Batch, codec) -> tuple[bytes, list]:
    """Encode a batch of terms' postings as the codec's postings writer does.

    Returns the bytes for the postings file and, for each term, its term table key and
    the key's hash, then its term info's bytes up to where its postings lie with that
    place (offset from the batch's start, length). Bilat's codec inlines no postings in
    the term info (its inline limit is one posting: only a term without any is inlined).
    """
    if codec._inlinelimit > 1:
        raise AssertionError("the codec inlines postings, which this writer does not")
    field_lengths = _read_lengths(batch.lengths) if batch.lengths else None
    encode = _TermEncoder(batch.format.fixed_value_size(), codec._compression, codec._blocklimit)
    field = pack_ushort(batch.fieldid)
    parts: list[bytes] = []
    rows = []
    offset = 0
    for tbytes, postings in batch.terms:
        data, head = encode(postings, field_lengths)
        parts.append(data)
        key = field + tbytes
        rows.append((key, _TERM_HASH(key), head, (offset, len(data))))
        offset += len(data)
    return b"".join(parts), rows


def _add_to_term_table(tindex, base: int, rows: list) -> None:
    """Add encoded terms to the term table, as OrderedHashWriter.add does one by one (the
    same bytes, entries and hashes), with the place of each term's postings moved by
    `base`, where the batch's postings begin in the postings file."""
    if tindex.hashfn is not _TERM_HASH:
        raise AssertionError("the term table uses another hash")
    dbfile = tindex.dbfile
    position = dbfile.tell()
    positions, buckets = tindex.index, tindex.buckets
    last = tindex.lastkey
    parts = []
    for key, hashed, head, extent in rows:
        if key <= last:
            raise ValueError(f"Keys must increase: {last!r}..{key!r}")
        value = head if extent is None else head + _EXTENT.pack(base + extent[0], extent[1])
        positions.append(position)
        parts += (_ENTRY_HEAD.pack(len(key), len(value)), key, value)
        buckets[hashed & 255].append((hashed, position))
        position += _ENTRY_HEAD.size + len(key) + len(value)
        last = key
    dbfile.write(b"".join(parts))
    tindex.lastkey = last


@lru_cache(maxsize=16)
def _read_lengths(path: str) -> array:
    lengths = array("I")
    with open(path, "rb") as data:
        lengths.frombytes(data.read())
    return lengths


class _TermEncoder:
    """Encodes one term's postings into the bytes W3PostingsWriter writes for them, and
    its W3TermInfo's bytes before the postings' place, without Whoosh's objects a block.

    The same bytes as start_postings, add_posting once a posting and finish_postings
    (tests/test_writer.py): a header, then blocks of at most `limit` postings, each its
    length (negative for the last), a pickled block info (count, last id, highest weight
    but at least 0, compression, shortest and longest field length as bytes) and its
    pickled data (ids as deltas; weights as float32, None when all 1, one value when all
    equal; the non-empty values, joined when of a fixed size, None when of size 0),
    compressed when the codec compresses.
    """

    def __init__(self, fixed_size: int | None, compression: int, limit: int):
        self.fixed_size = None if fixed_size is None or fixed_size < 0 else fixed_size
        self.compression = compression
        self.limit = limit

    def __call__(self, postings: bytes, field_lengths: array | None) -> tuple[bytes, bytes]:
        limit, compression, fixed_size = self.limit, self.compression, self.fixed_size
        docnums, weights, values = unpack_postings(postings)
        count = len(docnums)
        parts = [_HEADER]
        total_weight = 0
        term_min = None
        term_max = 0
        term_weight = 0
        for start in range(0, count, limit):
            end = start + limit
            ids = docnums[start:end]
            block_weights = weights[start:end]
            as_float = array("f", block_weights)
            if field_lengths is not None:
                known = [length for length in map(field_lengths.__getitem__, ids) if length]
                shortest = min(known) if known else None
                longest = max(known) if known else 0
            else:
                shortest, longest = None, 0
            heaviest = max(0, max(block_weights))
            first = as_float[0]
            if all(w == 1.0 for w in as_float):
                packed_weights = None
            elif all(w == first for w in as_float):
                packed_weights = first
            else:
                packed_weights = tuple(as_float)
            block_values = [value for value in values[start:end] if value]
            if fixed_size is None:
                packed_values = tuple(block_values)
            elif fixed_size == 0:
                packed_values = None
            else:
                packed_values = b"".join(block_values)
            deltas = [ids[0]]
            deltas += [b - a for a, b in pairwise(ids)]
            data = dumps((tuple(deltas), packed_weights, packed_values), 2)
            if compression:
                data = zlib.compress(data, compression)
            info = dumps(
                (
                    len(ids),
                    ids[-1],
                    heaviest,
                    compression,
                    length_to_byte(shortest),
                    length_to_byte(longest),
                ),
                2,
            )
            size = len(info) + len(data)
            parts += (_BLOCK_SIZE.pack(-size if end >= count else size), info, data)
            total_weight += sum(as_float)
            term_min = shortest if term_min is None else min(term_min, shortest)
            term_max = max(term_max, longest)
            term_weight = max(term_weight, heaviest)
        head = _TERM_INFO.pack(
            False,
            total_weight,
            count,
            0 if term_min is None else length_to_byte(term_min),
            length_to_byte(term_max),
            term_weight,
            docnums[0],
            docnums[-1],
        )
        return b"".join(parts), head
