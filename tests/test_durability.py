"""Crash-safe indexing, one indexer at a time, readers answered while generations change."""

from __future__ import annotations

import functools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from indexer.build import MANIFEST, REPORT, build_index
from search.engine import Engine
from search.models import SearchRequest
from search.store import CURRENT, generation_dirs, index_lock

from .conftest import REPO
from .helpers import BILAT, WHITEHOUSE, wait_until


def bundled_statements(n: int) -> list[Path]:
    """The first n bundled White House statements, in path order."""
    files = sorted(WHITEHOUSE.rglob("*.md"))
    if len(files) < n:
        pytest.skip(f"the bundled corpus has {len(files)} White House statements, {n} needed")
    return files[:n]


def copy_statements(files: list[Path], folder: Path) -> None:
    """Copy statements under folder/whitehouse.gov, so that their source stays known."""
    for path in files:
        target = folder / "whitehouse.gov" / path.relative_to(WHITEHOUSE)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)


def listed_ids(index_dir: Path) -> list[str]:
    """Every statement id the index lists, duplicates included, read through the engine."""
    # A loaded machine must not cut the list short.
    with Engine(index_dir, time_limit=120) as engine:
        first = engine.search(SearchRequest(q="", sort="newest", per_page=100))
        assert not first.timed_out
        ids = [hit.id for hit in first.hits]
        for page in range(2, (first.total + 99) // 100 + 1):
            result = engine.search(SearchRequest(q="", sort="newest", per_page=100, page=page))
            ids += [hit.id for hit in result.hits]
    assert len(ids) == first.total
    return ids


def manifest_of_current(index_dir: Path) -> dict:
    name = (index_dir / CURRENT).read_text(encoding="ascii").strip()
    return json.loads((index_dir / name / MANIFEST).read_text(encoding="utf-8"))["files"]


def current_name(index_dir: Path) -> str | None:
    """The name of the current generation, None before the first commit."""
    try:
        return (index_dir / CURRENT).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None


def got_somewhere(process, index_dir: Path, before: str | None, rebuild: bool) -> bool:
    """Tell whether an indexing run has ended, or committed a generation since `before`
    (rebuilding, which commits only at the end: put a new generation on disk)."""
    if process.poll() is not None:
        return True
    if rebuild:
        return any(before is None or g.name > before for g in generation_dirs(index_dir))
    return current_name(index_dir) != before


def run_bilat(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [*BILAT, *args],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


# -- kill -9 at random moments


def test_kill_9_at_random_moments_leaves_a_committed_state_and_resuming_completes(tmp_path):
    files = bundled_statements(120)
    corpus = tmp_path / "corpus"
    copy_statements(files, corpus)

    # What each file gives, from one uninterrupted run.
    reference_dir = tmp_path / "reference"
    build_index(reference_dir, [corpus], progress=False, checkpoint=None)
    expected = {
        path: sorted(row["id"] for row in entry["statements"])
        for path, entry in manifest_of_current(reference_dir).items()
    }
    all_expected = sorted(i for ids in expected.values() for i in ids)
    assert len(all_expected) == len(set(all_expected)) > 100

    index_dir = tmp_path / "index"
    rng = random.Random(8)
    kills, runs, finished, counts, files_listed = 0, 0, False, [], 0
    while kills < 20:
        runs += 1
        assert runs < 80, "the indexing runs ended before they could be killed"
        # Once the index is complete, kill runs that rebuild it from scratch instead.
        extra = ["--rebuild"] if finished else []
        before = current_name(index_dir)
        process = run_bilat(
            "index", "-q", "--checkpoint", "0.2", "--index", str(index_dir), *extra, str(corpus)
        )
        # Kill at a random moment after the run has got somewhere: its first commit, or for a
        # rebuild (which commits once, at the end) its new generation on disk.
        wait_until(
            functools.partial(got_somewhere, process, index_dir, before, rebuild=finished),
            "the run neither ended nor got anywhere",
        )
        try:
            process.wait(timeout=rng.uniform(0.0, 0.5))
            finished = True
            assert process.returncode == 0, process.stderr.read()
            killed = False
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            killed = True
        process.stdout.close()
        process.stderr.close()
        # The index opens and holds exactly the statements of the files its manifest lists.
        ids = listed_ids(index_dir)
        manifest = manifest_of_current(index_dir)
        committed = sorted(i for path in manifest for i in expected[path])
        assert sorted(ids) == committed
        assert len(set(ids)) == len(ids)
        if killed and not extra:
            assert len(manifest) > files_listed, "a run killed after its commit made no progress"
        files_listed = len(manifest)
        counts.append(len(ids))
    assert counts == sorted(counts), "a killed run lost committed statements"

    resume = run_bilat("index", "-q", "--index", str(index_dir), str(corpus))
    _, err = resume.communicate(timeout=120)
    assert resume.returncode == 0, err
    ids = listed_ids(index_dir)
    assert sorted(ids) == all_expected
    # What the killed runs left was removed: the current generation and at most one before.
    current = (index_dir / CURRENT).read_text(encoding="ascii").strip()
    names = [g.name for g in generation_dirs(index_dir)]
    assert names[-1] == current and len(names) <= 2
    assert not [n for n in os.listdir(index_dir) if n.endswith(".tmp")]


def test_an_unfinished_generation_is_removed_by_the_next_run(tmp_path):
    files = bundled_statements(3)
    corpus = tmp_path / "corpus"
    copy_statements(files[:2], corpus)
    index_dir = tmp_path / "index"
    build_index(index_dir, [corpus], progress=False)
    # What a run killed while building its generation leaves behind.
    (index_dir / "gen-000002").mkdir()
    (index_dir / "gen-000002" / "_MAIN_1.toc").write_bytes(b"half")
    (index_dir / "CURRENT.tmp").write_text("gen-000002", encoding="ascii")
    copy_statements(files[2:], corpus)

    report = build_index(index_dir, [corpus], progress=False)
    assert "Removed 1 unfinished generation(s) left by an interrupted run." in report.summary()
    # The number is free again: the new generation is whole and current.
    assert report.generation.name == "gen-000002"
    assert [g.name for g in generation_dirs(index_dir)] == ["gen-000001", "gen-000002"]
    assert b"half" not in [p.read_bytes() for p in (index_dir / "gen-000002").iterdir()]
    assert not (index_dir / "CURRENT.tmp").exists()
    assert len(listed_ids(index_dir)) == 3


def test_a_rebuild_over_an_index_commits_once_so_readers_never_see_it_half_done(tmp_path):
    files = bundled_statements(4)
    corpus = tmp_path / "corpus"
    copy_statements(files, corpus)
    index_dir = tmp_path / "index"
    build_index(index_dir, [corpus], progress=False)
    report = build_index(index_dir, [corpus], progress=False, rebuild=True, checkpoint=0)
    assert (report.indexed, report.total, report.generation.name) == (4, 4, "gen-000002")


def test_checkpoints_commit_whole_files_and_a_run_ends_with_all_of_them(tmp_path):
    files = bundled_statements(6)
    corpus = tmp_path / "corpus"
    copy_statements(files, corpus)
    index_dir = tmp_path / "index"
    report = build_index(index_dir, [corpus], progress=False, checkpoint=0)
    # A commit after each of the first five files, then the last one.
    assert report.generation.name == "gen-000006"
    assert report.total == 6 and len(manifest_of_current(index_dir)) == 6
    assert sorted(listed_ids(index_dir)) == sorted(
        row["id"]
        for entry in manifest_of_current(index_dir).values()
        for row in entry["statements"]
    )


# -- one indexer at a time

HOLD_LOCK = """
import sys
from search.store import index_lock
with index_lock(sys.argv[1]):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes it
"""


@pytest.fixture()
def lock_holder(tmp_path):
    """Another process holding the index's lock, as a running bilat index does."""
    index_dir = tmp_path / "index"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(index_dir)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    yield index_dir, holder
    holder.stdin.close()
    holder.wait(timeout=60)
    holder.stdout.close()


def test_a_second_indexer_gives_up_after_its_wait_and_names_the_holder(lock_holder, tmp_path):
    index_dir, holder = lock_holder
    files = bundled_statements(1)
    copy_statements(files, tmp_path / "corpus")
    second = run_bilat("index", "-q", "--wait", "0.5", "--index", str(index_dir), str(tmp_path))
    _, err = second.communicate(timeout=60)
    assert second.returncode == 4
    assert err == (
        f"bilat index: another bilat index run (pid {holder.pid}) holds the index at "
        f"{index_dir}; try again when it has finished.\n"
    )
    assert "Traceback" not in err and not (index_dir / CURRENT).exists()


def test_a_killed_indexer_releases_the_lock(lock_holder, tmp_path):
    index_dir, holder = lock_holder
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with index_lock(index_dir, wait=0):
        assert (index_dir / "index.lock").read_text(encoding="ascii") == f"{os.getpid()}\n"


def holds_open(pid: int, path: Path) -> bool:
    """Tell whether a process has a file open (Linux)."""
    target = os.path.realpath(path)
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                return True
        except OSError:  # closed meanwhile
            continue
    return False


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_a_second_indexer_waits_for_the_first_to_finish(tmp_path):
    index_dir = tmp_path / "index"
    files = bundled_statements(1)
    copy_statements(files, tmp_path / "corpus")
    with index_lock(index_dir):
        second = run_bilat("index", "-q", "--wait", "600", "--index", str(index_dir), str(tmp_path))
        wait_until(
            lambda: second.poll() is not None or holds_open(second.pid, index_dir / "index.lock"),
            "the second run never reached the lock",
        )
        # It has come to the lock, and neither gave up nor wrote while the lock is held.
        assert second.poll() is None and not (index_dir / CURRENT).exists()
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert len(listed_ids(index_dir)) == 1


# -- readers while generations change


@pytest.fixture()
def served_index(tmp_path):
    """An index of 20 statements, and 20 more statements waiting to be added one by one."""
    files = bundled_statements(40)
    index_dir = tmp_path / "index"
    build_index(index_dir, [_copied(files[:20], tmp_path / "first")], progress=False)
    return index_dir, files[20:], tmp_path


def _copied(files: list[Path], folder: Path) -> Path:
    copy_statements(files, folder)
    return folder


def commit_one_by_one(
    index_dir: Path, files: list[Path], folder: Path, between=None, own_process: bool = False
) -> None:
    """Commit one generation per file, each run adding one statement to the index;
    `own_process` runs `bilat index` in a process of its own, as beside a server."""
    for n, path in enumerate(files, 1):
        copy_statements([path], folder)
        if own_process:
            before = (index_dir / CURRENT).read_text(encoding="ascii")
            command = [*BILAT, "index", "--quiet", "--index", str(index_dir), str(folder)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            assert done.returncode == 0, done.stderr
            report = json.loads((index_dir / REPORT).read_text(encoding="utf-8"))
            assert report["indexed"] == 1, report
            assert (index_dir / CURRENT).read_text(encoding="ascii") != before
        else:
            report = build_index(index_dir, [folder], progress=False, wait=30)
            assert report.changed_index and report.indexed == 1, report.summary()
        if between:
            between(n)


URLS = [
    "/search.json?q=president",
    "/search?q=trade+OR+energy&sort=newest",
    "/search?q=%22prime+minister%22",
    "/search.json?q=&country=US&per_page=5",
    "/search?q=cooperation&page=2",
]


def test_readers_get_answers_while_twenty_generations_are_committed(served_index, make_app):
    index_dir, files, folder = served_index
    app = make_app(index_dir)
    done = threading.Event()
    failures: list[str] = []
    answered = [0, 0, 0, 0]  # by reader

    def reader(seed: int) -> None:
        client = app.test_client()
        rng = random.Random(seed)
        while not done.is_set():
            url = rng.choice(URLS)
            try:
                response = client.get(url)
                status = response.status_code
            except Exception as exc:  # noqa: BLE001 - any raised error is a failure users see
                failures.append(f"{url}: {exc!r}")
                continue
            if status != 200:
                failures.append(f"{url}: {status}")
            answered[seed] += 1

    def every_reader_answers_again(n: int) -> None:
        # Two more answers: at least one to a request sent after commit n.
        wanted = [count + 2 for count in answered]
        wait_until(
            lambda: failures or all(a >= w for a, w in zip(answered, wanted, strict=True)),
            f"a reader got no answer after commit {n}",
        )

    threads = [threading.Thread(target=reader, args=(seed,)) for seed in range(len(answered))]
    for thread in threads:
        thread.start()
    try:
        # Each run is `bilat index` in its own process: in this one, the four readers,
        # which never pause, would leave it a fifth of the interpreter's time.
        commit_one_by_one(
            index_dir, files, folder / "more", between=every_reader_answers_again, own_process=True
        )
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert failures == []
    # After the last commit, readers see it.
    result = app.test_client().get("/search.json?q=&per_page=1").get_json()
    assert result["total"] == 40


def open_index_files(index_dir: Path) -> list[str]:
    """Every file under the index directory this process holds open, by path."""
    held = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # the descriptor of the listing itself, closed meanwhile
            continue
        if target.startswith(str(index_dir) + "/"):
            held.append(target)
    return sorted(held)


def segment_files_of_current(index_dir: Path) -> list[str]:
    generation = index_dir / (index_dir / CURRENT).read_text(encoding="ascii").strip()
    # Term files (.trm) are read into memory and closed when a generation opens.
    return sorted(str(p) for p in generation.iterdir() if p.suffix in (".col", ".pst"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd (Linux)")
def test_no_descriptor_leak_over_1000_requests_across_20_commits(served_index, make_app):
    index_dir, files, folder = served_index
    app = make_app(index_dir)
    client = app.test_client()
    assert client.get("/search.json?q=president").status_code == 200
    snapshots = [(open_index_files(index_dir), segment_files_of_current(index_dir))]

    def fifty_requests(n: int) -> None:
        for i in range(50):
            response = client.get(URLS[i % len(URLS)])
            assert response.status_code == 200
        snapshots.append((open_index_files(index_dir), segment_files_of_current(index_dir)))

    commit_one_by_one(index_dir, files, folder / "more", between=fifty_requests)
    assert len(snapshots) == 21
    # After each commit and the requests that follow it, the process holds exactly the
    # segment files of the current generation, each once: nothing of older generations.
    for held, current in snapshots:
        assert held == current
    assert len(snapshots[-1][0]) >= 7


def test_a_generation_that_vanished_before_it_could_be_opened_is_retried_later(served_index):
    index_dir, files, folder = served_index
    with Engine(index_dir) as engine:
        assert engine.search(SearchRequest(q="")).total == 20
        commit_one_by_one(index_dir, files[:1], folder / "more")
        # As if the new generation were removed (by a later run) before this reader opened it.
        name = (index_dir / CURRENT).read_text(encoding="ascii").strip()
        (index_dir / name).rename(index_dir / "moved-away")
        assert engine.search(SearchRequest(q="")).total == 20  # still the generation it had
        (index_dir / "moved-away").rename(index_dir / name)
        assert engine.search(SearchRequest(q="")).total == 21
