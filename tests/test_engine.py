import pytest

from search.engine import Engine
from search.errors import BadQuery, IndexMissing
from search.models import SearchRequest

from .helpers import BRIEFING_ID, build_search_corpus


@pytest.fixture(scope="module")
def engine(seed_index):
    with Engine(seed_index) as engine:
        yield engine


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


# -- the search core over the small corpus of tests/helpers.py


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    return build_search_corpus(tmp_path_factory.mktemp("search-corpus"))


@pytest.fixture(scope="module")
def corpus(corpus_dir):
    with Engine(corpus_dir) as engine:
        yield engine


def test_newest_and_oldest_put_the_unknown_date_last(corpus):
    newest = corpus.search(SearchRequest(q="trade", sort="newest"))
    assert ids(newest) == ["kz-cn-2023", "us-in-readout", "kz-cn-currencies", "undated-remarks"]
    oldest = corpus.search(SearchRequest(q="trade", sort="oldest"))
    assert ids(oldest) == ["kz-cn-currencies", "us-in-readout", "kz-cn-2023", "undated-remarks"]


def test_relevance_weights_the_title_above_the_body(corpus):
    # "transit" is in the title of kz-cn-transport and only in the bodies of the others.
    result = corpus.search(SearchRequest(q="transit"))
    assert ids(result)[0] == "kz-cn-transport"
    assert set(ids(result)) == {"kz-cn-transport", "kz-ru-energy", "kz-cn-2023-dec"}


def test_pages_hold_the_rest_and_the_total_is_exact(corpus):
    pages = [corpus.search(SearchRequest(q="", per_page=5, page=n)) for n in (1, 2, 3, 4)]
    assert [r.total for r in pages] == [12, 12, 12, 12]
    assert [len(r.hits) for r in pages] == [5, 5, 2, 0]
    assert pages[0].page_count == 3
    every = [hit.id for r in pages for hit in r.hits]
    assert len(set(every)) == 12
    assert every[-1] == "undated-remarks"


def test_empty_query_lists_newest_first(corpus):
    assert ids(corpus.search(SearchRequest(q="", per_page=3))) == [
        "kz-cn-2023-dec",
        "kz-cn-2023",
        "us-mx-call",
    ]


def test_hits_carry_snippet_and_marked_title(corpus):
    hit = corpus.search(SearchRequest(q='"national currencies" china')).hits[0]
    assert hit.id == "kz-cn-currencies"
    assert hit.title_html == "Briefing on the visit to <mark>China</mark>"
    assert hit.snippet == (
        "The sides discussed mutual settlements in <mark>national currencies</mark> within the SCO. "
        "The national economy of Kazakhstan grows, and trade with <mark>China</mark> increased."
    )
    assert hit.to_json()["title_html"] == hit.title_html


def test_a_statement_without_match_in_its_body_shows_its_beginning(corpus):
    hit = corpus.search(SearchRequest(q="title:quad")).hits[0]
    assert hit.snippet.startswith("The leaders of India, Japan and the United States")


def test_did_you_mean_offers_a_query_that_finds_more(corpus):
    result = corpus.search(SearchRequest(q="Belarsu gas"))
    assert result.total == 0
    assert result.did_you_mean == "Belarus gas"
    assert corpus.search(SearchRequest(q="irigation")).did_you_mean == "irrigation"


def test_did_you_mean_leaves_a_rare_word_alone_without_a_much_commoner_one(corpus):
    # "gas" is in one statement; "has" or "was" are not in ten times as many here.
    assert corpus.search(SearchRequest(q="gas")).did_you_mean is None
    assert corpus.search(SearchRequest(q="irrigation")).did_you_mean is None


def test_did_you_mean_is_silent_when_the_correction_finds_nothing_more(corpus):
    # Each word is spelt right; together they find nothing, and no correction helps.
    assert corpus.search(SearchRequest(q="irrigation belarus")).did_you_mean is None


def test_more_like_this_returns_similar_statements(corpus):
    similar = corpus.more_like_this("kz-cn-currencies", 3)
    # It shares "discussed", "currencies", "trade with China": more words than any other.
    assert similar[0].id == "undated-remarks"
    assert len(similar) == 3
    assert "kz-cn-currencies" not in [hit.id for hit in similar]
    assert corpus.more_like_this("no-such-statement") == []
    assert corpus.more_like_this("../etc") == []


def test_highlight_paragraphs_marks_a_whole_statement(corpus):
    statement = corpus.get("kz-cn-currencies")
    assert corpus.highlight_paragraphs(statement, '"national currencies" OR trade') == [
        "The sides discussed mutual settlements in <mark>national currencies</mark> within the SCO.",
        "The national economy of Kazakhstan grows, and <mark>trade</mark> with China increased.",
    ]
    # A query that cannot be read marks nothing rather than failing the page.
    assert corpus.highlight_paragraphs(statement, '"national')[0].startswith("The sides")


def test_time_limit_returns_partial_results_flagged(corpus_dir):
    with Engine(corpus_dir, time_limit=0.0) as hurried:
        result = hurried.search(SearchRequest(q="national OR trade OR energy"))
    assert result.timed_out
    assert result.total < 9
    assert result.notices[-1].startswith("The search took longer than 0 s and was stopped")
    assert result.to_json()["timed_out"] is True


def test_a_query_read_once_is_kept_without_what_a_search_added(corpus_dir):
    with Engine(corpus_dir, time_limit=0.0) as hurried:
        first = hurried.search(SearchRequest(q="national OR trade OR energy"))
        second = hurried.search(SearchRequest(q="national OR trade OR energy"))
    assert second.notices == first.notices
    assert [n[:22] for n in second.notices] == ["The search took longer"]


def test_a_search_out_of_time_returns_the_phrase_matches_confirmed_so_far(bundled_index):
    # A limit of 0 s has passed before matching starts; a phrase still checks its first
    # candidates by word positions, and answers with those that have it.
    request = SearchRequest(q='text:"of the united states"', group=False, per_page=100)
    with Engine(bundled_index, time_limit=600) as patient:
        everything = patient.search(request)
    with Engine(bundled_index, time_limit=0.0) as hurried:
        partial = hurried.search(request)
    assert not everything.timed_out
    assert partial.timed_out and partial.to_json()["timed_out"] is True
    assert 0 < partial.total < everything.total
    assert len(partial.hits) == partial.total
    assert {hit.id for hit in partial.hits} < {hit.id for hit in everything.hits}


def test_a_phrase_excluded_out_of_time_excludes_all_it_may_hold(bundled_index):
    # The statements the phrase check did not reach may hold the phrase: out of time,
    # they are left out too rather than wrongly kept.
    request = SearchRequest(
        q='year:2022 NOT text:"of the united states"', group=False, per_page=100
    )
    with Engine(bundled_index, time_limit=600) as patient:
        everything = patient.search(request)
    with Engine(bundled_index, time_limit=0.0) as hurried:
        partial = hurried.search(request)
    assert partial.timed_out
    assert 0 < partial.total < everything.total
    assert {hit.id for hit in partial.hits} < {hit.id for hit in everything.hits}


def test_wildcards_are_bounded_and_said_so(corpus, monkeypatch):
    import search.query

    monkeypatch.setattr(search.query, "MAX_EXPANSION", 2)
    result = corpus.search(SearchRequest(q="tr*"))
    assert result.notices == ["'tr*' matches 4 words; only the 2 most frequent were searched."]
    # In the bodies, trade (4 statements) and transit (3) are the most frequent of
    # trade, transit, transport and treaty; the titles add no other statement.
    assert result.total == 7


TOO_BROAD = (
    "'*a*' is too broad to search: a word with * or ? needs at least 3 letters besides them."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("*a*", TOO_BROAD),
        ("*a* *e* *i*", TOO_BROAD),
        ("(" * 2000 + "x" + ")" * 2000, "The query is 4,001 characters long; the limit is 1,000."),
        ("NOT NOT NOT", "NOT NOT NOT in a row: each NOT undoes the one before it."),
        ("AND OR NOT", "AND needs something to combine on both sides in: AND OR NOT"),
        ("x" * 10_000, "The query is 10,000 characters long; the limit is 1,000."),
        (
            "date:[zzz TO qqq]",
            (
                "'zzz' is not a date: write date ranges as date:[2020-01-01 TO 2020-12-31] "
                "(a year or a year-month works too)."
            ),
        ),
        ("\x00\x01\x7f", "The query contains control characters."),
        (":::", "The query ':::' has no words to search for."),
        ("title:", "title: needs a value right after the colon, such as title:energy."),
        ("~~~ ^^^ ***", "'~~' is too short to search with differences allowed."),
        ("country:[a TO b]", "country takes a value, such as country:CN."),
        ("year:abc", "year: takes a year such as year:2018, or a range: year:[2018 TO 2020]."),
    ],
)
def test_hostile_queries_are_bad_queries_said_plainly(corpus, text, message):
    with pytest.raises(BadQuery) as info:
        corpus.search(SearchRequest(q=text))
    assert info.value.message == message


def test_hostile_queries_that_can_be_read_give_their_exact_results(corpus):
    assert corpus.search(SearchRequest(q='""')).total == 0
    boosted = corpus.search(SearchRequest(q="energy^1000000"))
    assert sorted(ids(boosted)) == ["by-ru-gas", "kz-cn-2023", "kz-ru-energy", "quad-statement"]
    assert boosted.notices == []


def test_a_new_generation_is_picked_up(tmp_path):
    build_search_corpus(tmp_path)
    from indexer.build import write_statements

    from .helpers import STATEMENTS

    with Engine(tmp_path) as engine:
        assert engine.search(SearchRequest(q="")).total == 12
        write_statements(tmp_path, STATEMENTS[:3])
        assert engine.search(SearchRequest(q="")).total == 3


def test_phrases_of_common_words_use_their_pairs_and_stay_exact(corpus):
    # "united" and "states" are both in search/data/pair_words.txt: one pair lookup.
    assert ids(corpus.search(SearchRequest(q='"united states"'))) == ["quad-statement"]
    assert corpus.search(SearchRequest(q='"states united"')).total == 0
    # Four words, pairs and positions together.
    assert ids(corpus.search(SearchRequest(q='"currencies of the two nations"'))) == [
        "undated-remarks"
    ]
    assert corpus.search(SearchRequest(q='"of the two currencies"')).total == 0


def test_searches_in_many_threads_agree_with_one_thread(corpus_dir):
    import concurrent.futures

    queries = ['"national currencies"', "energy", "trade OR transit", "gas -russia", "irrigation"]
    with Engine(corpus_dir) as alone:
        expected = {q: ids(alone.search(SearchRequest(q=q))) for q in queries}
    with Engine(corpus_dir) as shared, concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda q: (q, ids(shared.search(SearchRequest(q=q)))), queries * 20)
        )
    assert all(answer == expected[q] for q, answer in answers)
