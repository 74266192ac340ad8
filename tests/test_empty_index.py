"""An index that holds no statement yet (every file refused) is served and says so."""

import pytest

from indexer.build import build_index
from search.engine import Engine
from search.models import SearchRequest

NOTHING_YET = "Nothing to search yet: the index holds no statements."


@pytest.fixture(scope="module")
def empty_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("refused")
    (folder / "empty.html").write_bytes(b"")
    index_dir = tmp_path_factory.mktemp("index")
    report = build_index(index_dir, [folder], progress=False)
    assert report.total == 0
    assert [refusal.reason for refusal in report.refused] == ["empty file"]
    return index_dir


def test_the_engine_searches_an_empty_index(empty_index):
    with Engine(empty_index) as engine:
        assert engine.statement_count() == 0
        for request in (SearchRequest(q="x"), SearchRequest(q=""), SearchRequest(sort="newest")):
            result = engine.search(request)
            assert (result.total, result.hits, result.histogram) == (0, [], [])
            assert all(values == [] for values in result.facets.values())
        assert engine.more_like_this("nothing") == []


@pytest.mark.parametrize("path", ["/", "/search?q=x", "/search", "/trends?q=energy"])
def test_the_pages_say_there_is_nothing_to_search_yet(empty_index, make_app, path):
    client = make_app(empty_index).test_client()
    response = client.get(path)
    assert response.status_code == 200
    assert NOTHING_YET in response.get_data(as_text=True)


def test_the_json_api_answers_no_statements(empty_index, make_app):
    client = make_app(empty_index).test_client()
    found = client.get("/search.json?q=x").get_json()
    assert (found["total"], found["hits"]) == (0, [])
    assert client.get("/trends.json?q=energy").status_code == 200


def test_pages_of_an_index_with_statements_do_not_say_it_is_empty(client):
    for path in ("/", "/search?q=nothingmatchesthis", "/trends?q=energy"):
        assert NOTHING_YET not in client.get(path).get_data(as_text=True)
