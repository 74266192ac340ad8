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
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

Posting = tuple[str, bytes, int, float, bytes]
"""(field name, term bytes, document number, weight, encoded value), as Whoosh gives it."""

# About the memory a kept posting costs (three list slots, a float, a bytes object).
BYTES_PER_POSTING = 100


def postings_in(megabytes: int) -> int:
    """Return how many postings a pool may keep in about that much memory."""
    return megabytes * 2**20 // BYTES_PER_POSTING


class TermPool:
    """Postings kept per (field, term), each term's list flat: doc, weight, value, doc, ...

    Past `max_postings` kept, they go to a run file in the folder `tempdir`.
    """

    def __init__(self, tempdir: Path | str, max_postings: int):
        self.tempdir = Path(tempdir)
        self.max_postings = max_postings
        self.terms: defaultdict[tuple[str, bytes], list] = defaultdict(list)
        self.count = 0
        self.runs: list[Path] = []
        self.spills = 0
        """Run files written so far (they are removed by cleanup, the count stays)."""
        self.spilled_terms = 0

    def add(self, item: Posting) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        postings = self.terms[fieldname, tbytes]
        postings += (docnum, weight, vbytes)
        self.count += 1
        if self.count >= self.max_postings:
            self._spill()

    def add_field(self, fieldname: str, docnum: int, items, boost: float) -> None:
        """Add a document's postings in one field: (term bytes, frequency, weight, value)
        items, as a field's `index` gives them, the weight times the field's boost."""
        terms = self.terms
        for tbytes, _, weight, vbytes in items:
            terms[fieldname, tbytes] += (docnum, weight * boost, vbytes)
        self.count += len(items)
        if self.count >= self.max_postings:
            self._spill()

    def _spill(self) -> None:
        """Write the kept terms, in order, to a run file and start afresh."""
        fd, name = tempfile.mkstemp(suffix=".run", dir=self.tempdir)
        with os.fdopen(fd, "wb") as run:
            for key in sorted(self.terms):
                marshal.dump((key, self.terms[key]), run)
        self.runs.append(Path(name))
        self.spills += 1
        self.spilled_terms += len(self.terms)
        self.terms = defaultdict(list)
        self.count = 0

    def term_count(self) -> int:
        """Return about how many terms `sorted_terms` will yield (a term kept in several
        run files counts once for each)."""
        return len(self.terms) + self.spilled_terms

    def _read_run(self, path: Path) -> Iterator[tuple[tuple[str, bytes], list]]:
        with open(path, "rb") as run:
            while True:
                try:
                    yield marshal.load(run)
                except EOFError:
                    return

    def sorted_terms(self) -> Iterator[tuple[tuple[str, bytes], list]]:
        """Yield each term once with all its postings, terms in order."""
        kept = ((key, self.terms[key]) for key in sorted(self.terms))
        if not self.runs:
            yield from kept
            return
        # Runs hold earlier documents than later runs and the kept terms; equal terms
        # come out of the merge in that order, so joining them keeps documents in order.
        streams = [self._read_run(path) for path in self.runs] + [kept]
        merged = heapq.merge(*streams, key=lambda entry: entry[0])
        key, postings = next(merged, (None, []))
        for next_key, more in merged:
            if next_key == key:
                postings = postings + more
                continue
            yield key, postings
            key, postings = next_key, more
        if key is not None:
            yield key, postings

    def iter_postings(self) -> Iterator[Posting]:
        """Yield every posting ordered by field, term and document."""
        for (fieldname, tbytes), postings in self.sorted_terms():
            for i in range(0, len(postings), 3):
                yield fieldname, tbytes, postings[i], postings[i + 1], postings[i + 2]

    def cleanup(self) -> None:
        for path in self.runs:
            path.unlink(missing_ok=True)
        self.runs = []
