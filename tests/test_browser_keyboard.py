"""Keyboard only, in a real headless Chromium: Tab, Shift+Tab, Space and Enter, never the mouse.

Each step checks that the element holding focus shows it (an outline or a shadow, on an element
that is displayed) and that focus lands where the step leads: the results' heading after a
search, the filter just changed, the statement's title, the paragraph linked to, and the
statement's own hit when coming back to the results.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest

pytestmark = pytest.mark.browser

TRANSPORT_CHINA = "2019-03-20-transport-agreements-china"
ENERGY_RUSSIA = "2019-07-02-energy-cooperation-russia"

# What holds focus, whether it shows it, and a short name for it in failure messages.
FOCUS = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const shown =
    element !== document.body &&
    element.getClientRects().length > 0 &&
    style.visibility !== "hidden" &&
    Number(style.opacity) > 0 &&
    ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) ||
      style.boxShadow !== "none");
  const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") +
    (element.getAttribute("class") ? "." + element.getAttribute("class") : "") +
    (element.getAttribute("href") ? "[" + element.getAttribute("href") + "]" : "");
  return {shown, name};
}"""


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def assert_focus_shown(page) -> str:
    state = page.evaluate(FOCUS)
    assert state["shown"], f"focus is not visible on {state['name']}"
    return state["name"]


def assert_focus_on(page, selector: str) -> None:
    """Focus is on `selector`, and shown."""
    state = page.evaluate(FOCUS)
    assert focused(page, selector), f"focus is on {state['name']}, not on {selector}"
    assert state["shown"], f"focus is not visible on {state['name']}"


def press_until(page, selector: str, key: str = "Tab", limit: int = 80) -> list[str]:
    """Press `key` until `selector` holds focus, visible at every stop; return the stops."""
    visited = []
    for _ in range(limit):
        page.keyboard.press(key)
        visited.append(assert_focus_shown(page))
        if focused(page, selector):
            return visited
    pytest.fail(f"{key} never reached {selector}; it went through: {', '.join(visited)}")


def hit_ids(page) -> list[str]:
    hrefs = page.locator(".hit h2 a").evaluate_all("xs => xs.map(a => a.getAttribute('href'))")
    # A permalink is /doc/<id>/<slug>: the id alone names the statement.
    return [urlsplit(href).path.removeprefix("/doc/").split("/")[0] for href in hrefs]


@pytest.fixture()
def keyboard_page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    yield context.new_page()
    context.close()


def test_research_journey_with_the_keyboard_alone(keyboard_page, research_server):
    page = keyboard_page
    page.goto(research_server + "/")
    press_until(page, "#q")
    page.keyboard.type('"energy cooperation"')
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    assert_focus_on(page, ".results h1")
    assert page.evaluate("document.activeElement.textContent") == "Search results"
    assert page.locator("#summary").inner_text() == "3 statements"

    # Tick a country: the page reloads with the filter, focus is back on the box.
    press_until(page, '#filters input[name="country"][value="KZ"]')
    page.keyboard.press("Space")
    page.wait_for_url("**country=KZ")
    assert_focus_on(page, '#filters input[name="country"][value="KZ"]:checked')
    assert page.locator("#summary").inner_text() == "3 statements"

    # Exclude a sector: focus comes back to its box, now ticked as "not".
    press_until(
        page, '.facet[data-facet="sector"] li.option:has(input[value="transport"]) a.exclude'
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**-sector=transport")
    assert_focus_on(page, '#filters input[name="-sector"][value="transport"]:checked')
    assert sorted(hit_ids(page)) == ["2018-09-12-meeting-with-russia", ENERGY_RUSSIA]

    # Narrow the dates to July 2019 through its bar of the histogram, above the results.
    press_until(page, '.histogram a.bar[data-period="2019-07"]', key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**to=2019-07-31")
    results_url = page.url
    assert parse_qsl(urlsplit(results_url).query) == [
        ("q", '"energy cooperation"'),
        ("country", "KZ"),
        ("-sector", "transport"),
        ("from", "2019-07-01"),
        ("to", "2019-07-31"),
    ]
    assert_focus_on(page, ".results h1")
    assert hit_ids(page) == [ENERGY_RUSSIA]

    # Open the statement: focus is on its title.
    press_until(page, ".hit h2 a")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/doc/{ENERGY_RUSSIA}/*?*")
    assert_focus_on(page, ".statement h1")
    assert page.evaluate("document.activeElement.textContent") == (
        "Energy cooperation with Russia discussed"
    )

    # Follow the link to the paragraph where the phrase is marked: focus is on that paragraph.
    press_until(page, '.matches a[href="#p1"]')
    page.keyboard.press("Enter")
    page.wait_for_url("**#p1")
    assert_focus_on(page, "#p1:target")

    # Copy the citation.
    press_until(page, ".cite button.copy")
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('announce')?.textContent === 'Citation copied'")
    assert page.evaluate("navigator.clipboard.readText()") == (
        page.locator("#chicago").inner_text()
    )
    assert page.evaluate("navigator.clipboard.readText()").startswith(
        "akorda.kz. “Energy cooperation with Russia discussed.”"
    )

    # Back to the very same results, on the hit of the statement just read.
    press_until(page, ".statement .back a", key="Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(results_url)
    assert hit_ids(page) == [ENERGY_RUSSIA]
    assert_focus_on(page, f'.hit h2 a[href^="/doc/{ENERGY_RUSSIA}/"]')


def test_skip_link_moves_focus_to_the_content(keyboard_page, research_server):
    page = keyboard_page
    page.goto(research_server + "/trends?q=energy&q=transport&interval=year")
    page.keyboard.press("Tab")
    assert_focus_on(page, "a.skip")
    page.keyboard.press("Enter")
    assert_focus_on(page, "main")
    press_until(page, "#trend-q1", limit=1)


def test_chart_points_leave_the_tab_order_to_the_table(keyboard_page, research_server):
    page = keyboard_page
    page.goto(research_server + "/trends?q=energy&q=transport&interval=year")
    visited = press_until(page, ".trend-table a")
    # From the note under the chart the next stop is the table's first figure.
    assert [stop for stop in visited if "point" in stop] == []
    assert visited[-2] == "a[#trend-table]"
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        page.locator(".trend-table a").first.get_attribute("href")
    )
    assert page.locator("svg.trend-chart").get_attribute("aria-describedby") == "trend-note"
    assert page.locator("#trend-note a").get_attribute("href") == "#trend-table"


def test_opening_a_statement_at_a_paragraph_focuses_that_paragraph(keyboard_page, research_server):
    page = keyboard_page
    page.goto(research_server + f"/doc/{TRANSPORT_CHINA}#p1")
    assert_focus_on(page, "#p1:target")
