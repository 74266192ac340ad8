"""The research views in a real headless Chromium: sorting KWIC lines, following a trend point."""

from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.browser


def _column(page, css: str) -> list[str]:
    return page.locator(f".kwic-line td.{css}").all_inner_texts()


def test_sort_kwic_lines_by_left_then_right_context(page, research_server):
    page.goto(research_server + "/kwic?q=energy&context=5")
    assert page.locator("#kwic-summary").inner_text() == "4 matches"
    assert _column(page, "left") == [
        "Belarus and Russia discussed",
        "",
        "Kazakhstan and Russia reviewed",
        "the President of China on",
    ]
    page.get_by_role("link", name="Left context").click()
    page.wait_for_url("**order=left*")
    assert _column(page, "left") == [
        "",
        "Belarus and Russia discussed",
        "the President of China on",
        "Kazakhstan and Russia reviewed",
    ]
    page.get_by_role("link", name="Right context").click()
    page.wait_for_url("**order=right*")
    assert _column(page, "right") == [
        "cooperation",
        "cooperation and mining projects",
        "cooperation with Russia was discussed",
        "prices and integration",
    ]
    page.locator(".kwic-line td.match a").first.click()
    page.wait_for_url("**/doc/2018-06-10-energy-talks-with-china?q=energy#p1")


def test_a_trend_point_opens_that_period_results(page, research_server):
    page.goto(research_server + "/trends?q=energy&q=transport&interval=year")
    point = page.locator('.series-group.s1 a.point[data-period="2019"]')
    assert point.get_attribute("aria-label") == "transport, 2019: 1 statement"
    point.locator("circle").click()
    page.wait_for_url("**/search?*")
    assert parse_qsl(urlsplit(page.url).query) == [
        ("q", "transport"),
        ("from", "2019-01-01"),
        ("to", "2019-12-31"),
    ]
    assert page.locator("#summary").inner_text() == "1 statement"
    hrefs = page.locator(".hit h2 a").evaluate_all("a => a.map(x => x.getAttribute('href'))")
    slug = "2019-03-20-kazakhstan-and-china-sign-transport-agreements"
    assert hrefs == [f"/doc/2019-03-20-transport-agreements-china/{slug}?q=transport"]
