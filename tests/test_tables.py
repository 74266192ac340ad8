"""A generation's serving tables: stored when it is committed, used only for that state
of the index, and the same as those computed from the index."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from indexer.build import build_index, write_statements
from search.documents import to_fields
from search.engine import Engine
from search.generations import TermsInMemory
from search.models import SearchRequest
from search.store import current_generation
from search.tables import (
    TABLES_FILE,
    WARM_FIELDS,
    Tables,
    compute_tables,
    index_stamp,
    load_tables,
)
from search.writer import Writer

from .helpers import STATEMENTS, WHITEHOUSE

WHITEHOUSE_FILES = sorted(WHITEHOUSE.rglob("*.md"))[:9]

SEARCHES = [
    SearchRequest(q="president"),
    SearchRequest(q="trade", sort="newest"),
    SearchRequest(q=""),
]


def _answers(index_dir: Path) -> list[dict]:
    with Engine(index_dir) as engine:
        answers = [engine.search(request).to_json() for request in SEARCHES]
    for answer in answers:
        del answer["took_ms"]
    return answers


def _same_tables(a: Tables, b: Tables) -> bool:
    def plain(value):
        if isinstance(value, np.ndarray):
            return value.tolist()
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if hasattr(value, "__dict__"):
            return plain(vars(value))
        return value

    return plain(vars(a)) == plain(vars(b))


def _add(folder: Path, files: list[Path]) -> None:
    for path in files:
        shutil.copy(path, folder / path.name)


def test_each_commit_stores_the_tables_of_its_own_state(tmp_path):
    index_dir, folder = tmp_path / "index", tmp_path / "docs"
    folder.mkdir()
    _add(folder, WHITEHOUSE_FILES[:6])
    build_index(index_dir, [folder], progress=False)
    first = current_generation(index_dir)
    _add(folder, WHITEHOUSE_FILES[6:9])
    build_index(index_dir, [folder], progress=False)
    second = current_generation(index_dir)
    assert second != first
    for generation, count in ((first, 6), (second, 9)):
        ix = TermsInMemory(str(generation)).open_index()
        stored = load_tables(generation, index_stamp(ix))
        assert stored is not None and len(stored.live) == count
        # What was stored is what the index gives when read again.
        with ix.reader() as reader:
            assert _same_tables(stored, compute_tables(reader, index_stamp(ix)))
        ix.close()
    # The second generation started as hard links to the first one's files: its commit
    # replaced the tables file rather than writing into the first one's.
    assert (first / TABLES_FILE).stat().st_ino != (second / TABLES_FILE).stat().st_ino


def test_tables_of_another_state_or_none_give_the_same_answers(tmp_path):
    index_dir, folder = tmp_path / "index", tmp_path / "docs"
    folder.mkdir()
    _add(folder, WHITEHOUSE_FILES[:6])
    build_index(index_dir, [folder], progress=False)
    older_tables = (current_generation(index_dir) / TABLES_FILE).read_bytes()
    _add(folder, WHITEHOUSE_FILES[6:9])
    build_index(index_dir, [folder], progress=False)
    generation = current_generation(index_dir)
    expected = _answers(index_dir)
    assert expected[2]["total"] == 9
    # Tables of the earlier state (as a hard link the commit did not replace would be)
    # are not used: the generation computes its own when it opens.
    (generation / TABLES_FILE).write_bytes(older_tables)
    assert _answers(index_dir) == expected
    (generation / TABLES_FILE).unlink()
    assert _answers(index_dir) == expected


def test_a_checkpoint_stores_no_tables_and_its_generation_computes_them(tmp_path):
    generation = write_statements(tmp_path, STATEMENTS)
    ix = TermsInMemory(str(generation)).open_index()
    writer = Writer(ix, generation)
    writer.delete_by_term("id", STATEMENTS[0].id)
    writer.commit(merge=False)
    ix = TermsInMemory(str(generation)).open_index()
    assert load_tables(generation, index_stamp(ix)) is None
    ix.close()
    with Engine(tmp_path) as engine:
        assert engine.search(SearchRequest(q="")).total == len(STATEMENTS) - 1


def test_days_and_lengths_read_as_arrays_are_those_whoosh_gives_document_by_document(
    tmp_path,
):
    # Two segments (a commit without merging) and a deleted statement in the first.
    generation = write_statements(tmp_path, STATEMENTS[:-2])
    ix = TermsInMemory(str(generation)).open_index()
    writer = Writer(ix, generation)
    writer.delete_by_term("id", STATEMENTS[0].id)
    for statement in STATEMENTS[-2:]:
        writer.add_document(**to_fields(statement))
    writer.commit(merge=False)
    ix = TermsInMemory(str(generation)).open_index()
    with ix.reader() as reader:
        assert len(reader.leaf_readers()) == 2 and reader.has_deletions()
        tables = compute_tables(reader, index_stamp(ix))
        size = reader.doc_count_all()
        day = reader.column_reader("day")
        undated = set(reader.postings("dated", b"no").all_ids())
        live = set(reader.all_doc_ids())
        assert tables.days.tolist() == [
            day[d] if d in live and d not in undated else 0 for d in range(size)
        ]
        assert set(tables.days.tolist()) > {0}
        for fieldname, lengths in tables.lengths.items():
            assert lengths.tolist() == [
                reader.doc_field_length(d, fieldname) or 0 for d in range(size)
            ]
        assert tables.lengths["body"].tolist().count(0) < size
        # The frequent words' postings, laid end to end, are what each word's matcher
        # gives document by document (deleted statement included, as Whoosh keeps it).
        frequent = tables.frequent
        assert frequent.keys == [(f, w) for f in WARM_FIELDS for w in tables.frequent_words[f]]
        assert len(frequent.keys) > 20 and frequent.offsets[-1] == len(frequent.docs)
        for fieldname, word in frequent.keys:
            matcher = reader.postings(fieldname, word)
            expected_docs, expected_weights = [], []
            while matcher.is_active():
                expected_docs.append(matcher.id())
                expected_weights.append(matcher.weight())
                matcher.next()
            docs, weights = tables.frequent_postings[fieldname, word]
            assert docs.tolist() == expected_docs
            assert weights.tolist() == np.float32(expected_weights).tolist()
    ix.close()
