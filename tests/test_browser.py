"""What a person does, in a real headless Chromium against the production WSGI server."""

import pytest

pytestmark = pytest.mark.browser


def test_search_a_phrase_then_open_the_statement(page, live_server):
    page.goto(live_server + "/")
    page.fill("#q", '"national currencies"')
    page.press("#q", "Enter")
    page.wait_for_url("**/search?q=*")

    first = page.locator(".hit").first
    assert first.locator("h2 a").inner_text() == (
        "Briefing for media representatives on results of the visit to the People's Republic of China"
    )
    assert first.locator("time").inner_text() == "10 June 2018"
    snippet = first.locator(".snippet").inner_html()
    assert "settlements in <mark>national currencies</mark> within the SCO" in snippet
    assert first.locator(".snippet mark").evaluate_all("marks => marks.length") == 1

    first.locator("h2 a").click()
    page.wait_for_url("**/doc/**")
    assert page.locator("h1").inner_text().startswith("Briefing for media representatives")
    assert page.locator("#p10").inner_text().startswith("- When there is trust")


def test_slash_focuses_the_search_box(page, live_server):
    page.goto(
        live_server
        + "/doc/2018-06-10-briefing-for-media-representatives-on-results-of-the-visit-a0f1450fea"
    )
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
