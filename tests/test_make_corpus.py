"""The derived benchmark collection: real paragraphs only, re-dated, the same every time."""

from __future__ import annotations

import gzip
import importlib.util
import json

import pytest

from .conftest import REPO

_spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)

RECORDS = [
    {
        "id": f"wh-{n}",
        "source": "whitehouse.gov",
        "url": f"https://example.org/{n}",
        "date": f"202{n % 5}-0{1 + n % 9}-1{n % 10}",
        "title": f"Readout of call number {n}",
        "place": None,
        "lang": "en",
        "category": "statements-releases",
        "text": "\n\n".join(f"Paragraph {p} of statement {n}." for p in range(1 + n % 6)),
    }
    for n in range(12)
]
IDS_SEED_9 = ["wh-7-d000012", "wh-2-d000013", "wh-7-d000014"]
"""The bases seed 9 draws first: the sequence of the standard library's Mersenne Twister."""
REAL_PARAGRAPHS = {p for r in RECORDS for p in r["text"].split("\n\n")}


def test_the_real_statements_come_first_unchanged():
    derived = list(make_corpus.derive(RECORDS, 40, seed=3))
    assert derived[:12] == RECORDS
    assert len(derived) == 40


def test_derived_statements_are_made_of_real_paragraphs_of_their_base_and_donor():
    by_id = {r["id"]: r for r in RECORDS}
    for record in list(make_corpus.derive(RECORDS, 60, seed=3))[12:]:
        base, donor = (by_id[i] for i in record["derived_from"])
        assert base is not donor
        paragraphs = record["text"].split("\n\n")
        assert set(paragraphs) <= REAL_PARAGRAPHS
        assert set(paragraphs) <= set(base["text"].split("\n\n")) | set(donor["text"].split("\n\n"))
        assert set(paragraphs) & set(base["text"].split("\n\n"))
        assert set(paragraphs) & set(donor["text"].split("\n\n"))
        assert record["title"] == base["title"]


def test_derived_statements_keep_month_and_day_in_an_earlier_or_equal_year():
    by_id = {r["id"]: r for r in RECORDS}
    for record in list(make_corpus.derive(RECORDS, 60, seed=3))[12:]:
        base = by_id[record["derived_from"][0]]
        assert record["date"][4:] == base["date"][4:]
        assert make_corpus.FIRST_YEAR <= int(record["date"][:4]) <= int(base["date"][:4])


def test_a_long_base_is_cut_to_its_first_paragraphs():
    long = dict(RECORDS[0], id="long", text="\n\n".join(f"Line {n}." for n in range(50)))
    other = dict(RECORDS[1], id="other", text="Only this.")
    derived = list(make_corpus.derive([long, other], 30, seed=1, max_paragraphs=4))[2:]
    for record in derived:
        assert len(record["text"].split("\n\n")) <= 5
        assert "Line 4." not in record["text"]


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first, second, other = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz", tmp_path / "c.jsonl.gz"
    make_corpus.write_jsonl_gz(first, make_corpus.derive(RECORDS, 50, seed=9))
    make_corpus.write_jsonl_gz(second, make_corpus.derive(RECORDS, 50, seed=9))
    make_corpus.write_jsonl_gz(other, make_corpus.derive(RECORDS, 50, seed=10))
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()
    with gzip.open(first, "rt", encoding="utf-8") as lines:
        ids = [json.loads(line)["id"] for line in lines]
    assert ids[:12] == [r["id"] for r in RECORDS]
    assert ids[12:15] == IDS_SEED_9


def test_sizes_are_read_as_make_bench_names_them():
    assert [make_corpus.parse_count(s) for s in ("11k", "100k", "1m", "1.5m", "2500")] == [
        11_000,
        100_000,
        1_000_000,
        1_500_000,
        2_500,
    ]
    for bad in ("", "1g", "k", "0", "0.5", "1.0001k"):
        with pytest.raises(ValueError):
            make_corpus.parse_count(bad)


def test_a_larger_collection_begins_with_the_smaller_one():
    # A million statements are the 100,000 and more: each size extends the one below it.
    small = list(make_corpus.derive(RECORDS, 40, seed=9))
    large = list(make_corpus.derive(RECORDS, 90, seed=9))
    assert large[:40] == small
