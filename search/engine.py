"""Run searches on the index generation a process serves (search/generations.py)."""

from __future__ import annotations

import contextlib
import math
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Self, TypeVar

from whoosh import query
from whoosh.searching import Searcher

from .documents import from_stored
from .errors import BadQuery
from .facets import Filtered
from .generations import WARM_WAIT, Generation, Generations
from .hits import make_hit
from .matching import QueryEvaluator, TimeUp
from .models import Hit, SearchRequest, SearchResult, Statement, is_valid_id
from .params import check_query_length
from .query import Marks, marks_for, parse_query
from .settings import DEFAULTS
from .snippets import mark_paragraphs

T = TypeVar("T")

TIME_LIMIT = DEFAULTS["TIME_LIMIT"]
"""Seconds a search may run; past it the results found so far are returned, flagged."""
DID_YOU_MEAN_BELOW = 3
"""A query with fewer results than this gets a spelling suggestion when one finds more."""
RARE_WORD = 2
"""A word in at most this many statements may be a typo worth correcting."""
EXPORT_CHUNK = 100
"""Statements an export reads at a time, holding the generation's lock."""
MORE_LIKE_THIS_CHARS = 20_000
"""Key terms of a long statement are taken from its beginning."""

# Words of a query a spelling suggestion may replace: not operators, field names,
# field values, prefixes or fuzzy words.
_CORRECTABLE = re.compile(r"(?<![\w:*?~'’-])([^\W\d_]{3,})(?![\w:*?~'’-])")


class Export:
    """A search's statements in order, read a chunk at a time as they are iterated.

    It keeps its generation open until it has been iterated to the end or closed (a web
    response closes it when the download ends, whether or not it was read).
    """

    def __init__(self, generation: Generation, docnums: list[int], total: int):
        generation.acquire()
        self.generation = generation
        self.docnums = docnums
        self.total = total
        """How many statements the search finds (more than `docnums` past the limit)."""
        self._open = True

    def __iter__(self) -> Iterator[Statement]:
        try:
            for start in range(0, len(self.docnums), EXPORT_CHUNK):
                with self.generation.lock:
                    chunk = [
                        self.generation.statement(docnum, keep=False)
                        for docnum in self.docnums[start : start + EXPORT_CHUNK]
                    ]
                yield from chunk
        finally:
            self.close()

    def close(self) -> None:
        if self._open:
            self._open = False
            self.generation.release()


@dataclass
class Selection:
    """The statements a request selects, for the research views (KWIC, trends, dossiers)."""

    generation: Generation
    filtered: Filtered
    marks: Marks
    """What the query's matches are, to find them again in the text."""
    notices: list[str]
    timed_out: bool
    deadline: float
    """When the work done for this request should stop (time.perf_counter() seconds)."""

    # What the research views read (search/kwic.py, trends.py, dossier.py); the Typesense
    # backend's selection answers the same (search/typesense_research.py).

    def count(self) -> int:
        """Return how many statements are selected."""
        return self.filtered.results.bit_count()

    def newest(self, limit: int) -> Iterator[Statement]:
        """Yield up to `limit` selected statements, newest first (undated last), each read
        as it is asked for, so that a caller may stop at its deadline."""
        for docnum in self.filtered.page_by_date(True, 0, limit):
            yield self.generation.statement(docnum)

    def marks_of(self, statement: Statement) -> Marks:
        """Return what to mark in a selected statement: the same in every one here."""
        return self.marks

    def month_counts(self) -> dict[int, int]:
        """Return yyyymm -> selected statements, for the months that have any."""
        results = self.filtered.results
        return {
            month: n
            for month, mask in self.generation.bitmasks.months.items()
            if (n := (mask & results).bit_count())
        }

    def value_counts(self, facet: str) -> dict[str, int]:
        """Return value -> selected statements having it, for a facet's values that any have."""
        results = self.filtered.results
        return {
            value: n
            for value, mask in self.generation.bitmasks.values.get(facet, {}).items()
            if (n := (mask & results).bit_count())
        }

    def statement_count(self) -> int:
        """Return how many statements the index holds, selected or not."""
        return self.generation.bitmasks.all.bit_count()

    def document_frequencies(self, words: set[str]) -> dict[str, int]:
        """Return, for each word, how many statements of the index use it in their body or
        in their title (the larger of the two counts)."""
        reader = self.generation.searcher.reader()
        with self.generation.lock:
            return {
                w: max(reader.doc_frequency("body", w), reader.doc_frequency("title", w))
                for w in words
            }

    @property
    def identity(self) -> tuple[object, object]:
        """The generation, and what identifies the selected statements in it (for caches)."""
        return self.generation, self.filtered.results


class Engine:
    """One searcher per process over the current index generation."""

    def __init__(
        self,
        index_dir: Path,
        time_limit: float = TIME_LIMIT,
        max_query_chars: int = DEFAULTS["MAX_QUERY_CHARS"],
    ):
        self.index_dir = Path(index_dir)
        self.time_limit = time_limit
        self.max_query_chars = max_query_chars
        """Longer query texts are refused, whichever way they arrive."""
        self._generations = Generations(self.index_dir)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the open generation's files, at once or when its last request ends."""
        self._generations.close()

    def _use(self) -> contextlib.AbstractContextManager[Generation]:
        """Lend the current generation to one request (see Generations.use)."""
        return self._generations.use()

    def _current(self) -> Generation:
        """Return the current generation, for a caller done with it before the next switch."""
        return self._generations.current()

    def statement_count(self) -> int:
        """Return how many statements the index holds, every version of near-duplicates."""
        with self._use() as generation:
            return generation.bitmasks.all.bit_count()

    def searcher(self) -> Searcher:
        """Return the searcher of the current generation (valid until the next switch).

        For tools that read the index directly: it is returned once the generation's
        warm-up thread is done with it, since Whoosh's readers share file positions; the
        caller must not read it while searches run in other threads.
        """
        with self._use() as generation:
            generation.warmed.wait(WARM_WAIT)
            return generation.searcher

    def get(self, statement_id: str) -> Statement | None:
        """Return the statement with this id, or the one that has it as an alias (an id
        issued before; the statement's own id then differs and callers redirect), or None."""
        if not is_valid_id(statement_id):
            return None
        with self._use() as generation, generation.lock:
            searcher = generation.searcher
            stored = searcher.document(id=statement_id) or searcher.document(aliases=statement_id)
        return from_stored(stored) if stored else None

    # -- searching

    def _resolve(self, generation: Generation, text: str) -> tuple[query.Query, list[str]]:
        """Return the query a text reads as on this generation, and the notices about it.

        Kept per generation: paging and facet choices repeat the same text, and reading it
        (Whoosh's parser, then stems and wildcards against the vocabulary) costs about a
        millisecond. A text that cannot be read raises BadQuery every time.
        """
        check_query_length(text, self.max_query_chars)
        kept = generation.resolved.get(text)
        if kept is None:
            kept = self._read_query(generation, text)
            generation.resolved.put(text, kept)
        q, notices = kept
        return q, list(notices)

    def _read_query(self, generation: Generation, text: str) -> tuple[query.Query, list[str]]:
        parsed = parse_query(generation.parser, text)
        if isinstance(parsed, query.Every):
            return parsed, []
        try:
            resolved = generation.vocabulary.resolve(parsed)
        except RecursionError:
            raise BadQuery("The query is nested too deeply to read.") from None
        return resolved.query, resolved.notices

    def _find(
        self, generation: Generation, request: SearchRequest, deadline: float
    ) -> tuple[query.Query, list[str], Filtered, bool]:
        """Read a request's query and select its results (with generation.lock held).

        Returns the query, the notices about it, the results with the request's filters,
        and whether matching ran out of time.
        """
        q, notices = self._resolve(generation, request.q)
        matches, timed_out = self._matches(generation, q, deadline)
        return q, notices, Filtered(generation.bitmasks, request, matches), timed_out

    def _matches(self, generation: Generation, q: query.Query, deadline: float) -> tuple[int, bool]:
        """Return the documents matching `q` (those found until the time limit, if it cut
        matching short) and whether it did."""
        evaluator = QueryEvaluator(generation.postings, generation.searcher, deadline)
        return evaluator.matches(q), evaluator.timed_out

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: hits of the requested page, facets, histogram, suggestion."""
        with self._use() as generation:
            # The time limit bounds the search, not the opening of a new generation.
            started = time.perf_counter()
            with generation.lock:
                return self._search(generation, request, started)

    def _search(self, generation: Generation, request: SearchRequest, started: float):
        # The time limit counts from now: opening a new generation (and waiting for the
        # lock) is not the query's doing.
        deadline = time.perf_counter() + self.time_limit
        q, notices, filtered, timed_out = self._find(generation, request, deadline)
        start = (request.page - 1) * request.per_page
        stop = start + request.per_page
        page, ranking_timed_out = self._order(generation, q, filtered, request.sort, stop, deadline)
        page = page[start:stop]
        timed_out = timed_out or ranking_timed_out
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

    def _order(
        self,
        generation: Generation,
        q: query.Query,
        filtered: Filtered,
        sort: str,
        top: int,
        deadline: float,
    ) -> tuple[list[tuple[int, float | None]], bool]:
        """Return the first `top` results in the requested order with their scores, and
        whether ranking ran out of time (the results are then newest first)."""
        if isinstance(q, query.Every) and sort == "relevance":
            sort = "newest"
        if not filtered.results:
            return [], False
        if sort == "relevance":
            evaluator = QueryEvaluator(generation.postings, generation.searcher, deadline)
            try:
                return evaluator.rank(q, filtered.results, top), False
            except TimeUp:
                return [(d, None) for d in filtered.page_by_date(True, 0, top)], True
        return [(d, None) for d in filtered.page_by_date(sort == "newest", 0, top)], False

    def export(self, request: SearchRequest, limit: int) -> Export:
        """Return the statements a search finds, in its order, up to `limit` (for /search.csv).

        The search runs now (a bad query raises BadQuery here); the statements are read
        as the export is iterated, without facets, snippets or a histogram.
        """
        with self._use() as generation:
            deadline = time.perf_counter() + self.time_limit
            with generation.lock:
                q, _, filtered, _ = self._find(generation, request, deadline)
                order, _ = self._order(generation, q, filtered, request.sort, limit, deadline)
            return Export(generation, [docnum for docnum, _ in order], filtered.results.bit_count())

    def research(self, request: SearchRequest, work: Callable[[Selection], T]) -> T:
        """Select what `request` finds, as search does, and return `work(selection)`.

        The research views read the same query language, filters and time limit as search,
        and do their own counting over the selection on the current generation; `work`
        holds `selection.generation.lock` while it reads the index.
        """
        with self._use() as generation:
            deadline = time.perf_counter() + self.time_limit
            with generation.lock:
                q, notices, filtered, timed_out = self._find(generation, request, deadline)
            selection = Selection(generation, filtered, marks_for(q), notices, timed_out, deadline)
            return work(selection)

    def count(self, request: SearchRequest) -> int:
        """Return how many statements a request finds, without hits or facets."""
        with self._use() as generation, generation.lock:
            return self._count(generation, request)

    def _count(self, generation: Generation, request: SearchRequest) -> int:
        _, _, filtered, _ = self._find(generation, request, time.perf_counter() + self.time_limit)
        return filtered.results.bit_count()

    def _hit(self, generation: Generation, docnum: int, marks: Marks, score) -> Hit:
        statement = generation.statement(docnum)
        versions = generation.bitmasks.versions
        return make_hit(
            statement,
            marks,
            score,
            versions.size(docnum),
            versions.languages_of(docnum, statement.lang),
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
                reader.doc_frequency("body", v) for v in vocabulary.any_variants("body", lower)
            )
            if frequency > RARE_WORD or vocabulary.any_variants("title", lower):
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
        with self._use() as generation, generation.lock:
            return self._more_like_this(generation, statement_id, n)

    def _more_like_this(self, generation: Generation, statement_id: str, n: int) -> list[Hit]:
        searcher = generation.searcher
        docnum = searcher.document_number(id=statement_id)
        if docnum is None:
            return []
        body = searcher.stored_fields(docnum).get("body") or ""
        # Whoosh's choice of key terms (as Searcher.more_like makes it), ranked like a search.
        key_terms = searcher.key_terms_from_text(
            "body", body[:MORE_LIKE_THIS_CHARS], numterms=15, normalize=False
        )
        q = query.Or([query.Term("body", word, boost=weight) for word, weight in key_terms])
        evaluator = QueryEvaluator(generation.postings, searcher, deadline=math.inf)
        others = evaluator.matches(q) & ~(1 << docnum)
        ranked = evaluator.rank(q, others, n) if others else []
        return [self._hit(generation, d, Marks(), score) for d, score in ranked]

    def versions_of(self, statement_id: str) -> list[Hit]:
        """Return the other versions of a statement: its near-duplicates and its versions in
        other languages."""
        if not is_valid_id(statement_id):
            return []
        with self._use() as generation, generation.lock:
            docnum = generation.searcher.document_number(id=statement_id)
            if docnum is None:
                return []
            others = generation.bitmasks.versions.others_of(docnum)
            return [self._hit(generation, d, Marks(), None) for d in others]

    def highlight_paragraphs(self, statement: Statement, q: str) -> list[str]:
        """Return the statement's paragraphs escaped, with the matches of query `q` marked.

        A query that cannot be read marks nothing: the document is still shown.
        """
        with self._use() as generation:
            try:
                with generation.lock:
                    resolved, _ = self._resolve(generation, q)
                marks = marks_for(resolved)
            except BadQuery:
                marks = Marks()
        return mark_paragraphs(list(statement.paragraphs), marks)
