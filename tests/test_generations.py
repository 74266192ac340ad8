"""The generation a process serves: replaced generations are freed."""

import gc
import time
import weakref

from indexer.build import write_statements
from search.engine import Engine
from search.matching import LruCache
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


def test_a_busy_server_answers_from_the_open_generation_until_the_new_one_is_warm(tmp_path):
    build_search_corpus(tmp_path)
    with Engine(tmp_path) as engine:
        assert engine.search(SearchRequest(q="")).total == 12
        generations = engine._generations
        with generations.use():  # a request being answered meanwhile
            write_statements(tmp_path, STATEMENTS[:5])
            # A request that sees the new CURRENT does not wait for it to open and warm.
            assert engine.search(SearchRequest(q="")).total == 12
            # The new generation replaces the open one once warm, with no request waiting.
            deadline = time.monotonic() + 60
            while generations._generation.bitmasks.size != 5 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert generations._generation.warmed.is_set()
            assert engine.search(SearchRequest(q="")).total == 5
        write_statements(tmp_path, STATEMENTS[:7])
        # On an idle server, a search made after a commit finds what was committed.
        assert engine.search(SearchRequest(q="")).total == 7


def test_kept_postings_are_bounded_by_their_bytes():
    kept = LruCache(100, max_bytes=1000, weigh=len)
    for n in range(10):
        kept.put(n, b"x" * 300)
    assert (len(kept), kept.bytes) == (3, 900)
    assert [kept.get(n) is not None for n in (6, 7, 8, 9)] == [False, True, True, True]


def test_statements_shown_again_are_read_once_and_an_export_keeps_none(tmp_path):
    build_search_corpus(tmp_path)
    with Engine(tmp_path) as engine:
        first = engine.search(SearchRequest(q="energy"))
        generation = engine._current()
        kept = len(generation._statements)
        assert kept == len(first.hits) > 0
        again = engine.search(SearchRequest(q="energy"))
        assert [h.id for h in again.hits] == [h.id for h in first.hits]
        assert len(generation._statements) == kept
        # Shown again, a statement is the one read before, not read anew.
        docnum = engine.searcher().document_number(id=first.hits[0].id)
        assert generation.statement(docnum) is generation.statement(docnum)
        assert len(list(engine.export(SearchRequest(q=""), 100))) == 12
        assert len(generation._statements) == kept
        # A new generation reads its statements anew: what a reindex changed is shown.
        write_statements(tmp_path, STATEMENTS[:6])
        assert engine.search(SearchRequest(q="")).total == 6
        assert engine._current() is not generation
