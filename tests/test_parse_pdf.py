"""PDF: reading order, running headers and footers, hyphenation, pages, refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.errors import ParseError, Refusal
from indexer.parse_pdf import parse_pdf
from search.engine import Engine

DATA = Path(__file__).parent / "data"
REVIEW_ID = "gjsaog7tpzmk"


def read(name: str):
    return parse_pdf((DATA / name).read_bytes(), origin=name)


def test_two_column_pages_read_column_by_column_without_headers_or_page_numbers():
    review = read("review.pdf")
    assert [p.split(".")[0] for p in review.paragraphs] == [
        "Alpha", "Bravo", "Charlie", "Delta", "Echo",
        "Foxtrot", "Golf", "Hotel", "India", "Juliet",
    ]  # fmt: skip
    assert review.paragraphs[0] == (
        "Alpha. The ministers of Kazakhstan and China met in Astana to review the progress"
        " of their energy partnership and the pipelines that link the two countries across"
        " the steppe."
    )
    assert not any("Spring 2024" in p for p in review.paragraphs)
    assert review.pages == (1, 1, 1, 1, 2, 2, 2, 2, 3, 3)


def test_word_hyphenated_at_a_line_break_is_mended():
    review = read("review.pdf")
    assert review.paragraphs[3] == (
        "Delta. They signed a memorandum on closer cooperation in the peaceful use of"
        " nuclear energy and agreed to meet again in Beijing."
    )


def test_title_is_the_largest_text_of_page_one_and_date_the_date_line():
    review = read("review.pdf")
    assert review.title == "Kazakhstan and China Review Energy Ties"
    assert review.date.isoformat() == "2024-03-12"
    assert review.id == REVIEW_ID


def test_columns_drawn_across_the_page_are_read_apart_and_a_paragraph_runs_on_to_next_page():
    columns = read("columns.pdf")
    assert columns.paragraphs == (
        (
            "Left column. The ministers of Kazakhstan and China met in Astana to review the"
            " progress of their energy partnership and the pipelines that link the two countries."
        ),
        (
            "Right column. The delegations discussed new projects in wind and solar power and"
            " the training of engineers at universities in both countries, and they agreed to"
            " meet again in the spring. The talks ended with a joint statement."
        ),
        "A closing paragraph. Both sides thanked their hosts for the warm welcome.",
    )
    assert columns.pages == (1, 1, 2)
    # All its text is body text of one size: the title comes from the metadata.
    assert columns.title == "Columns drawn across the page"
    assert columns.date is None


def test_date_falls_back_to_the_file_name():
    statement = parse_pdf((DATA / "columns.pdf").read_bytes(), origin="x/2021-05-04-talks.pdf")
    assert statement.date.isoformat() == "2021-05-04"


@pytest.mark.parametrize(
    "name, reason",
    [
        ("scanned.pdf", "no text layer (scanned PDF?)"),
        ("encrypted.pdf", "encrypted PDF"),
        ("truncated.pdf", "damaged PDF"),
    ],
)
def test_unreadable_pdfs_are_refused_with_a_reason(name, reason):
    with pytest.raises(ParseError) as raised:
        read(name)
    assert raised.value.reason == reason


def test_pdfs_through_the_indexer_keep_pages_and_report_refusals(tmp_path, make_app):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for name in ("review.pdf", "scanned.pdf", "encrypted.pdf", "truncated.pdf"):
        shutil.copy(DATA / name, folder / name)
    report = build_index(tmp_path / "index", [folder], progress=False, worker=False)
    assert report.indexed == 1
    assert sorted(report.refused, key=lambda r: r.origin) == [
        Refusal(str(folder / "encrypted.pdf"), "encrypted PDF", "a password is needed to open it"),
        Refusal(str(folder / "scanned.pdf"), "no text layer (scanned PDF?)", "1 page(s) without text"),
        Refusal(str(folder / "truncated.pdf"), "damaged PDF", "PSEOF: Unexpected EOF"),
    ]  # fmt: skip
    with Engine(tmp_path / "index") as engine:
        stored = engine.get(REVIEW_ID)
    assert stored.pages == (1, 1, 1, 1, 2, 2, 2, 2, 3, 3)
    assert stored.paragraphs[8].startswith("India.")

    client = make_app(tmp_path / "index").test_client()
    html = client.get(f"/doc/{REVIEW_ID}").get_data(as_text=True)
    assert (
        'India. The ministers agreed that a joint working group will report on all of these projects before the end of the year. <span class="page">p.&nbsp;3</span>'
        in html
    )
    assert client.get(f"/doc/{REVIEW_ID}.json").get_json()["pages"] == [
        1,
        1,
        1,
        1,
        2,
        2,
        2,
        2,
        3,
        3,
    ]
