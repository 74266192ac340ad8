"""Dossiers: a country's or a pair's statements profiled, with partners and characteristic terms."""

from __future__ import annotations

import re

from search import dossier
from search.engine import Engine
from search.params import request_from_params


def _terms(index_dir, **params):
    request = request_from_params({k: [v] for k, v in params.items()})
    with Engine(index_dir) as engine:
        terms = engine.research(request, dossier.characteristic_terms).terms
    return [(t.word, t.documents, t.elsewhere, t.score) for t in terms]


def test_characteristic_terms_of_a_pair_by_log_likelihood(research_index):
    assert _terms(research_index, pair="CN-KZ") == [
        ("china", 3, 0, 10.59),
        ("transport", 2, 0, 5.18),
        ("kazakhstan", 2, 3, 0.04),
    ]


def test_characteristic_terms_of_a_country_leave_out_function_words(research_index):
    assert _terms(research_index, country="RU") == [
        ("russia", 3, 0, 10.59),
        ("energy", 3, 1, 6.09),
        ("cooperation", 2, 2, 0.54),
        ("discussed", 2, 2, 0.54),
    ]


def test_log_likelihood_is_zero_when_the_rates_are_equal():
    assert dossier._g2(2, 4, 10, 20) == 0.0
    assert round(dossier._g2(3, 0, 3, 5), 2) == 10.59


def _section(html: str, css: str) -> list[tuple[str, str, str]]:
    part = html.split(f'<section class="{css}">', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a> <span class="count">(\d+)</span>', part)


def test_country_dossier_ranks_its_partners(research_client):
    html = research_client.get("/country/KZ").get_data(as_text=True)
    assert _section(html, "dossier-partners") == [
        ("/pair/CN-KZ", "China", "3"),
        ("/pair/KZ-RU", "Russia", "2"),
        ("/pair/BY-KZ", "Belarus", "1"),
        ("/pair/KZ-UZ", "Uzbekistan", "1"),
    ]
    assert "7 statements, June 2018 to January 2020" in html
    assert '<a class="dossier-search" href="/search?country=KZ">as search results</a>' in html


def test_pair_dossier_lists_top_sectors_persons_and_types(research_client):
    html = research_client.get("/pair/CN-KZ").get_data(as_text=True)
    tops = html.split('<section class="dossier-top">')[1:]
    assert [re.findall(r'">([^<]+)</a> <span class="count">(\d+)', t) for t in tops] == [
        [
            ("Transport, transit and logistics", "2"),
            ("Energy", "1"),
            ("Mining and metallurgy", "1"),
        ],
        [("Xi Jinping", "2"), ("Nursultan Nazarbayev", "1")],
        [("Briefing", "2"), ("Press statement or release", "1")],
    ]
    assert '<td><a href="/kwic?pair=CN-KZ&amp;q=china">china</a></td><td>3</td><td>0</td>' in html
    assert '<section class="dossier-partners">' not in html
    # The search results stay on the page, newest first.
    assert html.index('href="/doc/2020-01-15-mining-projects-china/') < html.index(
        'href="/doc/2018-06-10-energy-talks-with-china/'
    )


def test_pair_cn_kz_shows_the_founding_briefing(client):
    html = client.get("/pair/CN-KZ").get_data(as_text=True)
    assert (
        '<h2><a href="/doc/2lnabdhxn47e/2018-06-10-briefing-for-media-representatives-on-'
        'results-of-the-visit" lang="en" dir="auto">Briefing for media representatives on results '
        "of the visit to the "
        "People's Republic of China</a></h2>"
    ) in html
    assert "1 statement, June 2018\n" in html
