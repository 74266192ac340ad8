"""The generation a process serves: replaced generations are freed."""

import gc
import time
import weakref

from indexer.build import write_statements
from search.engine import Engine
from search.models import SearchRequest

from .helpers import STATEMENTS, build_search_corpus


def test_replaced_generations_are_freed_without_waiting_for_the_collector(tmp_path):
    build_search_corpus(tmp_path)
    replaced = []
    # The collector's own runs would hide whether the engine frees replaced generations.
    gc.disable()
    try:
        with Engine(tmp_path) as engine:
            for n in range(5):
                assert engine.search(SearchRequest(q="energy")).total > 0
                generation = engine._current()
                assert generation.warmed.wait(60)
                # The generation, its facet tables and its postings.
                kept = (generation, generation.bitmasks, generation.postings)
                replaced.append([weakref.ref(o) for o in kept])
                del generation, kept
                write_statements(tmp_path, STATEMENTS[: 6 + n])
            assert engine.search(SearchRequest(q="")).total == 10
            # Every generation replaced before the last switch is gone; the warm-up
            # thread of the first one may still be ending.
            gone = [ref for refs in replaced[:-1] for ref in refs]
            deadline = time.monotonic() + 60
            while any(ref() is not None for ref in gone) and time.monotonic() < deadline:
                time.sleep(0.05)
            assert [ref() for ref in gone] == [None] * len(gone)
    finally:
        gc.enable()
