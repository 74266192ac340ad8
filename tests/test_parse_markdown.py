import datetime

import pytest

from indexer.errors import ParseError
from indexer.parse_markdown import inline_text, parse_markdown
from indexer.sources import Hints, read_hints

from .helpers import INDIA, SLOVENIA


def parse_file(path):
    return parse_markdown(path.read_bytes(), read_hints(path), str(path))


def test_remarks_front_matter_venue_and_speaker_labels():
    statement = parse_file(SLOVENIA)
    assert statement.title == (
        "Remarks by President Biden and Prime Minister Robert Golob of the Republic of "
        "Slovenia Before Bilateral Meeting"
    )
    assert statement.date == datetime.date(2024, 10, 22)
    assert statement.place == "Oval Office"
    assert statement.source == "whitehouse.gov"
    assert statement.source_url == (
        "https://bidenwhitehouse.archives.gov/briefing-room/speeches-remarks/2024/10/22/"
        "remarks-by-president-biden-and-prime-minister-robert-golob-of-the-republic-of-"
        "slovenia-before-bilateral-meeting/"
    )
    assert statement.extra == {"section": "speeches-remarks"}
    assert statement.paragraphs[:2] == ("11:48 A.M. EDT", "PRESIDENT BIDEN: Got everybody?")
    assert statement.paragraphs[-1] == "11:50 A.M. EDT"
    assert len(statement.paragraphs) == 14
    assert statement.id == "6mfounyxage4"
    assert statement.aliases == (
        "2024-10-22-remarks-by-president-biden-and-prime-minister-robert-golob-a5f0a21993",
    )


def test_release_banner_and_title_in_capitals_are_dropped():
    statement = parse_file(INDIA)
    assert statement.place == "East Room"
    assert statement.paragraphs[:3] == (
        "(February 13, 2025)",
        "6:04 P.M. EST",
        "PRESIDENT TRUMP: Thank you very much. Thank you very much. Please. Great honor.",
    )
    text = statement.text
    assert "THE WHITE HOUSE" not in text
    assert "Office of Communications" not in text
    assert "___" not in text and "\\" not in text
    assert "REMARKS BY PRESIDENT TRUMP AND PRIME MINISTER" not in text


SYNTHETIC = b"""---
title: "Joint Statement on\\_Trade"
date: 2024-03-05
source_url: https://example.gov/joint
tags: [statements-releases, trade]
---

**<u>Trade</u>**  
The two sides agreed to
[expand](https://example.gov/x "x") trade in \\*certain\\* goods
and *services*.<br />

-   First item, wrapped
    over two lines.
-   Second item.

1. Numbered point.

<!-- -->

\\###
"""


def test_markup_links_escapes_and_tags_are_removed_and_lines_joined():
    statement = parse_markdown(SYNTHETIC, Hints(), "s.md")
    assert statement.title == "Joint Statement on Trade"
    assert statement.date == datetime.date(2024, 3, 5)
    assert statement.source == "example.gov"
    assert statement.extra == {"section": ["statements-releases", "trade"]}
    assert statement.paragraphs == (
        "Trade",
        "The two sides agreed to expand trade in *certain* goods and services.",
        "- First item, wrapped over two lines.",
        "- Second item.",
        "1. Numbered point.",
    )
    assert statement.place is None


def test_inline_text_keeps_escaped_brackets_and_autolinks():
    assert inline_text("a \\[leap\\] <https://x.org/a> [b]{.underline}") == (
        "a [leap] https://x.org/a b"
    )


def test_markdown_without_front_matter_takes_its_title_from_the_heading():
    statement = parse_markdown(b"# A Heading\n\nBody text.\n", Hints(source="example.org"))
    assert (statement.title, statement.paragraphs, statement.date) == (
        "A Heading",
        ("Body text.",),
        None,
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\nBody\n", "invalid YAML front matter"),
        (b"---\ntitle: T\nBody without end\n", "front matter is not closed"),
        (b"---\ndate: 2024-01-01\n---\nBody\n", "no title"),
        (b"---\ntitle: T\n---\n\n\\###\n", "no body text"),
        (b"---\ntitle: T\n---\nBody\x00\x01\x02", "not text"),
    ],
)
def test_markdown_that_cannot_be_a_statement(data, reason):
    with pytest.raises(ParseError) as caught:
        parse_markdown(data, Hints())
    assert caught.value.reason == reason
