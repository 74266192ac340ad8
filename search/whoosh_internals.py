"""What Bilat relies on inside Whoosh beyond its documented API, and why the pin is exact.

pyproject.toml pins whoosh-reloaded to one version because the code below, in
search/writer.py and in search/engine.py reaches into Whoosh's private parts (names with a
leading underscore, or behaviour no document promises). Each entry says where it is
used and the assumption it makes; an upgrade must check every one of them.
tests/test_writer.py (files byte for byte those of Whoosh's own writer),
tests/test_schema.py (the postings of Words and WordPairs) and tests/test_ranking.py
(matches and scores against Whoosh's searcher) fail when one of them stops holding.

Reading postings (`read_postings` below, for search/matching.py):
- `W3LeafMatcher._atend`, `._ids`, `._weights`, `._read_ids()`, `._read_weights()` and
  `._next_block()`: a term's postings in one segment come in blocks; `_ids` and
  `_weights` are the current block's document numbers (segment-relative, ascending) and
  weights (occurrences times the field boost), read lazily and left None until read;
  `_next_block()` moves on and sets `_atend` after the last block. Documents deleted
  since the segment was written are still in its postings.
- `MultiMatcher.matchers`, `.offsets` and `.current`: a term's postings over several
  segments are one matcher per segment, each segment's numbers moved by its offset;
  those before `current` are spent.

Writing segments (search/writer.py):
- `SegmentWriter._flush_segment()` is the step that writes the postings of a segment
  after its per-document files; it is overridden. `perdocwriter.close()`,
  `per_document_reader()` and `fieldwriter` are the writer's attributes it uses.
- `SegmentWriter.pool` is replaced by search/postings_pool.TermPool: the writer only
  calls `pool.add((field, term bytes, docnum, weight, value bytes))` (from
  `add_document` and when merging segments), `pool.iter_postings()` and
  `pool.cleanup()`, and a merge hands postings over in document order.
- `fieldwriter._postwriter` (a W3PostingsWriter) and its `_blocklimit`, `_ids`,
  `_weights`, `_values`, `_minlength`, `_maxlength`, `_maxweight` and `_write_block()`:
  a block is these lists plus the block's statistics, written by `_write_block()` when
  `add_posting` would reach `_blocklimit`; filling them directly writes the same bytes.
- `Field.index(value)` returns (term bytes, frequency, weight, value bytes) tuples and
  the writer takes them as they are, computing the field length from the
  frequencies: search/schema.Words and WordPairs return them without analysing token
  by token, and `postings_pool.Packed` passes postings computed (and packed) in another
  process, which the writer files with `TermPool.add_packed`. A field's
  stored value may be given as `_stored_<name>` (documented in `add_document`).

Serving tables (search/tables.py, stored at commit by search/writer.py):
- `SegmentWriter.commit()` is overridden to store the tables once Whoosh has written
  the table of contents; `storage.open_index(indexname)` reopens what it wrote.
- `FileIndex._segments()` lists the committed segments; each one's `segment_id()`,
  `doc_count_all()` and `deleted_count()`, with `latest_generation()`, say which state
  of the index the stored tables describe.

Reading whole columns (search/tables.py, at every commit):
- `SegmentReader.column_reader(name, translate=False)` and
  `SegmentReader._perdoc._cached_reader("_<field>_L", LENGTHS_COLUMN)` give a segment's
  fixed-width numeric column readers (the day column; each scorable field's length
  bytes); such a reader's first `_count` values lie packed big-endian (struct code
  `_typecode`, `_fixedlen` bytes each) from `_basepos` in `_dbfile`, and the rest of its
  `_doccount` documents have `_default`. `byte_to_length` turns a length byte into the
  length `doc_field_length` gives. `leaf_readers()` lists the segments in document order.

Opening an index (search/engine.py):
- `TermsInMemory` overrides `FileStorage.open_file` to serve files ending in
  `W3Codec.TERMS_EXT` from memory (`BufferFile`): the codec opens the term file through
  the storage and reads it only through the returned file object.
- `_open_segment_files` reads `stored_fields(0)` and `doc_field_length(0, field)` and
  makes the `day` column's reader, for each leaf reader, because a segment opens its
  stored-fields and column files lazily, at the first read; the postings and term files
  are opened with the segment.

Scoring (search/matching.py): the weights stored in the postings are occurrences times
the field's `field_boost`, the field lengths are Whoosh's one-byte approximations
(`doc_field_length`), and `scoring.BM25F` scores a term with `bm25()` and
`WeightingModel.idf` (1 + ln(N / (n + 1))): Bilat's ranking computes the same numbers
from the same statistics, which is what lets tests compare it with Whoosh's searcher.
"""

from __future__ import annotations

from array import array

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import MultiMatcher
from whoosh.util.numeric import byte_to_length

_LENGTH_OF_BYTE = np.array([byte_to_length(b) if b else 0 for b in range(256)], dtype=np.int32)
"""A field length's one-byte approximation -> the length doc_field_length gives."""


_NO_IDS = np.zeros(0, dtype=np.int32)
_NO_WEIGHTS = np.zeros(0, dtype=np.float32)


def read_postings(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Return a term matcher's document numbers (int32) and weights (float32), in
    document order."""
    if isinstance(matcher, MultiMatcher):
        # One reading per segment, each a leaf read block by block, its numbers moved
        # by the segment's offset (a million statements in 20 segments: each posting
        # through MultiMatcher.next() cost about a second a common word).
        parts = [
            (read_postings(sub), offset)
            for sub, offset in zip(
                matcher.matchers[matcher.current :], matcher.offsets[matcher.current :]
            )
        ]
        return (
            np.concatenate([ids + np.int32(offset) for (ids, _), offset in parts] + [_NO_IDS]),
            np.concatenate([weights for (_, weights), _ in parts] + [_NO_WEIGHTS]),
        )
    ids: list[int] = []
    weights = array("f")
    if isinstance(matcher, W3LeafMatcher):
        # Whole blocks at a time: a hundred times fewer Python steps than next().
        while not matcher._atend:
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._next_block()
    else:
        while matcher.is_active():
            ids.append(matcher.id())
            weights.append(matcher.weight())
            matcher.next()
    return np.array(ids, dtype=np.int32), np.frombuffer(weights, dtype=np.float32)


def column_values(reader, fieldname: str) -> np.ndarray | None:
    """Return every document's value in a numeric field's column, as stored (deleted
    documents included, the column's default where a document has none), or None when
    the index has no such column. One read per segment, not one per document."""
    if not reader.doc_count_all() or not reader.has_column(fieldname):
        return None  # an empty index has no segment (Whoosh's EmptyReader)
    parts = [
        _stored_values(segment.column_reader(fieldname, translate=False))
        if segment.has_column(fieldname)
        else np.full(segment.doc_count_all(), reader.schema[fieldname].column_type.default_value())
        for segment, _ in reader.leaf_readers()
    ]
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def field_lengths(reader, fieldname: str) -> np.ndarray:
    """Return every document's length of a field as doc_field_length gives it (0 where
    it has none), deleted documents included."""
    if not reader.doc_count_all():
        return np.zeros(0, dtype=np.int32)  # an empty index has no segment
    parts = []
    for segment, _ in reader.leaf_readers():
        column = segment._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            parts.append(np.zeros(segment.doc_count_all(), dtype=np.int32))
        else:
            parts.append(_LENGTH_OF_BYTE[_stored_values(column)])
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)


def _stored_values(column) -> np.ndarray:
    """The values of one segment's fixed-width numeric column reader: the first `_count`
    documents' values lie packed big-endian from `_basepos` in `_dbfile`, and the later
    ones have the column's `_default`."""
    stored = column._dbfile.get(column._basepos, column._count * column._fixedlen)
    values = np.full(column._doccount, column._default, dtype=np.int64)
    values[: column._count] = np.frombuffer(stored, dtype=np.dtype(">" + column._typecode))
    return values
