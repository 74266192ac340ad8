"""The one-pass text fields write exactly the postings their analyzers would."""

import random

import pytest

from search.postings_pool import TermPool
from search.schema import BilatSchema, split_words

from .conftest import CORPUS, SEED_FILE

SCHEMA = BilatSchema()
TEXT_FIELDS = ("title", "body", "place", "title_pairs", "body_pairs")

AWKWARD = [
    "",
    "   ",
    "İstanbul and ISTANBUL, Straße STRASSE",
    "U.S.-China talks... on 3.5 billion (U.N.) e.g. a_b_c x*y **",
    "Côte d’Ivoire; l'Union européenne — «mot» 北京 Алматы",
    "of the of the of the united states of the united states",
    "the\tthe\nthe\u00a0the  THE The",
    "1,000,000 1.000.000 2018-06-10 v2.0 ...and.. .so. on.",
    "ΟΔΥΣΣΕΑΣ'Β ΣΟΦΟΣ.ΑΣ Σ ⅠⅡ Ⓐbc ǅemal ΚΑΛΗΜΕΡΑ Σοφός",
    "Ⅻ ǈ ǋ ß ẞ ﬁ Ω Å K İİ",
]


def statement_texts():
    texts = [SEED_FILE.read_text(encoding="utf-8")]
    files = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))
    texts += [path.read_text(encoding="utf-8") for path in random.Random(3).sample(files, 60)]
    return texts + AWKWARD


def by_analyzer(field, text):
    """The postings of the field's own analyzer, as Whoosh's TEXT field computes them."""
    return sorted(super(type(field), field).index(text))


@pytest.mark.parametrize("name", TEXT_FIELDS)
def test_one_pass_indexing_gives_the_analyzers_postings(name):
    field = SCHEMA[name]
    for text in statement_texts():
        assert sorted(field.index(text)) == by_analyzer(field, text), text[:80]


def test_words_are_split_and_lowered_as_the_analyzer_does():
    analyzer = SCHEMA["body"].analyzer
    for text in AWKWARD:
        assert split_words(text) == [token.text for token in analyzer(text)]
    assert split_words("U.S.-China talks, x*y") == ["u.s", "china", "talks", "x*y"]


def test_a_pair_field_keeps_pairs_of_common_words_only():
    text = "The United States and the United States of molybdenum"
    postings = {term: freq for term, freq, _, _ in SCHEMA["body_pairs"].index(text)}
    assert postings == {
        b"the united": 2,
        b"united states": 2,
        b"states and": 1,
        b"and the": 1,
        b"states of": 1,
    }


def postings(rng, documents):
    """Postings as a writer adds them: document by document, terms in any order."""
    items = []
    for docnum in range(documents):
        for field in ("body", "title"):
            terms = rng.sample([b"alpha", b"beta", b"gamma", b"delta", b"epsilon"], 3)
            items += [(field, t, docnum, float(docnum % 4 + 1), bytes([docnum % 7])) for t in terms]
    return items


@pytest.mark.parametrize("max_postings", [1_000_000, 7, 1])
def test_the_term_pool_returns_postings_in_field_term_and_document_order(tmp_path, max_postings):
    items = postings(random.Random(max_postings), 40)
    pool = TermPool(tmp_path, max_postings)
    for item in items:
        pool.add(item)
    spilled = len(pool.runs)
    assert list(pool.iter_postings()) == sorted(items)
    assert not pool.terms  # each kept term is let go as it is read
    pool.cleanup()
    assert list(tmp_path.iterdir()) == []
    assert spilled == pool.spills == {1_000_000: 0, 7: 34, 1: 240}[max_postings]
