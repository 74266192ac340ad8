"""What a researcher does on the search and document pages, in a real headless Chromium.

The server is the production WSGI server over the eight statements of tests/conftest.py.
"""

import csv
import datetime
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

from web import search_page

from .conftest import ARTIFACTS, RESEARCH_STATEMENTS

pytestmark = pytest.mark.browser

CHINA_TALKS = "2018-06-10-energy-talks-with-china"


def hit_ids(page) -> list[str]:
    hrefs = page.locator(".hit h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    # A permalink is /doc/<id>/<slug>: the id alone names the statement.
    return [urlsplit(href).path.removeprefix("/doc/").split("/")[0] for href in hrefs]


def summary(page) -> str:
    return page.locator("#summary").inner_text()


def query_pairs(page) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(page.url).query)


def facet_count(page, name: str, value: str) -> int:
    text = page.locator(f'label[for="f-{name}-{value}"] .count').text_content()
    return int(text.split()[0].replace(",", ""))


def test_search_a_phrase(page, research_server):
    page.goto(research_server + "/")
    page.fill("#q", '"energy cooperation"')
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=*")
    assert query_pairs(page) == [("q", '"energy cooperation"')]
    assert summary(page) == "3 statements"
    assert sorted(hit_ids(page)) == [
        "2018-06-10-energy-talks-with-china",
        "2018-09-12-meeting-with-russia",
        "2019-07-02-energy-cooperation-russia",
    ]
    assert page.locator(".interpreted").inner_text() == 'Searching: "energy cooperation"'
    marks = page.locator(".hit .snippet mark").all_inner_texts()
    assert {m.lower() for m in marks} == {"energy cooperation"}


def test_tick_a_sector_changes_results_counts_and_url(page, research_server):
    page.goto(research_server + "/search")
    assert summary(page) == "8 statements"
    assert facet_count(page, "country", "KZ") == 7
    page.check('input[name="sector"][value="energy"]')
    page.wait_for_url("**/search?*sector=energy*")
    assert ("sector", "energy") in query_pairs(page)
    assert summary(page) == "4 statements"
    assert facet_count(page, "country", "KZ") == 3
    assert facet_count(page, "country", "RU") == 3
    # Counts of the sector facet ignore its own filter: transport would still add 3.
    assert facet_count(page, "sector", "transport") == 3
    assert page.locator('input[name="sector"][value="energy"]').is_checked()


def test_exclude_a_country(page, research_server):
    page.goto(research_server + "/search?sector=energy")
    belarus = page.locator('.facet[data-facet="country"] li.option:has(input[value="BY"])')
    belarus.hover()
    belarus.locator("a.exclude").click()
    page.wait_for_url("**-country=BY")
    assert query_pairs(page) == [("sector", "energy"), ("-country", "BY")]
    assert summary(page) == "3 statements"
    assert "2019-12-01-belarus-russia-union" not in hit_ids(page)
    assert page.locator('input[name="-country"][value="BY"]').is_checked()
    assert page.locator(".chip.excluded").inner_text().startswith("Not country: ")


def test_remove_a_chip(page, research_server):
    page.goto(research_server + "/search?sector=energy&country=CN")
    assert hit_ids(page) == [CHINA_TALKS]
    page.click('.chip:has-text("Sector") a.remove')
    page.wait_for_url(research_server + "/search?country=CN")
    assert summary(page) == "3 statements"
    assert page.locator(".chip").all_inner_texts()[0].startswith("Country: ")
    page.click("a.clear-all")
    page.wait_for_url(research_server + "/search")
    assert summary(page) == "8 statements"


def test_click_a_histogram_bar_narrows_the_dates_to_its_period(page, research_server):
    page.goto(research_server + "/search?q=energy")
    bar = page.locator(".histogram a.bar").first
    period = bar.get_attribute("data-period")
    label = bar.get_attribute("aria-label")
    bar.click()
    page.wait_for_url("**from=*")
    params = dict(query_pairs(page))
    year, _, month = period.partition("-")
    first = datetime.date(int(year), int(month or 1), 1)
    last = datetime.date(int(year), int(month or 12), 28)
    while (last + datetime.timedelta(days=1)).month == last.month:
        last += datetime.timedelta(days=1)
    assert (params["from"], params["to"]) == (first.isoformat(), last.isoformat())
    expected = [
        s.id
        for s in RESEARCH_STATEMENTS
        if s.date and first <= s.date <= last and "energy" in (s.title + s.text).lower()
    ]
    assert sorted(hit_ids(page)) == sorted(expected)
    assert label.endswith(f": {len(expected)} statement{'' if len(expected) == 1 else 's'}")


def test_open_a_document_and_follow_a_paragraph_link(page, research_server):
    page.goto(research_server + "/search?q=transport&country=CN")
    page.click(f'.hit h2 a[href^="/doc/{CHINA_TALKS}"]')
    page.wait_for_url(f"**/doc/{CHINA_TALKS}/*?q=transport")
    assert page.locator("h1").inner_text() == "Talks on energy cooperation with China"
    assert page.locator(".back a").get_attribute("href") == "/search?q=transport"
    assert page.locator(".body mark").all_inner_texts() == ["transport"]
    page.click('a.anchor[href="#p3"]')
    page.wait_for_url(f"**/doc/{CHINA_TALKS}/*?q=transport#p3")
    assert page.evaluate("document.querySelector(':target').id") == "p3"
    assert (
        page.locator("#p3")
        .inner_text()
        .startswith("Kazakhstan and China agreed to expand transport corridors")
    )
    copy = page.locator("#p3 button.copy")
    assert copy.get_attribute("aria-label") == "Copy link to paragraph 3"


def test_download_csv_of_a_search(page, research_server):
    page.goto(research_server + "/search?sector=mining")
    with page.expect_download() as download_info:
        page.click("a.format-csv")
    download = download_info.value
    assert download.suggested_filename == "bilat-search.csv"
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8"))))
    assert [row[0] for row in rows] == [
        "id",
        "2020-01-15-mining-projects-china",
        "2018-09-12-meeting-with-russia",
    ]
    assert rows[1][-1] == (
        f"{research_server}/doc/2020-01-15-mining-projects-china/"
        "2020-01-15-mining-and-metallurgy-projects-with-china"
    )


def test_download_ris_of_a_document(page, research_server):
    page.goto(research_server + f"/doc/{CHINA_TALKS}")
    with page.expect_download() as download_info:
        page.click("a.format-ris")
    download = download_info.value
    assert download.suggested_filename == f"{CHINA_TALKS}.ris"
    lines = download.path().read_text(encoding="utf-8").splitlines()
    assert lines[:3] == [
        "TY  - ELEC",
        f"ID  - {CHINA_TALKS}",
        "TI  - Talks on energy cooperation with China",
    ]
    assert lines[-1] == "ER  - "


def test_a_bookmarked_search_reloads_as_the_same_page(page, browser, research_server):
    url = research_server + "/search?q=energy&-country=BY&sort=oldest&per_page=2&page=2"
    page.goto(url)
    seen = (hit_ids(page), summary(page), page.locator(".chip").all_inner_texts())
    assert seen[0] == ["2019-07-02-energy-cooperation-russia"]
    assert seen[1] == "3 statements"
    page.reload()
    assert (hit_ids(page), summary(page), page.locator(".chip").all_inner_texts()) == seen
    other = browser.new_context().new_page()
    other.goto(url)
    assert (hit_ids(other), summary(other), other.locator(".chip").all_inner_texts()) == seen
    assert other.locator('.pages [aria-current="page"]').inner_text() == "2"
    other.context.close()


def test_the_back_button_restores_the_previous_search(page, research_server):
    page.goto(research_server + "/search?q=energy&sort=newest")
    before = hit_ids(page)
    page.fill("#q", "mining")
    page.press("#q", "Enter")
    page.wait_for_url("**q=mining*")
    assert hit_ids(page) == ["2020-01-15-mining-projects-china", "2018-09-12-meeting-with-russia"]
    # The new query kept the sort, which lives in the same form.
    assert ("sort", "newest") in query_pairs(page)
    page.go_back()
    page.wait_for_url("**q=energy*")
    assert page.input_value("#q") == "energy"
    assert hit_ids(page) == before


def test_the_filter_form_works_without_javascript(browser, research_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(research_server + "/search?country=CN&country=RU")
    assert summary(page) == "6 statements"
    page.uncheck('input[name="country"][value="RU"]')
    page.fill("#from", "2019-01-01")
    page.click("button.apply")
    page.wait_for_url("**from=2019-01-01*")
    params = query_pairs(page)
    assert ("country", "CN") in params and ("country", "RU") not in params
    assert hit_ids(page) == [
        "2020-01-15-mining-projects-china",
        "2019-03-20-transport-agreements-china",
    ]
    context.close()


def test_long_facets_get_a_filter_box_and_show_all(page, research_server, monkeypatch):
    monkeypatch.setattr(search_page, "LONG_FACET", 2)
    page.goto(research_server + "/search")
    countries = page.locator('.facet[data-facet="country"]')
    assert countries.locator("li.option:visible").count() == 2
    countries.locator("button.show-more").click()
    assert countries.locator("li.option:visible").count() == 5
    countries.locator("input.facet-filter").fill("bel")
    visible = countries.locator("li.option:visible input").evaluate_all(
        "xs => xs.map(x => x.value)"
    )
    assert visible == ["BY"]


def test_slash_focuses_the_box_and_focus_is_visible(page, research_server):
    page.goto(research_server + "/search?q=energy")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize(("width", "suffix"), [(1280, ""), (390, "-phone")])
def test_screenshots_of_the_search_and_document_pages(browser, research_server, width, suffix):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(research_server + "/search?q=energy&-country=BY")
    assert summary(page) == "3 statements"
    # On a phone the filters come after the results; on a laptop beside them.
    results = page.locator(".results").bounding_box()
    filters = page.locator(".filters").bounding_box()
    if width < 600:
        assert filters["y"] > results["y"] + results["height"] - 1
    else:
        assert filters["x"] > results["x"] + results["width"] - 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-page{suffix}.png"), full_page=True)
    page.goto(research_server + f"/doc/{CHINA_TALKS}?q=energy#p2")
    assert re.match(r"akorda\.kz\. “Talks on energy", page.locator("#chicago").inner_text())
    page.screenshot(path=str(ARTIFACTS / f"document-page{suffix}.png"), full_page=True)
    context.close()
