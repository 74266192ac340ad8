"""A posting pool that groups postings by term as they come, for the index writer.

Whoosh's own pool (whoosh.writing.PostingPool) keeps every posting as a separate tuple, sorts them all, and when
its memory limit is reached writes them one pickle at a time to run files that are
merged again at the end: about 40% of indexing time. Postings reach a pool in
document order (documents are numbered as they are added, and merged segments come
after them), so a term's postings are already in order once they are kept under
their term. This pool does that: at the end only the terms are sorted, and a run
file, when memory runs short, is written one term at a time.
"""

from __future__ import annotations

import heapq
import marshal
import os
import struct
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

Posting = tuple[str, bytes, int, float, bytes]
"""(field name, term bytes, document number, weight, encoded value), as Whoosh gives it."""

POSTING_HEAD = struct.Struct("<IdI")
"""How the pool keeps a posting: document number, weight, the value's length, then the
value itself (Whoosh's encoded positions, a count, or nothing)."""
VALUE_HEAD = struct.Struct("<dI")
"""A posting without its document number, as `pack_items` prepares it in a worker."""
DOCNUM = struct.Struct("<I")

# About the memory a kept posting costs: its 16 bytes, a value of a few bytes, and a
# share of its term's key and buffer.
BYTES_PER_POSTING = 40


def postings_in(megabytes: int) -> int:
    """Return how many postings a pool may keep in about that much memory."""
    return megabytes * 2**20 // BYTES_PER_POSTING


class Packed(tuple):
    """A field's postings for one document, packed to go into a pool: (term bytes,
    weight, value length and value as VALUE_HEAD packs them) items, with the field's
    length (the sum of the frequencies)."""

    length: int


def pack_items(items) -> Packed:
    """Pack a field's (term bytes, frequency, weight, value) items, as `Field.index`
    gives them, for `TermPool.add_packed`."""
    head = VALUE_HEAD.pack
    packed = Packed(
        [(tbytes, head(weight, len(value)) + value) for tbytes, _, weight, value in items]
    )
    packed.length = sum(item[1] for item in items)
    return packed


def unpack_items(packed: Packed) -> list[tuple[bytes, int, float, bytes]]:
    """Return packed items as (term bytes, 0, weight, value) items (the frequency is not
    kept: the field's length is)."""
    size = VALUE_HEAD.size
    return [(tbytes, 0, VALUE_HEAD.unpack_from(rest)[0], rest[size:]) for tbytes, rest in packed]


def unpack_postings(data: bytes) -> tuple[list[int], list[float], list[bytes]]:
    """Return the document numbers, weights and values of a term's packed postings."""
    docnums: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    read = POSTING_HEAD.unpack_from
    size = POSTING_HEAD.size
    at, end = 0, len(data)
    while at < end:
        docnum, weight, length = read(data, at)
        at += size
        docnums.append(docnum)
        weights.append(weight)
        values.append(data[at : at + length])
        at += length
    return docnums, weights, values


class TermPool:
    """Postings kept per (field, term), each term's packed one after another in a
    bytearray (POSTING_HEAD): a few dozen bytes a posting instead of about a hundred as
    Python objects, so that a segment of 50,000 statements rarely needs a run file, and
    a term's postings are handed to the processes that encode them as one bytes object.

    Past `max_postings` kept, they go to a run file in the folder `tempdir`.
    """

    def __init__(self, tempdir: Path | str, max_postings: int):
        self.tempdir = Path(tempdir)
        self.max_postings = max_postings
        self.terms: defaultdict[tuple[str, bytes], bytearray] = defaultdict(bytearray)
        self.count = 0
        self.runs: list[Path] = []
        self.spills = 0
        """Run files written so far (they are removed by cleanup, the count stays)."""
        self.spilled_terms = 0

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_field(fieldname, docnum, [(tbytes, 1, weight, vbytes)], 1.0)

    def add_field(self, fieldname: str, docnum: int, items, boost: float) -> None:
        """Add a document's postings in one field: (term bytes, frequency, weight, value)
        items, as a field's `index` gives them, the weight times the field's boost."""
        terms = self.terms
        pack = POSTING_HEAD.pack
        for tbytes, _, weight, vbytes in items:
            vbytes = vbytes or b""  # a merged segment gives None for a posting without a value
            terms[fieldname, tbytes] += pack(docnum, weight * boost, len(vbytes)) + vbytes
        self.count += len(items)
        if self.count >= self.max_postings:
            self._spill()

    def add_packed(self, fieldname: str, docnum: int, items: Packed) -> None:
        """Add a document's postings in one field, packed by `pack_items`."""
        terms = self.terms
        doc = DOCNUM.pack(docnum)
        for tbytes, rest in items:
            kept = terms[fieldname, tbytes]
            kept += doc
            kept += rest
        self.count += len(items)
        if self.count >= self.max_postings:
            self._spill()

    def _spill(self) -> None:
        """Write the kept terms, in order, to a run file and start afresh."""
        fd, name = tempfile.mkstemp(suffix=".run", dir=self.tempdir)
        with os.fdopen(fd, "wb") as run:
            for key in sorted(self.terms):
                marshal.dump((key, bytes(self.terms[key])), run)
        self.runs.append(Path(name))
        self.spills += 1
        self.spilled_terms += len(self.terms)
        self.terms = defaultdict(bytearray)
        self.count = 0

    def term_count(self) -> int:
        """Return about how many terms `sorted_terms` will yield (a term kept in several
        run files counts once for each)."""
        return len(self.terms) + self.spilled_terms

    def _read_run(self, path: Path) -> Iterator[tuple[tuple[str, bytes], bytes]]:
        with open(path, "rb") as run:
            while True:
                try:
                    yield marshal.load(run)
                except EOFError:
                    return

    def sorted_terms(self) -> Iterator[tuple[tuple[str, bytes], bytes]]:
        """Yield each term once with all its packed postings, terms in order. The pool
        lets go of each kept term as it is yielded (it is read once, by the commit)."""
        kept = ((key, bytes(self.terms.pop(key))) for key in sorted(self.terms))
        if not self.runs:
            yield from kept
            return
        # Runs hold earlier documents than later runs and the kept terms; equal terms
        # come out of the merge in that order, so joining them keeps documents in order.
        streams = [self._read_run(path) for path in self.runs] + [kept]
        merged = heapq.merge(*streams, key=itemgetter(0))
        key, parts = None, []
        for next_key, more in merged:
            if next_key != key and parts:
                yield key, b"".join(parts)
                parts = []
            key = next_key
            parts.append(more)
        if parts:
            yield key, b"".join(parts)

    def iter_postings(self) -> Iterator[Posting]:
        """Yield every posting ordered by field, term and document."""
        for (fieldname, tbytes), data in self.sorted_terms():
            yield from ((fieldname, tbytes, *posting) for posting in zip(*unpack_postings(data)))

    def cleanup(self) -> None:
        for path in self.runs:
            path.unlink(missing_ok=True)
        self.runs = []
