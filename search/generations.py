"""The index generation a process serves: open it, warm it, lend it, replace it, close it.

The indexer commits a new generation by replacing the CURRENT file. A reading process
keeps one generation open and lends it to each request; when CURRENT changes, one request
opens the new generation while the others go on with the open one, and the replaced
generation closes when its last request ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from whoosh import index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile
from whoosh.searching import Searcher

from .documents import from_stored
from .facets import FacetBitmasks
from .matching import LruCache, Postings
from .models import Statement
from .query import Vocabulary, make_parser
from .store import CURRENT, current_generation
from .tables import tables_of
from .versions import Versions, read_group_docnums, read_group_languages, read_groups

log = logging.getLogger(__name__)

WARM_WAIT = 30.0
"""Most seconds a new generation may warm up before it replaces the open one."""
TERMS_SUFFIX = W3Codec.TERMS_EXT
WATCH_SECONDS = 0.5
"""How often a serving process looks whether CURRENT names a new generation."""
RESOLVED_QUERIES = 512
"""Query texts whose reading each generation keeps."""
STATEMENTS_KEPT = 4096
STATEMENT_BYTES = 64 << 20
"""At most this many statements read from the index, and about this many bytes of them,
are kept by each generation for the requests that show them again (the next page, a
facet chosen, a search asked again): reading one (its stored fields decompressed and
parsed) was about a quarter of the time of a search for a rare word."""


def _statement_bytes(statement: Statement) -> int:
    """About what a statement read from the index holds in memory, text and all."""
    return 2048 + sum(len(text) + 64 for text in statement.paragraphs)


class Generation:
    """One opened index generation: its searcher, parser, vocabulary and facet tables."""

    def __init__(self, path: Path):
        ix = TermsInMemory(str(path)).open_index()
        self.path = path
        # Whoosh's readers share file positions: one thread at a time may read.
        self.lock = threading.RLock()
        self.searcher: Searcher = ix.searcher()
        _open_segment_files(self.searcher)
        self.parser = make_parser(ix.schema)
        if "lang" not in ix.schema.names():
            log.warning(
                "%s was indexed before statements had a language: words are stemmed as "
                "English in every statement and there is no language filter; the next "
                "`bilat index` run rebuilds it.",
                path,
            )
        self.resolved = LruCache(RESOLVED_QUERIES)
        """Query text -> (query, notices), as Engine._resolve reads them."""
        self._statements = LruCache(STATEMENTS_KEPT, STATEMENT_BYTES, _statement_bytes)
        self.vocabulary = Vocabulary(self.searcher.reader())
        tables = tables_of(ix, path)
        self.stamp = tables.stamp
        """The index state opened (search/tables.index_stamp)."""
        self.bitmasks = FacetBitmasks(tables)
        docnums = read_group_docnums(path, tables.stamp)
        self.bitmasks.versions = Versions(
            read_groups(path),
            docnums.get
            if docnums is not None
            else lambda statement_id: self.searcher.document_number(id=statement_id),
            self.bitmasks.size,
            read_group_languages(path),
        )
        self.postings = Postings(self.searcher.reader(), self.bitmasks, tables, self.lock)
        self.postings.prepare(("title", "body", "title_pairs", "body_pairs"))
        self._users_lock = threading.Lock()
        self.users = 1
        """Requests using this generation now, and the warm-up thread until it ends."""
        self.retired = False
        self.warmed = threading.Event()
        threading.Thread(target=self._warm, name="warm-postings", daemon=True).start()

    def statement(self, docnum: int, keep: bool = True) -> Statement:
        """Return the statement of a document number, read from its stored fields.

        `keep=False` (an export's many statements) reads it without keeping it."""
        kept = self._statements.get(docnum)
        if kept is None:
            with self.lock:
                stored = self.searcher.stored_fields(docnum)
            kept = from_stored(stored)
            if keep:
                self._statements.put(docnum, kept)
        return kept

    def _warm(self) -> None:
        try:
            self.postings.warm()
        finally:
            self.warmed.set()
            self.release()

    def acquire(self) -> None:
        with self._users_lock:
            self.users += 1

    def release(self) -> None:
        """End one use; the last use of a replaced generation closes it."""
        with self._users_lock:
            self.users -= 1
            last = self.retired and self.users == 0
        if last:
            self.close()

    def retire(self) -> None:
        """Mark the generation replaced: it closes now, or when its last use ends."""
        with self._users_lock:
            self.retired = True
            last = self.users == 0
        if last:
            self.close()

    def close(self) -> None:
        with self.lock:
            self.searcher.close()


class TermsInMemory(FileStorage):
    """An index folder whose term files are read into memory when opened.

    Wildcards, fuzzy words and spelling suggestions walk the term file in many small
    reads, several times faster from memory than through a file (at 11k statements a
    fuzzy word took 1.4 s the first time against 0.3 s); the term file is a tenth of
    the postings' size (34 MB at 11k, 48 MB at 100k). The rest is read from the files.
    """

    def open_file(self, name, **kwargs):
        if name.endswith(TERMS_SUFFIX):
            with open(os.path.join(self.folder, name), "rb") as terms:
                return BufferFile(terms.read(), name=name)
        return super().open_file(name, **kwargs)


def _open_segment_files(searcher: Searcher) -> None:
    """Open every segment's stored fields and columns now rather than at their first read.

    A segment's files are separate, and Whoosh opens the stored fields, the field
    lengths and the day column only when first read; by then a later indexing run may
    have removed this generation's directory (the stored tables, search/tables.py, spare
    reading lengths and days when the generation opens). The postings and term files are
    opened with the segment, and an open file outlives its removal.
    """
    schema = searcher.schema
    for reader, _ in searcher.reader().leaf_readers():
        if reader.doc_count_all():
            reader.stored_fields(0)
            for fieldname in schema.names():
                if schema[fieldname].scorable:
                    reader.doc_field_length(0, fieldname)
            if reader.has_column("day"):
                reader.column_reader("day")


def _load_malloc_trim():
    libc = ctypes.util.find_library("c")
    return getattr(ctypes.CDLL(libc), "malloc_trim", None) if libc else None


_malloc_trim = _load_malloc_trim()


def _return_free_memory() -> None:
    """Give the memory freed by replaced generations back to the system (glibc only).

    Their terms and tables were allocated by several threads, in the allocator's
    per-thread arenas, which keep freed memory for reuse rather than return it.
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


# What opening a generation raises when an indexing run removes it meanwhile (its
# table of contents or a segment file gone): read CURRENT again and retry.
_TRANSIENT = (OSError, index.IndexError)


class Generations:
    """The generation CURRENT names, opened once and replaced when CURRENT changes.

    A new generation is opened and warmed before any request uses it: by a watcher
    thread that looks at CURRENT every WATCH_SECONDS, or, when a request sees CURRENT
    changed first, in a background thread while requests go on with the open
    generation. Only a request made while no other is being answered waits for the new
    generation, so that a search made after a commit, on an idle server, finds what
    was committed.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        """Guards which generation is open: lending it and replacing it."""
        self._opening = threading.Lock()
        """Held by the one thread opening a new generation."""
        self._pointer: tuple[int, int, int] | None = None
        self._generation: Generation | None = None
        self._in_flight = 0
        """Requests being answered now."""
        self._closed = threading.Event()
        self._watcher: threading.Thread | None = None

    def close(self) -> None:
        """Close the open generation's files, at once or when its last request ends."""
        self._closed.set()
        with self._lock:
            old, self._generation, self._pointer = self._generation, None, None
        if old is not None:
            old.retire()

    def _pointer_now(self) -> tuple[int, int, int] | None:
        """Return the identity of the CURRENT file: a new generation gives it a new inode."""
        try:
            info = os.stat(self.index_dir / CURRENT)
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)

    @contextlib.contextmanager
    def use(self) -> Iterator[Generation]:
        """Lend the current generation to one request, reopening it when CURRENT changed.

        A generation replaced by a newer one is closed when its last request ends, so
        that its files (already unlinked by the indexer) release their descriptors.
        """
        pointer = self._pointer_now()
        if self._stale(pointer):
            with self._lock:
                alone = self._generation is None or self._in_flight == 0
            if alone:
                # Wait for the opening under way, if any, then open what is still new.
                with self._opening:
                    self._refresh_if_stale()
                self._watch()
            else:
                self._open_in_background()
        with self._lock:
            generation = self._generation
            assert generation is not None
            generation.acquire()
            self._in_flight += 1
        try:
            yield generation
        finally:
            with self._lock:
                self._in_flight -= 1
            generation.release()

    def _open_in_background(self) -> None:
        """Open and warm the generation CURRENT names in a thread, unless one is opening."""
        if not self._opening.acquire(blocking=False):
            return

        def run() -> None:
            try:
                if not self._closed.is_set():
                    self._refresh_if_stale()
            except Exception:
                log.exception("cannot open the new index generation")
            finally:
                self._opening.release()

        threading.Thread(target=run, name="open-generation", daemon=True).start()

    def _watch(self) -> None:
        """Start the thread that opens new generations as soon as CURRENT names them."""
        if self._watcher is not None:
            return

        def run() -> None:
            while not self._closed.wait(WATCH_SECONDS):
                if self._stale(self._pointer_now()):
                    self._open_in_background()

        self._watcher = threading.Thread(target=run, name="watch-generations", daemon=True)
        self._watcher.start()

    def current(self) -> Generation:
        """Return the current generation, for a caller done with it before the next switch."""
        with self.use() as generation:
            return generation

    def _refresh_if_stale(self) -> None:
        """Open the generation CURRENT names now if it is not the open one (_opening held)."""
        pointer = self._pointer_now()
        if self._stale(pointer):
            self._refresh(pointer)

    def _stale(self, pointer: tuple[int, int, int] | None) -> bool:
        return pointer is None or pointer != self._pointer or self._generation is None

    def _refresh(self, pointer: tuple[int, int, int] | None) -> None:
        """Open the generation CURRENT names, if it is not the open one (_opening held)."""
        for attempt in (1, 2):
            path = current_generation(self.index_dir)
            if self._generation is not None and path == self._generation.path:
                self._pointer = pointer
                return
            # The generations replaced before hold their tables in reference cycles, few
            # objects but many megabytes: the collector's thresholds, which count objects,
            # would leave them for a long time. Collect them before opening another.
            gc.collect()
            _return_free_memory()
            try:
                opened = Generation(path)
                if self._generation is not None:
                    # Requests go on with the open generation until this one is warm.
                    opened.warmed.wait(WARM_WAIT)
                break
            except _TRANSIENT as exc:
                if attempt == 1:
                    pointer = self._pointer_now()
                    continue
                if self._generation is None:
                    raise
                # Keep answering from the open generation; the next request tries again.
                log.warning("cannot open index generation %s yet: %s", path.name, exc)
                return
        with self._lock:
            if self._closed.is_set():
                # Closed while this one was opening: nothing will use it.
                old = opened
            else:
                old, self._generation, self._pointer = self._generation, opened, pointer
        if old is not None:
            old.retire()
        log.info("opened index generation %s", path.name)
