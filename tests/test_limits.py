"""Oversize and malformed documents are refused with a reason; oversize requests get a 400."""

from __future__ import annotations

import gzip
import json
from urllib.parse import urlencode

import pytest

from indexer.build import build_index
from indexer.parse_jsonl import MAX_RECORD_BYTES
from indexer.pipeline import MAX_DOCUMENT_BYTES
from search.settings import DEFAULTS

MAX_FILTERS, MAX_PARAMETERS, MAX_VALUE_CHARS = (
    DEFAULTS[name] for name in ("MAX_FILTERS", "MAX_PARAMETERS", "MAX_VALUE_CHARS")
)

GOOD = {"id": "ok", "url": "https://example.org/ok", "title": "Fine", "text": "Energy talks."}


def test_oversize_and_malformed_documents_are_refused_and_the_rest_indexed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    big = MAX_DOCUMENT_BYTES + 1
    (docs / "huge.md").write_bytes(b"---\ntitle: Huge\n---\n" + b"word " * (big // 5 + 1))
    (docs / "huge.txt").write_bytes(b"Title\n\n" + b"x" * big)
    (docs / "noise.md").write_bytes(bytes(range(128, 256)) * 40)
    (docs / "nothing.md").write_bytes(b"   \n\n  ")
    (docs / "frontmatter.md").write_bytes(b"---\ntitle: [unclosed\n---\nBody text.\n")
    lines = [
        json.dumps(GOOD),
        '{"title": "No text"}',
        '{"title": "x", "text": "y", "date": "2023-02-30"}',
        json.dumps({"title": "Big", "text": "a" * (MAX_RECORD_BYTES + 10)}),
        "[1, 2",
        '"just a string"',
    ]
    (docs / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # Small on disk, one endless line once unpacked.
    (docs / "bomb.jsonl.gz").write_bytes(gzip.compress(b"a" * (MAX_RECORD_BYTES * 2)))

    report = build_index(tmp_path / "index", [docs], progress=False)
    reasons = {r.origin.removeprefix(str(docs) + "/"): r.reason for r in report.refused}
    assert reasons == {
        "huge.md": "file too large",
        "huge.txt": "file too large",
        "noise.md": "not text",
        "nothing.md": "empty file",
        "frontmatter.md": "invalid YAML front matter",
        "records.jsonl:2": "record without a text",
        "records.jsonl:3": "'date' is not a date",
        "records.jsonl:4": "record too large",
        "records.jsonl:5": "malformed JSON line",
        "records.jsonl:6": "not a JSON object",
        "bomb.jsonl.gz:1": "record too large",
    }
    assert (report.indexed, report.total) == (1, 1)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "a" * 1001}, "The query is 1,001 characters long; the limit is 1,000."),
        ({"q": "a " * 61}, "The query has 61 words and phrases; the limit is 60."),
        ({"page": "1001"}, "'page' must be between 1 and 1000."),
        ({"page": "0"}, "'page' must be between 1 and 1000."),
        ({"page": "99999999999999999999"}, "'page' must be between 1 and 1000."),
        ({"per_page": "101"}, "'per_page' must be between 1 and 100."),
        ({"per_page": "-1"}, "'per_page' must be between 1 and 100."),
        (
            {"country": [f"{a}{b}" for a in "ABC" for b in "ABCDEFGHIJKLMNOPQR"]},
            "'country' is given 54 times; the limit is 50.",
        ),
        (
            {
                "country": [f"C{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"] * 1,
                "-country": [f"D{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"],
                "person": [f"person {n}" for n in range(30)],
                "-source": [f"site{n}.example" for n in range(20)],
            },
            f"The search names 102 filter values; the limit is {MAX_FILTERS}.",
        ),
        (
            {"sector": "s" * (MAX_VALUE_CHARS + 1)},
            (
                f"A 'sector' value is {MAX_VALUE_CHARS + 1} characters long; "
                f"the limit is {MAX_VALUE_CHARS}."
            ),
        ),
        (
            {f"x{n}": "1" for n in range(MAX_PARAMETERS + 1)},
            f"The address carries {MAX_PARAMETERS + 1} parameters; the limit is {MAX_PARAMETERS}.",
        ),
    ],
)
def test_request_limits_are_a_400_with_a_plain_message(research_client, params, message):
    query = urlencode(params, doseq=True)
    response = research_client.get("/search.json?" + query)
    assert response.status_code == 400
    assert response.get_json()["error"] == message
    page = research_client.get("/search?" + query)
    assert page.status_code == 400
    assert message.replace("'", "&#39;") in page.get_data(as_text=True)


def test_requests_at_the_limits_are_answered(research_client):
    params = {
        "q": "energy " + "a " * 58,
        "page": "1000",
        "per_page": "100",
        "country": [f"C{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWX"] + ["CN"],
    }
    response = research_client.get("/search.json?" + urlencode(params, doseq=True))
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], body["hits"]) == (0, [])
