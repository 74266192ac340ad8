"""The Whoosh schema, declared once; the indexer and the engine both import it."""

import re
from importlib import resources

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, SchemaClass
from whoosh.system import pack_uint

from .languages import CJK, parts_of
from .postings_pool import Packed

# The word pattern of every text field; snippets split text with the same one so that
# their word positions are the index's.
WORD_PATTERN = default_pattern

# Words are indexed as written (lower-cased, not stemmed, no stop list), so a quoted
# phrase matches exactly those words in that order. Stemming happens at query time
# instead: a bare word is expanded to every indexed word with the same English stem
# (search/query.py), so "investments" still finds "investment". Measured on 2,000 White
# House statements, a second, unstemmed copy of title and body beside stemmed fields
# cost +83% indexing time and +77% index size; this layout costs nothing. The same holds
# in every language: the query is stemmed by each language of the index in turn
# (docs/languages.md). Han and kana runs are indexed as overlapping character pairs.


class CJKPairs(Filter):
    """Replace each word holding Han or kana characters by its parts (languages.parts_of):
    中卢关系 gives 中卢, 卢关 and 关系 at consecutive positions."""

    def __call__(self, tokens):
        shift = 0
        for token in tokens:
            text = token.text
            if not CJK.search(text):
                if shift and token.positions:
                    token.pos += shift
                yield token
                continue
            parts = parts_of(text)
            first = token.pos + shift if token.positions else 0
            offset = token.startchar if token.chars else 0
            for n, (start, end) in enumerate(parts):
                token.text = text[start:end]
                if token.positions:
                    token.pos = first + n
                if token.chars:
                    token.startchar, token.endchar = offset + start, offset + end
                yield token
            shift += len(parts) - 1


WORD_ANALYZER = RegexTokenizer(expression=WORD_PATTERN) | LowercaseFilter() | CJKPairs()


def _pair_words() -> frozenset[str]:
    text = resources.files("search").joinpath("data", "pair_words.txt").read_text("utf-8")
    return frozenset(line for line in text.split() if not line.startswith("#"))


PAIR_WORDS = _pair_words()
"""Words common enough that a phrase made of them is slow to check by word positions."""


class PairFilter(Filter):
    """Replace the words by each pair of adjacent words that are both in `words`.

    "the united states" gives "the united" and "united states". A quoted phrase whose
    words are all common is then found by looking up its pairs, which is as fast as a
    word; a phrase with a rarer word is checked by positions among the few statements
    that have that word. Pairs of rare words are not kept: there are so many different
    ones that they would double the indexing time for no gain.
    """

    def __init__(self, words: frozenset[str]):
        self.words = words

    def __call__(self, tokens):
        words = self.words
        previous = None
        for token in tokens:
            text = token.text
            if previous is not None and text in words:
                token.text = previous + " " + text
                yield token
            previous = text if text in words else None


PAIR_ANALYZER = WORD_ANALYZER | PairFilter(PAIR_WORDS)

# WORD_PATTERN without its capturing group, so that findall returns whole words.
_WORDS = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
_last_split: tuple[str, list[str]] = ("", [])


def split_words(text: str) -> list[str]:
    """Return the words of `text` as WORD_ANALYZER gives them, in order.

    The body is indexed twice (words and word pairs) from the same string; the last
    split is kept so that the second field does not split it again.
    """
    global _last_split
    last = _last_split
    if last[0] is text:
        return last[1]
    words = [word.lower() for word in _WORDS.findall(text)]
    if CJK.search(text):
        words = [word[start:end] for word in words for start, end in parts_of(word)]
    _last_split = (text, words)
    return words


def word_spans(text: str, position: int = 0):
    """Yield (start, end, word) for each word of `text` from `position` on, as the index
    has them (lower-cased, Han and kana runs in pairs)."""
    for match in WORD_PATTERN.finditer(text, position):
        start, word = match.start(), match.group(0).lower()
        if CJK.search(word):
            for first, last in parts_of(word):
                yield start + first, start + last, word[first:last]
        else:
            yield start, match.end(), word


class Words(TEXT):
    """A TEXT field that indexes a string in one pass instead of token by token.

    It writes exactly the postings its analyzer would (tests/test_schema.py compares
    them), at a fraction of the cost; queries still go through the analyzer.
    """

    def index(self, value, **kwargs):
        if isinstance(value, Packed):
            return value
        if not isinstance(value, str):
            return super().index(value, **kwargs)
        positions: dict[str, list[int]] = {}
        for position, word in enumerate(split_words(value)):
            found = positions.get(word)
            if found is None:
                positions[word] = [position]
            else:
                found.append(position)
        encode = self.format.encode
        boost = self.format.field_boost
        return [
            (word.encode("utf-8"), len(where), len(where) * boost, encode(where))
            for word, where in positions.items()
        ]


class WordPairs(TEXT):
    """A TEXT field of adjacent common-word pairs (see PairFilter), indexed in one pass."""

    def __init__(self, **kwargs):
        super().__init__(analyzer=PAIR_ANALYZER, phrase=False, **kwargs)

    def index(self, value, **kwargs):
        if isinstance(value, Packed):
            return value
        if not isinstance(value, str):
            return super().index(value, **kwargs)
        counts: dict[str, int] = {}
        previous = None
        for word in split_words(value):
            if word in PAIR_WORDS:
                if previous is not None:
                    pair = previous + " " + word
                    counts[pair] = counts.get(pair, 0) + 1
                previous = word
            else:
                previous = None
        boost = self.format.field_boost
        return [(pair.encode("utf-8"), n, n * boost, pack_uint(n)) for pair, n in counts.items()]


FACETS = ("country", "sector", "doc_type", "person", "source", "pair", "lang", "year")
"""The facets: every search counts their values and a request may filter on each, in the
order the search page lists them."""
INDEXED_FACETS = tuple(facet for facet in FACETS if facet != "year")
"""The facets whose values are the terms of a field of the same name; the year facet is
read from the day column."""


class BilatSchema(SchemaClass):
    # unique: update_document replaces a statement by id on re-indexing.
    id = ID(stored=True, unique=True)
    # Every other id issued for the statement (search/permalinks.py), space-separated.
    aliases = KEYWORD(lowercase=False, scorable=False)
    # Title weighted above body in relevance; stored for snippets of title matches.
    # A query word that gives several words (中卢关系, e-mail) is the phrase of them.
    title = Words(analyzer=WORD_ANALYZER, stored=True, field_boost=2.0, multitoken_query="phrase")
    # Stored for snippets; paragraphs are rebuilt from it by splitting on blank lines.
    body = Words(analyzer=WORD_ANALYZER, stored=True, multitoken_query="phrase")
    place = Words(analyzer=WORD_ANALYZER, stored=True, multitoken_query="phrase")
    # Pairs of adjacent common words (see PairFilter); no positions, as a pair is looked
    # up as a whole and never placed in a longer phrase.
    title_pairs = WordPairs(field_boost=2.0)
    body_pairs = WordPairs()
    # Facet fields (INDEXED_FACETS): comma-separated, case kept (codes are upper case,
    # sector ids lower).
    country = KEYWORD(commas=True, lowercase=False, scorable=False)
    pair = KEYWORD(commas=True, lowercase=False, scorable=False)
    sector = KEYWORD(commas=True, lowercase=False, scorable=False)
    person = KEYWORD(commas=True, lowercase=False, scorable=False)
    doc_type = ID
    source = ID
    # The statement's language (ISO 639-1): a facet, and where a stemmed word is searched.
    lang = ID
    # Coarse integers: a range on these is several times faster than on a DATETIME.
    # day is yyyymmdd, month yyyymm; all three are absent when the date is unknown.
    # Facet counts, histograms and date filters read the day column (search/facets.py).
    day = NUMERIC(int, bits=32, sortable=True, signed=False)
    month = NUMERIC(int, bits=32, signed=False)
    year = NUMERIC(int, bits=32, signed=False)
    # "yes" or "no", so that "date unknown" is a plain term filter.
    dated = ID
    # The rest of the statement as JSON, to rebuild it without a second store.
    record = STORED
