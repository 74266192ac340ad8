"""Word documents: title, date line, paragraphs and headings in order, tables as rows."""

from __future__ import annotations

import shutil
from pathlib import Path

from indexer.build import build_index
from indexer.errors import Refusal
from indexer.parse_docx import parse_docx

DATA = Path(__file__).parent / "data"


def test_docx_gives_title_date_paragraphs_and_table_rows():
    statement = parse_docx((DATA / "statement.docx").read_bytes())
    assert statement.title == "Joint Statement of Kazakhstan and Uzbekistan on Water"
    assert statement.date.isoformat() == "2023-04-05"
    assert statement.paragraphs == (
        "Press release",
        (
            "The foreign ministers of Kazakhstan and Uzbekistan met in Tashkent to discuss the"
            " shared use of the rivers of Central Asia."
        ),
        "Agreed quotas",
        "The sides agreed on the following water quotas for the growing season.",
        "River | Kazakhstan | Uzbekistan",
        "Syr Darya | 40% | 60%",
        "Chirchik | 25% | 75%",
        "The next meeting will be held in Astana.",
    )
    assert statement.pages == ()


def test_damaged_docx_is_refused_through_the_indexer(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DATA / "statement.docx", folder / "statement.docx")
    (folder / "cut.docx").write_bytes((DATA / "statement.docx").read_bytes()[:2000])
    report = build_index(tmp_path / "index", [folder], progress=False, worker=False)
    assert report.indexed == 1
    assert report.refused == [
        Refusal(
            str(folder / "cut.docx"),
            "damaged Word document",
            "BadZipFile: File is not a zip file",
        )
    ]
