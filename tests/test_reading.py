"""Reading files in a second process gives the index reading them in this one gives."""

import gzip
import itertools
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from indexer.build import MANIFEST, REPORT, build_index
from indexer.ids import identity, make_key
from indexer.near_duplicates import SKETCHES_FILE, load_sketches
from indexer.reading import CHUNK
from search.documents import from_stored
from search.engine import Engine
from search.versions import read_groups

from .conftest import REPO, SHARED_CORPUS
from .helpers import (
    BILAT,
    BODY,
    OTHER,
    WHITEHOUSE,
    make_bad_inputs,
    segment_bytes,
    wait_until,
)

JSONL = SHARED_CORPUS / "whitehouse" / "whitehouse-2021-2026.jsonl.gz"
UK_JSONL = SHARED_CORPUS / "addresses" / "addresses-2022-uk.jsonl.gz"


def jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def record(statement_id, text, date="2023-05-04"):
    return {"id": statement_id, "title": f"Talks {statement_id}", "date": date, "text": text}


def name(statement_id):
    """The record id ("a-2") a key was made from, for the records of these tests."""
    names = {make_key(identity(None, None, "en", r, ())): r for r in ("a", "a-2", "b")}
    return names.get(statement_id, statement_id)


def named(groups):
    return {name(k): name(v) for k, v in groups.items()}


def sketched(generation):
    return sorted(name(i) for i in load_sketches(generation / SKETCHES_FILE))


def mixed_folder(tmp_path):
    """Markdown statements, a JSON Lines file with a version of one record, and bad input."""
    folder = tmp_path / "docs"
    (folder / "whitehouse.gov").mkdir(parents=True)
    for path in sorted(WHITEHOUSE.rglob("*.md"))[:40]:
        shutil.copy(path, folder / "whitehouse.gov" / path.name)
    jsonl(
        folder / "talks.jsonl",
        [record("a", BODY), record("b", OTHER), record("a-2", "WASHINGTON — " + BODY)],
    )
    refused = make_bad_inputs(folder)
    return folder, refused


def test_a_second_process_reads_exactly_what_this_one_reads(tmp_path):
    folder, refused = mixed_folder(tmp_path)
    here = build_index(tmp_path / "here", [folder], progress=False, worker=False)
    there = build_index(tmp_path / "there", [folder], progress=False, worker=True)
    assert (there.indexed, there.total) == (here.indexed, here.total) == (44, 44)
    assert {r.origin: r.reason for r in there.refused} == refused
    assert there.refused == here.refused
    assert segment_bytes(there.generation) == segment_bytes(here.generation)
    for name in (MANIFEST, "groups.json"):
        found_here = json.loads((here.generation / name).read_text("utf-8"))
        found_there = json.loads((there.generation / name).read_text("utf-8"))
        # The index state the groups' document numbers belong to names each index's own
        # segment, whose id is random: the rest of the state must be the same.
        stamps = [found.pop("stamp", None) for found in (found_here, found_there)]
        assert found_there == found_here
        assert [(s[0], [segment[1:] for segment in s[1]]) for s in stamps if s] == (
            [(1, [[44, 0]])] * 2 if name == "groups.json" else []
        )
    assert named(read_groups(there.generation)) == {"a": "a-2", "a-2": "a-2"}
    sketches_here = load_sketches(here.generation / SKETCHES_FILE)
    sketches_there = load_sketches(there.generation / SKETCHES_FILE)
    assert sorted(sketches_there) == sorted(sketches_here)
    assert len(sketches_there) == 44
    assert all(
        (sketches_there[i].signature == sketches_here[i].signature).all()
        for i in sketches_here
        if sketches_here[i].signature is not None
    )
    report = json.loads((tmp_path / "there" / REPORT).read_text("utf-8"))
    assert report["indexed"] == 44


def test_a_version_added_later_joins_a_statement_of_an_earlier_run(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    jsonl(folder / "first.jsonl", [record("a", BODY), record("b", OTHER)])
    index_dir = tmp_path / "index"
    first = build_index(index_dir, [folder], progress=False)
    assert read_groups(first.generation) == {}
    assert sketched(first.generation) == ["a", "b"]

    jsonl(folder / "later.jsonl", [record("a-2", "WASHINGTON — " + BODY, "2023-05-05")])
    second = build_index(index_dir, [folder], progress=False)
    assert second.indexed == 1
    # The longer text represents the group: the version with a dateline.
    assert named(read_groups(second.generation)) == {"a": "a-2", "a-2": "a-2"}
    assert sketched(second.generation) == ["a", "a-2", "b"]

    # Pruned statements leave the sketches and the groups.
    (folder / "later.jsonl").unlink()
    third = build_index(index_dir, [folder], progress=False, prune=True)
    assert read_groups(third.generation) == {}
    assert sketched(third.generation) == ["a", "b"]


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs /proc (Linux)")
@pytest.mark.skipif(not JSONL.exists(), reason="needs ../shared/corpus")
def test_the_reading_process_ends_when_the_indexer_is_killed(tmp_path):
    process = subprocess.Popen(
        [*BILAT, "index", "--index", str(tmp_path / "index"), str(JSONL)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # The progress bar, read as it comes, so that the pipe never fills.
    progress = bytearray()

    def read_progress() -> None:
        while chunk := process.stderr.read1(65536):
            progress.extend(chunk)

    reader = threading.Thread(target=read_progress)
    reader.start()
    try:
        wait_until(lambda: children(process.pid), "no reading process was started")
        started = children(process.pid)
        # Reading and writing are under way once the bar counts 200 statements written.
        wait_until(lambda: b"statements=200" in progress, "the indexer wrote nothing")
        assert all(alive(pid) for pid in started)
    finally:
        process.kill()
        process.wait()
        reader.join()
        process.stderr.close()
    wait_until(
        lambda: not any(alive(pid) for pid in started), "the reading process outlived the indexer"
    )


def lines(path, every, count):
    with gzip.open(path, "rb") as records:
        return b"".join(itertools.islice(records, 0, every * count, every))


def stored_documents(index_dir):
    with Engine(index_dir) as engine:
        return list(engine.searcher().all_stored_fields())


@pytest.mark.skipif(not JSONL.exists(), reason="needs ../shared/corpus")
def test_statements_prepared_by_worker_processes_are_stored_exactly_as_here(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "whitehouse.jsonl").write_bytes(lines(JSONL, 60, 185))
    (folder / "addresses-uk.jsonl").write_bytes(lines(UK_JSONL, 1, 40))
    here = build_index(tmp_path / "here", [folder], progress=False, worker=False)
    there = build_index(tmp_path / "there", [folder], progress=False, worker=True)
    assert (there.indexed, there.refused) == (here.indexed, here.refused)
    assert here.indexed == 225 > 6 * CHUNK
    stored_here, stored_there = (
        stored_documents(tmp_path / "here"),
        stored_documents(tmp_path / "there"),
    )
    # Every stored field of every statement, in the same order: ids, texts, dates and the
    # enrichment (countries, pairs, sectors, persons, language and their evidence).
    assert stored_there == stored_here
    statements = [from_stored(fields) for fields in stored_here]
    assert {s.lang for s in statements} == {"en", "uk"}
    assert sum(bool(s.pairs) for s in statements) > 100
    assert sum(bool(s.sectors) for s in statements) > 100
    assert segment_bytes(there.generation) == segment_bytes(here.generation)
