"""The presenter: a SearchResult plus URL parameters become view data with ready links."""

import datetime

from werkzeug.datastructures import MultiDict

from search.models import FacetFilter, FacetValue, SearchRequest, SearchResult
from web.active_filters import chips_and_words, interpreted_query
from web.histogram import histogram_bars
from web.labels import Labels
from web.search_page import facet_group, present_search
from web.url_state import UrlState, page_links
from web.wording import period_bounds, range_label


def state(query: str) -> UrlState:
    pairs = [tuple(part.split("=", 1)) for part in query.split("&") if part]
    return UrlState(pairs)


def test_state_keeps_known_keys_in_order_and_drops_empty_unknown_and_repeated_ones():
    s = UrlState.from_args(
        MultiDict([("q", "oil"), ("utm", "x"), ("from", ""), ("country", "CN"), ("country", "CN")])
    )
    assert s.pairs == (("q", "oil"), ("country", "CN"))
    assert s.url() == "/search?q=oil&country=CN"


def test_every_change_but_paging_goes_back_to_page_one():
    s = state("q=oil&page=3&country=CN")
    assert s.adding("country", "RU").url() == "/search?q=oil&country=CN&country=RU"
    assert s.without("country", "CN").url() == "/search?q=oil"
    assert s.setting(sort="newest").url() == "/search?q=oil&country=CN&sort=newest"
    assert s.at_page(4).url() == "/search?q=oil&country=CN&page=4"
    assert s.at_page(1).url() == "/search?q=oil&country=CN"


def test_facet_options_carry_toggle_and_exclude_links_with_chosen_values_first():
    s = state("q=oil&country=RU&-country=BY")
    values = [
        FacetValue("KZ", "Kazakhstan", 7),
        FacetValue("RU", "Russia", 3, selected=True),
        FacetValue("CN", "China", 3),
    ]
    group = facet_group("country", values, s, Labels({"country": values}))
    assert [(o.value, o.selected, o.excluded, o.count) for o in group.options] == [
        ("RU", True, False, 3),
        ("BY", False, True, 0),
        ("KZ", False, False, 7),
        ("CN", False, False, 3),
    ]
    russia, belarus, kazakhstan, _ = group.options
    assert russia.toggle_url == "/search?q=oil&-country=BY"
    assert russia.exclude_url is None
    assert (belarus.input_name, belarus.toggle_url) == ("-country", "/search?q=oil&country=RU")
    assert kazakhstan.toggle_url == "/search?q=oil&country=RU&-country=BY&country=KZ"
    assert kazakhstan.exclude_url == "/search?q=oil&country=RU&-country=BY&-country=KZ"
    assert kazakhstan.input_id == "f-country-KZ"
    assert group.legend == "Country" and not group.long


def test_a_facet_with_more_than_eight_values_is_long():
    values = [FacetValue(f"V{i}", f"V{i}", 1) for i in range(9)]
    assert facet_group("person", values, state(""), Labels({})).long
    assert not facet_group("person", values[:8], state(""), Labels({})).long


def test_histogram_bars_link_to_their_period_and_say_their_count():
    s = state("q=oil&page=2&date=unknown")
    bars = histogram_bars(
        [
            {"period": "2018-06", "count": 4},
            {"period": "2018-07", "count": 0},
            {"period": "2019-02", "count": 2},
        ],
        s,
    )
    assert [b.label for b in bars] == [
        "June 2018: 4 statements",
        "July 2018: 0 statements",
        "February 2019: 2 statements",
    ]
    assert bars[0].url == "/search?q=oil&from=2018-06-01&to=2018-06-30"
    assert bars[2].url == "/search?q=oil&from=2019-02-01&to=2019-02-28"
    assert [(b.x, b.width, b.y, b.height) for b in bars] == [
        (1.0, 198.0, 0.0, 80.0),
        (201.0, 198.0, 80.0, 0.0),
        (401.0, 198.0, 40.0, 40.0),
    ]


def test_period_bounds_cover_years_months_and_days():
    d = datetime.date
    assert period_bounds("2020") == (d(2020, 1, 1), d(2020, 12, 31))
    assert period_bounds("2020-02") == (d(2020, 2, 1), d(2020, 2, 29))
    assert period_bounds("2020-02-03") == (d(2020, 2, 3), d(2020, 2, 3))
    assert period_bounds("2020-13") is None
    assert period_bounds("recent") is None


def test_date_ranges_are_said_as_a_year_or_month_where_they_are_one():
    d = datetime.date
    assert range_label(d(2018, 1, 1), d(2018, 12, 31)) == "2018"
    assert range_label(d(2018, 1, 1), d(2019, 12, 31)) == "2018–2019"
    assert range_label(d(2018, 6, 1), d(2018, 6, 30)) == "June 2018"
    assert range_label(d(2018, 6, 2), d(2018, 6, 30)) == "2 June 2018 to 30 June 2018"
    assert range_label(d(2018, 6, 2), None) == "from 2 June 2018"
    assert range_label(None, d(2018, 6, 2)) == "until 2 June 2018"


def test_chips_remove_one_filter_each_and_the_query_is_said_in_words():
    s = state(
        'q="energy cooperation"&country=CN&country=RU&-sector=mining&from=2018-01-01&to=2018-12-31'
    )
    labels = Labels(
        {
            "country": [FacetValue("CN", "China", 1), FacetValue("RU", "Russia", 1)],
            "sector": [FacetValue("mining", "mining", 0)],
        }
    )
    chips, words = chips_and_words(s, labels)
    assert [(c.label, c.remove_url, c.excluded) for c in chips] == [
        (
            "Country: China",
            "/search?q=%22energy+cooperation%22&country=RU&-sector=mining&from=2018-01-01&to=2018-12-31",
            False,
        ),
        (
            "Country: Russia",
            "/search?q=%22energy+cooperation%22&country=CN&-sector=mining&from=2018-01-01&to=2018-12-31",
            False,
        ),
        (
            "Not sector: Mining and metallurgy",
            "/search?q=%22energy+cooperation%22&country=CN&country=RU&from=2018-01-01&to=2018-12-31",
            True,
        ),
        ("2018", "/search?q=%22energy+cooperation%22&country=CN&country=RU&-sector=mining", False),
    ]
    assert interpreted_query('"energy cooperation"', words) == (
        '"energy cooperation" AND country: China OR Russia, NOT sector: Mining and metallurgy, 2018'
    )
    assert interpreted_query("", []) == "every statement"


def test_page_links_show_the_ends_and_the_neighbourhood():
    links = page_links(state("q=oil"), current=6, count=20)
    assert [link.label if link else None for link in links] == [
        "1",
        None,
        "4",
        "5",
        "6",
        "7",
        "8",
        None,
        "20",
    ]
    assert [link.current for link in links if link] == [
        False,
        False,
        False,
        True,
        False,
        False,
        False,
    ]
    assert links[0].url == "/search?q=oil"
    assert links[-1].url == "/search?q=oil&page=20"


def test_search_view_shows_chosen_values_and_carries_the_sort_in_the_form():
    request = SearchRequest(
        q="oil",
        filters={"source": FacetFilter(include=("mfa.gov.by",))},
        sort="newest",
        page=2,
        per_page=10,
    )
    result = SearchResult(
        request=request,
        total=25,
        hits=[],
        facets={
            "sector": [FacetValue("energy", "Energy", 5)],
            "year": [FacetValue("2018", "2018", 5)],
        },
    )
    view = present_search(result, state("q=oil&source=mfa.gov.by&sort=newest&page=2&per_page=10"))
    assert [g.name for g in view.facets] == ["sector", "source", "year"]
    assert view.facets[1].options[0].selected
    assert view.hidden_inputs == [("sort", "newest")]
    assert view.facets[2].options[0].toggle_url == (
        "/search?q=oil&source=mfa.gov.by&sort=newest&per_page=10&year=2018"
    )
    assert [(s.label, s.current) for s in view.sorts] == [
        ("Relevance", False),
        ("Newest first", True),
        ("Oldest first", False),
    ]
    assert view.prev_url == "/search?q=oil&source=mfa.gov.by&sort=newest&per_page=10"
    assert view.next_url == "/search?q=oil&source=mfa.gov.by&sort=newest&per_page=10&page=3"
    assert view.formats["CSV"] == "/search.csv?q=oil&source=mfa.gov.by&sort=newest&per_page=10"
    assert view.clear_url == "/search?q=oil&sort=newest&per_page=10"
    assert view.interpreted == "oil AND publisher: mfa.gov.by"


def test_histogram_bars_use_the_engines_from_and_to_when_given():
    bars = histogram_bars(
        [{"period": "2018", "count": 1, "from": "2018-03-01", "to": "2018-12-31"}], state("")
    )
    assert [(b.label, b.url) for b in bars] == [
        ("2018: 1 statement", "/search?from=2018-03-01&to=2018-12-31")
    ]


def test_labels_prefer_the_engines_names_unless_it_echoes_the_code():
    labels = Labels(
        {"country": [FacetValue("CN", "CN", 3), FacetValue("RU", "Russian Federation", 1)]}
    )
    assert labels("country", "CN") == "China"
    assert labels("country", "RU") == "Russian Federation"
    assert labels("sector", "energy") == "Energy"
    assert labels("pair", "CN-KZ") == "China – Kazakhstan"


def test_year_values_keep_date_order_with_the_chosen_one_in_place():
    values = [
        FacetValue("2020", "2020", 1),
        FacetValue("2019", "2019", 3, selected=True),
        FacetValue("unknown", "Date unknown", 1),
    ]
    group = facet_group("year", values, state("year=2019"), Labels({"year": values}))
    assert [(o.label, o.selected) for o in group.options] == [
        ("2020", False),
        ("2019", True),
        ("Date unknown", False),
    ]
    assert group.options[0].toggle_url == "/search?year=2019&year=2020"


def test_browsing_without_words_offers_only_date_orders():
    result = SearchResult(request=SearchRequest(q=""), total=3, hits=[])
    view = present_search(result, state("country=CN"))
    assert [(s.label, s.url, s.current) for s in view.sorts] == [
        ("Newest first", "/search?country=CN&sort=newest", True),
        ("Oldest first", "/search?country=CN&sort=oldest", False),
    ]
