"""CSV and TSV: columns by their usual names or --columns, one refusal per bad row."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bilat_cli import main
from indexer.build import build_index
from indexer.errors import Refusal
from indexer.pipeline import MAX_DOCUMENT_BYTES, read_statements
from indexer.sources import SourceFile
from search.engine import Engine

DATA = Path(__file__).parent / "data"


def statements_of(path: Path, fmt: str, columns=None) -> list:
    return list(read_statements(SourceFile(path, fmt), columns))


def test_csv_rows_become_statements_and_a_bad_row_is_refused_alone():
    items = statements_of(DATA / "statements.csv", "csv")
    origin = str(DATA / "statements.csv")
    assert [getattr(item, "id", None) for item in items] == [
        "jwgsqt6no6hn",
        None,
        "vesfouv3kyve",
        "zxb3mcjaaive",
    ]
    assert [getattr(item, "aliases", None) for item in items] == [
        ("2024-03-12-kazakhstan-and-china-open-a-new-border-crossing-37bb575363",),
        None,
        ("2023-04-05-kazakhstan-and-uzbekistan-agree-on-water-quotas-f4a90195dd",),
        ("undated-kazakhstan-and-turkey-sign-a-trade-protocol-cfa7854959",),
    ]
    assert items[1] == Refusal(f"{origin}:3", "wrong number of cells", "3 cells, the header has 9")
    first, water, trade = items[0], items[2], items[3]
    assert (first.source_url, first.lang, first.source, first.place, first.extra) == (
        "https://example.kz/news/1", "en", "akorda.kz", "Astana", {"Topic": "transport"},
    )  # fmt: skip
    # A quoted field over several lines, with a blank line between paragraphs.
    assert water.paragraphs == (
        "The ministers agreed on the quotas for the Syr Darya.",
        'They will meet again in Astana, "before the summer".',
    )
    assert water.origin == f"{origin}:4"
    assert (trade.date, trade.source_url, trade.extra) == (None, None, {})


def test_tsv_is_read_with_tabs():
    items = statements_of(DATA / "statements.tsv", "tsv")
    assert [(s.title, s.date.isoformat(), s.paragraphs) for s in items] == [
        (
            "Kazakhstan and Kyrgyzstan mark the border",
            "2022-11-17",
            ("The presidents signed the treaty on the state border.",),
        ),
        (
            "Kazakhstan and Mongolia discuss tourism",
            "2022-12-01",
            ("The ministers discussed direct flights between Astana and Ulaanbaatar.",),
        ),
    ]


def test_columns_option_maps_other_names_and_keeps_a_column_named_like_a_field():
    origin = str(DATA / "mapped.csv")
    assert statements_of(DATA / "mapped.csv", "csv") == [
        Refusal(f"{origin}:2", "record without a title")
    ]
    (accord,) = statements_of(
        DATA / "mapped.csv", "csv", {"title": "NAME", "date": "day", "text": "full_text"}
    )
    assert (accord.title, accord.date.isoformat(), accord.paragraphs, accord.extra) == (
        "Kazakhstan and Azerbaijan sign an energy accord",
        "2023-06-08",
        ("The accord covers electricity exported across the Caspian Sea.",),
        {"column text": "draft"},
    )
    assert statements_of(DATA / "mapped.csv", "csv", {"text": "body_text"}) == [
        Refusal(f"{origin}:1", "column not found", "no column 'body_text' for 'text' in the header")
    ]


def test_oversized_field_and_invalid_utf8_are_refused_per_row(tmp_path):
    path = tmp_path / "big.csv"
    huge = "word " * (MAX_DOCUMENT_BYTES // 5 + 1)
    path.write_bytes(
        b"title,text\n"
        + f"Too long,{huge}\n".encode()
        + b"Bad bytes,caf\xe9\n"
        + b"Kept,A short text.\n"
    )
    items = statements_of(path, "csv")
    assert items[:2] == [
        Refusal(
            f"{path}:2",
            "record too large",
            f"{len('Too long') + len(huge):,} bytes, limit {MAX_DOCUMENT_BYTES:,}",
        ),
        Refusal(f"{path}:3", "not valid UTF-8 text", "in column 'text'"),
    ]
    assert items[2].title == "Kept"
    assert items[2].origin == f"{path}:4"


def test_cli_columns_reach_the_index_and_a_bad_value_exits_2(tmp_path, capsys):
    folder = tmp_path / "tables"
    folder.mkdir()
    shutil.copy(DATA / "mapped.csv", folder / "mapped.csv")
    index_dir = tmp_path / "index"
    args = ["index", "--index", str(index_dir), "--quiet", "--columns"]
    with pytest.raises(SystemExit) as exited:
        main([*args, "text=full_text,body", str(folder)])
    assert exited.value.code == 2
    assert "argument --columns: expected FIELD=COLUMN, got 'body'" in capsys.readouterr().err

    assert main([*args, "title=name,text=full_text,date=day", str(folder)]) == 0
    accord_id = "2023-06-08-kazakhstan-and-azerbaijan-sign-an-energy-accord-efdddeb147"
    with Engine(index_dir) as engine:
        assert engine.get(accord_id).title == "Kazakhstan and Azerbaijan sign an energy accord"

    # Without the mapping the same file is read again, not skipped as unchanged.
    report = build_index(index_dir, [folder], progress=False)
    assert (report.unchanged_files, report.removed) == (0, 1)
    assert report.refused == [Refusal(f"{folder / 'mapped.csv'}:2", "record without a title")]
