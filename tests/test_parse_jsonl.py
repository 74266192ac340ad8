import datetime
import gzip
import json

import pytest

from indexer.errors import Refusal
from indexer.parse_jsonl import parse_jsonl
from indexer.pipeline import read_statements
from indexer.sources import Hints, SourceFile, file_format

from .conftest import SHARED_CORPUS

RECORD = {
    "id": "wh-1",
    "source": "whitehouse.gov",
    "url": "https://www.whitehouse.gov/briefings-statements/2025/02/us-japan/",
    "date": "2025-02-07",
    "title": "United States-Japan Joint Leaders\u2019 Statement",
    "place": None,
    "lang": "en",
    "category": "briefings-statements",
    "text": "President Trump and Prime Minister Ishiba\nmet today.\n\n- First point.\n\nLast one.",
}


def lines(*records):
    return [(json.dumps(r) if not isinstance(r, str) else r).encode() + b"\n" for r in records]


def test_record_fields_paragraphs_and_extra_keys():
    [statement] = parse_jsonl(lines(RECORD), Hints(), "x.jsonl")
    assert statement.title == "United States-Japan Joint Leaders\u2019 Statement"
    assert statement.date == datetime.date(2025, 2, 7)
    assert statement.place is None
    assert statement.source == "whitehouse.gov"
    assert statement.source_url == RECORD["url"]
    assert statement.paragraphs == (
        "President Trump and Prime Minister Ishiba met today.",
        "- First point.",
        "Last one.",
    )
    assert statement.extra == {"category": "briefings-statements"}
    assert statement.origin == "x.jsonl:1"
    # The key is the URL's (with the record's language); the earlier form's id is kept.
    assert statement.id == "pvgwn45n6zig"
    assert statement.aliases == (
        "2025-02-07-united-states-japan-joint-leaders-statement-f3c0ec1cca",
    )


def test_id_comes_from_the_url_so_it_survives_edits_and_reordering():
    edited = dict(RECORD, text="Another text.", id="other")
    [first] = parse_jsonl(lines(RECORD), Hints(), "a.jsonl")
    _, second = parse_jsonl(lines(dict(RECORD, url="elsewhere"), edited), Hints(), "b.jsonl")
    assert second.id == first.id


def test_without_url_the_record_id_and_source_make_the_identity():
    record = dict(RECORD, url=None, source=None)
    [a] = parse_jsonl(lines(record), Hints(source="example.org"), "a")
    [b] = parse_jsonl(lines(dict(record, text="Changed.")), Hints(source="example.org"), "b")
    assert a.id == b.id
    assert a.source == "example.org"
    assert a.source_url is None


def test_a_malformed_line_is_one_refusal_and_the_rest_goes_on():
    items = list(
        parse_jsonl(
            lines(RECORD, '{"title": "broken', "", dict(RECORD, url="u2", text="Second.")),
            Hints(),
            "f.jsonl",
        )
    )
    assert [type(i).__name__ for i in items] == ["Statement", "Refusal", "Statement"]
    refusal = items[1]
    assert refusal.origin == "f.jsonl:2"
    assert refusal.reason == "malformed JSON line"
    assert items[2].origin == "f.jsonl:4"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"text": "body"}', "record without a title"),
        ('{"title": "T", "text": "  \\n\\n "}', "record without a text"),
        ('{"title": "T", "text": "b", "date": "someday"}', "'date' is not a date"),
        ('{"title": ["T"], "text": "b"}', "'title' is not a string"),
        ("[" * 100000 + "]" * 100000, "malformed JSON line"),
    ],
)
def test_records_that_cannot_be_statements(line, reason):
    [refusal] = parse_jsonl([line.encode()], Hints(), "r.jsonl")
    assert refusal == Refusal("r.jsonl:1", reason, refusal.detail)


def test_invalid_utf8_line_is_refused():
    [refusal] = parse_jsonl([b'{"title": "\xff"}'], Hints(), "r.jsonl")
    assert (refusal.origin, refusal.reason, refusal.detail) == (
        "r.jsonl:1",
        "not valid UTF-8 text",
        "byte 11",
    )


def test_gzipped_file_is_read_and_a_truncated_one_refused_after_what_it_holds(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    payload = b"".join(lines(RECORD, dict(RECORD, url="u2", title="Second")))
    path.write_bytes(gzip.compress(payload))
    assert file_format(path) == "jsonl"
    items = list(read_statements(SourceFile(path, "jsonl")))
    assert [i.title for i in items] == [RECORD["title"], "Second"]

    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(payload * 50)[:-30])
    items = list(read_statements(SourceFile(truncated, "jsonl")))
    assert isinstance(items[-1], Refusal)
    assert items[-1].reason == "corrupt or truncated gzip file"
    assert len(items) > 50


REAL_JSONL = SHARED_CORPUS / "whitehouse" / "whitehouse-2021-2026.jsonl.gz"


@pytest.mark.skipif(not REAL_JSONL.exists(), reason=f"real corpus absent: {REAL_JSONL}")
def test_first_real_records_parse_with_their_venue():
    with gzip.open(REAL_JSONL, "rb") as stream:
        head = [next(stream) for _ in range(300)]
    items = list(parse_jsonl(head, Hints(), "wh"))
    assert all(not isinstance(i, Refusal) for i in items)
    assert items[0].title == "President Trump\u2019s America First Priorities"
    assert items[0].date == datetime.date(2025, 1, 20)
    assert items[0].extra == {"category": "briefings-statements"}
    assert items[0].paragraphs[0] == "MAKE AMERICA SAFE AGAIN"
