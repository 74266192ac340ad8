"""The query language: what it accepts, what it refuses, and how it says so."""

import pytest

from search.engine import Engine
from search.errors import BadQuery
from search.models import SearchRequest
from search.params import request_from_params
from search.query import check_text, make_parser, marks_for, parse_query
from search.schema import BilatSchema

from .helpers import build_search_corpus


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(build_search_corpus(tmp_path_factory.mktemp("search-corpus"))) as engine:
        yield engine


def found(engine, q, **kwargs):
    return {hit.id for hit in engine.search(SearchRequest(q=q, per_page=100, **kwargs)).hits}


def bad(text):
    with pytest.raises(BadQuery) as info:
        parse_query(make_parser(BilatSchema()), text)
    return info.value


# -- words, operators, phrases


def test_words_are_combined_with_and(engine):
    assert found(engine, "energy russia") == {"kz-ru-energy", "by-ru-gas"}


def test_or_and_not_and_parentheses(engine):
    assert found(engine, "gas OR irrigation") == {"by-ru-gas", "kz-uz-agro"}
    assert found(engine, "energy NOT russia") == {"quad-statement", "kz-cn-2023"}
    assert found(engine, "(gas OR irrigation) AND belarus") == {"by-ru-gas"}


def test_stemming_finds_other_forms_of_a_word(engine):
    # investments -> investment, investing, investments (one stem).
    assert found(engine, "investments") == {
        "kz-ru-energy",
        "us-jp-readout",
        "us-in-readout",
        "kz-uz-agro",
    }


def test_phrase_matches_the_exact_words_in_order(engine):
    assert found(engine, '"national currencies"') == {"kz-cn-currencies", "kz-cn-2023"}
    # "currencies of the two nations" has both stems, not the phrase.
    assert "undated-remarks" not in found(engine, '"national currencies"')
    assert found(engine, '"currencies national"') == set()


def test_a_quoted_word_is_not_stemmed(engine):
    assert found(engine, "investing") == found(engine, "investments")
    assert found(engine, '"investing"') == {"kz-uz-agro"}


def test_proximity_phrase_allows_words_between(engine):
    assert found(engine, '"settlements currencies"') == set()
    assert found(engine, '"settlements currencies"~3') == {"kz-cn-currencies", "kz-cn-2023"}


def test_a_minus_sign_excludes(engine):
    assert found(engine, "energy -gas") == {"kz-ru-energy", "quad-statement", "kz-cn-2023"}
    assert found(engine, 'energy -"clean energy"') == {"kz-ru-energy", "by-ru-gas", "kz-cn-2023"}
    # A hyphen inside a word is part of the word.
    assert found(engine, "agro-industrial") == {"kz-uz-agro"}


def test_single_quotes_are_punctuation(engine):
    assert found(engine, "'gas prices'") == {"by-ru-gas"}


def test_prefix_and_fuzzy_words(engine):
    assert found(engine, "irrig*") == {"kz-uz-agro"}
    assert found(engine, "belarrus~") == {"by-ru-gas"}
    assert found(engine, "belraus~") == set()  # a swap of two letters is two differences
    assert found(engine, "belraus~2") == {"by-ru-gas"}


def test_field_values(engine):
    assert found(engine, "title:transit") == {"kz-cn-transport"}
    assert found(engine, "type:joint_statement") == {"kz-cn-transport", "quad-statement"}
    assert found(engine, "sector:Agro") == {"kz-uz-agro"}
    assert found(engine, "country:uz OR country:BY") == {"kz-uz-agro", "by-ru-gas"}
    assert found(engine, "country:belarus") == {"by-ru-gas"}
    assert found(engine, 'country:"united states" india') == {"us-in-readout", "quad-statement"}
    assert found(engine, "sector:Agro-industrial*") == {"kz-uz-agro"}
    assert found(engine, "person:putin") == {"kz-ru-energy", "by-ru-gas"}
    assert found(engine, 'person:"Xi Jinping" energy') == {"kz-cn-2023"}
    assert found(engine, "pair:RU-KZ") == {"kz-ru-energy"}
    assert found(engine, "source:mfa.gov.by") == {"by-ru-gas"}


def test_year_and_date_ranges(engine):
    assert found(engine, "year:2022") == {"us-in-readout", "quad-statement"}
    assert found(engine, "date:[2023-01-01 TO 2023-06-30]") == {"us-mx-call", "kz-cn-2023"}
    assert found(engine, "date:[2019 TO 2020-02] OR irrigation") == {
        "kz-cn-transport",
        "by-ru-gas",
        "kz-uz-agro",
    }


def test_an_unknown_value_finds_nothing(engine):
    assert found(engine, "country:narnia") == set()


# -- bounds and malformed input


@pytest.mark.parametrize(
    ("text", "message", "suggestion"),
    [
        (
            '"national currencies',
            'Unbalanced quote in: "national currencies',
            '"national currencies"',
        ),
        ("(energy OR gas", "Unbalanced parenthesis in: (energy OR gas", "(energy OR gas)"),
        ("energy) gas", "A closing parenthesis has no opening one in: energy) gas", "energy gas"),
        ("NOT NOT NOT gas", "NOT NOT NOT in a row: each NOT undoes the one before it.", "NOT gas"),
        ("NOT NOT gas", "NOT NOT in a row: each NOT undoes the one before it.", "gas"),
        ("energy AND", "AND needs something to combine on both sides in: energy AND", "energy"),
        ("OR gas", "OR needs something to combine on both sides in: OR gas", "gas"),
        ("energy\x00gas", "The query contains control characters.", "energy gas"),
        (
            "*a*",
            "'*a*' is too broad to search: a word with * or ? needs at least 3 letters besides them.",
            "a",
        ),
        (
            "e*",
            "'e*' is too short to search: a word ending in * needs at least 2 letters before the *.",
            None,
        ),
    ],
)
def test_malformed_queries_say_what_is_wrong(engine, text, message, suggestion):
    with pytest.raises(BadQuery) as info:
        engine.search(SearchRequest(q=text))
    assert info.value.message == message
    assert info.value.suggestion == suggestion


def test_several_broad_wildcards_are_refused(engine):
    with pytest.raises(BadQuery, match="too broad"):
        engine.search(SearchRequest(q="*a* *e* *i*"))


def test_deep_nesting_is_refused_before_parsing():
    error = bad("(" * 2000 + "energy" + ")" * 2000)
    assert error.message == "Parentheses are nested 2000 deep; the limit is 20."
    error = bad("(" * 25 + "energy" + ")" * 25)
    assert error.message == "Parentheses are nested 25 deep; the limit is 20."


def test_ten_thousand_characters_are_refused_with_a_shorter_query():
    with pytest.raises(BadQuery) as info:
        request_from_params({"q": ["energy " * 1430]})
    assert info.value.message == "The query is 10,010 characters long; the limit is 1,000."
    assert info.value.suggestion == ("energy " * 142 + "energy")  # 1,000 characters
    assert bad("energy " * 70).message == "The query has 70 words and phrases; the limit is 60."


def test_bad_date_ranges_and_unknown_fields():
    assert bad("date:[zzz TO qqq]").message == (
        "'zzz' is not a date: write date ranges as date:[2020-01-01 TO 2020-12-31] "
        "(a year or a year-month works too)."
    )
    error = bad("countr:CN")
    assert error.message.startswith("Unknown field 'countr': the fields are country, date,")
    assert error.suggestion == "country:CN"
    assert bad("Title:energy").suggestion == "title:energy"


def test_fields_need_a_value_and_dates_a_range():
    error = bad("sector: energy")
    assert error.message == "sector: needs a value right after the colon, such as sector:energy."
    assert error.suggestion == "sector:energy"
    assert bad("gas title:").suggestion == "gas"
    assert bad("date:2020").suggestion == "year:2020"
    assert bad("year:abc").message.startswith("year: takes a year such as year:2018")


def test_ranges_on_words_are_refused(engine):
    with pytest.raises(BadQuery, match="Ranges"):
        engine.search(SearchRequest(q="title:[a TO c]"))


def test_tabs_and_line_breaks_are_spaces():
    assert check_text("energy\tgas\nprices") == "energy gas prices"


def test_a_query_of_punctuation_is_refused():
    assert bad("!!!").message == "The query '!!!' has no words to search for."


# -- what the rest of the engine takes from a query


def test_marks_hold_positive_words_and_phrases_only(engine):
    generation = engine._current()
    resolved = generation.vocabulary.resolve(
        parse_query(generation.parser, '"national currencies" gas NOT irrigation')
    )
    marks = marks_for(resolved.query)
    assert marks.words == {"gas"}
    assert marks.phrases == ((("national", "currencies"), 1),)
