"""The Whoosh schema, declared once; the indexer and the engine both import it."""

from importlib import resources

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, SchemaClass

# The word pattern of every text field; snippets split text with the same one so that
# their word positions are the index's.
WORD_PATTERN = default_pattern

# Words are indexed as written (lower-cased, not stemmed, no stop list), so a quoted
# phrase matches exactly those words in that order. Stemming happens at query time
# instead: a bare word is expanded to every indexed word with the same English stem
# (search/query.py), so "investments" still finds "investment". Measured on 2,000 White
# House statements, a second, unstemmed copy of title and body beside stemmed fields
# cost +83% indexing time and +77% index size; this layout costs nothing.
WORD_ANALYZER = RegexTokenizer(expression=WORD_PATTERN) | LowercaseFilter()


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


class BilatSchema(SchemaClass):
    # unique: update_document replaces a statement by id on re-indexing.
    id = ID(stored=True, unique=True)
    # Title weighted above body in relevance; stored for snippets of title matches.
    title = TEXT(analyzer=WORD_ANALYZER, stored=True, field_boost=2.0)
    # Stored for snippets; paragraphs are rebuilt from it by splitting on blank lines.
    body = TEXT(analyzer=WORD_ANALYZER, stored=True)
    place = TEXT(analyzer=WORD_ANALYZER, stored=True)
    # Pairs of adjacent common words (see PairFilter); no positions, as a pair is looked
    # up as a whole and never placed in a longer phrase.
    title_pairs = TEXT(analyzer=PAIR_ANALYZER, phrase=False, field_boost=2.0)
    body_pairs = TEXT(analyzer=PAIR_ANALYZER, phrase=False)
    # Facet fields: comma-separated, case kept (codes are upper case, sector ids lower).
    country = KEYWORD(commas=True, lowercase=False, scorable=False)
    pair = KEYWORD(commas=True, lowercase=False, scorable=False)
    sector = KEYWORD(commas=True, lowercase=False, scorable=False)
    person = KEYWORD(commas=True, lowercase=False, scorable=False)
    doc_type = ID
    source = ID
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
