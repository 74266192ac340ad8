import csv
import datetime
import io

from indexer.build import build_index, write_statements
from search.models import Statement

from .helpers import BRIEFING_ID, BRIEFING_SLUG


def test_home_has_a_search_box(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b'<input id="q" name="q" type="search"' in response.data


def test_search_json_follows_the_contract(client):
    response = client.get('/search.json?q="national currencies"')
    assert response.status_code == 200
    data = response.get_json()
    assert set(data) >= {
        "query",
        "total",
        "page",
        "per_page",
        "hits",
        "facets",
        "histogram",
        "did_you_mean",
    }
    assert data["query"] == '"national currencies"'
    assert (data["total"], data["page"], data["per_page"]) == (1, 1, 20)
    hit = data["hits"][0]
    assert hit["id"] == BRIEFING_ID
    assert hit["url"] == f"/doc/{BRIEFING_ID}/{BRIEFING_SLUG}"
    assert hit["date"] == "2018-06-10"
    assert hit["place"] == "Qingdao, People's Republic of China"
    assert hit["source"] == "akorda.kz"
    assert "<mark>national currencies</mark>" in hit["snippet"]


def test_doc_json_has_paragraphs_in_order(client):
    data = client.get(f"/doc/{BRIEFING_ID}.json").get_json()
    assert data["title"].startswith("Briefing for media representatives")
    assert data["publisher_country"] == "KZ"
    assert len(data["paragraphs"]) == 10
    assert data["paragraphs"][-1].endswith("Nursultan Nazarbayev said.")
    assert set(data) >= {"lang", "pairs", "persons", "evidence", "countries", "sectors"}


def test_search_page_shows_the_hit_with_the_match_marked(client):
    html = client.get("/search?q=national+currencies").get_data(as_text=True)
    assert f'href="/doc/{BRIEFING_ID}/{BRIEFING_SLUG}?q=national+currencies"' in html
    assert "<mark>national</mark> <mark>currencies</mark>" in html
    assert '<time datetime="2018-06-10">10 June 2018</time>' in html


def test_document_page_has_paragraph_anchors(client):
    html = client.get(f"/doc/{BRIEFING_ID}").get_data(as_text=True)
    assert 'id="p1"' in html and 'id="p10"' in html and 'id="p11"' not in html


def test_bad_query_is_a_400_with_a_plain_message(client):
    response = client.get('/search.json?q="national')
    assert response.status_code == 400
    assert response.get_json() == {
        "error": 'Unbalanced quote in: "national',
        "suggestion": '"national"',
    }
    page = client.get('/search?q="national')
    assert page.status_code == 400
    assert "Unbalanced quote in" in page.get_data(as_text=True)


def test_bad_parameters_are_400_not_500(client):
    assert client.get("/search.json?page=abc").status_code == 400
    assert client.get("/search.json?sort=random").status_code == 400
    assert client.get("/search.json?from=2018-13-01").status_code == 400


def test_unknown_and_malformed_ids_are_404(client):
    assert client.get("/doc/2018-01-01-nothing-0000000000").status_code == 404
    assert client.get("/doc/UPPER.json").status_code == 404
    assert client.get("/doc/%3Cscript%3E").status_code == 404


def test_security_headers_on_every_response(client):
    for url in ("/", "/search?q=x", "/search.json?q=x", "/doc/nope"):
        headers = client.get(url).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_query_text_is_escaped_in_the_page(client):
    html = client.get("/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_csv_cells_that_a_spreadsheet_would_run_are_made_text(tmp_path, make_app):
    statement = Statement(
        id="2024-03-01-formula",
        title='=HYPERLINK("http://example.org/x","energy")',
        date=datetime.date(2024, 3, 1),
        place=None,
        paragraphs=("@SUM(1+1) energy talks", "+cmd energy -2 and = signs inside stay"),
        countries=("KZ",),
        sectors=("energy",),
    )
    write_statements(tmp_path, [statement])
    client = make_app(tmp_path).test_client()

    search_csv = client.get("/search.csv?q=energy").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(search_csv)))
    assert rows[1][:3] == [
        "2024-03-01-formula",
        "2024-03-01",
        '\'=HYPERLINK("http://example.org/x","energy")',
    ]
    kwic_csv = client.get("/kwic.csv?q=energy").get_data(as_text=True)
    lines = [row[2:7] for row in csv.reader(io.StringIO(kwic_csv))][1:]
    title = '\'=HYPERLINK("http://example.org/x","energy")'
    assert lines == [
        [title, "1", "SUM(1+1)", "energy", "talks"],
        [title, "2", "cmd", "energy", "'-2 and = signs inside stay"],
    ]
    trends_csv = client.get("/trends.csv?q=-russia&q=energy").get_data(as_text=True)
    assert trends_csv.splitlines()[0].endswith(",'-russia (count),energy (count)")


def test_the_statement_page_names_its_publisher_or_says_it_is_unknown(client, make_app, tmp_path):
    html = client.get(f"/doc/{BRIEFING_ID}").get_data(as_text=True)
    assert (
        '<dt>Publisher</dt><dd class="source">President of the Republic of Kazakhstan '
        "(akorda.kz) — Kazakhstan</dd>"
    ) in html
    # A treaty text comes with no publisher, and none is guessed from its words.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "treaty.txt").write_text(
        "Agreement between Kazakhstan and China\n\nThe Government of the Republic of "
        "Kazakhstan and the Government of the People's Republic of China agree.\n",
        "utf-8",
    )
    build_index(tmp_path / "index", [docs], progress=False)
    other = make_app(tmp_path / "index").test_client()
    (hit,) = other.get("/search.json?q=").get_json()["hits"]
    assert hit["source"] is None
    page = other.get(hit["url"]).get_data(as_text=True)
    assert '<dt>Publisher</dt><dd class="source">unknown</dd>' in page
