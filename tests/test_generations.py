"""The generation a process serves: replaced generations are freed."""

import gc
import time
import weakref

from indexer.build import write_statements
from search.engine import Engine
from search.models import SearchRequest

from .search_corpus import STATEMENTS, build_search_corpus


def test_replaced_generations_are_freed(tmp_path):
    build_search_corpus(tmp_path)
    replaced = []
    with Engine(tmp_path) as engine:
        for n in range(4):
            assert engine.search(SearchRequest(q="energy")).total > 0
            generation = engine._current()
            assert generation.warmed.wait(60)
            # The generation, its facet tables and its searcher (which holds the files).
            replaced += [
                weakref.ref(o) for o in (generation, generation.columns, generation.postings)
            ]
            del generation
            write_statements(tmp_path, STATEMENTS[: 6 + n])
        assert engine.search(SearchRequest(q="")).total == 9
        # The warm-up thread of the first generation may still be ending.
        deadline = time.monotonic() + 60
        while any(ref() is not None for ref in replaced) and time.monotonic() < deadline:
            gc.collect()
            time.sleep(0.05)
        assert [ref() for ref in replaced] == [None] * len(replaced)
