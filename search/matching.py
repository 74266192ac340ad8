"""Which documents a resolved query matches, and how well, from cached postings.

Whoosh's matchers walk documents one at a time in Python, which costs ~10 µs a document
for a union of word forms and much more for a phrase. Here each term's postings are read
once per index generation, in blocks, into a bitmask of its documents and a list of
BM25F contributions; a query is then bitmask algebra (AND is `&`, OR is `|`), and ranking
adds up the contributions of the scored terms over the documents that matched.
Word positions are read only to check a phrase, and only in the documents that have
all its words (and all its indexed pairs of common words).

The ranking model (README's "Relevance" sentence says the same; tests/test_ranking.py
checks it against an independent computation and against Whoosh's own searcher) is
BM25F as Whoosh's `scoring.BM25F` computes it:

    score(d) = sum over scored terms (f, t, b) of
               b * idf(f, t) * w * (K1 + 1) / (w + K1 * (1 - B + B * len(f, d) / avglen(f)))

- scored terms: the words of the query in the text fields title, body and place (after
  stems, prefixes and fuzzy words are expanded into indexed words), each counting in a
  document where the part of the query holding it matches, as Whoosh's matchers add up
  scores: a word where it occurs, a phrase's words where the phrase stands, and in
  `(gas AND pipeline) OR oil` gas only where pipeline is too. Excluded words (NOT, -),
  the right side of a REQUIRE, facet values and dates count for nothing.
  b is the product of the boosts (`word^2`) on the way from the query to the word.
- w = occurrences of t in field f of d times the field's weight: 2 for the title, 1 for
  body and place (the weight Whoosh stores in the postings).
- len(f, d) = the words of field f in d as the index stores it (Whoosh keeps one byte a
  length, so lengths are rounded); avglen(f) = all the words of field f / N.
- idf(f, t) = 1 + ln(N / (n + 1)), with N the documents of the index and n those with t in
  f (Whoosh's statistics: a deleted document counts until a merge removes it).
- K1 = 1.2, B = 0.75.

Results are ranked by score, then by document number (the order they were indexed in);
results without a scored term (a facet or a date alone) follow, newest first.
"""

from __future__ import annotations

import datetime
import math
import threading
import time
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from whoosh import query

from .facets import FacetBitmasks, docnums_of, mask_of, mask_of_array
from .query import TEXT_FIELDS
from .schema import PAIR_WORDS
from .tables import Tables
from .whoosh_internals import read_postings

# BM25F's constants (Whoosh's defaults).
K1 = 1.2
B = 0.75
CACHED_TERMS = 2048
"""Terms whose postings are kept per generation (most words are rare)."""
CACHED_POSTINGS_BYTES = 256 * 2**20
"""Most memory the kept postings of a generation take (12 bytes a posting and a bitmask
of the documents): common words of a large collection have long postings."""
PHRASE_BATCH = 64
"""Candidates of a phrase checked by word positions between two looks at the clock."""
CHECKED_PHRASES = 256
"""Phrases whose position-checked documents are kept per generation."""
PAIR_FIELDS = {"title": "title_pairs", "body": "body_pairs"}


class LruCache:
    """A small thread-safe mapping that forgets the least recently used entries.

    It keeps at most `size` entries and, given `weigh` (an entry's bytes), at most
    `max_bytes` of them.
    """

    def __init__(self, size: int, max_bytes: int = 0, weigh=None):
        self.size = size
        self.max_bytes = max_bytes
        self._weigh = weigh
        self.bytes = 0
        """The bytes of the entries kept, when they are weighed."""
        self._items: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self._lock:
            if self._weigh is not None:
                old = self._items.get(key)
                self.bytes += self._weigh(value) - (self._weigh(old) if old is not None else 0)
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size or (
                self._weigh is not None and self.bytes > self.max_bytes and len(self._items) > 1
            ):
                _, dropped = self._items.popitem(last=False)
                if self._weigh is not None:
                    self.bytes -= self._weigh(dropped)

    def __len__(self) -> int:
        return len(self._items)


class TimeUp(Exception):
    """The deadline passed while matching."""


@dataclass(frozen=True)
class TermPostings:
    mask: int
    docs: array
    scores: array
    """Each document's BM25 contribution for this term, before query boosts."""

    def nbytes(self) -> int:
        """Return about the memory the postings take."""
        return (self.mask.bit_length() + 7) // 8 + len(self.docs) * 12


class Postings:
    """One generation's term postings as bitmasks and BM25 contributions, cached."""

    def __init__(
        self,
        reader,
        bitmasks: FacetBitmasks,
        tables: Tables,
        lock: threading.RLock | None = None,
    ):
        self.reader = reader
        self.lock = lock or threading.RLock()
        """Held while reading the index: Whoosh's readers share file positions."""
        self.bitmasks = bitmasks
        self.tables = tables
        self.doc_count = max(1, reader.doc_count_all())
        """N of the ranking model: every document of the index, deleted ones included."""
        self.schema = reader.schema
        # Searches run in several threads at once and share these caches.
        self._cache = LruCache(CACHED_TERMS, CACHED_POSTINGS_BYTES, TermPostings.nbytes)
        self.checked_phrases = LruCache(CHECKED_PHRASES)
        """Phrases checked by word positions: (field, words, slop) -> documents."""
        self._norms: dict[str, np.ndarray] = {}

    def pair_field(self, fieldname: str) -> str | None:
        """Return the field of common word pairs for a text field, if this index has one."""
        pairs = PAIR_FIELDS.get(fieldname)
        return pairs if pairs in self.schema.names() else None

    def prepare(self, fieldnames) -> None:
        """Compute the length factors of these fields now rather than in the first search."""
        for fieldname in fieldnames:
            if fieldname in self.schema.names():
                self._length_norms(fieldname)

    def warm(self) -> None:
        """Read the postings of the most frequent words of title and body into the cache.

        Common words have the longest postings, so their first search is the slowest;
        this runs in a background thread when a generation is opened. The words were
        chosen when the generation was written (search/tables.py).
        """
        for fieldname, words in self.tables.frequent_words.items():
            for word in words:
                with self.lock:
                    self.term(fieldname, word)

    def _length_norms(self, fieldname: str) -> np.ndarray:
        """Return BM25's length term for each document: K1 * (1 - B + B * length / average)."""
        if fieldname not in self._norms:
            average = (self.tables.field_totals[fieldname] / self.doc_count) or 1.0
            lengths = self.tables.lengths[fieldname].astype(np.float64)
            self._norms[fieldname] = K1 * (1 - B + B * lengths / average)
        return self._norms[fieldname]

    def term(self, fieldname: str, text) -> TermPostings:
        key = (fieldname, text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        found = self.tables.frequent_postings.get(key) or self._read(fieldname, text)
        if found is None:
            postings = TermPostings(0, array("i"), array("d"))
        else:
            ids, weights = found
            if self.bitmasks.deleted:
                kept = ~np.isin(ids, np.fromiter(self.bitmasks.deleted, dtype=np.int64))
                ids, weights = ids[kept], weights[kept]
            postings = TermPostings(
                mask_of_array(ids),
                array("i", ids.astype(np.int32).tobytes()),
                array("d", self._bm25(fieldname, text, ids, weights).tobytes()),
            )
        self._cache.put(key, postings)
        return postings

    def _read(self, fieldname: str, text) -> tuple[np.ndarray, np.ndarray] | None:
        """Return a term's documents and weights as the index holds them, None if none."""
        try:
            matcher = self.reader.postings(fieldname, text)
        except Exception:  # noqa: BLE001 - Whoosh raises TermNotFound and kin: no documents
            return None
        return read_postings(matcher)

    def _bm25(self, fieldname: str, text, ids: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Return each document's BM25F score for one term (see the model above)."""
        field = self.schema[fieldname] if fieldname in self.schema.names() else None
        if field is None or not field.scorable:
            return np.ones(len(ids))
        # The weights already count the field's boost (occurrences times field_boost).
        frequency = self.reader.doc_frequency(fieldname, text)
        idf = 1 + math.log(self.doc_count / (frequency + 1))
        norms = self._length_norms(fieldname)
        factor = idf * (K1 + 1)
        tf = weights.astype(np.float64)
        return factor * tf / (tf + norms[ids])


class QueryEvaluator:
    """Evaluate one resolved query over one generation: its matches, then their ranking.

    Past the deadline, matching answers with what it has found so far, a subset of the
    true matches, and sets `timed_out`: reading a term's postings always completes (and
    the first term of an OR always runs), and a phrase always checks its first
    `PHRASE_BATCH` candidates by word positions; past that, an OR stops adding its
    alternatives and a phrase keeps the documents it has confirmed. Where a phrase or an
    alternative is excluded (under NOT), the unchecked rest is excluded too, so the
    answer never holds a document that does not match. Ranking past the deadline
    raises TimeUp.
    """

    def __init__(self, postings: Postings, searcher, deadline: float):
        self.postings = postings
        self.searcher = searcher
        self.bitmasks = postings.bitmasks
        self.deadline = deadline
        self.timed_out = False
        """Set when matching ran out of time and answered with what it had found."""

    def _time_is_up(self) -> bool:
        return time.perf_counter() >= self.deadline

    def _check_time(self) -> None:
        if self._time_is_up():
            raise TimeUp

    def matches(self, q: query.Query, excluded: bool = False) -> int:
        """Return the bitmask of the documents that match `q`.

        `excluded` says that the caller removes these documents from its answer: past the
        deadline the answer may then hold too many documents rather than too few.
        """
        bitmasks = self.bitmasks
        if isinstance(q, query.Every):
            return bitmasks.all
        if q is query.NullQuery or isinstance(q, query.NullQuery.__class__):
            return 0
        if isinstance(q, query.Not):
            return bitmasks.all & ~self.matches(q.query, not excluded)
        if isinstance(q, query.AndNot):
            return self.matches(q.a, excluded) & ~self.matches(q.b, not excluded)
        if isinstance(q, query.AndMaybe):
            return self.matches(q.a, excluded)
        if isinstance(q, query.Require):
            return self.matches(q.a, excluded) & self.matches(q.b, excluded)
        if isinstance(q, query.And):
            found = bitmasks.all
            for sub in q.subqueries:
                found &= self.matches(sub, excluded)
            return found
        if isinstance(q, (query.Or, query.DisjunctionMax)):
            return self._any(q.subqueries, excluded)
        if isinstance(q, query.Term):
            return self.postings.term(q.fieldname, q.text).mask
        if isinstance(q, query.Phrase):
            return self._phrase(q, excluded)
        if isinstance(q, query.NumericRange) and q.fieldname in ("day", "year"):
            return self._date_range(q)
        # Anything else the parser may make: let Whoosh find it.
        return mask_of(self.searcher.docs_for_query(q), bitmasks.size)

    def _any(self, subqueries, excluded: bool) -> int:
        found = 0
        for n, sub in enumerate(subqueries):
            if n and not excluded and self._time_is_up():
                # The alternatives found so far are true matches; an excluded OR cannot
                # stop, as what it leaves out would be wrongly kept.
                self.timed_out = True
                break
            found |= self.matches(sub, excluded)
        return found

    def _date_range(self, q: query.NumericRange) -> int:
        def day(number, end: bool):
            if number is None:
                return None
            if q.fieldname == "year":
                return (
                    datetime.date(int(number), 12, 31) if end else datetime.date(int(number), 1, 1)
                )
            number = int(number)
            try:
                return datetime.date(number // 10000, number // 100 % 100, number % 100)
            except ValueError:
                return None

        low = day(q.start, False)
        high = day(q.end, True)
        mask = self.bitmasks.date_range(low, high)
        if q.startexcl and low:
            mask &= ~self.bitmasks.date_range(low, low)
        if q.endexcl and high:
            mask &= ~self.bitmasks.date_range(high, high)
        return mask

    def _phrase(self, q: query.Phrase, excluded: bool = False) -> int:
        words = list(q.words)
        if not words:
            return 0
        term = self.postings.term
        pairs_field = self.postings.pair_field(q.fieldname) if q.slop <= 1 else None
        candidates = self.bitmasks.all
        covered: set[int] = set()
        if pairs_field:
            for i, (a, b) in enumerate(pairwise(words)):
                if a in PAIR_WORDS and b in PAIR_WORDS:
                    candidates &= term(pairs_field, f"{a} {b}").mask
                    covered.update((i, i + 1))
        # A word inside an indexed pair needs no lookup of its own (and common words
        # have the longest postings).
        for i, word in enumerate(words):
            if i not in covered:
                candidates &= term(q.fieldname, word).mask
        if len(words) == 1 or not candidates or (len(words) == 2 and covered):
            return candidates
        key = (q.fieldname, tuple(words), q.slop)
        found = self.postings.checked_phrases.get(key)
        if found is None:
            found, unchecked = self._verify_positions(q.fieldname, words, q.slop, candidates)
            if not unchecked:
                self.postings.checked_phrases.put(key, found)
            else:
                self.timed_out = True
                if excluded:
                    # What the phrase excludes must not be undercounted.
                    found |= unchecked
        return found

    def _verify_positions(
        self, fieldname: str, words: list[str], slop: int, candidates: int
    ) -> tuple[int, int]:
        """Keep the candidates in which the words stand in order, each within `slop` of the last.

        Returns them and the candidates left unchecked when the deadline passed (the
        first PHRASE_BATCH candidates are always checked).
        """
        reader = self.postings.reader
        matchers = [reader.postings(fieldname, w) for w in words]
        found: list[int] = []
        unchecked = 0
        for n, docnum in enumerate(docnums_of(candidates)):
            if n and not n % PHRASE_BATCH and self._time_is_up():
                unchecked = candidates & ~((1 << docnum) - 1)
                break
            ends: set[int] | None = None
            for matcher in matchers:
                if matcher.is_active() and matcher.id() < docnum:
                    matcher.skip_to(docnum)
                if not matcher.is_active() or matcher.id() != docnum:
                    ends = set()
                    break
                positions = matcher.value_as("positions")
                if ends is None:
                    ends = set(positions)
                elif slop <= 1:
                    ends = {p for p in positions if p - 1 in ends}
                else:
                    ends = {p for p in positions if any(0 < p - e <= slop for e in ends)}
                if not ends:
                    break
            if ends:
                found.append(docnum)
        return mask_of(found, self.bitmasks.size), unchecked

    def rank(self, q: query.Query, results: int, top: int) -> list[tuple[int, float]]:
        """Return the `top` best (docnum, score) among `results`, by the model's BM25F.

        Each term's contributions are added over its postings in bulk (numpy), in the
        order of the terms, so each document's sum is the same as one by one; ties go to
        the lower document number.
        """
        flags = results.to_bytes((self.bitmasks.size + 8) // 8, "little")
        in_results = np.frombuffer(flags, dtype=np.uint8)
        totals = np.zeros(self.bitmasks.size, dtype=np.float64)
        scored = np.zeros(self.bitmasks.size, dtype=bool)
        where: dict[tuple, np.ndarray] = {(): in_results}
        for fieldname, text, boost, parts in scoring_terms(q):
            self._check_time()
            if parts not in where:
                # A word counts where the parts of the query holding it match, as in
                # Whoosh: a phrase's words where the phrase stands, and in `(a AND b) OR c`
                # a only where b is too.
                found = results
                for part in parts:
                    found &= self.matches(part)
                if self.timed_out:
                    raise TimeUp
                where[parts] = np.frombuffer(found.to_bytes(len(flags), "little"), np.uint8)
            within = where[parts]
            postings = self.postings.term(fieldname, text)
            docs = np.frombuffer(postings.docs, dtype=np.int32)
            kept = ((within[docs >> 3] >> (docs & 7)) & 1).astype(bool)
            docs = docs[kept]
            # A term's postings name each document once, so this adds once per document.
            totals[docs] += boost * np.frombuffer(postings.scores, dtype=np.float64)[kept]
            scored[docs] = True
        candidates = np.flatnonzero(scored)
        if len(candidates) > top:
            # Only scores at least the top-th highest can be in the top (ties included).
            threshold = np.partition(totals[candidates], len(candidates) - top)[-top]
            candidates = candidates[totals[candidates] >= threshold]
        order = np.lexsort((candidates, -totals[candidates]))[:top]
        ranked = [(int(d), float(totals[d])) for d in candidates[order]]
        unscored = results.bit_count() - int(scored.sum())
        if len(ranked) < top and unscored:
            # Matches with no word to score by (a date range, a field value, an exclusion)
            # follow the scored ones, newest first.
            wanted = min(top - len(ranked), unscored)
            skip = set(np.flatnonzero(scored).tolist())
            rest = _in_order(self.bitmasks.newest_first, flags, wanted, skip=skip)
            ranked += [(d, 0.0) for d in rest]
        return ranked


def scoring_terms(q: query.Query, boost: float = 1.0, parts: tuple = ()):
    """Yield the (field, word, boost, parts) terms that rank the matches of `q`.

    `parts` are the subqueries that must match a document for the word to count in it,
    besides the whole query.
    """
    boost *= getattr(q, "boost", 1.0)
    if isinstance(q, query.Not):
        return
    if isinstance(q, (query.AndNot, query.Require)):
        # Whoosh scores both by their left side only.
        yield from scoring_terms(q.a, boost, parts)
    elif isinstance(q, query.AndMaybe):
        yield from scoring_terms(q.a, boost, parts)
        yield from scoring_terms(q.b, boost, _within(q.b, parts))
    elif isinstance(q, query.Phrase):
        if q.fieldname in TEXT_FIELDS:
            for word in q.words:
                yield q.fieldname, word, boost, parts + (q,)
    elif isinstance(q, query.Term):
        if q.fieldname in TEXT_FIELDS:
            yield q.fieldname, q.text, boost, parts
    elif isinstance(q, (query.Or, query.DisjunctionMax)):
        for child in q.children():
            yield from scoring_terms(child, boost, _within(child, parts))
    elif not q.is_leaf():
        # An AND's parts all match where it does.
        for child in q.children():
            yield from scoring_terms(child, boost, parts)


def _within(q: query.Query, parts: tuple) -> tuple:
    """Return `parts` with `q` added, unless q is a word (it matches where it occurs) or
    a phrase (which adds itself)."""
    return parts if isinstance(q, (query.Term, query.Phrase)) else parts + (q,)


def _in_order(order: list[int], flags: bytes, top: int, skip=()) -> list[int]:
    found = []
    for docnum in order:
        if flags[docnum >> 3] >> (docnum & 7) & 1 and docnum not in skip:
            found.append(docnum)
            if len(found) == top:
                break
    return found
