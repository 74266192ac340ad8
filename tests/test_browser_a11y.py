"""Every kind of page passes axe-core's WCAG 2.1 A and AA rules, at laptop and phone widths.

axe-core comes pinned with the axe-playwright-python package of the test extra; it runs in
Debian's chromium against the production WSGI server over the eight research statements.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

# WCAG 2.1 levels A and AA, plus axe's best practices (one level-one heading per page,
# landmarks holding all content), which the pages meet as well.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

CHINA_TALKS = "2018-06-10-energy-talks-with-china"

# Each kind of page: its address, the status it answers with and its level-one heading.
PAGES = {
    "front page": ("/", 200, "Search bilateral-relations statements"),
    "search with results": ("/search?q=energy", 200, "Search results"),
    "search with no result": ("/search?q=volcano", 200, "Search results"),
    "search with filters and chips": (
        "/search?q=energy&country=KZ&-sector=mining&from=2018-01-01&to=2019-12-31",
        200,
        "Search results",
    ),
    "statement": (f"/doc/{CHINA_TALKS}?q=transport", 200, "Talks on energy cooperation with China"),
    # Twelve lines: numbers of two digits, which axe checks for contrast (one digit it skips).
    "keyword in context": ("/kwic?q=kazakhstan+OR+russia+OR+china", 200, "Keyword in context"),
    "trends": ("/trends?q=energy&q=transport&interval=year", 200, "Trends over time"),
    "pair dossier": ("/pair/CN-KZ", 200, "Statements about China – Kazakhstan"),
    "country dossier": ("/country/RU", 200, "Statements about Russia"),
    "sector page": ("/sector/energy", 200, "Statements on Energy"),
    "400 page": ('/search?q="energy', 400, "The query cannot be run"),
    "404 page": ("/doc/no-such-statement", 404, "Not found"),
}


def axe_violations(page) -> list[str]:
    """Run axe-core on the page; one line per failing element: rule, impact, selector, help."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)
    return [
        f"{violation['id']} ({violation['impact']}) at {' '.join(node['target'])}: "
        f"{violation['help']}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def sized_page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", list(PAGES))
def test_page_has_no_axe_violation(sized_page, research_server, kind):
    path, status, heading = PAGES[kind]
    response = sized_page.goto(research_server + path)
    assert response.status == status
    violations = axe_violations(sized_page)
    assert violations == [], f"{kind} ({path}):\n" + "\n".join(violations)
    assert sized_page.locator("h1").all_inner_texts() == [heading]
