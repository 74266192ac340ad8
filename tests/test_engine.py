import pytest

from search.engine import Engine
from search.errors import BadQuery, IndexMissing
from search.models import SearchRequest

BRIEFING_ID = "2018-06-10-briefing-for-media-representatives-on-results-of-the-visit-a0f1450fea"


@pytest.fixture(scope="module")
def engine(seed_index):
    return Engine(seed_index)


def ids(result):
    return [hit.id for hit in result.hits]


def test_phrase_finds_the_founding_briefing(engine):
    result = engine.search(SearchRequest(q='"mutual settlements in national currencies"'))
    assert result.total == 1
    assert ids(result) == [BRIEFING_ID]


def test_phrase_words_out_of_order_find_nothing(engine):
    result = engine.search(SearchRequest(q='"currencies national in settlements mutual"'))
    assert result.total == 0


def test_snippet_marks_the_match_and_escapes_the_rest(engine):
    hit = engine.search(SearchRequest(q='"national currencies"')).hits[0]
    assert "mutual settlements in <mark>national currencies</mark> within the SCO" in hit.snippet
    assert "People's Republic of China Xi Jinping." in hit.snippet
    stripped = hit.snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in stripped


def test_empty_query_lists_everything(engine):
    assert ids(engine.search(SearchRequest(q=""))) == [BRIEFING_ID]


def test_get_returns_the_whole_statement(engine):
    statement = engine.get(BRIEFING_ID)
    assert statement.place == "Qingdao, People's Republic of China"
    assert len(statement.paragraphs) == 10


def test_get_refuses_malformed_ids(engine):
    assert engine.get("../../etc/passwd") is None
    assert engine.get("Upper-Case") is None


def test_unbalanced_quote_is_a_bad_query_with_a_suggestion(engine):
    with pytest.raises(BadQuery) as info:
        engine.search(SearchRequest(q='"national currencies'))
    assert info.value.message == 'Unbalanced quote in: "national currencies'
    assert info.value.suggestion == '"national currencies"'


def test_missing_index_says_how_to_build_one(tmp_path):
    with pytest.raises(IndexMissing, match="bilat index"):
        Engine(tmp_path / "none").search(SearchRequest(q="x"))
