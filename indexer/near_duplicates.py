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
import os
import re
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
    # Each distinct word is hashed once (a text repeats most of its words).
    distinct = {word: zlib.crc32(word.encode("utf-8")) for word in dict.fromkeys(words)}
    hashes = np.array([distinct[w] for w in words], dtype=np.uint64)
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


def _buckets(sketches: list[Sketch]) -> Iterator[list[int]]:
    """Yield, band after band, the statements (indexes into `sketches`, ascending) whose
    signatures share that band's values: the buckets of 2 to MAX_BUCKET statements.

    Each band's values are sorted as arrays, so that a million statements take a few
    hundred MB rather than a dictionary entry for each statement and band.
    """
    present = np.array([i for i, s in enumerate(sketches) if s.signature is not None])
    if len(present) < 2:
        return
    rows = SIGNATURE_SIZE // BANDS
    for band in range(BANDS):
        values = np.stack([sketches[i].signature[band * rows : (band + 1) * rows] for i in present])
        # np.lexsort sorts by its last key first: the band's values, then their place.
        order = np.lexsort((present, *values.T[::-1]))
        ordered = values[order]
        starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)])
        ends = np.r_[starts[1:], len(order)]
        sizes = ends - starts
        wanted = (sizes >= 2) & (sizes <= MAX_BUCKET)
        for start, end in zip(starts[wanted], ends[wanted], strict=True):
            yield present[order[start:end]].tolist()


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


@dataclass(frozen=True)
class Sketch:
    """What grouping keeps of a statement between runs: its date and MinHash signature."""

    id: str
    date: datetime.date | None
    signature: np.ndarray | None
    """None for a text without words."""


def sketch(text: Text) -> Sketch:
    shingle_set = shingles(text.text)
    return Sketch(text.id, text.date, signature(shingle_set) if len(shingle_set) else None)


def group(texts: Iterable[Text]) -> dict[str, str]:
    """Return statement id -> group id for every statement that has a near-duplicate."""
    by_id = {t.id: t for t in texts}
    return group_sketches([sketch(t) for t in by_id.values()], lambda i: by_id[i].text)


def group_sketches(sketches: list[Sketch], text_of: Callable[[str], str]) -> dict[str, str]:
    """Group statements by their sketches; `text_of(id)` gives the text of a candidate.

    Only the statements that share a band with another are read again, to check them on
    their shingle sets; the others are decided by their signatures alone. The pairs are
    checked in order of their first statement; a pair already joined through others is
    not checked (the groups, connected pairs, are the same in any order).
    """
    parent = list(range(len(sketches)))
    pairs = _candidate_pairs(sketches)
    firsts, seconds = np.divmod(pairs, max(len(sketches), 1))
    del pairs

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    with tempfile.TemporaryFile(prefix="bilat-shingles-") as file:
        sets = _ShingleSets(sketches, text_of, file.fileno())
        current, current_set = -1, None
        for i, j in _in_chunks(firsts, seconds):
            if root(i) == root(j) or not _close_in_time(sketches[i].date, sketches[j].date):
                continue
            if i != current:
                current, current_set = i, sets.get(i)
            if same_statement(current_set, sets.get(j)):
                parent[root(j)] = root(i)
        groups: dict[int, list[int]] = defaultdict(list)
        for index in range(len(sketches)):
            groups[root(index)].append(index)
        found: dict[str, str] = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            chosen = min(
                members,
                key=lambda i: (
                    -sets.size(i),
                    sketches[i].date or datetime.date.max,
                    sketches[i].id,
                ),
            )
            for i in members:
                found[sketches[i].id] = sketches[chosen].id
    return found


def _in_chunks(firsts: np.ndarray, seconds: np.ndarray) -> Iterator[tuple[int, int]]:
    """Yield the pairs as Python numbers a million at a time (not all at once: 12.6
    million pairs at a million statements would take 900 MB as Python lists)."""
    for start in range(0, len(firsts), 1 << 20):
        stop = start + (1 << 20)
        yield from zip(firsts[start:stop].tolist(), seconds[start:stop].tolist(), strict=True)


def _candidate_pairs(sketches: list[Sketch]) -> np.ndarray:
    """Return each pair of statements that share a band once, as i * len(sketches) + j
    (i < j), ascending."""
    count = len(sketches)
    codes = []
    triangles: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for members in _buckets(sketches):
        if len(members) not in triangles:
            triangles[len(members)] = np.triu_indices(len(members), 1)
        first, second = triangles[len(members)]
        indexes = np.asarray(members, dtype=np.int64)
        codes.append(indexes[first] * count + indexes[second])
    return np.unique(np.concatenate(codes)) if codes else np.zeros(0, dtype=np.int64)


class _ShingleSets:
    """The shingle sets of the candidates, each made once (when a pair first needs it) and
    written to a temporary file (`fd`), read back from it when another pair needs it again.

    Kept in memory, the sets of a million statements that share bands take several GB
    (a templated collection makes nearly all of them candidates); in a file they are
    the system's to cache, and the indexing process stays small.
    """

    def __init__(self, sketches: list[Sketch], text_of: Callable[[str], str], fd: int):
        self.sketches, self.text_of, self.fd = sketches, text_of, fd
        self.offsets = np.zeros(len(sketches), dtype=np.int64)
        self.sizes = np.full(len(sketches), -1, dtype=np.int64)
        self.end = 0

    def get(self, i: int) -> np.ndarray:
        if self.sizes[i] >= 0:
            data = os.pread(self.fd, int(self.sizes[i]) * 8, int(self.offsets[i]))
            return np.frombuffer(data, dtype=np.uint64)
        made = shingles(self.text_of(self.sketches[i].id))
        os.pwrite(self.fd, made.tobytes(), self.end)
        self.offsets[i], self.sizes[i] = self.end, len(made)
        self.end += made.nbytes
        return made

    def size(self, i: int) -> int:
        """Return the number of shingles of statement i."""
        if self.sizes[i] < 0:
            self.get(i)
        return int(self.sizes[i])


SKETCHES_FILE = "sketches.npz"


def save_sketches(path: Path, sketches: Iterable[Sketch]) -> None:
    """Write sketches to a file (written aside, then moved into place)."""
    items = list(sketches)
    empty = np.full(SIGNATURE_SIZE, 0, dtype=np.uint64)
    tmp = path.with_name(path.name + ".tmp.npz")
    np.savez(
        tmp,
        ids=np.array([s.id for s in items], dtype=str),
        days=np.array([s.date.toordinal() if s.date else 0 for s in items], dtype=np.int64),
        present=np.array([s.signature is not None for s in items], dtype=bool),
        signatures=np.array(
            [empty if s.signature is None else s.signature for s in items], dtype=np.uint64
        ).reshape(len(items), SIGNATURE_SIZE),
    )
    os.replace(tmp, path)


def load_sketches(path: Path) -> dict[str, Sketch]:
    """Read the sketches a file holds, by statement id; empty when there is no such file."""
    try:
        data = np.load(path)
    except (OSError, ValueError):
        return {}
    with data:
        ids, days = data["ids"], data["days"]
        present, signatures = data["present"], data["signatures"]
        if signatures.shape[1:] != (SIGNATURE_SIZE,):
            return {}
        return {
            str(i): Sketch(
                str(i),
                datetime.date.fromordinal(int(day)) if day else None,
                signatures[n].copy() if present[n] else None,
            )
            for n, (i, day) in enumerate(zip(ids, days))
        }
