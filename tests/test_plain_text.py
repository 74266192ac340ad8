"""Plain text of any layout: made-up layouts, and every bundled treaty text measured
against the years of its labels."""

import datetime
import json
from collections import Counter

import pytest

from indexer.errors import ParseError
from indexer.parse_text import parse_text
from indexer.plain_text import PARAGRAPH_MAX_CHARS
from indexer.sources import Hints, read_hints

from .conftest import CORPUS

TREATIES = CORPUS / "treaties"

PRESS_RELEASE = """\
Ministers agree on a joint commission for the Syr Darya basin

The foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on
Monday to discuss the shared use of the Syr Darya river basin. They
agreed to set up a joint commission.
The commission will meet twice a year; its first meeting is planned for
the spring.
Article 2 of the 1998 agreement stays in force.
Tashkent, 3 March 2021
"""


def test_hard_wrapped_press_release_with_a_date_line_at_the_foot():
    statement = parse_text(PRESS_RELEASE.encode(), Hints(), "news/release.txt")
    assert statement.title == "Ministers agree on a joint commission for the Syr Darya basin"
    assert statement.date == datetime.date(2021, 3, 3)
    assert statement.paragraphs == (
        (
            "The foreign ministers of Kazakhstan and Uzbekistan met in Tashkent on Monday to "
            "discuss the shared use of the Syr Darya river basin. They agreed to set up a joint "
            "commission."
        ),
        "The commission will meet twice a year; its first meeting is planned for the spring.",
        "Article 2 of the 1998 agreement stays in force.",
        "Tashkent, 3 March 2021",
    )
    assert statement.evidence == {
        "title": {"first title line": [statement.title]},
        "date": {"foot date line": ["Tashkent, 3 March 2021"]},
    }


def test_file_name_gives_the_date_when_the_text_has_none(tmp_path):
    path = tmp_path / "2018-06-10-visit.txt"
    path.write_text("Visit to Qingdao\n\nThe delegation arrived in the morning.\n")
    statement = parse_text(path.read_bytes(), read_hints(path), str(path))
    assert (statement.title, statement.date) == ("Visit to Qingdao", datetime.date(2018, 6, 10))
    assert statement.paragraphs == ("The delegation arrived in the morning.",)
    assert statement.evidence["date"] == {"file name": ["2018-06-10-visit.txt"]}


def test_file_name_made_readable_is_the_title_when_no_line_reads_as_one():
    statement = parse_text(b"12\n\n34 56\n", Hints(), "in/2019-01-02-talks_in_astana.txt")
    assert statement.title == "Talks in astana"
    assert statement.date == datetime.date(2019, 1, 2)
    assert statement.evidence["title"] == {"file name": ["Talks in astana"]}


def test_one_line_text_becomes_sentence_groups_and_its_signature_dates_it():
    sentences = [
        f"Article {n} binds the Parties to cooperate in field number {n}." for n in range(60)
    ]
    closing = "DONE at Oslo on this fifth day of May 1995 in two originals."
    text = " ".join([*sentences, closing])
    statement = parse_text(text.encode(), Hints())
    assert statement.title == "Article 0 binds the Parties to cooperate in field number 0."
    assert statement.evidence["title"] == {"first sentence": [statement.title]}
    assert statement.date == datetime.date(1995, 5, 5)
    assert statement.evidence["date"] == {
        "signature formula": ["DONE at Oslo on this fifth day of May 1995"]
    }
    assert " ".join(statement.paragraphs) == text
    assert len(statement.paragraphs) == 11
    assert all(len(p) <= PARAGRAPH_MAX_CHARS for p in statement.paragraphs)
    assert statement.paragraphs[0] == " ".join(sentences[:6])


def test_labelled_sections_keep_no_label_and_no_empty_section():
    body = "AGREEMENT ON TRADE. The Parties agree to trade. Done at Rome on 2 June 1961."
    data = f"MainText:\n{body}\n\nAppendixText:\nNA\n\nAnnexText:\nNA\n".encode()
    statement = parse_text(data, Hints())
    assert statement.title == "AGREEMENT ON TRADE."
    assert statement.paragraphs == (body,)
    assert statement.date == datetime.date(1961, 6, 2)


def test_dates_inside_the_body_are_not_taken():
    text = (
        "Protocol on fisheries\n\nThe Parties recall the Agreement signed at Paris on 3 May "
        "1950 and the talks of 12 April 1987.\nThe Protocol enters into force on 1 January 1990.\n"
    )
    statement = parse_text(text.encode(), Hints(), "protocol.txt")
    assert statement.date is None
    assert "date" not in statement.evidence


def test_a_title_dated_as_another_acts_does_not_date_the_text():
    text = "Additional Protocol to the Agreement of 18 December 1995\n\nThe Parties agree.\n"
    assert parse_text(text.encode(), Hints()).date is None


def test_sidecar_date_wins_and_is_recorded():
    statement = parse_text(PRESS_RELEASE.encode(), Hints(date=datetime.date(2021, 3, 4)))
    assert statement.date == datetime.date(2021, 3, 4)
    assert statement.evidence["date"] == {"sidecar": ["sidecar"]}


def test_head_date_line_in_spanish_and_a_wrapped_capital_title():
    text = (
        "ACUERDO DE COOPERACION ENTRE\nLA REPUBLICA DE CHILE Y\nLA REPUBLICA DEL ECUADOR\n"
        "Quito, 30 de julio de 2008\n\nLas Partes acuerdan cooperar.\n"
    )
    statement = parse_text(text.encode(), Hints())
    assert statement.title == (
        "ACUERDO DE COOPERACION ENTRE LA REPUBLICA DE CHILE Y LA REPUBLICA DEL ECUADOR"
    )
    assert statement.date == datetime.date(2008, 7, 30)
    assert statement.evidence["date"] == {"head date line": ["Quito, 30 de julio de 2008"]}
    assert statement.paragraphs == ("Las Partes acuerdan cooperar.",)


@pytest.fixture(scope="module")
def treaties():
    labels = json.loads((TREATIES / "labels.json").read_text(encoding="utf-8"))
    parsed, refused = {}, {}
    for path in sorted(TREATIES.glob("*.txt")):
        try:
            parsed[path.name] = parse_text(path.read_bytes(), read_hints(path), str(path))
        except ParseError as exc:
            refused[path.name] = exc.reason
    return labels, parsed, refused


def test_every_treaty_text_is_indexed_with_a_title_that_is_no_label(treaties):
    labels, parsed, refused = treaties
    assert len(labels) == 166
    assert set(parsed) | set(refused) == set(labels)
    assert refused == {}
    for name, statement in parsed.items():
        assert statement.title and not statement.title.endswith(":"), name
        assert "MainText" not in statement.title, name
        assert statement.paragraphs, name
        assert max(len(p) for p in statement.paragraphs) <= PARAGRAPH_MAX_CHARS, name


def test_every_treaty_date_found_has_the_labelled_year(treaties):
    labels, parsed, _ = treaties
    wrong = {
        name: (statement.date, labels[name]["year"])
        for name, statement in parsed.items()
        if statement.date and statement.date.year != labels[name]["year"]
    }
    assert wrong == {}


def test_treaty_titles_and_dates_by_rule(treaties):
    _, parsed, _ = treaties
    statements = list(parsed.values())
    assert len(statements) == 166
    assert Counter(next(iter(s.evidence["title"])) for s in statements) == {
        "first title line": 122,
        "first sentence": 44,
    }
    assert Counter(next(iter(s.evidence["date"])) for s in statements if s.date) == {
        "signature formula": 63,
        "head date line": 21,
        "title": 6,
        "foot date line": 1,
    }
    assert len({s.id for s in statements}) == 166


def test_picture_and_series_lines_of_an_official_print_are_not_its_title():
    text = (
        "Royal Crest\r Canada No.1 (2020) \rAgreement \ron Trade Continuity between the"
        " United Kingdom and Canada \rOttawa, 9 December 2020 \r\rThe Parties agree.\r"
    )
    statement = parse_text(text.encode("latin-1"), Hints(), "print.txt")
    assert statement.title == "Agreement on Trade Continuity between the United Kingdom and Canada"
    assert statement.date == datetime.date(2020, 12, 9)


def test_a_title_that_names_a_seal_or_an_emblem_is_still_a_title():
    text = "Agreement on the Seal\n\nThe Parties agree on the design of the common seal.\n"
    assert parse_text(text.encode(), Hints(), "seal.txt").title == "Agreement on the Seal"
