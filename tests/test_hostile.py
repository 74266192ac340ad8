"""Hostile documents and queries: nothing a document or a visitor writes can run in a page.

Documents with script tags, event-handler attributes, javascript: URLs and broken markup
in their titles, bodies, places and source URLs go through the real parsers (HTML,
Markdown, JSON Lines) into an index; every page rendered from it, and for hostile
queries, is parsed and must hold no script element, no on* attribute and no link to
anything but http(s) or the site itself, with the Content-Security-Policy header sent.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from indexer.build import build_index

from .conftest import opened_app

SCRIPT = "<script>alert(1)</script>"
HOSTILE_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
]

HTML_PAGE = f"""<!DOCTYPE html>
<html><head><title>Readout {SCRIPT} of the call</title>
<link rel="canonical" href="javascript:alert(1)">
<meta property="og:url" content="javascript:alert(2)">
<script>document.write('<p>injected</p>')</script>
</head><body onload="alert(3)">
<article><h1 onclick="alert(4)">Readout of the call with the Minister <img src=x onerror=alert(5)></h1>
<time datetime="2024-03-05">March 5, 2024</time>
<p class="place" onmouseover="alert(6)">Hostileville, &lt;script&gt;alert(7)&lt;/script&gt;</p>
<p>The leaders discussed energy cooperation and <a href="javascript:alert(8)">trade</a>
between the two countries, and agreed to meet again. <b>Unclosed bold <i>and italic
<div><p>Broken <span style="x:expression(alert(9))">markup</p></div>
<p>They also spoke about <svg onload="alert(10)"></svg> investment in transport.</p>
<iframe src="javascript:alert(11)"></iframe><object data="x.swf"></object>
</article></body></html>
"""

MARKDOWN = f"""---
title: "Joint statement {SCRIPT} <img src=x onerror=alert(1)>"
date: '2023-11-02'
source_url: "javascript:alert('md')"
place: "<svg onload=alert(2)> Capital"
---

<script>alert("body")</script>

The two governments reaffirmed their commitment to energy security and trade.
[A link](javascript:alert(3)) and <a href="javascript:alert(4)" onclick="alert(5)">raw</a>.

<div onmouseover="alert(6)">Broken <b>markup <i>never closed

"javascript:alert(7)" appears as text, and so does onerror=alert(8).
"""


def _jsonl_records() -> list[dict]:
    records = []
    for n, url in enumerate(HOSTILE_URLS):
        records.append(
            {
                "id": f"hostile-{n}",
                "url": url,
                "date": f"2022-0{n + 1}-15",
                "title": f'Briefing {n} {SCRIPT} "><img src=x onerror=alert({n})>',
                "place": f"<iframe src=javascript:alert({n})></iframe> Town {n}",
                "text": (
                    f"Energy and trade talks {n}. {SCRIPT}\n\n"
                    f'<a href="javascript:alert({n})" onclick="alert({n})">click</a> '
                    f"</p></div><p onmouseover=alert({n})> broken markup {n} <b>"
                ),
            }
        )
    # A record with an ordinary address, rendered as a link.
    records.append(
        {
            "id": "plain-link",
            "url": "https://example.org/statement?a=1&b=<script>",
            "date": "2022-07-01",
            "title": "Briefing with an ordinary address",
            "text": "Energy and trade talks with an ordinary source address.",
        }
    )
    return records


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-docs")
    site = folder / "hostile.example"
    site.mkdir()
    (site / "readout.html").write_text(HTML_PAGE, encoding="utf-8")
    (site / "joint.md").write_text(MARKDOWN, encoding="utf-8")
    (site / "briefings.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in _jsonl_records()), encoding="utf-8"
    )
    index_dir = tmp_path_factory.mktemp("hostile-index")
    report = build_index(index_dir, [folder], progress=False)
    assert report.refused == [] and report.total == 8, report.summary()
    with opened_app(index_dir) as app:
        yield app


SAFE_HREF = re.compile(r"^(https?://|/|#|\?|data:,$)", re.IGNORECASE)


def assert_inert(response) -> BeautifulSoup:
    """The page holds no script, no event handler and no link to a non-web address."""
    assert response.status_code in (200, 400, 404), response.status_code
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    soup = BeautifulSoup(response.get_data(as_text=True), "lxml")
    scripts = [s for s in soup.find_all("script") if s.get("src", "").startswith("/static/")]
    assert soup.find_all("script") == scripts, "inline or foreign script element"
    assert not soup.find_all(["iframe", "object", "embed"])
    for tag in soup.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert handlers == [], f"<{tag.name} {handlers}>"
        for attribute in ("href", "src", "action", "formaction", "data"):
            value = tag.get(attribute)
            if value is not None:
                assert SAFE_HREF.match(value.strip()), f"<{tag.name} {attribute}={value!r}>"
    return soup


def all_ids(client) -> list[str]:
    body = client.get("/search.json?q=&per_page=100").get_json()
    return sorted(hit["id"] for hit in body["hits"])


def doc_url(client, slug_start: str) -> str:
    """The page of the one statement whose permalink's slug (date and title) starts so."""
    hits = client.get("/search.json?q=&per_page=100").get_json()["hits"]
    (found,) = [h["url"] for h in hits if h["url"].split("/")[3].startswith(slug_start)]
    return found


def hostile_record_url(client, n: int) -> str:
    return doc_url(client, f"2022-0{n + 1}-15-briefing-{n}-script-alert-1-script")


def test_every_page_of_every_hostile_document_is_inert(hostile_app):
    client = hostile_app.test_client()
    ids = all_ids(client)
    assert len(ids) == 8
    for doc_id in ids:
        assert_inert(client.get(f"/doc/{doc_id}"))
        assert_inert(client.get(f"/doc/{doc_id}?q=alert+OR+script"))
    for url in (
        "/",
        "/search",
        "/search?q=alert",
        "/search?q=script+OR+onerror",
        "/search?q=energy",
    ):
        soup = assert_inert(client.get(url))
        assert soup.find("main") is not None


def test_hostile_text_is_shown_as_text(hostile_app):
    client = hostile_app.test_client()
    page = client.get(hostile_record_url(client, 0)).get_data(as_text=True)
    soup = BeautifulSoup(page, "lxml")
    assert soup.find("h1").get_text() == (
        'Briefing 0 <script>alert(1)</script> "><img src=x onerror=alert(0)>'
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<iframe src=javascript:alert(0)></iframe> Town 0" in soup.get_text()


def test_only_http_source_urls_become_links(hostile_app):
    client = hostile_app.test_client()
    pages = [hostile_record_url(client, n) for n in range(len(HOSTILE_URLS))]
    pages.append(doc_url(client, "2023-11-02-joint-statement"))
    for page, url in zip(pages, HOSTILE_URLS + ["javascript:alert('md')"], strict=True):
        soup = assert_inert(client.get(page))
        assert soup.find("a", class_="original") is None
        # Still shown, as text, so a reader sees where it claims to come from.
        assert url.strip() in soup.get_text()
    soup = assert_inert(client.get(doc_url(client, "2022-07-01-briefing-with-an-ordinary")))
    link = soup.find("a", class_="original")
    assert link["href"] == "https://example.org/statement?a=1&b=<script>"


def test_the_feed_links_only_to_web_addresses(hostile_app):
    from lxml import etree

    response = hostile_app.test_client().get("/search.atom?q=energy")
    assert response.status_code == 200
    feed = etree.fromstring(response.get_data())
    hrefs = [link.get("href") for link in feed.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(SAFE_HREF.match(h) or h.startswith("http") for h in hrefs), hrefs
    assert "https://example.org/statement?a=1&b=<script>" in hrefs


HOSTILE_QUERIES = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "title:<svg/onload=alert(1)>",
    '" onmouseover="alert(1)',
    "</title><script>alert(1)</script>",
    "energy <script>",
    "\u202e<script>",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_hostile_queries_render_inert_pages(hostile_app, q):
    client = hostile_app.test_client()
    for path in ("/search", hostile_record_url(client, 1), "/"):
        assert_inert(client.get(path + "?" + urlencode({"q": q})))
    response = client.get("/search.json?" + urlencode({"q": q}))
    assert response.status_code in (200, 400)
    assert response.mimetype == "application/json"


@pytest.mark.parametrize(
    "params",
    [
        {"country": SCRIPT},
        {"sector": '"><script>alert(1)</script>'},
        {"sort": "javascript:alert(1)"},
        {"from": "<svg onload=alert(1)>"},
        {"page": "<script>"},
        {"q": "energy", "pair": "javascript:alert(1)"},
    ],
)
def test_hostile_parameters_render_inert_pages(hostile_app, params):
    assert_inert(hostile_app.test_client().get("/search?" + urlencode(params)))
