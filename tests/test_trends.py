"""Trends: matching statements per period, as counts or shares, each point linked to its results."""

from __future__ import annotations

import csv
import io


def test_counts_per_year_for_two_queries(research_client):
    data = research_client.get("/trends.json?q=energy&q=transport&interval=year").get_json()
    assert [p["period"] for p in data["periods"]] == ["2018", "2019", "2020"]
    assert data["totals"] == [3, 3, 1]
    assert [(s["q"], s["counts"], s["total"]) for s in data["series"]] == [
        ("energy", [2, 2, 0], 4),
        ("transport", [1, 1, 0], 2),
    ]


def test_auto_interval_is_monthly_over_a_short_span(research_client):
    data = research_client.get("/trends.json?q=energy").get_json()
    assert data["interval"] == "month"
    periods = [p["period"] for p in data["periods"]]
    assert (periods[0], periods[-1], len(periods)) == ("2018-06", "2020-01", 20)
    counts = dict(zip(periods, data["series"][0]["counts"], strict=True))
    assert {p: n for p, n in counts.items() if n} == {
        "2018-06": 1,
        "2018-09": 1,
        "2019-07": 1,
        "2019-12": 1,
    }


def test_share_divides_by_the_statements_of_the_period_under_the_same_filters(research_client):
    data = research_client.get(
        "/trends.json?q=energy&measure=share&interval=year&country=KZ"
    ).get_json()
    assert data["totals"] == [3, 2, 1]
    assert data["series"][0]["values"] == [66.667, 50.0, 0.0]


def test_each_point_links_to_its_period_results(research_client):
    page = research_client.get("/trends?q=energy&interval=year&sector=energy").get_data(
        as_text=True
    )
    assert (
        '<a class="point" href="/search?sector=energy&amp;q=energy&amp;from=2019-01-01&amp;'
        'to=2019-12-31" tabindex="-1" aria-label="energy, 2019: 2 statements" data-period="2019">'
    ) in page
    assert 'points="48.0,10.0 630.0,10.0"' in page


def test_trends_csv(research_client):
    text = research_client.get("/trends.csv?q=energy&q=mining&interval=year").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(text))) == [
        ["period", "from", "to", "all_statements", "energy (count)", "mining (count)"],
        ["2018", "2018-01-01", "2018-12-31", "3", "2", "1"],
        ["2019", "2019-01-01", "2019-12-31", "3", "2", "0"],
        ["2020", "2020-01-01", "2020-12-31", "1", "0", "1"],
    ]


def test_trends_refuse_more_than_five_queries_and_unknown_options(research_client):
    six = "&".join(f"q=w{i}" for i in range(6))
    assert research_client.get(f"/trends.json?{six}").get_json() == {
        "error": "A chart compares at most 5 queries; 6 were given."
    }
    assert research_client.get("/trends.json?measure=ratio").status_code == 400
    assert research_client.get("/trends?interval=week").status_code == 400
