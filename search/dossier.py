"""Dossiers of a country or a pair: its partners, and the terms that set its statements apart.

The characteristic terms compare how many of the selected statements use a word (merged by
English stem) with how many of all the others do, by Dunning's log-likelihood ratio (G²),
keeping only words used more often in the selection than elsewhere. The work is bounded:
the words are read from the newest MAX_DOCUMENTS statements of the selection, or fewer
(but at least MIN_READ) past TERMS_SECONDS or the search's time limit, and on the embedded
index the answer is kept per index generation for the same selection.
"""

from __future__ import annotations

import math
import re
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass
from importlib import resources

from .engine import Selection
from .facets import label_for
from .languages import stem as stem_of
from .schema import WORD_PATTERN

MAX_DOCUMENTS = 500
"""Most statements of a selection whose words are read for its characteristic terms."""
TERMS_SECONDS = 1.0
"""Time the words of a selection may be read for, at most (and within the search limit)."""
MIN_READ = 50
"""Statements read for the terms even past the time limit, so that they mean something."""
MIN_DOCUMENTS = 2
"""A term must appear in at least this many of the selected statements."""
TERMS = 20
PARTNERS = 20
CACHED_SELECTIONS = 256
"""Selections whose terms are kept per generation (per engine on Typesense)."""
_WORD_SHAPE = re.compile(r"^[^\W\d_][\w'’.-]*[^\W\d_]$")
"""Words of letters (inner hyphens, dots and apostrophes allowed), two letters or more."""


def _stopwords() -> frozenset[str]:
    text = resources.files("search").joinpath("data", "stopwords.txt").read_text("utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return frozenset(" ".join(lines).split())


STOPWORDS = _stopwords()

_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_cache_lock = threading.Lock()


@dataclass(frozen=True)
class Term:
    word: str
    """The most frequent spelling among the selection's words of this stem."""
    documents: int
    """Selected statements using it (among those read)."""
    elsewhere: int
    """Other statements of the index using it."""
    score: float
    """G², the log-likelihood ratio: higher is more characteristic."""


@dataclass(frozen=True)
class Profile:
    """The characteristic terms of a selection and how many statements they were read from."""

    terms: list[Term]
    read: int


@dataclass(frozen=True)
class Partner:
    code: str
    label: str
    count: int
    pair: str


def _g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's G² for a term in a of c selected documents and b of d other documents."""
    total = c + d
    score = 0.0
    for observed, size in ((a, c), (b, d)):
        expected = size * (a + b) / total
        if observed:
            score += observed * math.log(observed / expected)
        missing, expected_missing = size - observed, size - expected
        if missing and expected_missing > 0:
            score += missing * math.log(missing / expected_missing)
    return 2.0 * score


def characteristic_terms(selection: Selection, limit: int = TERMS) -> Profile:
    """Return the terms most characteristic of the selection against all other statements."""
    owner, selected = selection.identity
    if selected is None:
        # A selection that cannot say when its statements change is not kept.
        return _compute_terms(selection, limit)
    key = (selected, limit)
    with _cache_lock:
        cached = _cache.get(owner, {}).get(key)
    if cached is not None:
        return cached
    profile = _compute_terms(selection, limit)
    with _cache_lock:
        kept = _cache.setdefault(owner, {})
        if len(kept) >= CACHED_SELECTIONS:
            kept.pop(next(iter(kept)))
        kept[key] = profile
    return profile


def _compute_terms(selection: Selection, limit: int) -> Profile:
    stems: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    read = 0
    stop = min(selection.deadline, time.perf_counter() + TERMS_SECONDS)
    for statement in selection.newest(MAX_DOCUMENTS):
        if read >= MIN_READ and time.perf_counter() > stop:
            break
        read += 1
        text = statement.title + "\n" + statement.text
        words = {m.group(0).lower() for m in WORD_PATTERN.finditer(text)}
        seen_stems = set()
        for word in words:
            if word in STOPWORDS or not _WORD_SHAPE.match(word):
                continue
            stem = stem_of("en", word)
            spellings.setdefault(stem, Counter())[word] += 1
            seen_stems.add(stem)
        stems.update(seen_stems)
    others = selection.statement_count() - read
    if not read or others <= 0:
        return Profile([], read)
    common = {stem: a for stem, a in stems.items() if a >= MIN_DOCUMENTS}
    # Statements using the stem anywhere: for each spelling, the larger of its body and
    # title frequencies, summed over spellings (cheap look-ups; a statement using two
    # spellings counts twice).
    frequencies = selection.document_frequencies({w for s in common for w in spellings[s]})
    terms = []
    for stem, a in common.items():
        everywhere = sum(frequencies[w] for w in spellings[stem])
        b = min(others, max(0, everywhere - a))
        if a / read <= b / others:
            continue
        word = spellings[stem].most_common(1)[0][0]
        terms.append(Term(word, a, b, round(_g2(a, b, read, others), 2)))
    terms.sort(key=lambda t: (-t.score, t.word))
    return Profile(terms[:limit], read)


def partners(selection: Selection, code: str, limit: int = PARTNERS) -> list[Partner]:
    """Return the countries paired with `code` in the selection, most statements first."""
    found = []
    for pair, count in selection.value_counts("pair").items():
        codes = pair.split("-")
        if code in codes:
            other = codes[1] if codes[0] == code else codes[0]
            found.append(Partner(other, label_for("country", other), count, pair))
    found.sort(key=lambda p: (-p.count, p.label))
    return found[:limit]
