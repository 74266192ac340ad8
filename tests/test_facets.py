"""Facet counts, filters, tag/exclude, histograms, over the small search corpus."""

import datetime

import pytest

from indexer.build import build_index
from search import facets
from search.engine import Engine
from search.errors import BadQuery
from search.facets import docnums_of, mask_of, sparse_docnums
from search.models import FacetFilter, SearchRequest
from search.params import request_from_params

from .conftest import CORPUS
from .helpers import build_search_corpus


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with Engine(build_search_corpus(tmp_path_factory.mktemp("search-corpus"))) as engine:
        yield engine


def search(engine, q="", **filters):
    chosen = {}
    for name, values in filters.items():
        if name.startswith("not_"):
            facet = name[4:]
            chosen[facet] = FacetFilter(chosen.get(facet, FacetFilter()).include, tuple(values))
        else:
            chosen[name] = FacetFilter(tuple(values), chosen.get(name, FacetFilter()).exclude)
    return engine.search(SearchRequest(q=q, filters=chosen, per_page=100))


def counts(result, facet):
    return [(v.value, v.count) for v in result.facets[facet]]


def ids(result):
    return {hit.id for hit in result.hits}


def test_masks_round_trip():
    assert docnums_of(mask_of([0, 7, 8, 300], 301)) == [0, 7, 8, 300]
    assert sparse_docnums(mask_of([0, 7, 8, 300], 301)) == [0, 7, 8, 300]
    assert docnums_of(0) == sparse_docnums(0) == []


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """300 of the bundled White House statements."""
    index_dir = tmp_path_factory.mktemp("bundled-300")
    files = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))[:300]
    build_index(index_dir, files, progress=False)
    with Engine(index_dir) as engine:
        yield engine


@pytest.mark.parametrize(
    "params",
    [
        {"q": ["president"]},
        {"q": ["energy"], "country": ["CN", "JP"], "-doc_type": ["remarks"]},
        {"q": ["trade OR climate"], "sector": ["trade"], "year": ["2022", "2023"]},
        {"q": ["molybdenum"]},
    ],
)
def test_counting_by_document_gives_the_counts_of_counting_by_value(bundled, params, monkeypatch):
    request = request_from_params(params)
    columns = bundled._current().bitmasks
    threshold = columns.count_by_document_below
    try:
        columns.count_by_document_below = 0
        monkeypatch.setattr(facets, "COUNT_BY_COLUMN_FROM", 10**9)
        by_value = bundled.search(request)
        monkeypatch.setattr(facets, "COUNT_BY_COLUMN_FROM", 0)
        by_column = bundled.search(request)
        columns.count_by_document_below = 10**9
        by_document = bundled.search(request)
    finally:
        columns.count_by_document_below = threshold
    assert by_document.facets == by_value.facets == by_column.facets
    assert by_value.histogram == by_column.histogram
    assert by_document.total == by_value.total
    if by_value.total:
        assert sum(v.count for v in by_value.facets["doc_type"]) >= by_value.total


def test_facets_count_the_whole_result_set(engine):
    result = search(engine, "energy")
    assert result.total == 4
    assert counts(result, "country") == [
        ("KZ", 2),
        ("RU", 2),
        ("BY", 1),
        ("CN", 1),
        ("IN", 1),
        ("JP", 1),
        ("US", 1),
    ]
    assert counts(result, "sector") == [("energy", 4), ("defence", 1), ("trade", 1)]
    assert counts(result, "doc_type") == [
        ("briefing", 1),
        ("joint_statement", 1),
        ("press_statement", 1),
        ("readout", 1),
    ]
    assert counts(result, "year") == [("2023", 1), ("2022", 1), ("2020", 1), ("2018", 1)]
    assert counts(result, "person") == [
        ("Vladimir Putin", 2),
        ("Joe Biden", 1),
        ("Narendra Modi", 1),
        ("Xi Jinping", 1),
    ]
    assert counts(result, "source") == [("akorda.kz", 2), ("mfa.gov.by", 1), ("whitehouse.gov", 1)]


def test_facet_values_carry_labels(engine):
    result = search(engine, "energy", country=["RU"])
    assert [(v.value, v.label) for v in result.facets["country"][:3]] == [
        ("RU", "Russia"),
        ("KZ", "Kazakhstan"),
        ("BY", "Belarus"),
    ]
    assert result.facets["sector"][0].label == "Energy"
    assert result.facets["doc_type"][0].label == "Press statement or release"
    assert result.facets["country"][0].to_json() == {
        "value": "RU",
        "label": "Russia",
        "count": 2,
        "selected": True,
        "excluded": False,
    }


def test_values_of_a_facet_are_or_and_facets_are_and(engine):
    result = search(engine, country=["RU", "JP"], sector=["energy"])
    assert ids(result) == {"kz-ru-energy", "by-ru-gas", "quad-statement"}


def test_a_selected_facet_counts_without_its_own_filter(engine):
    result = search(engine, "energy", country=["RU"])
    assert ids(result) == {"kz-ru-energy", "by-ru-gas"}
    # Country counts ignore the country filter: choosing JP too would add one statement.
    assert counts(result, "country")[:2] == [("RU", 2), ("KZ", 2)]
    assert ("JP", 1) in counts(result, "country")
    assert result.facets["country"][0].selected
    # Other facets count only the filtered results.
    assert counts(result, "sector") == [("energy", 2)]


def test_selected_values_are_listed_first_even_at_zero(engine):
    result = search(engine, "irrigation", country=["JP"], sector=["nonexistent"])
    assert result.total == 0
    # Without its own filter each facet still has the other one, which leaves nothing.
    assert [(v.value, v.count, v.selected) for v in result.facets["country"]] == [("JP", 0, True)]
    assert [(v.value, v.count, v.selected) for v in result.facets["sector"]] == [
        ("nonexistent", 0, True)
    ]
    assert result.facets["doc_type"] == []


def test_facet_order_is_selected_then_count_then_label(engine):
    result = search(engine, "", country=["UZ"])
    assert [(v.value, v.count, v.selected) for v in result.facets["country"]][:4] == [
        ("UZ", 1, True),
        ("KZ", 6, False),
        ("CN", 5, False),
        ("US", 5, False),
    ]


def test_excluded_values_are_left_out_and_still_listed(engine):
    result = search(engine, "energy", not_country=["RU"])
    assert ids(result) == {"quad-statement", "kz-cn-2023"}
    first = result.facets["country"][0]
    assert (first.value, first.count, first.excluded, first.selected) == ("RU", 2, True, False)


def test_include_and_exclude_in_one_facet(engine):
    result = search(engine, "", country=["KZ"], not_country=["CN"])
    assert ids(result) == {"kz-ru-energy", "kz-uz-agro"}


def test_years_are_ordered_by_date_with_the_unknown_date_last(engine):
    result = search(engine, "trade")
    assert counts(result, "year") == [("2023", 1), ("2022", 1), ("2018", 1), ("unknown", 1)]
    assert result.facets["year"][-1].label == "Date unknown"


def test_year_filter_and_unknown_date(engine):
    assert ids(search(engine, "trade", year=["unknown"])) == {"undated-remarks"}
    assert ids(search(engine, "trade", year=["2018", "2022"])) == {
        "kz-cn-currencies",
        "us-in-readout",
    }
    unknown = engine.search(SearchRequest(q="", date_unknown=True))
    assert [hit.id for hit in unknown.hits] == ["undated-remarks"]


def test_date_range_is_inclusive_at_day_precision(engine):
    request = SearchRequest(
        date_from=datetime.date(2022, 5, 24), date_to=datetime.date(2023, 1, 9), per_page=100
    )
    assert {h.id for h in engine.search(request).hits} == {
        "us-in-readout",
        "quad-statement",
        "us-mx-call",
    }
    request = SearchRequest(date_from=datetime.date(2022, 5, 25), date_to=datetime.date(2023, 1, 8))
    assert engine.search(request).total == 0


def test_histogram_is_yearly_over_a_long_span(engine):
    assert search(engine, "").histogram == [
        {"period": "2018", "count": 2, "from": "2018-01-01", "to": "2018-12-31"},
        {"period": "2019", "count": 1, "from": "2019-01-01", "to": "2019-12-31"},
        {"period": "2020", "count": 2, "from": "2020-01-01", "to": "2020-12-31"},
        {"period": "2021", "count": 1, "from": "2021-01-01", "to": "2021-12-31"},
        {"period": "2022", "count": 2, "from": "2022-01-01", "to": "2022-12-31"},
        {"period": "2023", "count": 3, "from": "2023-01-01", "to": "2023-12-31"},
    ]


def test_histogram_is_monthly_over_a_short_span_with_empty_months(engine):
    result = engine.search(SearchRequest(q="national", date_from=datetime.date(2023, 1, 1)))
    assert [(bar["period"], bar["count"]) for bar in result.histogram] == [
        ("2023-01", 1),
        ("2023-02", 0),
        ("2023-03", 0),
        ("2023-04", 0),
        ("2023-05", 1),
        ("2023-06", 0),
        ("2023-07", 0),
        ("2023-08", 0),
        ("2023-09", 0),
        ("2023-10", 0),
        ("2023-11", 0),
        ("2023-12", 1),
    ]
    assert result.histogram[1]["to"] == "2023-02-28"


def test_url_parameters_become_a_request():
    request = request_from_params(
        {
            "q": ["energy"],
            "country": ["cn", "RU", "cn"],
            "-sector": ["mining"],
            "pair": ["kz-cn"],
            "year": ["2018", "unknown"],
            "from": ["2018-01-01"],
            "to": ["2018-12-31"],
            "date": ["unknown"],
            "sort": ["newest"],
            "page": ["2"],
        }
    )
    assert request.filters == {
        "country": FacetFilter(("CN", "RU")),
        "pair": FacetFilter(("CN-KZ",)),
        "sector": FacetFilter((), ("mining",)),
        "year": FacetFilter(("2018", "unknown")),
    }
    assert (request.date_from, request.date_to) == (
        datetime.date(2018, 1, 1),
        datetime.date(2018, 12, 31),
    )
    assert (request.date_unknown, request.sort, request.page) == (True, "newest", 2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"year": ["18"]}, "'year' must be a year such as 2018, or unknown, not '18'."),
        ({"date": ["yesterday"]}, "'date' can only be unknown"),
        ({"from": ["2019-01-01"], "to": ["2018-01-01"]}, "'from' (2019-01-01) is after 'to'"),
        (
            {"country": [f"C{n}" for n in range(51)]},
            "'country' is given 51 times; the limit is 50.",
        ),
    ],
)
def test_bad_parameters_are_bad_queries(args, message):
    with pytest.raises(BadQuery) as info:
        request_from_params(args)
    assert info.value.message.startswith(message)


def test_pairs_are_a_facet_counted_without_their_own_filter(engine):
    result = search(engine, "energy", pair=["KZ-RU"])
    assert result.total == 1
    assert counts(result, "pair") == [
        ("KZ-RU", 1),
        ("BY-RU", 1),
        ("CN-KZ", 1),
        ("IN-JP", 1),
        ("IN-US", 1),
        ("JP-US", 1),
    ]
    assert [v.label for v in result.facets["pair"]][:2] == [
        "Kazakhstan – Russia",
        "Belarus – Russia",
    ]


def test_every_facet_is_counted_filterable_and_queryable_from_one_list(engine):
    from search.query import QUERY_FIELDS
    from search.schema import FACETS, INDEXED_FACETS, BilatSchema

    assert list(search(engine).facets) == list(FACETS)
    # Each facet but the year (read from the day) is a field of the schema, and a query
    # may name it.
    assert INDEXED_FACETS == ("country", "sector", "doc_type", "person", "source", "pair", "lang")
    assert set(INDEXED_FACETS) <= set(BilatSchema().names())
    assert all(QUERY_FIELDS[facet] == facet for facet in FACETS)
    # A filter on any facet is read from the URL.
    examples = {"country": "CN", "sector": "energy", "doc_type": "readout", "person": "Xi"}
    examples |= {"source": "mfa.gov.by", "pair": "CN-US", "lang": "uk", "year": "2020"}
    for facet in FACETS:
        chosen = request_from_params({facet: [examples[facet]]}).filters[facet]
        assert chosen.include == (examples[facet],)
