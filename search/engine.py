"""Open the index once per process, refresh it when a new generation appears, run searches."""

from __future__ import annotations

import gc
import logging
import os
import re
import threading
import time
from pathlib import Path

from whoosh import index, query
from whoosh.searching import Searcher

from .documents import from_stored
from .errors import BadQuery
from .facets import Columns, Filtered
from .matching import Matcher, Postings, TimeUp
from .models import Hit, SearchRequest, SearchResult, Statement, is_valid_id
from .query import Marks, Vocabulary, make_parser, marks_for, parse_query
from .snippets import best_snippet, find_spans, leading_text, mark_paragraphs, mark_text
from .store import CURRENT, current_generation

log = logging.getLogger(__name__)

TIME_LIMIT = 2.0
"""Seconds a search may run; past it the results found so far are returned, flagged."""
DID_YOU_MEAN_BELOW = 3
"""A query with fewer results than this gets a spelling suggestion when one finds more."""
RARE_WORD = 2
"""A word in at most this many statements may be a typo worth correcting."""
MORE_LIKE_THIS_CHARS = 20_000
"""Key terms of a long statement are taken from its beginning."""

# Words of a query a spelling suggestion may replace: not operators, field names,
# field values, prefixes or fuzzy words.
_CORRECTABLE = re.compile(r"(?<![\w:*?~'’-])([^\W\d_]{3,})(?![\w:*?~'’-])")


class Generation:
    """One opened index generation: its searcher, parser, vocabulary and facet tables."""

    def __init__(self, path: Path):
        ix = index.open_dir(str(path))
        self.path = path
        # Whoosh's readers share file positions: one thread at a time may read.
        self.lock = threading.RLock()
        self.searcher: Searcher = ix.searcher()
        self.parser = make_parser(ix.schema)
        self.vocabulary = Vocabulary(self.searcher.reader())
        self.columns = Columns(self.searcher.reader())
        self.postings = Postings(self.searcher.reader(), self.columns, self.lock)
        self.postings.prepare(("title", "body", "title_pairs", "body_pairs"))
        threading.Thread(
            target=self.postings.warm, args=(("body", "title"),), name="warm-postings", daemon=True
        ).start()
        # The tables above live as long as the generation: moving them out of the
        # collector's sight keeps later full collections from walking them all again.
        gc.freeze()

    def close(self) -> None:
        self.searcher.close()


class Engine:
    """One searcher per process over the current index generation."""

    def __init__(self, index_dir: Path, time_limit: float = TIME_LIMIT):
        self.index_dir = Path(index_dir)
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._pointer: tuple[int, int, int] | None = None
        self._generation: Generation | None = None
        self._retired: Generation | None = None

    def _current(self) -> Generation:
        """Return the current generation, reopening it when CURRENT has been replaced.

        A stat of CURRENT per call is the whole cost when nothing changed; a new
        generation is written beside the old one and CURRENT is renamed over, which
        gives it a new inode.
        """
        try:
            info = os.stat(self.index_dir / CURRENT)
            pointer = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            pointer = None
        if pointer is not None and pointer == self._pointer and self._generation:
            return self._generation
        with self._lock:
            if pointer is None or pointer != self._pointer or self._generation is None:
                path = current_generation(self.index_dir)
                if self._generation is None or path != self._generation.path:
                    try:
                        opened = Generation(path)
                    except FileNotFoundError:
                        # A writer switched generations while this one was being opened
                        # (its files can vanish): open whichever is current now.
                        path = current_generation(self.index_dir)
                        opened = Generation(path)
                    # The previous generation may still serve a request in flight; the one
                    # before it cannot, so that one is closed now.
                    if self._retired is not None:
                        self._retired.close()
                    self._retired, self._generation = self._generation, opened
                    log.info("opened index generation %s", path.name)
                self._pointer = pointer
        assert self._generation is not None
        return self._generation

    def searcher(self) -> Searcher:
        """Return the searcher for the current generation, reopening it after a switch."""
        return self._current().searcher

    def get(self, statement_id: str) -> Statement | None:
        """Return the statement with this id, or None."""
        if not is_valid_id(statement_id):
            return None
        generation = self._current()
        with generation.lock:
            stored = generation.searcher.document(id=statement_id)
        return from_stored(stored) if stored else None

    # -- searching

    def _resolve(self, generation: Generation, text: str):
        parsed = parse_query(generation.parser, text)
        if isinstance(parsed, query.Every):
            return parsed, []
        try:
            resolved = generation.vocabulary.resolve(parsed)
        except RecursionError:
            raise BadQuery("The query is nested too deeply to read.") from None
        return resolved.query, resolved.notices

    def _matches(self, generation: Generation, q: query.Query, deadline: float) -> tuple[int, bool]:
        """Return the set of documents matching `q` and whether the time limit cut it short."""
        matcher = Matcher(generation.postings, generation.searcher, deadline)
        try:
            return matcher.matches(q), matcher.timed_out
        except TimeUp:
            return 0, True

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: hits of the requested page, facets, histogram, suggestion."""
        started = time.perf_counter()
        generation = self._current()
        with generation.lock:
            return self._search(generation, request, started)

    def _search(self, generation: Generation, request: SearchRequest, started: float):
        # The time limit counts from now: opening a new generation (and waiting for the
        # lock) is not the query's doing.
        deadline = time.perf_counter() + self.time_limit
        q, notices = self._resolve(generation, request.q)
        matches, timed_out = self._matches(generation, q, deadline)
        filtered = Filtered(generation.columns, request, matches)
        start = (request.page - 1) * request.per_page
        stop = start + request.per_page
        sort = request.sort
        if isinstance(q, query.Every) and sort == "relevance":
            sort = "newest"
        if sort == "relevance" and filtered.results:
            matcher = Matcher(generation.postings, generation.searcher, deadline)
            try:
                page = matcher.rank(q, filtered.results, stop)[start:stop]
            except TimeUp:
                timed_out = True
                page = [(d, None) for d in filtered.page_by_date(True, start, stop)]
        elif filtered.results:
            page = [(d, None) for d in filtered.page_by_date(sort == "newest", start, stop)]
        else:
            page = []
        marks = marks_for(q)
        hits = [self._hit(generation, docnum, marks, score) for docnum, score in page]
        total = filtered.results.bit_count()
        did_you_mean = None
        if total < DID_YOU_MEAN_BELOW and not isinstance(q, query.Every):
            did_you_mean = self._did_you_mean(generation, request, total)
        if timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s and was stopped: "
                "the results and counts are those found until then."
            )
        return SearchResult(
            request=request,
            total=total,
            hits=hits,
            facets=filtered.facets(),
            histogram=filtered.histogram(),
            did_you_mean=did_you_mean,
            timed_out=timed_out,
            took_ms=(time.perf_counter() - started) * 1000,
            notices=notices,
        )

    def count(self, request: SearchRequest) -> int:
        """Return how many statements a request finds, without hits or facets."""
        generation = self._current()
        with generation.lock:
            return self._count(generation, request)

    def _count(self, generation: Generation, request: SearchRequest) -> int:
        q, _ = self._resolve(generation, request.q)
        matches, _ = self._matches(generation, q, time.perf_counter() + self.time_limit)
        return Filtered(generation.columns, request, matches).results.bit_count()

    def _hit(self, generation: Generation, docnum: int, marks: Marks, score) -> Hit:
        statement = from_stored(generation.searcher.stored_fields(docnum))
        snippet = best_snippet(list(statement.paragraphs), marks) or leading_text(statement.text)
        return Hit(
            id=statement.id,
            title=statement.title,
            date=statement.date,
            place=statement.place,
            doc_type=statement.doc_type,
            source=statement.source,
            source_url=statement.source_url,
            countries=statement.countries,
            sectors=statement.sectors,
            snippet=snippet,
            score=score,
            title_html=mark_text(statement.title, find_spans(statement.title, marks)),
        )

    # -- suggestions, similar statements, highlighting

    def _did_you_mean(
        self, generation: Generation, request: SearchRequest, total: int
    ) -> str | None:
        """Return the query with misspelt words corrected, when that finds more statements."""
        vocabulary = generation.vocabulary
        reader = generation.searcher.reader()
        text = request.q
        changed = False
        for match in reversed(list(_CORRECTABLE.finditer(text))):
            word = match.group(1)
            if word in ("AND", "OR", "NOT", "TO"):
                continue
            lower = word.lower()
            frequency = sum(
                reader.doc_frequency("body", v) for v in vocabulary.variants("body", lower)
            )
            if frequency > RARE_WORD or vocabulary.variants("title", lower):
                continue
            # A word found nowhere, or in a statement or two (a typo in the source), is
            # replaced by a close word found in ten times as many.
            suggestions = [
                w
                for w in vocabulary.corrections(lower)
                if w != lower and reader.doc_frequency("body", w) >= max(1, 10 * frequency)
            ]
            if not suggestions:
                continue
            better = suggestions[0]
            if word[0].isupper():
                better = better[0].upper() + better[1:]
            text = text[: match.start(1)] + better + text[match.end(1) :]
            changed = True
        if not changed:
            return None
        try:
            found = self._count(generation, SearchRequest(**{**request.__dict__, "q": text}))
        except BadQuery:
            return None
        return text if found > total else None

    def more_like_this(self, statement_id: str, n: int = 5) -> list[Hit]:
        """Return up to n statements whose words are most like this one's."""
        if not is_valid_id(statement_id):
            return []
        generation = self._current()
        with generation.lock:
            return self._more_like_this(generation, statement_id, n)

    def _more_like_this(self, generation: Generation, statement_id: str, n: int) -> list[Hit]:
        searcher = generation.searcher
        docnum = searcher.document_number(id=statement_id)
        if docnum is None:
            return []
        body = searcher.stored_fields(docnum).get("body") or ""
        results = searcher.more_like(
            docnum, "body", text=body[:MORE_LIKE_THIS_CHARS], top=n, numterms=15
        )
        return [self._hit(generation, hit.docnum, Marks(), hit.score) for hit in results]

    def highlight_paragraphs(self, statement: Statement, q: str) -> list[str]:
        """Return the statement's paragraphs escaped, with the matches of query `q` marked.

        A query that cannot be read marks nothing: the document is still shown.
        """
        generation = self._current()
        try:
            with generation.lock:
                resolved, _ = self._resolve(generation, q)
            marks = marks_for(resolved)
        except BadQuery:
            marks = Marks()
        return mark_paragraphs(list(statement.paragraphs), marks)
