"""Near-duplicates: versions of one statement are grouped at index time and shown once."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from indexer.near_duplicates import Text, group

from .helpers import BODY, OTHER

DAY = datetime.date(2023, 5, 4)


def _texts(*items):
    return [Text(i, d, t) for i, d, t in items]


def test_a_republished_copy_and_a_dateline_version_join_the_original():
    groups = group(
        _texts(
            ("original", DAY, BODY),
            ("original-2", DAY, BODY),
            ("with-dateline", DAY + datetime.timedelta(days=1), "WASHINGTON, May 5 — " + BODY),
            ("unrelated", DAY, OTHER),
        )
    )
    assert groups == {
        "original": "with-dateline",
        "original-2": "with-dateline",
        "with-dateline": "with-dateline",
    }


def test_an_excerpt_joins_the_full_statement():
    excerpt = BODY[: BODY.index(" They also discussed")]
    groups = group(_texts(("full", DAY, BODY), ("excerpt", DAY, excerpt)))
    assert groups == {"full": "full", "excerpt": "full"}


def test_texts_dated_months_apart_stay_apart():
    later = DAY + datetime.timedelta(days=365)
    assert group(_texts(("this-year", DAY, BODY), ("next-year", later, BODY))) == {}


def test_a_template_filled_in_differently_is_not_a_version():
    # The same announcement for another country: a quarter of the words changed.
    words = BODY.split()
    changed = " ".join(w.upper() + "x" if i % 4 == 0 else w for i, w in enumerate(words))
    assert group(_texts(("a", DAY, BODY), ("b", DAY, changed))) == {}


def test_short_notices_group_only_when_identical():
    notice = "To view the letter from the Physician to the President, visit the archive page 7.21."
    groups = group(
        _texts(
            ("n1", DAY, notice),
            ("n2", DAY, notice.replace("7.21", "7.22")),
            ("n3", DAY, notice),
        )
    )
    assert groups == {"n1": "n1", "n3": "n1"}


@pytest.fixture(scope="module")
def versions_client(tmp_path_factory):
    from indexer.build import write_statements
    from tests.conftest import RESEARCH_STATEMENTS, opened_app

    first = RESEARCH_STATEMENTS[0]
    statements = [
        *RESEARCH_STATEMENTS,
        dataclasses.replace(
            first,
            id="2018-06-10-energy-talks-with-china-2",
            paragraphs=(BODY, *first.paragraphs),
        ),
        dataclasses.replace(
            first,
            id="2018-06-11-energy-talks-with-china-again",
            date=datetime.date(2018, 6, 11),
            paragraphs=("ASTANA, June 11 — " + BODY, *first.paragraphs),
        ),
    ]
    index_dir = tmp_path_factory.mktemp("versions-index")
    write_statements(index_dir, statements)
    with opened_app(index_dir) as app:
        yield app.test_client()


def test_search_shows_one_statement_per_group_with_its_versions(versions_client):
    data = versions_client.get("/search.json?q=railway").get_json()
    assert data["total"] == 1
    assert [(h["id"], h["versions"]) for h in data["hits"]] == [
        ("2018-06-11-energy-talks-with-china-again", 2)
    ]
    every = versions_client.get("/search.json?q=railway&group=0&sort=oldest").get_json()
    assert [(h["id"], h["versions"]) for h in every["hits"]] == [
        ("2018-06-10-energy-talks-with-china-2", 2),
        ("2018-06-11-energy-talks-with-china-again", 2),
    ]


def test_counts_and_facets_count_groups_unless_every_version_is_asked_for(versions_client):
    grouped = versions_client.get("/search.json?country=CN").get_json()
    every = versions_client.get("/search.json?country=CN&group=0").get_json()
    assert (grouped["total"], every["total"]) == (4, 5)
    year = {v["value"]: v["count"] for v in grouped["facets"]["year"]}
    assert year["2018"] == 2
    trends = versions_client.get("/trends.json?q=railway&group=0&interval=year").get_json()
    assert trends["series"][0]["counts"] == [2, 0, 0]


def test_the_page_says_how_many_similar_versions(versions_client):
    page = versions_client.get("/search?q=railway").get_data(as_text=True)
    assert (
        '<p class="versions"><a href="/search?q=railway&amp;group=0">1 similar version</a></p>'
        in page
    )
    every = versions_client.get("/search?q=railway&group=0").get_data(as_text=True)
    assert '<a href="/search?q=railway">One per group</a>' in every


def test_group_accepts_only_zero_or_one(versions_client):
    response = versions_client.get("/search.json?group=2")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("'group' must be 1")


def test_a_statement_page_lists_its_other_versions(versions_client):
    html = versions_client.get("/doc/2018-06-10-energy-talks-with-china-2").get_data(as_text=True)
    versions = html.split('<section class="versions"', 1)[1].split("</section>", 1)[0]
    assert (
        '<li><a href="/doc/2018-06-11-energy-talks-with-china-again/2018-06-11-talks-on-energy-'
        'cooperation-with-china">Talks on energy cooperation with China</a> <span class="meta"><time datetime="2018-06-11">11 June 2018</time>'
    ) in versions
    assert versions.count("<li>") == 1
    alone = versions_client.get("/doc/2019-12-01-belarus-russia-union").get_data(as_text=True)
    assert '<section class="versions"' not in alone


def test_group_members_document_numbers_are_stored_for_the_state_they_were_found_in(
    tmp_path,
):
    import json

    from indexer.build import write_statements
    from search.generations import Generation
    from search.versions import GROUPS_FILE, read_group_docnums
    from tests.conftest import RESEARCH_STATEMENTS

    first = RESEARCH_STATEMENTS[0]
    copies = [dataclasses.replace(first, id=f"{first.id}-copy-{n}") for n in (1, 2)]
    generation = write_statements(tmp_path, [*RESEARCH_STATEMENTS, *copies])
    opened = Generation(generation)
    with opened.lock:
        found = {
            i: opened.searcher.document_number(id=i) for i in (first.id, *(c.id for c in copies))
        }
    stamp = opened.stamp
    stored = read_group_docnums(generation, stamp)
    assert stored == found
    versions = opened.bitmasks.versions
    assert sorted(versions.members[versions.group_of[found[first.id]]]) == sorted(found.values())

    # A groups file kept from another state of the index is not trusted for its numbers:
    # the generation looks them up again and groups the same statements.
    path = generation / GROUPS_FILE
    data = json.loads(path.read_text("utf-8"))
    data["stamp"] = [0, []]
    data["docnums"] = {i: 0 for i in data["docnums"]}
    path.write_text(json.dumps(data), "utf-8")
    assert read_group_docnums(generation, stamp) is None
    reopened = Generation(generation)
    again = reopened.bitmasks.versions
    assert again.group_of == versions.group_of
    assert again.members == versions.members
    for each in (opened, reopened):
        each.warmed.wait()
        each.retire()


def test_grouping_reads_each_candidate_once_and_does_not_depend_on_the_order():
    from collections import Counter

    from indexer.near_duplicates import group_sketches, sketch

    excerpt = BODY[: BODY.index(" They also discussed")]
    texts = _texts(
        ("full", DAY, BODY),
        ("copy", DAY, BODY + " ###"),
        ("excerpt", DAY, excerpt),
        ("dateline", DAY, "WASHINGTON, May 5 — " + BODY),
        ("unrelated", DAY, OTHER),
    )
    by_id = {t.id: t.text for t in texts}
    answers = []
    reads: Counter[str] = Counter()
    for order in (texts, texts[::-1], texts[2:] + texts[:2]):
        reads.clear()

        def text_of(statement_id: str) -> str:
            reads[statement_id] += 1
            return by_id[statement_id]

        answers.append(group_sketches([sketch(t) for t in order], text_of))
        assert set(reads.values()) == {1} and "unrelated" not in reads
    expected = {i: "dateline" for i in ("full", "copy", "excerpt", "dateline")}
    assert answers == [expected] * 3


def test_collapsing_keeps_the_representative_or_else_the_first_version_of_each_group():
    import random

    from search.versions import Versions

    size = 3_000
    rng = random.Random(7)
    groups = {}
    for _ in range(400):
        members = rng.sample(range(size), rng.randint(2, 5))
        groups.update({f"s{d}": f"s{members[0]}" for d in members if f"s{d}" not in groups})
    versions = Versions(groups, lambda statement_id: int(statement_id[1:]), size)
    for _ in range(30):
        results = {d for d in range(size) if rng.random() < 0.3}
        # Each group is kept once: its representative if found, else its first version.
        expected, seen = set(), set()
        firsts = {versions.group_of[d] for d in results if d in versions.representative.values()}
        for d in sorted(results):
            group = versions.group_of.get(d)
            if group is None or (d in versions.representative.values()):
                expected.add(d)
            elif group not in firsts and group not in seen:
                seen.add(group)
                expected.add(d)
        mask = sum(1 << d for d in results)
        collapsed = versions.collapse(mask)
        assert {d for d in range(size) if collapsed >> d & 1} == expected
