"""The answers of /search.json to a fixed query mix, on a fixed index, do not change.

Speed work on serving (tables stored with a generation, caches, warming) must leave every
answer as it was: hits and their order, scores, snippets, facets, the histogram,
suggestions and notices. The expected answers in tests/data/answers.json were captured
before that work, from the same index; only `took_ms` is left out. After a deliberate
change of answers, write them again with `BILAT_WRITE_ANSWERS=1 pytest tests/test_answers.py`
and review the difference.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from indexer.build import build_index

from .conftest import CORPUS, SEED_FILE, opened_app

EXPECTED = Path(__file__).parent / "data" / "answers.json"

# URL query strings of /search.json: terms, phrases, operators, prefixes and fuzzy words,
# facets included and excluded, sorts, date ranges, unknown dates, languages, paging,
# every version of near-duplicates, a misspelling, and queries that find nothing.
MIX = [
    "q=president",
    "q=kazakhstan",
    "q=irrigation",
    "q=climate+china",
    "q=energy+security",
    "q=%22national+security%22",
    "q=%22supply+chains%22&sector=trade",
    "q=%22united+states+and+japan%22",
    "q=trade+OR+tariffs",
    "q=security+-ukraine",
    "q=security+NOT+china",
    "q=energ*",
    "q=vacine~",
    "q=title:president",
    "q=country:CN",
    "q=presidnet",
    "q=president&country=CN&country=JP&-doc_type=remarks&year=2022&year=2023",
    "q=economy&from=2022-01-01&to=2022-06-30",
    "q=people&from=2021-01-01&to=2021-12-31&sort=oldest",
    "q=health&sort=newest",
    "q=support&sort=oldest&page=2&per_page=7",
    "q=work&page=3",
    "q=government&group=0",
    "q=&date=unknown",
    "q=",
    "q=&lang=es",
    "q=acuerdo",
    "q=cooperación",
    "q=accord&lang=fr",
    "q=treaty&-lang=en",
    "q=agreement&pair=CN-US",
    "q=sector:energy+minerals",
    "q=date:[2022-03-01+TO+2022-03-31]",
    "q=xyzzyplugh",
]

TREATIES_EVERY_NTH = 4


@pytest.fixture(scope="module")
def answers_index(tmp_path_factory) -> Path:
    """Every 6th White House statement, the briefing and every 4th treaty (several
    languages, undated texts)."""
    files = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))[::6]
    files += sorted((CORPUS / "treaties").glob("*.txt"))[::TREATIES_EVERY_NTH]
    index_dir = tmp_path_factory.mktemp("answers-index")
    build_index(index_dir, [*files, SEED_FILE], progress=False)
    return index_dir


def _answers(index_dir: Path) -> dict[str, dict]:
    found = {}
    # A loaded machine must not cut a search short: the answers are those found in full.
    with opened_app(index_dir, TIME_LIMIT=120) as app:
        client = app.test_client()
        for params in MIX:
            response = client.get(f"/search.json?{params}")
            assert response.status_code == 200, params
            answer = response.get_json()
            del answer["took_ms"]
            found[params] = answer
    return found


def test_answers_of_the_query_mix_are_unchanged(answers_index):
    found = _answers(answers_index)
    if os.environ.get("BILAT_WRITE_ANSWERS") == "1":
        EXPECTED.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", "utf-8")
    expected = json.loads(EXPECTED.read_text("utf-8"))
    assert list(found) == list(expected)
    for params in MIX:
        assert found[params] == expected[params], params
