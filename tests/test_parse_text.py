import datetime

import pytest

from indexer.errors import ParseError
from indexer.parse_text import parse_text
from indexer.sources import Hints, read_hints

from .conftest import SEED_FILE
from .helpers import BRIEFING_EARLIER_ID, BRIEFING_ID


@pytest.fixture(scope="module")
def briefing():
    return parse_text(SEED_FILE.read_bytes(), read_hints(SEED_FILE), str(SEED_FILE))


def test_founding_briefing_header_fields(briefing):
    assert briefing.date == datetime.date(2018, 6, 10)
    assert briefing.title == (
        "Briefing for media representatives on results of the visit to the People's Republic of China"
    )
    assert briefing.place == "Qingdao, People's Republic of China"
    assert briefing.source == "akorda.kz"


def test_founding_briefing_body_without_site_navigation(briefing):
    assert len(briefing.paragraphs) == 10
    assert briefing.paragraphs[0] == (
        "Speaking to reporters, Nursultan Nazarbayev noted the confidential character of the "
        "dialogue between the leaders of the two states that has developed over the entire "
        "history of relations."
    )
    assert briefing.paragraphs[-1].endswith(
        "This is my responsibility, which is entrusted to me by our people, Nursultan Nazarbayev said."
    )
    assert not any("All events" in p or "Other events" in p for p in briefing.paragraphs)


def test_id_is_stable_across_parses(briefing):
    again = parse_text(SEED_FILE.read_bytes(), read_hints(SEED_FILE), "elsewhere.txt")
    assert again.id == briefing.id == BRIEFING_ID
    assert again.aliases == briefing.aliases == (BRIEFING_EARLIER_ID,)


def test_briefing_records_its_title_and_date_rules(briefing):
    assert briefing.evidence["title"] == {"line after the date line": [briefing.title]}
    assert briefing.evidence["date"] == {"head date line": ["10 June 2018"]}


def test_text_without_a_date_line_first_is_read_by_the_general_rules():
    statement = parse_text(b"Hello\nTitle\nPlace\n\nBody.", Hints())
    assert (statement.title, statement.date, statement.place) == ("Hello", None, None)
    assert statement.paragraphs == ("Title", "Place", "Body.")


def test_date_line_then_title_then_a_sentence_is_not_the_briefing_layout():
    statement = parse_text(b"10 June 2018\nTalks\nThe sides met.\n", Hints())
    assert (statement.title, statement.date, statement.place) == (
        "Talks",
        datetime.date(2018, 6, 10),
        None,
    )
    assert statement.paragraphs == ("The sides met.",)


def test_empty_file_is_refused():
    with pytest.raises(ParseError, match="empty file"):
        parse_text(b"  \n\n", Hints())


def test_text_in_another_encoding_is_decoded_and_binary_data_is_refused():
    statement = parse_text("10 June 2018\nCafé “Astana”\nAkorda\n\nBody.".encode("cp1252"))
    assert (statement.title, statement.paragraphs) == ("Café “Astana”", ("Body.",))
    with pytest.raises(ParseError, match=r"not text \(binary data \(NUL bytes\)\)"):
        parse_text(b"10 June 2018\nT\nP\n\nBody\x00", Hints())


def test_sidecar_overrides_date_and_supplies_url(tmp_path):
    doc = tmp_path / "b.txt"
    doc.write_bytes(SEED_FILE.read_bytes())
    (tmp_path / "b.txt.meta.json").write_text(
        '{"date": "2018-06-11", "url": "https://www.akorda.kz/en/x", "source": "akorda.kz"}'
    )
    statement = parse_text(doc.read_bytes(), read_hints(doc))
    assert statement.date == datetime.date(2018, 6, 11)
    assert statement.source_url == "https://www.akorda.kz/en/x"
    assert statement.source == "akorda.kz"
