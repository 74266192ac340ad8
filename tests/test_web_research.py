"""The research front end over a small index of known statements (tests/conftest.py)."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest

from search import engine as engine_module
from web import views

from .conftest import RESEARCH_STATEMENTS

CHINA_TALKS = "2018-06-10-energy-talks-with-china"
ATOM = "{http://www.w3.org/2005/Atom}"


def hit_ids(html: str) -> list[str]:
    return re.findall(r'<li class="hit">\s*<h2><a href="/doc/([a-z0-9-]+)', html)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_sector_filter_from_the_url_lists_exactly_its_statements_newest_first(research_client):
    html = page(research_client, "/search?sector=energy")
    assert hit_ids(html) == [
        "2019-12-01-belarus-russia-union",
        "2019-07-02-energy-cooperation-russia",
        "2018-09-12-meeting-with-russia",
        "2018-06-10-energy-talks-with-china",
    ]
    assert '<span id="summary">4 statements</span>' in html


def test_repeated_keys_or_and_a_leading_minus_excludes(research_client):
    data = research_client.get("/search.json?country=CN&country=UZ&-sector=transport").get_json()
    assert [h["id"] for h in data["hits"]] == ["2020-01-15-mining-projects-china"]


def test_the_interpreted_query_and_chips_are_on_the_page(research_client):
    html = page(
        research_client,
        '/search?q="energy cooperation"&sector=energy&-country=BY&from=2018-01-01&to=2018-12-31',
    )
    assert "Searching: <strong>&#34;energy cooperation&#34; AND sector: " in html
    assert ", NOT country: " in html and ", 2018</strong>" in html
    assert hit_ids(html) == ["2018-06-10-energy-talks-with-china", "2018-09-12-meeting-with-russia"]
    chips = re.findall(r'<li class="chip[^"]*">([^<]+?)\s*<a class="remove" href="([^"]+)"', html)
    assert [url for _, url in chips] == [
        "/search?q=%22energy+cooperation%22&amp;-country=BY&amp;from=2018-01-01&amp;to=2018-12-31",
        "/search?q=%22energy+cooperation%22&amp;sector=energy&amp;from=2018-01-01&amp;to=2018-12-31",
        "/search?q=%22energy+cooperation%22&amp;sector=energy&amp;-country=BY",
    ]
    assert '<a class="clear-all" href="/search?q=%22energy+cooperation%22">Clear all</a>' in html


def test_chosen_values_are_checked_boxes_in_one_get_form(research_client):
    html = page(research_client, "/search?sector=energy&-country=BY")
    assert '<form id="search" class="searchbox" action="/search" method="get"' in html
    assert re.search(
        r'<input type="checkbox" form="search" id="f-sector-energy" name="sector"\s+value="energy" checked>',
        html,
    )
    assert re.search(
        r'<input type="checkbox" form="search" id="f--country-BY" name="-country"\s+value="BY" checked>',
        html,
    )
    assert '<button class="apply" type="submit" form="search">Apply</button>' in html
    assert "<legend>Sector</legend>" in html and "<legend>Country</legend>" in html


@pytest.mark.parametrize(
    ("url", "heading", "ids"),
    [
        ("/country/UZ", "Statements about Uzbekistan", ["2018-11-05-joint-statement-uzbekistan"]),
        ("/pair/BY-KZ", "Statements about Belarus – Kazakhstan", ["undated-trade-with-belarus"]),
        (
            "/sector/mining",
            "Statements on Mining and metallurgy",
            ["2020-01-15-mining-projects-china", "2018-09-12-meeting-with-russia"],
        ),
    ],
)
def test_browse_pages_are_the_search_page_with_that_filter(research_client, url, heading, ids):
    html = page(research_client, url)
    assert f'<h1 class="browse-heading">{heading}</h1>' in html
    assert hit_ids(html) == ids


def test_browse_paths_are_validated_and_spelled_one_way(research_client):
    for url in (
        "/country/CHN",
        "/country/C1",
        "/pair/CN-CN",
        "/pair/CNKZ",
        "/sector/Energy",
        "/country/XX",
        "/pair/CN-XX",
        "/sector/unknown",
        "/sector/-x",
    ):
        assert research_client.get(url).status_code == 404, url
    moved = research_client.get("/pair/KZ-CN?q=oil")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/pair/CN-KZ?q=oil")
    moved = research_client.get("/country/cn")
    assert (moved.status_code, moved.headers["Location"]) == (301, "/country/CN")


def test_csv_has_every_hit_with_its_permalink(research_client):
    response = research_client.get("/search.csv?country=RU&page=2&per_page=1")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="bilat-search.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [
        ["id", "date", "title", "countries", "sectors", "source_url", "permalink"],
        [
            "2019-12-01-belarus-russia-union",
            "2019-12-01",
            "Belarus and Russia on integration",
            "BY;RU",
            "energy",
            "https://www.akorda.kz/en/events/belarus-russia-union",
            "http://localhost/doc/2019-12-01-belarus-russia-union/2019-12-01-belarus-and-russia-on-integration",
        ],
        [
            "2019-07-02-energy-cooperation-russia",
            "2019-07-02",
            "Energy cooperation with Russia discussed",
            "KZ;RU",
            "energy",
            "https://www.akorda.kz/en/events/energy-cooperation-russia",
            "http://localhost/doc/2019-07-02-energy-cooperation-russia/2019-07-02-energy-cooperation-with-russia-discussed",
        ],
        [
            "2018-09-12-meeting-with-russia",
            "2018-09-12",
            "Meeting with the President of Russia",
            "KZ;RU",
            "energy;mining",
            "https://www.akorda.kz/en/events/meeting-with-russia",
            "http://localhost/doc/2018-09-12-meeting-with-russia/2018-09-12-meeting-with-the-president-of-russia",
        ],
    ]


def test_csv_stops_at_its_cap_across_chunks(research_client, monkeypatch):
    monkeypatch.setattr(views, "CSV_MAX_ROWS", 3)
    monkeypatch.setattr(engine_module, "EXPORT_CHUNK", 2)
    text = research_client.get("/search.csv?from=2000-01-01").get_data(as_text=True)
    assert [line.split(",")[0] for line in text.splitlines()] == [
        "id",
        "2020-01-15-mining-projects-china",
        "2019-12-01-belarus-russia-union",
        "2019-07-02-energy-cooperation-russia",
    ]


def test_a_csv_download_left_unread_releases_the_index(research_app):
    generation = research_app.extensions["bilat_engine"]._current()
    generation.warmed.wait()
    before = generation.users
    response = research_app.test_client().get("/search.csv?q=energy", buffered=False)
    assert response.headers["X-Total-Count"] == "4"
    assert generation.users == before + 1
    response.close()
    assert generation.users == before


def test_csv_of_a_bad_query_is_a_400(research_client):
    assert research_client.get('/search.csv?q="oil').status_code == 400


def test_atom_feed_lists_the_newest_first_whatever_the_sort(research_client):
    response = research_client.get("/search.atom?q=energy&sort=oldest")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.findtext(f"{ATOM}title") == "Bilat: energy"
    assert feed.findtext(f"{ATOM}updated") == "2019-12-01T00:00:00Z"
    assert [e.findtext(f"{ATOM}id") for e in feed.findall(f"{ATOM}entry")] == [
        "http://localhost/doc/2019-12-01-belarus-russia-union",
        "http://localhost/doc/2019-07-02-energy-cooperation-russia",
        "http://localhost/doc/2018-09-12-meeting-with-russia",
        "http://localhost/doc/2018-06-10-energy-talks-with-china",
    ]
    summary = feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary")
    assert "<mark>energy</mark>" in summary


def test_document_page_shows_facts_with_their_evidence(research_client):
    html = page(research_client, f"/doc/{CHINA_TALKS}")
    assert '<dd><time datetime="2018-06-10">10 June 2018</time></dd>' in html
    assert (
        '<a class="original" href="https://www.akorda.kz/en/events/energy-talks-with-china" rel="noopener noreferrer">'
        in html
    )
    assert re.search(
        r'<a href="/sector/energy">[^<]+</a> <span class="evidence"[^>]*>— ‘energy’</span>', html
    )
    assert re.search(
        r'<a href="/country/CN">[^<]+</a> <span class="evidence"[^>]*>— ‘China’</span>', html
    )
    assert '<a href="/pair/CN-KZ">' in html
    assert '<a href="/search?person=Xi+Jinping">Xi Jinping</a>' in html
    assert re.findall(r'<p id="(p\d+)"', html) == ["p1", "p2", "p3"]
    assert '<a class="anchor" href="#p2" aria-label="Link to paragraph 2">¶2</a>' in html


def test_document_page_cites_the_original_with_the_access_date(research_client):
    html = page(research_client, f"/doc/{CHINA_TALKS}")
    today = datetime.date.today()
    accessed = f"{today:%B} {today.day}, {today.year}"
    assert (
        '<p class="chicago" id="chicago">akorda.kz. “Talks on energy cooperation with China.” '
        "Qingdao, People&#39;s Republic of China, June 10, 2018. "
        f"https://www.akorda.kz/en/events/energy-talks-with-china. Accessed {accessed}.</p>"
    ) in html
    assert f'href="/doc/{CHINA_TALKS}.bib"' in html and f'href="/doc/{CHINA_TALKS}.ris"' in html


def test_ris_download_is_a_complete_record(research_client):
    response = research_client.get(f"/doc/{CHINA_TALKS}.ris")
    assert response.headers["Content-Disposition"] == f'attachment; filename="{CHINA_TALKS}.ris"'
    today = datetime.date.today()
    assert response.get_data(as_text=True) == (
        "TY  - ELEC\r\n"
        f"ID  - {CHINA_TALKS}\r\n"
        "TI  - Talks on energy cooperation with China\r\n"
        "AU  - akorda.kz\r\n"
        "PB  - akorda.kz\r\n"
        "PY  - 2018\r\n"
        "DA  - 2018/06/10/\r\n"
        "CY  - Qingdao, People's Republic of China\r\n"
        "UR  - https://www.akorda.kz/en/events/energy-talks-with-china\r\n"
        f"Y2  - {today:%Y/%m/%d}/\r\n"
        "LA  - en\r\n"
        f"N1  - Bilat permalink: http://localhost/doc/{CHINA_TALKS}/"
        "2018-06-10-talks-on-energy-cooperation-with-china\r\n"
        "ER  - \r\n"
    )


def test_bibtex_download_is_a_misc_entry(research_client):
    response = research_client.get(f"/doc/{CHINA_TALKS}.bib")
    assert response.mimetype == "application/x-bibtex"
    text = response.get_data(as_text=True)
    assert text.startswith(
        f"@misc{{{CHINA_TALKS},\n  title = {{{{Talks on energy cooperation with China}}}},\n"
    )
    assert "  date = {2018-06-10},\n  year = {2018},\n" in text
    assert f"  urldate = {{{datetime.date.today().isoformat()}}},\n" in text
    assert text.endswith("  month = jun,\n}\n")


def test_citations_of_unknown_or_malformed_ids_are_404(research_client):
    assert research_client.get("/doc/2018-01-01-nothing.bib").status_code == 404
    assert research_client.get("/doc/BAD_ID.ris").status_code == 404


def test_undated_statement_says_so_everywhere(research_client):
    html = page(research_client, "/doc/undated-trade-with-belarus")
    assert "<dd><time>date unknown</time></dd>" in html
    assert (
        "“Note on trade with Belarus.” n.d. https://www.akorda.kz/en/events/trade-with-belarus."
        in html
    )
    rows = (
        research_client.get("/search.csv?country=BY&-country=RU")
        .get_data(as_text=True)
        .splitlines()
    )
    assert rows[1].startswith("undated-trade-with-belarus,,Note on trade with Belarus,")


def test_bad_query_page_offers_the_correction_with_the_filters_kept(research_client):
    response = research_client.get('/search?q="energy&sector=energy')
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert '<p class="message">Unbalanced quote in: &#34;energy</p>' in html
    assert '<a href="/search?sector=energy&amp;q=%22energy%22">&#34;energy&#34;</a>' in html


INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


@pytest.mark.parametrize(
    "url",
    ["/", "/search?q=energy&sector=energy", f"/doc/{CHINA_TALKS}?q=energy", "/country/CN", "/nope"],
)
def test_pages_have_no_inline_script_handlers_or_styles(research_client, url):
    html = research_client.get(url).get_data(as_text=True)
    assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert INLINE_HANDLER.search(html) is None
    # style-src 'self' would block inline styles too.
    assert " style=" not in html and "<style" not in html


def test_snippets_are_the_only_unescaped_output(research_client):
    html = page(research_client, "/search?q=energy&person=<b>x</b>")
    assert "<b>x</b>" not in html
    assert "Person: &lt;b&gt;x&lt;/b&gt;" in html


def test_fixture_index_holds_every_research_statement(research_client):
    data = research_client.get("/search.json?per_page=100").get_json()
    assert data["total"] == len(RESEARCH_STATEMENTS) == 8


def test_facet_counts_ignore_their_own_filter_and_narrow_the_others(research_client):
    html = page(research_client, "/search?sector=energy")

    def count(name, value):
        found = re.search(
            rf'<label for="f-{name}-{value}">.*?<span class="count">(\d+)<', html, re.DOTALL
        )
        return int(found.group(1)) if found else None

    assert [count("country", c) for c in ("KZ", "RU", "CN", "BY", "UZ")] == [3, 3, 1, 1, None]
    assert [count("sector", s) for s in ("energy", "transport", "mining", "agro")] == [4, 3, 2, 2]
    assert [count("year", y) for y in ("2018", "2019", "unknown")] == [2, 2, None]


def test_year_values_are_checkboxes_that_filter(research_client):
    html = page(research_client, "/search?year=2019&year=unknown")
    assert hit_ids(html) == [
        "2019-12-01-belarus-russia-union",
        "2019-07-02-energy-cooperation-russia",
        "2019-03-20-transport-agreements-china",
        "undated-trade-with-belarus",
    ]
    assert "Searching: <strong>year: 2019 OR Date unknown</strong>" in html


def test_titles_carry_the_marks_of_the_query(research_client):
    html = page(research_client, "/search?q=russia")
    assert (
        '<h2><a href="/doc/2018-09-12-meeting-with-russia/2018-09-12-meeting-with-the-president-'
        'of-russia?q=russia" lang="en" dir="auto">'
        "Meeting with the President of <mark>Russia</mark></a></h2>"
    ) in html


def test_document_reached_from_a_search_marks_its_matches(research_client):
    html = page(research_client, f"/doc/{CHINA_TALKS}?q=transport")
    assert re.findall(r'<p id="(p\d)" class="marked">', html) == ["p3"]
    assert "expand <mark>transport</mark> corridors" in html
    assert 'is marked in paragraph\n    <a href="#p3">3</a>.' in html


def test_document_page_lists_more_like_this_without_itself(research_client):
    html = page(research_client, f"/doc/{CHINA_TALKS}")
    section = html[html.index('<section class="more-like-this"') :]
    linked = re.findall(r'<li><a href="/doc/([a-z0-9-]+)/[a-z0-9-]+">', section)
    assert 1 <= len(linked) <= 5
    assert CHINA_TALKS not in linked
    assert set(linked) <= {s.id for s in RESEARCH_STATEMENTS}


def test_a_misspelt_query_offers_the_engines_correction_with_filters_kept(research_client):
    html = page(research_client, "/search?q=enrgy+cooperation&-country=BY")
    assert '<span id="summary">0 statements</span>' in html
    assert (
        '<p class="did-you-mean">Did you mean '
        '<a href="/search?-country=BY&amp;q=energy+cooperation">energy cooperation</a>?</p>'
    ) in html


def test_front_page_offers_countries_sectors_and_years_to_start_from(research_client):
    html = page(research_client, "/")
    countries = re.findall(
        r'<li><a href="/country/([A-Z]{2})">([^<]+)</a> <span class="count">(\d+)', html
    )
    assert countries == [
        ("KZ", "Kazakhstan", "7"),
        ("CN", "China", "3"),
        ("RU", "Russia", "3"),
        ("BY", "Belarus", "2"),
        ("UZ", "Uzbekistan", "1"),
    ]
    assert '<li><a href="/sector/energy">Energy</a> <span class="count">4<' in html
    assert '<li><a href="/search?year=unknown">Date unknown</a> <span class="count">1<' in html
    assert '<a href="/search">Browse all 8 statements</a>' in html


def test_front_page_works_before_anything_is_indexed(tmp_path, make_app):
    client = make_app(tmp_path / "none").test_client()
    response = client.get("/")
    assert response.status_code == 200
    assert "Browse all" not in response.get_data(as_text=True)
    assert client.get("/search").status_code == 503


def test_a_page_past_the_end_says_so_and_links_to_the_first(research_client):
    html = page(research_client, "/search?q=energy&page=9")
    assert '<span id="summary">4 statements</span>' in html
    assert (
        'This page is past the last one. <a href="/search?q=energy">Go to the first page</a>.'
    ) in html


def test_browsing_lists_undated_statements_last(research_client):
    data = research_client.get("/search.json?per_page=100").get_json()
    assert [h["id"] for h in data["hits"]][-1] == "undated-trade-with-belarus"
