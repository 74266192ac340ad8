"""The index writer writes by term exactly the files Whoosh's own posting loop writes."""

import random

from indexer import build as build_module
from indexer.build import write_statements
from indexer.parse_markdown import parse_markdown
from indexer.sources import read_hints
from search import writer as writer_module
from search.documents import analyzed_fields, to_fields
from search.engine import Engine
from search.models import SearchRequest
from search.store import current_generation
from search.writer import Writer

from .helpers import WHITEHOUSE, segment_bytes


def statements(count: int):
    files = sorted(WHITEHOUSE.rglob("*.md"))
    chosen = random.Random(11).sample(files, count)
    return [parse_markdown(p.read_bytes(), read_hints(p), str(p)) for p in chosen]


def test_postings_written_by_term_are_byte_for_byte_whooshs(tmp_path, monkeypatch):
    # More statements than a postings block holds (128), so that common words take two.
    chosen = statements(150)
    by_term = write_statements(tmp_path / "by-term", chosen)
    with Engine(tmp_path / "by-term") as engine:
        assert engine.search(SearchRequest(q="the", group=False)).total > 128
    monkeypatch.setattr(Writer, "__init__", _whoosh_loop_init)
    by_posting = write_statements(tmp_path / "by-posting", chosen)
    ours, theirs = segment_bytes(by_term), segment_bytes(by_posting)
    assert sorted(ours) == sorted(theirs)
    assert {"pst", "trm", "_stored.col", "_body_len.col", "day.col"} <= set(ours)
    assert [kind for kind in ours if ours[kind] != theirs[kind]] == []


_original_init = Writer.__init__


def _whoosh_loop_init(self, ix, tempdir, pool_mb=512, by_term=True, **kwargs):
    _original_init(self, ix, tempdir, pool_mb, by_term=False)


def test_an_index_whose_pool_spilled_to_run_files_finds_the_same(tmp_path, monkeypatch):
    chosen = statements(60)
    whole = write_statements(tmp_path / "whole", chosen)
    monkeypatch.setattr(Writer, "__init__", _small_pool_init)
    spilled = write_statements(tmp_path / "spilled", chosen)
    assert _pools[-1].spills > 10
    assert segment_bytes(spilled) == segment_bytes(whole)
    assert current_generation(tmp_path / "spilled") == spilled
    with Engine(tmp_path / "spilled") as engine:
        result = engine.search(SearchRequest(q='"the united states"'))
    assert result.total == sum(
        "the united states" in " ".join(s.paragraphs).lower()
        or "the united states" in s.title.lower()
        for s in chosen
    )


_pools = []


def _small_pool_init(self, ix, tempdir, pool_mb=512, by_term=True, **kwargs):
    # About 1,000 postings per run file.
    _original_init(self, ix, tempdir, pool_mb=0, by_term=by_term)
    self.pool.max_postings = 1_000
    _pools.append(self.pool)


def test_postings_encoded_in_worker_processes_are_the_same_bytes(tmp_path, monkeypatch):
    chosen = statements(60)
    here = write_statements(tmp_path / "here", chosen)
    monkeypatch.setattr(Writer, "__init__", _two_workers_init)
    # Many small batches, so that each field's terms are spread over both processes.
    monkeypatch.setattr(writer_module, "BATCH_POSTINGS", 500)
    there = write_statements(tmp_path / "there", chosen)
    assert _writers[-1].workers == 2
    ours, theirs = segment_bytes(there), segment_bytes(here)
    assert {"pst", "trm"} <= set(ours)
    assert [kind for kind in ours if ours[kind] != theirs[kind]] == []


_writers = []


def _two_workers_init(self, ix, tempdir, pool_mb=512, by_term=True, workers=None, progress=False):
    _original_init(self, ix, tempdir, pool_mb, by_term, workers=2)
    _writers.append(self)


def test_postings_packed_in_advance_are_written_as_whooshs_loop_writes_the_texts(
    tmp_path, monkeypatch
):
    # Indexing analyses and packs the text fields in worker processes (analyzed_fields);
    # the writer files them as packed. Whoosh's loop analyses the same texts itself.
    chosen = statements(150)
    monkeypatch.setattr(build_module, "to_fields", analyzed_fields)
    packed = write_statements(tmp_path / "packed", chosen)
    monkeypatch.setattr(build_module, "to_fields", to_fields)
    monkeypatch.setattr(Writer, "__init__", _whoosh_loop_init)
    by_posting = write_statements(tmp_path / "by-posting", chosen)
    ours, theirs = segment_bytes(packed), segment_bytes(by_posting)
    assert {"pst", "trm", "_body_len.col"} <= set(ours)
    assert [kind for kind in ours if ours[kind] != theirs[kind]] == []
