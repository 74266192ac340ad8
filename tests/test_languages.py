"""Searching in every language: stems per statement language, Chinese by character pairs.

The index (conftest.languages_index) holds the Ukrainian addresses of 2022, the Chinese
pages of fmprc.gov.cn, French treaties, the Russian lines of three treaties and a few
English statements, each with its language.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import pytest

from search.engine import Engine
from search.kwic import lines_in
from search.languages import split_cjk, stem, stem_ukrainian
from search.models import FacetFilter, SearchRequest
from search.query import Vocabulary, make_parser, marks_for, parse_query
from search.schema import WORD_ANALYZER, split_words
from search.trends import trends

from .conftest import UK_ADDRESSES

GROUPS = Path(__file__).parent / "data" / "uk_lemma_groups.txt"


@pytest.fixture(scope="module")
def engine(languages_index):
    with Engine(languages_index, time_limit=600) as engine:
        yield engine


def found(engine, q: str, **filters) -> dict[str, str]:
    """Return id -> language of every statement a query finds."""
    request = SearchRequest(
        q=q,
        group=False,
        per_page=100,
        filters={k: FacetFilter(include=(v,)) for k, v in filters.items()},
    )
    return {hit.id: hit.lang for hit in engine.search(request).hits}


def texts(engine, ids) -> list[str]:
    return [(s.title + "\n" + "\n".join(s.paragraphs)).lower() for s in map(engine.get, ids)]


def resolved(engine, text: str):
    searcher = engine.searcher()
    vocabulary = Vocabulary(searcher.reader())
    return vocabulary.resolve(parse_query(make_parser(searcher.schema), text)).query


# -- the stemmers


def lemma_groups() -> list[list[str]]:
    lines = GROUPS.read_text("utf-8").splitlines()
    return [line.split() for line in lines if line and not line.startswith("#")]


def test_the_ukrainian_stemmer_joins_36_of_40_lemma_groups_of_the_addresses():
    groups = lemma_groups()
    joined = [g[0] for g in groups if len({stem_ukrainian(w) for w in g}) == 1]
    assert len(groups) == 40
    assert len(joined) == 36
    # What is left apart: past tenses in -в and -ли, and -ння against -нь.
    assert {g[0] for g in groups} - set(joined) == {
        "рішення",
        "захистити",
        "обстрілювати",
        "допомогти",
    }
    # Snowball's Russian stemmer on the same Ukrainian words joins 6.
    russian = [g for g in groups if len({stem("ru", w) for w in g}) == 1]
    assert len(russian) == 6


def test_the_ukrainian_stemmer_wrongly_merges_5_of_100_sampled_words():
    counts: dict[str, int] = defaultdict(int)
    with gzip.open(UK_ADDRESSES, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for word in re.findall(r"\w+", record["title"] + " " + record["text"]):
                counts[word.lower()] += 1
    words = sorted(
        w for w, n in counts.items() if n >= 2 and w.isalpha() and re.search("[а-яіїєґ]", w)
    )
    sample = random.Random(1).sample(words, 100)
    by_stem = defaultdict(set)
    for word in words:
        by_stem[stem_ukrainian(word)].add(word)
    # Each sampled word merged with a word of another lemma (judged by reading the groups).
    wrong = {
        "раз": "разом",
        "данія": "даних",
        "матерям": "матеріали",
        "базові": "бази",
        "самого": "саміти",
    }
    for word, other in wrong.items():
        assert word in sample
        assert other in by_stem[stem_ukrainian(word)]
    merged = [w for w in sample if len(by_stem[stem_ukrainian(w)]) > 1]
    assert len(merged) == 66


def test_snowball_stems_in_each_language():
    assert stem("ru", "договоров") == stem("ru", "договор") == stem("ru", "договорам")
    assert stem("fr", "accords") == stem("fr", "accord")
    assert stem("de", "abkommens") == stem("de", "abkommen")
    assert stem("es", "acuerdos") == stem("es", "acuerdo")
    assert stem("en", "investments") == stem("en", "investment")
    assert stem("kk", "келісімдер") == "келісімдер"
    assert stem("zh", "会议") == "会议"


def test_han_and_kana_are_indexed_as_overlapping_pairs():
    assert split_cjk("慕尼黑安全会议") == ["慕尼", "尼黑", "黑安", "安全", "全会", "会议"]
    assert split_cjk("2019年2月16日") == ["2019", "年", "2", "月", "16", "日"]
    assert split_cjk("ありがとう") == ["あり", "りが", "がと", "とう"]
    assert split_words("中卢关系 and 外交部") == ["中卢", "卢关", "关系", "and", "外交", "交部"]
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in WORD_ANALYZER("Xi 中卢关系 ok", positions=True, chars=True)
    ]
    assert tokens == [
        ("xi", 0, 0, 2),
        ("中卢", 1, 3, 5),
        ("卢关", 2, 4, 6),
        ("关系", 3, 5, 7),
        ("ok", 4, 8, 10),
    ]


# -- searching


def test_a_ukrainian_word_finds_its_inflected_forms_in_ukrainian_statements(engine):
    hits = found(engine, "переговори")
    # 51: with the address that shares its video's URL with another (both are kept).
    assert len(hits) == 51
    assert sorted(set(hits.values())) == ["ru", "uk"]
    bodies = texts(engine, hits)
    only_inflected = [t for t in bodies if not re.search(r"\bпереговори\b", t)]
    assert any(re.search(r"\bпереговорів\b", t) for t in only_inflected)
    assert any(re.search(r"\bпереговорах\b", t) for t in only_inflected)
    # The English statement quoting "переговорах" is not found by Ukrainian rules...
    english = found(engine, "переговорах", lang="en")
    assert len(english) == 1
    assert not set(english) & set(hits)
    # ... and the exact form finds it, as a word is found as written in every statement.
    assert set(english) <= set(found(engine, "переговорах"))


def test_a_russian_word_finds_its_inflected_forms(engine):
    hits = found(engine, "договор", lang="ru")
    assert len(hits) == 3
    bodies = texts(engine, hits)
    assert all("договор " not in t for t in bodies)
    assert sum("договоров" in t for t in bodies) == 3
    assert sum("договорам" in t for t in bodies) == 1


def test_a_french_word_finds_its_plural_in_french_statements_only(engine):
    q = resolved(engine, "accord")
    french = [
        sub
        for sub in q.subqueries
        if type(sub).__name__ == "Require"
        and sub.b.text == "fr"
        and sub.a.subqueries[0].fieldname == "body"
    ]
    assert [w.text for w in french[0].a.subqueries] == [
        "accordance",
        "accordera",
        "accordes",
        "accords",
    ]
    hits = found(engine, "accord", lang="fr")
    assert len(hits) == 3
    assert any(re.search(r"\baccords\b", t) for t in texts(engine, hits))


def test_a_chinese_phrase_finds_the_two_munich_pages_and_no_other(engine):
    hits = found(engine, "慕尼黑安全会议")
    titles = sorted(s.title for s in map(engine.get, hits))
    assert titles == [
        "杨洁篪出席第55届慕尼黑安全会议并发表主旨演讲",
        "杨洁篪在第55届慕尼黑安全会议上的主旨演讲（全文）",
    ]
    # A bare word of several pairs is the phrase of them, in each text field.
    parts = resolved(engine, "慕尼黑安全会议").subqueries
    assert [(type(q).__name__, q.fieldname) for q in parts] == [
        ("Phrase", "title"),
        ("Phrase", "body"),
        ("Phrase", "place"),
    ]
    # The same characters out of order are not the phrase.
    assert found(engine, '"安全会议慕尼黑"') == {}
    assert [engine.get(i).title for i in found(engine, '"中卢关系"')] == ["王毅会见卢森堡副首相"]
    assert found(engine, '"中卢关系" lang:en') == {}


def test_lang_is_a_query_field_and_a_filter(engine):
    assert set(found(engine, "lang:zh").values()) == {"zh"}
    assert len(found(engine, "lang:zh")) == 49
    request = SearchRequest(q="переговори", filters={"lang": FacetFilter(include=("uk",))})
    result = engine.search(request)
    assert result.total == 48
    assert [(v.value, v.label, v.count) for v in result.facets["lang"]] == [
        ("uk", "Ukrainian", 48),
        ("ru", "Russian", 3),
    ]


# -- snippets, KWIC and trends


def test_snippets_mark_ukrainian_forms_and_chinese_phrases(engine):
    hits = engine.search(SearchRequest(q="переговори", group=False, per_page=1)).hits
    assert hits[0].snippet == (
        "Сьогодні відбувся вже третій раунд <mark>переговорів</mark> у Білорусі. Хотілося б "
        "сказати – третій і фінальний. Але ми реалісти. Тому ми будемо говорити. Будемо "
        "наполягати на <mark>переговорах</mark>, поки не знайдемо спосіб сказати нашому "
        "народу: ось як ми …"
    )
    hits = engine.search(SearchRequest(q='"中卢关系"', group=False)).hits
    assert hits[0].snippet == "双方表示，<mark>中卢关系</mark>保持良好发展势头。"


def test_kwic_counts_context_in_characters_in_chinese_and_in_words_elsewhere(engine):
    marks = marks_for(resolved(engine, "会议"))
    paragraph = "本届慕尼黑安全会议以“倡导国际合作，维护多边主义”为主题。"
    (line,) = lines_in("d", "T", None, [paragraph], marks, 2, "zh")
    assert (line.left, line.match, line.right) == ("尼黑安全", "会议", "以“倡导")
    assert line.left_key == ("全", "安", "黑", "尼")
    assert line.to_json()["lang"] == "zh"
    marks = marks_for(resolved(engine, "переговори"))
    paragraph = "Будемо наполягати на переговорах, поки не знайдемо спосіб сказати нашому народу."
    (line,) = lines_in("d", "T", None, [paragraph], marks, 2, "uk")
    assert (line.left, line.match, line.right) == ("наполягати на", "переговорах", ", поки не")


def test_trends_count_ukrainian_and_chinese_statements(engine):
    ukrainian = SearchRequest(filters={"lang": FacetFilter(include=("uk",))})
    chart = trends(engine, ukrainian, ["переговори", "війна"], interval="month")
    assert [p.key for p in chart.periods] == ["2022-02", "2022-03", "2022-04", "2022-05"]
    assert [(s.counts, s.total) for s in chart.series] == [
        ([4, 25, 10, 9], 48),
        ([11, 63, 42, 29], 145),
    ]
    chinese = SearchRequest(filters={"lang": FacetFilter(include=("zh",))})
    chart = trends(engine, chinese, ['"中卢关系"', "慕尼黑安全会议"], interval="year")
    # The ministry's pages are dated 2019 and 2020 by their header; the statement written
    # for the tests is of 2024.
    assert [p.key for p in chart.periods] == ["2019", "2020", "2021", "2022", "2023", "2024"]
    assert [(s.counts, s.total) for s in chart.series] == [
        ([0, 0, 0, 0, 0, 1], 1),
        ([2, 0, 0, 0, 0, 0], 2),
    ]


# -- the web pages


def test_the_language_is_a_facet_a_url_filter_and_in_the_markup(make_app, languages_index):
    client = make_app(languages_index).test_client()
    data = client.get("/search.json?q=переговори&lang=uk&per_page=2").get_json()
    assert data["total"] == 48
    assert {hit["lang"] for hit in data["hits"]} == {"uk"}
    assert [(v["value"], v["count"]) for v in data["facets"]["lang"]] == [("uk", 48), ("ru", 3)]
    page = client.get("/search?q=慕尼黑安全会议").get_data(as_text=True)
    assert page.count('<p class="snippet" lang="zh" dir="auto">') == 2
    assert "<mark>慕尼黑安全会议</mark>" in page
    (doc_id,) = found(engine_of(client), '"中卢关系"')
    page = client.get(f"/doc/{doc_id}?q=中卢关系").get_data(as_text=True)
    assert '<h1 lang="zh" dir="auto">王毅会见卢森堡副首相</h1>' in page
    assert '<div class="body" lang="zh" dir="auto">' in page
    assert "<mark>中卢关系</mark>" in page
    page = client.get("/kwic?q=慕尼黑安全会议&context=5").get_data(as_text=True)
    # One line for each of the phrase's 6 places in the two pages' texts (4 and 2).
    assert page.count('<tr class="kwic-line" lang="zh">') == 6


def engine_of(client):
    return client.application.extensions["bilat_engine"]
