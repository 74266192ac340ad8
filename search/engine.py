"""Open the index once per process, refresh it when a new generation appears, run searches."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from whoosh import index, query
from whoosh.searching import Searcher

from .documents import from_stored
from .models import Hit, SearchRequest, SearchResult, Statement, is_valid_id
from .query import build_filter, make_parser, parse_query
from .snippets import leading_text, make_highlighter
from .store import current_generation

log = logging.getLogger(__name__)


class Engine:
    """One searcher per process over the current index generation."""

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._lock = threading.Lock()
        self._generation: Path | None = None
        self._searcher: Searcher | None = None
        self._parser = None
        self._highlighter = make_highlighter()

    def searcher(self) -> Searcher:
        """Return the searcher for the current generation, reopening it after a switch."""
        generation = current_generation(self.index_dir)
        if generation != self._generation:
            with self._lock:
                if generation != self._generation:
                    ix = index.open_dir(str(generation))
                    self._searcher = ix.searcher()
                    self._parser = make_parser(ix.schema)
                    self._generation = generation
                    log.info("opened index generation %s", generation.name)
        assert self._searcher is not None
        return self._searcher

    def get(self, statement_id: str) -> Statement | None:
        """Return the statement with this id, or None."""
        if not is_valid_id(statement_id):
            return None
        stored = self.searcher().document(id=statement_id)
        return from_stored(stored) if stored else None

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search."""
        started = time.perf_counter()
        searcher = self.searcher()
        parsed = parse_query(self._parser, request.q)
        sortedby, reverse = None, False
        if request.sort == "newest" or isinstance(parsed, query.Every):
            sortedby, reverse = "day", True
        elif request.sort == "oldest":
            sortedby = "day"
        page = searcher.search_page(
            parsed,
            request.page,
            pagelen=request.per_page,
            sortedby=sortedby,
            reverse=reverse,
            filter=build_filter(request),
            terms=True,
        )
        hits = []
        for hit in page:
            statement = from_stored(hit.fields())
            snippet = ""
            if hit.matched_terms():
                snippet = self._highlighter.highlight_hit(hit, "body", top=2)
            hits.append(
                Hit(
                    id=statement.id,
                    title=statement.title,
                    date=statement.date,
                    place=statement.place,
                    doc_type=statement.doc_type,
                    source=statement.source,
                    source_url=statement.source_url,
                    countries=statement.countries,
                    sectors=statement.sectors,
                    snippet=snippet or leading_text(statement.text),
                    score=hit.score,
                )
            )
        return SearchResult(
            request=request,
            total=page.total,
            hits=hits,
            took_ms=(time.perf_counter() - started) * 1000,
        )
