"""Matches and ranking checked against Whoosh's own searcher and an independent BM25F.

The reference below reads every statement's stored text, splits it with the schema's
analyzers and computes BM25F (Whoosh's formula and idf, title weighted 2, K1 1.2, B 0.75)
by walking the query for each document, as Whoosh's matchers add scores; only the field
lengths come from the index, which rounds them (checked against the texts). It shares no
code with search/matching.py, and (like every test) does not import Whoosh: the query's
parts are told by their class names.
"""

from __future__ import annotations

import contextlib
import json
import math
from collections import Counter

import pytest

from search.engine import Engine
from search.models import SearchRequest
from search.query import Vocabulary, make_parser, parse_query

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"title": 2.0, "body": 1.0, "place": 1.0}
TOP = 10
RELATIVE = 1e-6

QUERIES = [
    # single words (each stands for every indexed word of its stem)
    "trade",
    "energy",
    "tariffs",
    "security",
    "investment",
    "ukraine",
    "israel",
    "japan",
    "india",
    "peace",
    "hostages",
    "minerals",
    "semiconductors",
    "prosperity",
    "terrorism",
    # several words
    "trade deal",
    "regional security",
    "economic cooperation",
    "prime minister meeting",
    "crown prince saudi",
    "defense spending nato",
    "energy investment partnership",
    # OR, NOT, groups, boosts
    "gas OR oil",
    "china OR japan OR korea",
    "(gas OR oil) AND pipeline",
    "(trade AND deal) OR tariffs",
    "energy NOT nuclear",
    "trade -china",
    "security NOT (israel OR ukraine)",
    "peace OR (ceasefire AND gaza)",
    "energy^3 trade",
    "(hostages OR ceasefire)^2 israel",
    # phrases
    '"national security"',
    '"united states"',
    '"prime minister"',
    '"crown prince"',
    '"the president of the united states"',
    '"critical minerals"',
    '"free and open indo-pacific"',
    '"trade deal" OR "trade agreement"',
    '"security cooperation"~3',
    '"prime minister" NOT "united kingdom"',
    '"white house" trade',
    # prefixes, wildcards, fuzzy words
    "semicond*",
    "invest* energy",
    "*ization",
    "ukrain~",
    # fields
    "title:readout",
    "title:japan trade",
    'title:"joint statement"',
    "text:sovereignty",
    "place:room",
    "country:JP",
    "country:india trade",
    "country:IL OR country:SA",
    "sector:energy investment",
    "type:readout",
    "type:remarks peace",
    "year:2022 energy",
    "date:[2022-02-01 TO 2022-06-30] security",
    "year:2023",
    "source:whitehouse.gov minerals",
    "person:trump japan",
]

LANGUAGE_QUERIES = [
    # Ukrainian and Russian words, each standing for its forms in statements of its language
    "переговори",
    "війна",
    "переговори безпека",
    '"раунд переговорів"',
    "переговори NOT війна",
    "lang:uk санкції",
    "договор",
    "договоров OR соглашение",
    "accord",
    # Chinese: a word is the phrase of its character pairs
    "慕尼黑安全会议",
    '"中卢关系"',
    "汉语桥 OR 会议",
    "会议 NOT 慕尼黑",
]
"""Queries over statements in Ukrainian, Russian, French and Chinese (languages_index)."""


@pytest.fixture(scope="module")
def opened():
    """Return a function giving an index's engine, searcher and reference, opened once."""
    indexes: dict = {}
    with contextlib.ExitStack() as stack:

        def open_index(index_dir):
            if index_dir not in indexes:
                engine = stack.enter_context(Engine(index_dir, time_limit=600))
                searcher = engine.searcher()
                indexes[index_dir] = (engine, searcher, Reference(searcher))
            return indexes[index_dir]

        yield open_index


@pytest.fixture(scope="module")
def engine(opened, bundled_index):
    return opened(bundled_index)[0]


@pytest.fixture(scope="module")
def searcher(opened, bundled_index):
    return opened(bundled_index)[1]


@pytest.fixture(scope="module")
def reference(opened, bundled_index):
    return opened(bundled_index)[2]


def kind(q) -> str:
    """Return the Whoosh class of a query part ("Term", "Phrase", "Or", ...)."""
    return type(q).__name__


def resolved(searcher, text: str) -> object:
    """Return the query Bilat answers for `text` (parsed, words expanded)."""
    vocabulary = Vocabulary(searcher.reader())
    return vocabulary.resolve(parse_query(make_parser(searcher.schema), text)).query


class Reference:
    """BM25F from the stored texts of an index, with Whoosh's analyzers and statistics."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._other_parts: dict[object, set[int]] = {}
        reader = searcher.reader()
        self.docnums = list(reader.all_doc_ids())
        self.n = reader.doc_count_all()
        self.words: dict[str, dict[int, list[str]]] = {f: {} for f in FIELD_WEIGHTS}
        self.counts: dict[str, dict[int, Counter]] = {f: {} for f in FIELD_WEIGHTS}
        self.doc_frequency = {f: Counter() for f in FIELD_WEIGHTS}
        self.total_length = dict.fromkeys(FIELD_WEIGHTS, 0)
        self.day: dict[int, str | None] = {}
        for docnum in self.docnums:
            stored = reader.stored_fields(docnum)
            self.day[docnum] = json.loads(stored["record"]).get("date")
            for field in FIELD_WEIGHTS:
                analyzer = searcher.schema[field].analyzer
                words = [token.text for token in analyzer(stored.get(field) or "")]
                self.words[field][docnum] = words
                self.counts[field][docnum] = Counter(words)
                self.doc_frequency[field].update(set(words))
                self.total_length[field] += len(words)

    def stored_length(self, field: str, docnum: int) -> int:
        """The field's length as the index keeps it: in one byte, so rounded up."""
        return self.searcher.reader().doc_field_length(docnum, field) or 0

    def term_score(self, field: str, word: str, docnum: int) -> float:
        occurrences = self.counts[field][docnum][word]
        if not occurrences:
            return 0.0
        w = occurrences * FIELD_WEIGHTS[field]
        idf = math.log(self.n / (self.doc_frequency[field][word] + 1)) + 1
        average = self.total_length[field] / self.n
        norm = K1 * ((1 - B) + B * self.stored_length(field, docnum) / average)
        return idf * w * (K1 + 1) / (w + norm)

    def phrase_stands(self, q, docnum: int) -> bool:
        words = self.words[q.fieldname][docnum]
        wanted = list(q.words)
        for start, word in enumerate(words):
            if word != wanted[0]:
                continue
            last, found = start, True
            for next_word in wanted[1:]:
                following = [
                    i
                    for i in range(last + 1, last + q.slop + 1)
                    if i < len(words) and words[i] == next_word
                ]
                if not following:
                    found = False
                    break
                last = following[0]
            if found:
                return True
        return False

    def score(self, q, docnum: int) -> float | None:
        """Return the score q gives the document, or None where q does not match it."""
        boost = q.boost
        if kind(q) == "Term" and q.fieldname in FIELD_WEIGHTS:
            found = self.counts[q.fieldname][docnum][q.text]
            return boost * self.term_score(q.fieldname, q.text, docnum) if found else None
        if kind(q) == "Phrase":
            if not self.phrase_stands(q, docnum):
                return None
            return boost * sum(self.term_score(q.fieldname, w, docnum) for w in q.words)
        if kind(q) == "Not":
            return None if self.score(q.query, docnum) is not None else 0.0
        if kind(q) in ("AndNot", "Require"):
            a = self.score(q.a, docnum)
            if a is None:
                return None
            b = self.score(q.b, docnum)
            keep = b is None if kind(q) == "AndNot" else b is not None
            return boost * a if keep else None
        if kind(q) == "And":
            scores = [self.score(sub, docnum) for sub in q.subqueries]
            return None if None in scores else boost * sum(scores)
        if kind(q) == "Or":
            scores = [self.score(sub, docnum) for sub in q.subqueries]
            found = [s for s in scores if s is not None]
            return boost * sum(found) if found else None
        # A facet value or a date: which documents it holds is asked of Whoosh; it adds nothing.
        if q not in self._other_parts:
            self._other_parts[q] = set(self.searcher.docs_for_query(q))
        return 0.0 if docnum in self._other_parts[q] else None

    def ranking(self, q, matching: set[int]) -> list[tuple[int, float]]:
        """Return the matching documents in the model's order with their scores."""
        scored = {d: self.score(q, d) for d in matching}
        assert None not in scored.values(), "the reference disagrees on what matches"
        with_words = sorted((d for d in matching if scored[d] > 0), key=lambda d: (-scored[d], d))
        rest = sorted(
            (d for d in matching if scored[d] == 0),
            key=lambda d: (self.day[d] is None, _negated(self.day[d]), d),
        )
        return [(d, scored[d]) for d in with_words + rest]


def _negated(day: str | None) -> tuple[int, ...]:
    return tuple(-int(part) for part in day.split("-")) if day else ()


def bilat_docnums(engine, searcher, text: str) -> list[int]:
    """Return every statement Bilat finds for `text`, in its order."""
    export = engine.export(SearchRequest(q=text, group=False), limit=10**6)
    export.close()
    return export.docnums


def assert_same_ranking(got: list[tuple[int, float]], expected: list[tuple[int, float]]):
    """The same documents in the same order with the same scores (1e-6 relative).

    Documents whose reference scores differ by less than 1e-9 relative may swap places.
    """
    assert len(got) == len(expected)
    reference_scores = dict(expected)
    for (doc, score), (expected_doc, expected_score) in zip(got, expected, strict=True):
        assert doc in reference_scores
        if doc != expected_doc:
            assert math.isclose(reference_scores[doc], expected_score, rel_tol=1e-9)
        assert math.isclose(score, reference_scores[doc], rel_tol=RELATIVE, abs_tol=1e-12)


def test_the_index_holds_over_300_bundled_statements(reference):
    assert len(reference.docnums) == 321
    assert len(QUERIES) >= 50


def test_index_statistics_are_those_of_the_texts(searcher, reference):
    reader = searcher.reader()
    for field in FIELD_WEIGHTS:
        assert reader.field_length(field) == reference.total_length[field]
        for docnum in reference.docnums:
            # Whoosh keeps a length in one byte: rounded up, by less than a tenth.
            words = len(reference.words[field][docnum])
            assert words <= reference.stored_length(field, docnum) <= words * 1.1
        for word, frequency in reference.doc_frequency[field].most_common(50):
            assert reader.doc_frequency(field, word) == frequency


@pytest.mark.parametrize("text", QUERIES)
def test_matches_are_whoosh_matches_and_ranking_is_the_models(engine, searcher, reference, text):
    assert_whoosh_matches_and_model_ranking(engine, searcher, reference, text)


@pytest.mark.parametrize("text", LANGUAGE_QUERIES)
def test_in_every_language_matches_are_whooshs_and_ranking_the_models(
    opened, languages_index, text
):
    assert_whoosh_matches_and_model_ranking(*opened(languages_index), text)


def assert_whoosh_matches_and_model_ranking(engine, searcher, reference, text):
    q = resolved(searcher, text)
    whoosh_results = searcher.search(q, limit=None)
    whoosh_docs = {hit.docnum for hit in whoosh_results}
    found = bilat_docnums(engine, searcher, text)
    assert whoosh_docs, f"{text!r} finds nothing: it tests nothing"
    assert len(found) == len(set(found))
    assert set(found) == whoosh_docs

    expected = reference.ranking(q, whoosh_docs)
    assert found == [d for d, _ in expected] or _same_but_near_ties(found, expected)
    hits = engine.search(SearchRequest(q=text, group=False, per_page=TOP)).hits
    got = [(searcher.document_number(id=hit.id), hit.score) for hit in hits]
    assert_same_ranking(got, expected[:TOP])

    if _words_and_phrases_only(q):
        # Whoosh's BM25F gives every matching statement the model's score.
        reference_scores = dict(expected)
        for hit in whoosh_results:
            assert math.isclose(hit.score, reference_scores[hit.docnum], rel_tol=RELATIVE)


def _same_but_near_ties(found: list[int], expected: list[tuple[int, float]]) -> bool:
    scores = dict(expected)
    return all(
        a == b or math.isclose(scores[a], scores[b], rel_tol=1e-9)
        for a, (b, _) in zip(found, expected, strict=True)
    )


def _words_and_phrases_only(q) -> bool:
    """Whether Whoosh scores q by the model alone (it adds 1 for a NOT or a facet value)."""
    if kind(q) in ("Term", "Phrase"):
        return q.fieldname in FIELD_WEIGHTS
    if kind(q) in ("And", "Or"):
        return all(_words_and_phrases_only(sub) for sub in q.subqueries)
    if kind(q) == "Require":
        # A word's forms in the statements of a language: scored by the words alone.
        return _words_and_phrases_only(q.a)
    return False


def test_more_like_this_ranks_by_the_model(engine, searcher, reference):
    docnum = reference.docnums[40]
    statement_id = searcher.stored_fields(docnum)["id"]
    body = searcher.stored_fields(docnum)["body"]
    key_terms = searcher.key_terms_from_text("body", body, numterms=15, normalize=False)
    expected = {}
    for other in reference.docnums:
        if other == docnum:
            continue
        score = sum(
            weight * reference.term_score("body", word, other) for word, weight in key_terms
        )
        if score:
            expected[other] = score
    ranked = sorted(expected, key=lambda d: (-expected[d], d))[:5]

    similar = engine.more_like_this(statement_id, 5)

    got = [(searcher.document_number(id=hit.id), hit.score) for hit in similar]
    assert_same_ranking(got, [(d, expected[d]) for d in ranked])
