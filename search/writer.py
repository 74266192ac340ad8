"""The index writer: Whoosh's segment writer with postings pooled and written by term.

Whoosh's writer handles every posting on its own three times: into its pool, out of it
in sorted order, and into the postings file, where it also looks up the document's
field length. Here the pool keeps postings grouped by term (search/postings_pool.py),
and a term's postings are written a block at a time, with the field lengths read once
per document. The files written are byte for byte those Whoosh's own path writes
(tests/test_writer.py), so any Whoosh reader opens them.
"""

from __future__ import annotations

from array import array
from pathlib import Path

from whoosh.writing import SegmentWriter

from .postings_pool import TermPool, postings_in
from .tables import write_tables

POOL_MB = 512
"""Memory for the postings a writer keeps before it writes them to a run file."""


class Writer(SegmentWriter):
    """A segment writer whose segments are plain files and whose postings go by term.

    A compound segment (one file) is copied into memory by every reader that opens it;
    plain files are read where they lie (serving 11k statements: 127 MB resident against
    552 with compound segments; docs/benchmarks.md).
    `by_term=False` writes the postings through Whoosh's own loop (for comparison).
    """

    def __init__(self, ix, tempdir: Path, pool_mb: int = POOL_MB, by_term: bool = True):
        super().__init__(ix, compound=False)
        self.pool = TermPool(tempdir, postings_in(pool_mb))
        self.by_term = by_term

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
        fieldwriter = self.fieldwriter
        doc_count = lengths.doc_count_all()
        field_lengths: list = []
        current = None
        for (fieldname, tbytes), postings in self.pool.sorted_terms():
            if fieldname != current:
                if current is not None:
                    fieldwriter.finish_field()
                current = fieldname
                field = self.schema[fieldname]
                fieldwriter.start_field(fieldname, field)
                field_lengths = (
                    [
                        lengths.doc_field_length(docnum, fieldname) or None
                        for docnum in range(doc_count)
                    ]
                    if field.scorable
                    else [None] * doc_count
                )
            fieldwriter.start_term(tbytes)
            _add_term_postings(fieldwriter._postwriter, postings, field_lengths)
            fieldwriter.finish_term()
        if current is not None:
            fieldwriter.finish_field()


def _add_term_postings(postwriter, postings: list, field_lengths: list) -> None:
    """Fill the postings writer's blocks with one term's postings, a block at a time.

    The same blocks and block statistics as W3PostingsWriter.add_posting called once per
    posting: ids, weights, the non-empty values, the shortest and longest field length
    and the highest weight (at least 0).
    """
    limit = postwriter._blocklimit
    docnums = postings[0::3]
    weights = postings[1::3]
    values = postings[2::3]
    for start in range(0, len(docnums), limit):
        if start:
            postwriter._write_block()
        end = start + limit
        ids = docnums[start:end]
        block_weights = weights[start:end]
        known = [field_lengths[docnum] for docnum in ids if field_lengths[docnum]]
        postwriter._ids = array("I", ids)
        postwriter._weights = array("f", block_weights)
        postwriter._values = [value for value in values[start:end] if value]
        postwriter._minlength = min(known) if known else None
        postwriter._maxlength = max(known) if known else 0
        postwriter._maxweight = max(0, max(block_weights))
