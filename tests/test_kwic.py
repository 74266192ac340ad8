"""Keyword in context: every match, centred, with its context, sortable, linked to its paragraph."""

from __future__ import annotations

import csv
import io

from search.kwic import lines_in, sort_lines
from search.query import Marks


def test_lines_keep_the_asked_number_of_words_either_side():
    marks = Marks(words=frozenset({"energy"}))
    lines = lines_in(
        "d1", "T", None, ["One two three four energy five six, seven eight."], marks, 2
    )
    assert [(l.left, l.match, l.right, l.paragraph) for l in lines] == [
        ("three four", "energy", "five six", 1)
    ]
    assert lines[0].left_key == ("four", "three")
    assert lines[0].right_key == ("five", "six")


def test_a_phrase_gives_one_line_only_where_its_words_stand_together():
    marks = Marks(phrases=((("national", "currencies"), 1),))
    paragraphs = ["National banks and currencies.", "Trade in national currencies grew."]
    lines = lines_in("d1", "T", None, paragraphs, marks, 5)
    assert [(l.paragraph, l.left, l.match, l.right) for l in lines] == [
        (2, "Trade in", "national currencies", "grew")
    ]


def test_sorting_by_left_context_reads_the_nearest_word_first():
    marks = Marks(words=frozenset({"energy"}))
    lines = lines_in("d1", "T", None, ["b a energy", "a b energy", "c energy"], marks, 5)
    assert [l.left for l in sort_lines(lines, "left")] == ["b a", "a b", "c"]
    assert [l.left for l in sort_lines(lines, "date")] == ["b a", "a b", "c"]
    right = lines_in("d1", "T", None, ["energy z", "energy b c", "energy b a"], marks, 5)
    assert [l.right for l in sort_lines(right, "right")] == ["b a", "b c", "z"]


def test_kwic_page_lists_every_match_newest_first_linked_to_its_paragraph(research_client):
    page = research_client.get("/kwic?q=energy&context=5").get_data(as_text=True)
    assert "4 matches</span>\n    in 4 statements" in page
    assert (
        '<td class="left">Belarus and Russia discussed</td>\n'
        '        <td class="match"><a href="/doc/2019-12-01-belarus-russia-union?q=energy#p1">'
        "<mark>energy</mark></a></td>\n"
        '        <td class="right">prices and integration</td>'
    ) in page
    assert page.index("2019-12-01-belarus-russia-union") < page.index("2018-06-10-energy-talks")


def test_kwic_respects_the_search_filters(research_client):
    data = research_client.get("/kwic.json?q=energy&country=CN").get_json()
    assert [(l["id"], l["paragraph"], l["url"]) for l in data["lines"]] == [
        (
            "2018-06-10-energy-talks-with-china",
            1,
            "/doc/2018-06-10-energy-talks-with-china#p1",
        )
    ]


def test_kwic_sorted_by_right_context(research_client):
    data = research_client.get("/kwic.json?q=energy&context=5&order=right").get_json()
    assert [l["right"] for l in data["lines"]] == [
        "cooperation",
        "cooperation and mining projects",
        "cooperation with Russia was discussed",
        "prices and integration",
    ]


def test_kwic_csv_has_one_row_per_match(research_client):
    response = research_client.get('/kwic.csv?q="national currencies"&context=5&order=left')
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["id", "date", "title", "paragraph", "left", "match", "right", "permalink"]
    assert [(r[0], r[3], r[4], r[5]) for r in rows[1:]] == [
        (
            "2018-06-10-energy-talks-with-china",
            "2",
            "supplies and mutual settlements in",
            "national currencies",
        ),
        ("2018-09-12-meeting-with-russia", "2", "noted growth in trade in", "national currencies"),
    ]
    assert response.headers["X-Total-Count"] == "2"


def test_kwic_rejects_an_unknown_context_or_order(research_client):
    response = research_client.get("/kwic?q=energy&context=7")
    assert response.status_code == 400
    assert "&#39;context&#39; must be one of 5, 10, 20, not &#39;7&#39;." in response.get_data(
        as_text=True
    )
    assert research_client.get("/kwic.json?q=energy&order=middle").get_json() == {
        "error": "'order' must be one of date, left, right, not 'middle'."
    }


def test_kwic_without_words_asks_for_them(research_client):
    page = research_client.get("/kwic").get_data(as_text=True)
    assert "Give words or a quoted phrase" in page
