"""Near-duplicates: the same statement published again with small changes, found by shingling.

Each text becomes the set of its five-word shingles. A MinHash signature (64 values) of
each set goes through locality-sensitive hashing (16 bands of 4 values): two texts
sharing a band are candidates. Each candidate pair is then checked on the shingle sets
themselves, so the signatures only decide what is compared, never what is grouped:

- resemblance (shared shingles / all shingles) at least MIN_RESEMBLANCE: a copy with
  small edits, such as a "-2" copy or a version with a dateline added;
- containment (shared shingles / shingles of the shorter text) at least MIN_CONTAINMENT:
  an excerpt of the other;
- texts shorter than MIN_SHINGLES only when identical.

Texts dated more than MAX_DAYS_APART apart are never grouped: a proclamation reissued
each year with the year changed is a new statement. Groups are the connected pairs
(union-find); each group's representative is its longest text, then the earliest, then
the smallest id, and the group is named by the representative's id.
"""

from __future__ import annotations

import datetime
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
SIGNATURE_SIZE = 64
BANDS = 16
"""Bands of SIGNATURE_SIZE // BANDS values; pairs resembling at about 0.5 and more meet."""
MIN_RESEMBLANCE = 0.85
MIN_CONTAINMENT = 0.95
"""Measured on the White House statements: templated announcements (the same disaster
declaration for two states, the same letter to Congress on two countries) resemble each
other at 0.65-0.82 and contain each other at 0.79-0.92; republished versions mostly at
0.94 and more."""
MIN_SHINGLES = 40
"""A text with fewer shingles groups only with an identical text, and is never taken for
an excerpt: short notices differ in a date or a link that a threshold would not see."""
MAX_DAYS_APART = 31
MAX_WORDS = 20_000
"""Words of a long text that are shingled (its beginning)."""
MAX_BUCKET = 50
"""A band value shared by more texts than this is boilerplate, not evidence."""

_WORD = re.compile(r"\w+(?:\.?\w+)*")
_MERSENNE = np.uint64((1 << 61) - 1)
_RANDOM = np.random.default_rng(20_240_611)
_A = _RANDOM.integers(1, 1 << 61, SIGNATURE_SIZE, dtype=np.uint64) | np.uint64(1)
_B = _RANDOM.integers(0, 1 << 61, SIGNATURE_SIZE, dtype=np.uint64)


@dataclass(frozen=True)
class Text:
    """What grouping needs of a statement."""

    id: str
    date: datetime.date | None
    text: str


def shingles(text: str) -> np.ndarray:
    """Return the distinct hashes of the text's five-word shingles (one for a shorter text)."""
    words = _WORD.findall(text.lower())[:MAX_WORDS]
    if not words:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.array([zlib.crc32(w.encode("utf-8")) for w in words], dtype=np.uint64)
    if len(hashes) < SHINGLE_WORDS:
        combined = np.array([hash_sequence(hashes)], dtype=np.uint64)
    else:
        count = len(hashes) - SHINGLE_WORDS + 1
        combined = np.zeros(count, dtype=np.uint64)
        for offset in range(SHINGLE_WORDS):
            combined = combined * np.uint64(1_000_003) + hashes[offset : offset + count]
    return np.unique(combined)


def hash_sequence(hashes: np.ndarray) -> np.uint64:
    value = np.zeros(1, dtype=np.uint64)
    for h in hashes:
        value = value * np.uint64(1_000_003) + h
    return value[0]


def signature(shingle_hashes: np.ndarray) -> np.ndarray:
    """Return the MinHash signature of a set of shingle hashes."""
    if len(shingle_hashes) == 0:
        return np.full(SIGNATURE_SIZE, np.iinfo(np.uint64).max, dtype=np.uint64)
    values = shingle_hashes[:, None] % _MERSENNE
    permuted = (values * _A[None, :] + _B[None, :]) % _MERSENNE
    return permuted.min(axis=0)


def _close_in_time(a: datetime.date | None, b: datetime.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= MAX_DAYS_APART


def same_statement(a: np.ndarray, b: np.ndarray) -> bool:
    """Tell from two shingle sets whether one text is a version or an excerpt of the other."""
    if len(a) == 0 or len(b) == 0:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    shorter = min(len(a), len(b))
    if shorter < MIN_SHINGLES:
        return shared == len(a) == len(b)
    if shared / (len(a) + len(b) - shared) >= MIN_RESEMBLANCE:
        return True
    return shared / shorter >= MIN_CONTAINMENT


def group(texts: Iterable[Text]) -> dict[str, str]:
    """Return statement id -> group id for every statement that has a near-duplicate."""
    items = list(texts)
    sets = [shingles(t.text) for t in items]
    rows = SIGNATURE_SIZE // BANDS
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for index, shingle_set in enumerate(sets):
        if len(shingle_set) == 0:
            continue
        sig = signature(shingle_set)
        for band in range(BANDS):
            buckets[(band, sig[band * rows : (band + 1) * rows].tobytes())].append(index)
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                if (i, j) in checked or root(i) == root(j):
                    continue
                checked.add((i, j))
                if _close_in_time(items[i].date, items[j].date) and same_statement(
                    sets[i], sets[j]
                ):
                    parent[root(j)] = root(i)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(items)):
        groups[root(index)].append(index)
    found: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        chosen = min(
            members,
            key=lambda i: (-len(sets[i]), items[i].date or datetime.date.max, items[i].id),
        )
        for i in members:
            found[items[i].id] = items[chosen].id
    return found
