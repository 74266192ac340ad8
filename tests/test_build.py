"""Indexing runs: incremental updates, duplicates, pruning, bad input and the run report."""

import json
import shutil

import pytest

from bilat_cli import main
from indexer.build import REPORT, build_index
from search.engine import Engine
from search.models import SearchRequest

from .conftest import SEED_FILE, SHARED_CORPUS
from .helpers import BRIEFING_EARLIER_ID, BRIEFING_ID, INDIA, SLOVENIA, make_bad_inputs


def all_ids(index_dir):
    with Engine(index_dir) as engine:
        result = engine.search(SearchRequest(q="", per_page=100))
    return sorted(hit.id for hit in result.hits)


@pytest.fixture()
def folder(tmp_path):
    """A folder of three statements in three formats."""
    docs = tmp_path / "docs"
    (docs / "akorda.kz").mkdir(parents=True)
    shutil.copy(SEED_FILE, docs / "akorda.kz" / "briefing.txt")
    shutil.copy(SLOVENIA, docs / "slovenia.md")
    shutil.copy(INDIA, docs / "india.md")
    return docs


def test_second_run_over_unchanged_files_skips_them_and_keeps_the_generation(folder, tmp_path):
    index_dir = tmp_path / "index"
    first = build_index(index_dir, [folder], progress=False)
    assert (first.indexed, first.total, first.generation.name) == (3, 3, "gen-000001")
    ids = all_ids(index_dir)

    second = build_index(index_dir, [folder], progress=False)
    assert (second.unchanged_files, second.parsed_files, second.indexed) == (3, 0, 0)
    assert second.generation.name == "gen-000001"
    assert "3 unchanged" in second.summary() and "Index unchanged: 3 statements" in second.summary()
    assert all_ids(index_dir) == ids


def test_changed_and_new_files_are_indexed_and_the_old_generation_stays_whole(folder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(index_dir, [folder], progress=False)
    text = (folder / "akorda.kz" / "briefing.txt").read_text(encoding="utf-8")
    (folder / "akorda.kz" / "briefing.txt").write_text(
        text.replace("Speaking to reporters", "Speaking to the press"), encoding="utf-8"
    )
    (folder / "new.jsonl").write_text(
        json.dumps({"id": "n1", "url": "https://example.org/n1", "title": "New", "text": "Body."})
        + "\n",
        encoding="utf-8",
    )
    report = build_index(index_dir, [folder], progress=False)
    assert (report.unchanged_files, report.parsed_files) == (2, 2)
    assert (report.indexed, report.removed, report.total) == (2, 1, 4)
    assert report.generation.name == "gen-000002"
    # Known by its text alone, the edited briefing has a new key; its earlier ids lead to it.
    assert BRIEFING_ID not in all_ids(index_dir)
    with Engine(index_dir) as engine:
        edited = engine.get(BRIEFING_ID)
    assert edited.id in all_ids(index_dir) and "Speaking to the press" in edited.text
    assert set(edited.aliases) == {BRIEFING_ID, BRIEFING_EARLIER_ID}
    # The previous generation, hard-linked into the new one, is still as it was.
    (index_dir / "CURRENT").write_text("gen-000001\n")
    assert len(all_ids(index_dir)) == 3


def test_prune_removes_the_statements_of_files_that_are_gone(folder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(index_dir, [folder], progress=False)
    (folder / "india.md").unlink()
    kept = build_index(index_dir, [folder], progress=False)
    assert (kept.gone_files, kept.total) == (1, 3)
    assert "1 files indexed before are gone (kept; --prune removes them)" in kept.summary()
    pruned = build_index(index_dir, [folder], progress=False, prune=True)
    assert (pruned.gone_files, pruned.removed, pruned.total) == (1, 1, 2)
    with Engine(index_dir) as engine:
        titles = [h.title for h in engine.search(SearchRequest(q="", per_page=100)).hits]
    assert len(titles) == 2 and not any("Modi" in t for t in titles)


def test_moved_files_keep_their_statements_and_ids(folder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(index_dir, [folder], progress=False)
    ids = all_ids(index_dir)
    moved = tmp_path / "moved"
    folder.rename(moved)
    report = build_index(index_dir, [moved], progress=False, prune=True)
    assert (report.indexed, report.duplicates, report.total) == (3, 0, 3)
    assert all_ids(index_dir) == ids


def test_same_statement_twice_is_indexed_once_and_counted(folder, tmp_path):
    copy = folder / "copy"
    copy.mkdir()
    shutil.copy(SLOVENIA, copy / "same-url.md")
    # The same text under another address and title is still the same statement.
    text = SLOVENIA.read_text(encoding="utf-8")
    (copy / "same-text.md").write_text(
        text.replace("source_url: https://bidenwhitehouse", "source_url: https://mirror").replace(
            "title: ", "title: Copy of ", 1
        ),
        encoding="utf-8",
    )
    report = build_index(tmp_path / "index", [folder], progress=False)
    assert (report.indexed, report.duplicates, report.total) == (3, 2, 3)
    assert "2 duplicates skipped" in report.summary()


def test_ids_are_the_same_after_a_full_rebuild(folder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(index_dir, [folder], progress=False)
    ids = all_ids(index_dir)
    build_index(index_dir, [folder], progress=False, rebuild=True)
    assert all_ids(index_dir) == ids


def test_bad_input_is_refused_one_line_each_and_the_run_goes_on(folder, tmp_path, capsys):
    expected = make_bad_inputs(folder)
    index_dir = tmp_path / "index"
    status = main(["index", "--index", str(index_dir), "--quiet", str(folder)])
    assert status == 0
    err = capsys.readouterr().err
    for origin, reason in expected.items():
        assert sum(1 for line in err.splitlines() if f"{origin}: {reason}" in line) == 1

    report = json.loads((index_dir / REPORT).read_text(encoding="utf-8"))
    assert {r["origin"]: r["reason"] for r in report["refused"]} == expected
    assert (report["indexed"], report["total"]) == (4, 4)
    assert report["refused_by_reason"]["file too large"] == 1
    assert "4 statements indexed" in err and "7 refused" in err

    assert main(["index", "--index", str(index_dir), "--quiet", "--strict", str(folder)]) == 3


def test_nothing_indexable_exits_non_zero(tmp_path, capsys):
    bad = tmp_path / "docs"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    assert main(["index", "--index", str(tmp_path / "index"), "--quiet", str(bad)]) == 1
    assert "empty file" in capsys.readouterr().err


def test_an_index_from_another_indexer_version_is_read_again_in_full(folder, tmp_path):
    index_dir = tmp_path / "index"
    build_index(index_dir, [folder], progress=False)
    ids = all_ids(index_dir)
    manifest_path = index_dir / "gen-000001" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["code"] = "built-by-an-older-indexer"
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    report = build_index(index_dir, [folder], progress=False)
    assert (report.parsed_files, report.indexed, report.total) == (3, 3, 3)
    assert "every file was read again" in report.summary()
    assert all_ids(index_dir) == ids


@pytest.mark.skipif(not (SHARED_CORPUS / "html").is_dir(), reason="real HTML pages absent")
def test_real_pages_statements_indexed_and_three_listings_refused(tmp_path):
    # Three articles of mfa.gov.by and spm.gov.cm, and the 48 articles of fmprc.gov.cn.
    report = build_index(tmp_path / "index", [SHARED_CORPUS / "html"], progress=False)
    assert (report.indexed, report.total) == (51, 51)
    assert report.refused_by_reason() == {"listing page, not a statement": 3}
    assert sorted(r.origin.rsplit("/", 1)[1] for r in report.refused) == [
        "belarus.html",
        "press-release.html",
        "timor.html",
    ]


def test_short_equal_texts_are_not_taken_for_duplicates(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    records = [
        {"url": f"https://example.org/{n}", "title": f"Toast {n}", "text": "Thank you."}
        for n in (1, 2)
    ]
    (docs / "toasts.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n")
    report = build_index(tmp_path / "index", [docs], progress=False)
    assert (report.indexed, report.duplicates) == (2, 0)


def test_unchanged_refused_files_are_not_read_again_but_still_reported(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(SEED_FILE, docs / "briefing.txt")
    (docs / "empty.html").write_bytes(b"")
    index_dir = tmp_path / "index"
    first = build_index(index_dir, [docs], progress=False)
    second = build_index(index_dir, [docs], progress=False)
    assert (second.unchanged_files, second.parsed_files) == (2, 0)
    assert second.generation == first.generation
    assert [(r.reason, r.origin) for r in second.refused] == [
        ("empty file", str(docs / "empty.html"))
    ]
