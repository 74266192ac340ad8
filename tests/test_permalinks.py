"""Permalinks that never break: keys independent of title and date, old ids redirect."""

import json
import shutil

from indexer.build import build_index
from indexer.ids import identity, make_key, normalize_url
from search.permalinks import ascii_slugify, slugify

from .conftest import SEED_FILE
from .helpers import (
    BRIEFING_EARLIER_ID,
    BRIEFING_ID,
    BRIEFING_SLUG,
    copy_project,
    run_in_project,
)

MARKDOWN = """\
---
title: {title}
date: 2024-03-05
source_url: https://www.example.gov/news/ocean-talks?utm_source=feed
---
The two ministers met in Lisbon and agreed to expand their ocean cooperation.
"""


def test_normalized_urls_name_the_same_page_however_written():
    same = [
        "https://WWW.Example.gov/news/a?b=2&a=1#top",
        "http://www.example.gov:80/news/a?a=1&b=2&utm_campaign=x&fbclid=y",
        "https://www.example.gov:443/news/a?a=1&b=2",
    ]
    assert {normalize_url(u) for u in same} == {"www.example.gov/news/a?a=1&b=2"}
    assert normalize_url("https://example.gov:8443/x") == "example.gov:8443/x"
    # Path case and other parameters are part of the page's name.
    assert normalize_url("https://example.gov/News/a?a=2") == "example.gov/News/a?a=2"


def test_keys_depend_on_url_and_language_then_record_then_text_never_title_or_date():
    url = "https://example.gov/a"
    assert make_key(identity("s", url, "uk", "r1", ["x"])) != make_key(
        identity("s", url, "en", "r1", ["x"])
    )
    assert make_key(identity("s", url, "en", "r1", ["x"])) == make_key(
        identity("other", url + "#f", "en", "r2", ["y"])
    )
    assert make_key(identity("s", None, "en", "r1", ["x"])) == make_key(
        identity("s", None, "en", "r1", ["y"])
    )
    assert make_key(identity("s", None, "en", None, ["A  text", "Two"])) == make_key(
        identity("s", None, "en", None, ["a text two"])
    )
    assert make_key(identity("s", None, "en", None, ["x"])) != make_key(
        identity("t", None, "en", None, ["x"])
    )


def test_earlier_ids_of_the_bundled_corpus_redirect_to_the_canonical_address(client):
    page = client.get(f"/doc/{BRIEFING_EARLIER_ID}?q=energy")
    assert page.status_code == 301
    assert page.headers["Location"] == f"/doc/{BRIEFING_ID}/{BRIEFING_SLUG}?q=energy"
    record = client.get(f"/doc/{BRIEFING_EARLIER_ID}.json")
    assert (record.status_code, record.headers["Location"]) == (301, f"/doc/{BRIEFING_ID}.json")
    bib = client.get(f"/doc/{BRIEFING_EARLIER_ID}.bib")
    assert (bib.status_code, bib.headers["Location"]) == (301, f"/doc/{BRIEFING_ID}.bib")
    data = client.get(f"/doc/{BRIEFING_ID}.json").get_json()
    assert data["aliases"] == [BRIEFING_EARLIER_ID]
    assert data["url"] == f"/doc/{BRIEFING_ID}/{BRIEFING_SLUG}"


def test_the_key_with_any_slug_or_none_answers_and_names_one_canonical_address(client):
    canonical = f'<link rel="canonical" href="http://localhost/doc/{BRIEFING_ID}/{BRIEFING_SLUG}">'
    for path in (
        f"/doc/{BRIEFING_ID}",
        f"/doc/{BRIEFING_ID}/an-old-title",
        f"/doc/{BRIEFING_ID}/{BRIEFING_SLUG}",
    ):
        page = client.get(path)
        assert page.status_code == 200
        assert canonical in page.get_data(as_text=True)
    assert client.get("/doc/aaaaaaaaaaaa/x").status_code == 404


def only_statement(make_app, index_dir):
    client = make_app(index_dir).test_client()
    (hit,) = client.get("/search.json?q=").get_json()["hits"]
    return client, client.get(f"/doc/{hit['id']}.json").get_json()


def test_a_corrected_title_keeps_the_key_and_every_earlier_address(tmp_path, make_app):
    docs = tmp_path / "docs"
    docs.mkdir()
    path = docs / "ocean.md"
    path.write_text(MARKDOWN.format(title="Ministers discus ocean cooperation"), "utf-8")
    index_dir = tmp_path / "index"
    build_index(index_dir, [docs], progress=False)
    _, before = only_statement(make_app, index_dir)

    path.write_text(MARKDOWN.format(title="Ministers discuss ocean cooperation"), "utf-8")
    build_index(index_dir, [docs], progress=False)
    client, after = only_statement(make_app, index_dir)
    assert after["id"] == before["id"]
    assert after["url"] == f"/doc/{after['id']}/2024-03-05-ministers-discuss-ocean-cooperation"
    # The earlier form's id for the old title and for the new one both answer.
    (old_earlier,) = before["aliases"]
    assert old_earlier.startswith("2024-03-05-ministers-discus-ocean-cooperation-")
    assert len(after["aliases"]) == 2 and after["aliases"][1] == old_earlier
    for earlier in after["aliases"]:
        moved = client.get(f"/doc/{earlier}")
        assert (moved.status_code, moved.headers["Location"]) == (301, after["url"])
    assert client.get(before["url"]).status_code == 200


def test_a_date_given_later_in_a_sidecar_keeps_the_key(tmp_path, make_app):
    docs = tmp_path / "docs"
    docs.mkdir()
    text = docs / "agreement.txt"
    text.write_text(
        "Agreement on cultural exchange\n\nThe Parties shall promote exchanges of artists.\n",
        "utf-8",
    )
    index_dir = tmp_path / "index"
    build_index(index_dir, [docs], progress=False)
    _, before = only_statement(make_app, index_dir)
    assert before["date"] is None

    (docs / "agreement.txt.meta.json").write_text('{"date": "1965-06-03"}', "utf-8")
    build_index(index_dir, [docs], progress=False)
    client, after = only_statement(make_app, index_dir)
    assert (after["id"], after["date"]) == (before["id"], "1965-06-03")
    assert after["url"] == f"/doc/{after['id']}/1965-06-03-agreement-on-cultural-exchange"
    (old_earlier,) = before["aliases"]
    assert old_earlier.startswith("undated-agreement-on-cultural-exchange-")
    moved = client.get(f"/doc/{old_earlier}")
    assert (moved.status_code, moved.headers["Location"]) == (301, after["url"])


# Run in a copy of the project's packages: index a folder, print each statement's id and
# what the ids given on the command line resolve to.
INDEX_AND_RESOLVE = """
import json, sys
from pathlib import Path
from indexer.build import build_index
from search.engine import Engine

build_index(Path(sys.argv[1]), [Path(sys.argv[2])], progress=False)
with Engine(Path(sys.argv[1])) as engine:
    print(json.dumps({i: getattr(engine.get(i), "id", None) for i in sys.argv[3:]}))
"""


def resolve_in(project, index_dir, docs, *ids):
    return run_in_project(project, INDEX_AND_RESOLVE, str(index_dir), str(docs), *ids)


def test_a_parser_change_that_alters_the_text_keeps_every_earlier_id(tmp_path):
    project = copy_project(tmp_path)
    docs = tmp_path / "docs" / "akorda.kz"
    docs.mkdir(parents=True)
    shutil.copy(SEED_FILE, docs / "briefing.txt")
    index_dir = tmp_path / "index"
    first = resolve_in(project, index_dir, docs, BRIEFING_ID, BRIEFING_EARLIER_ID)
    assert first == {BRIEFING_ID: BRIEFING_ID, BRIEFING_EARLIER_ID: BRIEFING_ID}

    # A parser change: every line now names the country by its initials.
    paragraphs = project / "indexer" / "paragraphs.py"
    code = paragraphs.read_text("utf-8")
    code = code.replace(
        '    return _SPACES.sub(" ", " ".join(part.strip() for part in text.splitlines())).strip()',
        '    text = _SPACES.sub(" ", " ".join(part.strip() for part in text.splitlines())).strip()\n'
        '    return text.replace("China", "the PRC")',
    )
    paragraphs.write_text(code, "utf-8")
    second = resolve_in(project, index_dir, docs, BRIEFING_ID, BRIEFING_EARLIER_ID)
    new_key = second[BRIEFING_ID]
    assert new_key is not None and new_key != BRIEFING_ID
    assert second == {BRIEFING_ID: new_key, BRIEFING_EARLIER_ID: new_key}


def test_one_url_in_two_languages_is_two_statements_and_in_one_language_a_duplicate(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    url = "https://www.president.gov.ua/news/address-1"
    records = [
        {"url": url, "lang": "uk", "title": "Звернення", "text": "Слава Україні."},
        {"url": url, "lang": "en", "title": "Address", "text": "Glory to Ukraine."},
        {"url": url + "#video", "lang": "en", "title": "Address", "text": "Glory to Ukraine!"},
    ]
    (docs / "addresses.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8"
    )
    report = build_index(tmp_path / "index", [docs], progress=False)
    assert (report.indexed, report.duplicates) == (2, 1)


def test_a_title_in_any_script_gives_slug_words():
    assert slugify("Сьогодні знову війна за свободу") == "sogodni-znovu-viyna-za-svobodu"
    assert slugify("王毅会见卢森堡副首相") == "wangyihuijianlusenbaofushouxiang"
    assert slugify("Ministerin für Außenhandel") == "ministerin-fur-aussenhandel"
    # English titles keep the words they had.
    assert slugify("President's Call with Prime Minister") == "president-s-call-with-prime-minister"
    # The earlier id form keeps its own slug, so that ids issued with it still answer.
    assert ascii_slugify("Сьогодні знову війна") == "statement"
