"""Property-based fuzzing of /search and /search.json: any input gets a 200 or a plain 400.

Queries come from random text and from a grammar of the query language (words, boolean
operators, parentheses, phrases with slop, fields, wildcards, fuzzy words, ranges),
broken on purpose now and then. Over the tests below 2,300 examples run.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = {
    "deadline": None,
    "database": None,
    "derandomize": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}

WORDS = [
    "energy",
    "China",
    "kazakhstan",
    "oil",
    "gas",
    "cooperation",
    "national",
    "currencies",
    "investments",
    "Qingdao",
    "the",
    "to",
    "AND",
    "or",
    "not",
    "TO",
    "президент",
    "能源",
    "x",
]
FIELDS = [
    "title",
    "place",
    "body",
    "country",
    "pair",
    "sector",
    "type",
    "person",
    "source",
    "year",
    "date",
    "id",
    "nosuchfield",
    "",
]
STRAY = ["(", ")", '"', "*", "?", "~", ":", "[", "]", "{", "}", "^", "\\", "\x00", "\x1b", "\u202e"]

word = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
)
wildcard = st.builds(
    lambda w, pattern: pattern.format(w),
    word,
    st.sampled_from(["{}*", "*{}", "{}?", "?{}", "{0}*{0}", "*", "?", "{}*s", "**{}"]),
)
fuzzy = st.builds(lambda w, n: f"{w}~{n}", word, st.sampled_from(["", "0", "1", "2", "3", "99"]))
phrase = st.builds(
    lambda ws, slop: '"' + " ".join(ws) + '"' + slop,
    st.lists(word, min_size=0, max_size=5),
    st.sampled_from(["", "~1", "~3", "~", "~-1", "~1000000"]),
)
date_value = st.sampled_from(
    ["2018", "2018-06", "2018-06-10", "2023-02-30", "1999-99-99", "*", "", "x", "2024-01-01"]
)
date_range = st.builds(
    lambda a, b, brackets: f"date:{brackets[0]}{a} TO {b}{brackets[1]}",
    date_value,
    date_value,
    st.sampled_from(["[]", "{}", "[}", "[ ", ")("]),
)
field_value = st.builds(
    lambda f, v: f"{f}:{v}", st.sampled_from(FIELDS), st.one_of(word, wildcard, phrase)
)
atom = st.one_of(word, wildcard, fuzzy, phrase, field_value, date_range)


def _combine(children):
    return st.one_of(
        st.builds(lambda a, b: f"{a} {b}", children, children),
        st.builds(lambda a, b: f"{a} OR {b}", children, children),
        st.builds(lambda a, b: f"{a} AND {b}", children, children),
        st.builds(lambda a: f"NOT {a}", children),
        st.builds(lambda a: f"-{a}", children),
        st.builds(lambda a: f"({a})", children),
        st.builds(lambda a, w: f"{a}^{w}", children, st.sampled_from(["2", "0.5", "x"])),
    )


structured = st.recursive(atom, _combine, max_leaves=12)


def _break(text: str, insertions: list[tuple[int, str]]) -> str:
    for position, stray in insertions:
        at = position % (len(text) + 1)
        text = text[:at] + stray + text[at:]
    return text


grammar_query = st.one_of(
    structured,
    st.builds(
        _break,
        structured,
        st.lists(st.tuples(st.integers(0, 200), st.sampled_from(STRAY)), max_size=3),
    ),
    # Long inputs: many words, deep nesting, and text past the length limit.
    st.builds(lambda w, n: " ".join([w] * n), word, st.integers(50, 400)),
    st.builds(lambda n: "(" * n + "energy" + ")" * n, st.integers(10, 200)),
    st.builds(lambda n: "a" * n, st.integers(900, 5000)),
)
random_query = st.text(max_size=300)

params = st.fixed_dictionaries(
    {},
    optional={
        "sort": st.sampled_from(["relevance", "newest", "oldest", "random", ""]),
        "page": st.one_of(st.integers(-5, 1500).map(str), st.sampled_from(["", "x", "1e3"])),
        "per_page": st.one_of(st.integers(-1, 200).map(str), st.sampled_from(["", "10.5"])),
        "country": st.sampled_from(["CN", "kz", "XX", "", "c\x00n"]),
        "-sector": st.sampled_from(["energy", "nope", ""]),
        "pair": st.sampled_from(["CN-KZ", "kz-cn", "CN", "--"]),
        "year": st.sampled_from(["2018", "unknown", "18", "2018x"]),
        "from": date_value,
        "to": date_value,
        "date": st.sampled_from(["unknown", "known", ""]),
    },
)


def check(client, path: str, q: str, extra: dict | None = None) -> None:
    url = path + "?" + urlencode({"q": q, **(extra or {})})
    response = client.get(url)
    assert response.status_code in (200, 400), (url, response.status_code)
    if path.endswith(".json"):
        body = response.get_json()
        if response.status_code == 200:
            assert isinstance(body["timed_out"], bool) and body["total"] >= 0
        else:
            assert isinstance(body["error"], str) and body["error"]
    else:
        assert response.mimetype == "text/html"


PATHS = ["/search.json", "/search"]


@pytest.mark.parametrize("path", PATHS)
@settings(max_examples=600, **SETTINGS)
@given(q=grammar_query)
def test_grammar_queries(research_app, path, q):
    check(research_app.test_client(), path, q)


@pytest.mark.parametrize("path", PATHS)
@settings(max_examples=400, **SETTINGS)
@given(q=random_query)
def test_random_text(research_app, path, q):
    check(research_app.test_client(), path, q)


@settings(max_examples=300, **SETTINGS)
@given(q=st.one_of(grammar_query, random_query), extra=params)
def test_queries_with_random_parameters(research_app, q, extra):
    check(research_app.test_client(), "/search.json", q, extra)
