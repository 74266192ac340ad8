"""Language versions: one statement in several languages is searched once and linked.

The index holds the bundled addresses of the President of Ukraine (corpus/addresses):
289 in Ukrainian and 288 English versions, linked by `version_key`, which share their
video's URL; three pairs of records also give one video URL to two addresses.
"""

from __future__ import annotations

import json

import pytest

from indexer.build import build_index
from indexer.ids import SharedUrls, identity, make_key
from indexer.language_versions import group_languages, join_versions, version_links
from indexer.parse_html import parse_html
from indexer.parse_jsonl import parse_record
from indexer.parse_table import parse_table
from indexer.sources import Hints, read_hints
from search.engine import Engine
from search.models import FacetFilter, SearchRequest

from .conftest import CORPUS

ADDRESSES = CORPUS / "addresses"
# One address in both languages (version_key q3J2FFKr6gE) ...
CINEMA_UK, CINEMA_EN = "e4fy7pwhepou", "p5bpmnxam6xj"
CINEMA_EN_TITLE = (
    "Today there is a war for freedom again, and again it is necessary for cinematography "
    "not to be dumb"
)
CINEMA_EN_URL = (
    "/doc/p5bpmnxam6xj/2022-05-17-today-there-is-a-war-for-freedom-again-and-again-it-is"
)
# ... and two addresses whose records both give the video NeobYTXX4OQ.
SHARED_URL = "https://www.youtube.com/watch?v=NeobYTXX4OQ"
FIGHTING_UK, JOURNALISTS_UK = "onbi4fricgl7", "w52y3hnmij4v"
FIGHTING_EN, JOURNALISTS_EN = "p7ka3bbxvjvr", "y5zoqx5bhbem"


@pytest.fixture(scope="module")
def addresses_index(tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("addresses-index")
    build_index(index_dir, [ADDRESSES], progress=False)
    return index_dir


@pytest.fixture(scope="module")
def engine(addresses_index):
    with Engine(addresses_index, time_limit=600) as engine:
        yield engine


def search(engine, q: str = "", group: bool = True, **filters):
    request = SearchRequest(
        q=q,
        group=group,
        per_page=100,
        filters={k: FacetFilter(include=(v,)) for k, v in filters.items()},
    )
    return engine.search(request)


# -- linking rules


def test_a_version_key_links_statements_of_one_publisher_only():
    rows = [
        {"id": "a", "url": None, "lang": "uk", "version": "president.gov.ua|v1"},
        {"id": "b", "url": None, "lang": "en", "version": "president.gov.ua|v1"},
        {"id": "c", "url": None, "lang": "en", "version": "other.org|v1"},
    ]
    assert version_links(rows) == [("a", "b")]


def test_an_alternate_address_links_the_page_it_names_either_way():
    rows = [
        {"id": "en", "url": "https://mfa.example/en/news/1", "alternates": ["mfa.example/ru/n/1"]},
        {"id": "ru", "url": "http://MFA.example/ru/n/1?utm_source=x"},
        {"id": "fr", "url": "https://mfa.example/fr/n/1", "alternates": ["mfa.example/en/news/1"]},
        {"id": "de", "url": "https://mfa.example/de/n/1", "alternates": ["mfa.example/es/n/1"]},
    ]
    assert version_links(rows) == [("en", "ru"), ("fr", "en")]


def test_versions_join_near_duplicate_groups_and_record_their_languages():
    ids = ["a", "a2", "b", "c", "d"]
    near_duplicates = {"a": "a2", "a2": "a2"}
    joined = join_versions(ids, near_duplicates, [("b", "a"), ("c", "d")])
    assert joined == {"a": "a2", "a2": "a2", "b": "a2", "c": "c", "d": "c"}
    lang_of = {"a": "en", "a2": "en", "b": "uk", "c": "fr", "d": "es"}
    assert group_languages(joined, lang_of) == {"a2": ["en", "uk"], "c": ["es", "fr"]}
    # Without links the near-duplicate groups are kept as they are.
    assert join_versions(ids, near_duplicates, []) == near_duplicates


# -- where versions are read from


def test_a_record_and_a_table_row_give_their_version_key():
    record = {"id": "x-uk", "title": "Т", "text": "Текст.", "lang": "uk", "version_key": "x"}
    statement = parse_record(record)
    assert statement.version_key == "x"
    assert "version_key" not in statement.extra
    assert parse_record({**record, "version_key": 17}).version_key == "17"
    rows = ["id,title,text,version\n", "1,A title,Some text.,v-9\n"]
    (from_table,) = parse_table(rows, "csv", max_row_bytes=10_000)
    assert from_table.version_key == "v-9"


def test_a_sidecar_gives_the_version_key(tmp_path):
    page = tmp_path / "note.txt"
    page.write_text("A title\n\nSome text.\n", "utf-8")
    (tmp_path / "note.txt.meta.json").write_text('{"version_key": "note-7"}', "utf-8")
    assert read_hints(page).version_key == "note-7"


PAGE = """<!doctype html><html lang="en"><head><title>Talks</title>
<link rel="canonical" href="https://mfa.example/en/news/12">
<link rel="alternate" hreflang="ru" href="/ru/news/12">
<link rel="alternate" hreflang="en" href="https://mfa.example/en/news/12">
<link rel="alternate" hreflang="x-default" href="https://mfa.example/choose">
<link rel="stylesheet" hreflang="fr" href="/fr.css">
</head><body><main><h1>Talks with the Minister</h1>
<p>The ministers discussed trade and energy cooperation between the two countries.</p>
</main></body></html>"""


def test_a_page_names_its_versions_in_other_languages():
    statement = parse_html(PAGE.encode(), Hints(source_url="https://mfa.example/en/news/12"))
    # Relative addresses are resolved; the page itself, a language chooser and a link
    # that is not an alternate are not versions.
    assert statement.alternates == ("https://mfa.example/ru/news/12",)


# -- two records, one URL


def test_a_second_record_giving_a_url_and_language_already_given_adds_its_record_id():
    urls = SharedUrls()
    assert not urls.shared(SHARED_URL, "uk", "Q4qQs5p0DMo-uk")
    assert urls.shared(SHARED_URL, "uk", "NeobYTXX4OQ-uk")
    assert not urls.shared(SHARED_URL, "en", "Q4qQs5p0DMo-en")
    assert not urls.shared(SHARED_URL, "uk", "Q4qQs5p0DMo-uk")
    assert FIGHTING_UK == make_key(identity(None, SHARED_URL, "uk", "Q4qQs5p0DMo-uk", []))
    assert JOURNALISTS_UK == make_key(
        identity(None, SHARED_URL, "uk", "NeobYTXX4OQ-uk", [], url_shared=True)
    )


def test_every_address_is_kept_in_both_languages(engine, addresses_index):
    every = search(engine, group=False)
    assert every.total == 576
    assert [(v.value, v.count) for v in every.facets["lang"]] == [("uk", 289), ("en", 287)]
    # The four addresses of the shared video URL are four statements.
    for statement_id in (FIGHTING_UK, JOURNALISTS_UK, FIGHTING_EN, JOURNALISTS_EN):
        assert engine.get(statement_id).source_url == SHARED_URL
    # The English record left out repeats another one word for word on the same day.
    assert json.loads((addresses_index / "last-run-report.json").read_text())["duplicates"] == 1


# -- searching and showing versions


def test_a_search_counts_a_statement_once_and_names_its_languages(engine):
    grouped = search(engine)
    assert grouped.total == 267
    # Choosing a language gives the count its facet value showed.
    counts = {v.value: v.count for v in grouped.facets["lang"]}
    assert counts == {"uk": 257, "en": 254}
    assert search(engine, lang="uk").total == 257
    assert search(engine, lang="en").total == 254
    (hit,) = search(engine, '"війна за свободу" кінематограф').hits
    assert (hit.id, hit.lang, hit.languages, hit.versions) == (CINEMA_UK, "uk", ("en", "uk"), 2)


def test_group_0_lists_each_version(engine):
    q = "кінематограф OR cinematography"
    grouped = search(engine, q)
    every = search(engine, q, group=False)
    # The group's representative stands for it: the English version, indexed first.
    assert {h.id for h in grouped.hits} & {CINEMA_UK, CINEMA_EN} == {CINEMA_EN}
    assert {h.id for h in every.hits} & {CINEMA_UK, CINEMA_EN} == {CINEMA_UK, CINEMA_EN}
    assert every.total == grouped.total + 1


def test_the_statement_json_lists_its_translations(make_app, addresses_index):
    client = make_app(addresses_index).test_client()
    data = client.get(f"/doc/{CINEMA_UK}.json").get_json()
    assert data["lang"] == "uk"
    assert data["version_key"] == "q3J2FFKr6gE"
    assert data["translations"] == [
        {"id": CINEMA_EN, "lang": "en", "title": CINEMA_EN_TITLE, "url": CINEMA_EN_URL}
    ]
    hits = client.get("/search.json?q=кінематограф").get_json()["hits"]
    assert [(h["id"], h["lang"], h["languages"]) for h in hits] == [(CINEMA_UK, "uk", ["en", "uk"])]
    alone = client.get("/search.json?q=Вереск").get_json()
    assert all(h["languages"] == [h["lang"]] for h in alone["hits"] if h["versions"] == 1)


def test_the_statement_page_links_its_versions(make_app, addresses_index):
    client = make_app(addresses_index).test_client()
    html = client.get(f"/doc/{CINEMA_UK}").get_data(as_text=True)
    assert '<dt>Language</dt><dd class="language">Ukrainian</dd>' in html
    assert f'<a href="{CINEMA_EN_URL}" hreflang="en">English</a>' in html
    assert f'<link rel="alternate" hreflang="en" href="http://localhost{CINEMA_EN_URL}">' in html
    assert '<link rel="alternate" hreflang="uk" href="http://localhost/doc/e4fy7pwhepou/' in html
    results = client.get("/search?q=кінематограф").get_data(as_text=True)
    assert "1 other version; languages: English, Ukrainian" in results


def test_the_front_page_browses_by_language(make_app, addresses_index):
    client = make_app(addresses_index).test_client()
    html = client.get("/").get_data(as_text=True)
    assert '<h2 id="browse-languages">Languages</h2>' in html
    assert '<a href="/search?lang=uk">Ukrainian</a> <span class="count">257' in html
