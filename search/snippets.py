"""Snippets: escaped text with `<mark>` around the matches, and nothing else.

The text is split into words with the index's own word pattern, so a word here is a word
there. A quoted phrase is marked as one span where its words stand together in order,
and only there: for "national currencies", "national" alone is not marked.
"""

from __future__ import annotations

import heapq
import html
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from .languages import CJK_CHARS, is_cjk
from .query import Marks
from .schema import word_spans

SNIPPET_CHARS = 240
"""About how long one passage is."""
CONTEXT_BEFORE = 70
"""About how much text a passage shows before its first match."""
MAX_PASSAGES = 2
SCAN_CHARS = 20_000
FIND_WORDS_MAX = 8
"""Up to this many first words are looked for one by one, more by one pattern."""
"""Past this many characters, stop looking for better passages once one is found."""


@dataclass(frozen=True)
class Span:
    """A marked stretch of one text, in characters; `key` names the word or phrase it matches."""

    start: int
    end: int
    key: str


def _phrase_at(words: list[tuple[int, int, str]], i: int, phrase: tuple[str, ...], slop: int):
    """Return the word indexes of the phrase starting at word i, or None."""
    if words[i][2] != phrase[0]:
        return None
    found = [i]
    for wanted in phrase[1:]:
        last = found[-1]
        for j in range(last + 1, min(len(words), last + slop + 1)):
            if words[j][2] == wanted:
                found.append(j)
                break
        else:
            return None
    return found


@lru_cache(maxsize=256)
def _probe(marks: Marks) -> re.Pattern:
    """Return a pattern that finds, as whole words, every word a match starts with.

    Scanning for it runs at the speed of the regular expression engine; only around
    what it finds is the text split into words (to follow a phrase).
    """
    starts = sorted(_first_words(marks), key=len, reverse=True)
    branches = []
    words = [re.escape(w) for w in starts if not is_cjk(w)]
    if words:
        # A word of the index runs on over "." between word characters ("u.s"), so a
        # match must neither follow nor precede word characters, with or without a dot.
        branches.append(rf"(?<![\w*])(?<![\w*]\.)(?:{'|'.join(words)})(?![\w*])(?!\.[\w*])")
    # Any two Han or kana characters side by side are a word of the index, and pairs
    # overlap (a lookahead finds each); a single one is a word only standing alone.
    pairs = [
        re.escape(w) if len(w) > 1 else rf"(?<!{CJK_CHARS}){re.escape(w)}(?!{CJK_CHARS})"
        for w in starts
        if is_cjk(w)
    ]
    if pairs:
        branches.append(rf"(?=(?P<cjk>{'|'.join(pairs)}))")
    return re.compile("|".join(branches), re.IGNORECASE)


def _first_words(marks: Marks) -> set[str]:
    """Return every word a match starts with."""
    return set(marks.words) | {phrase[0] for phrase, _ in marks.phrases}


@lru_cache(maxsize=256)
def _loose_probe(marks: Marks) -> re.Pattern:
    """Return a pattern that finds every word a match starts with, whole or not."""
    alternatives = "|".join(
        re.escape(w) for w in sorted(_first_words(marks), key=len, reverse=True)
    )
    return re.compile(alternatives, re.IGNORECASE)


# Besides the letters that lower-case to them, the case-blind pattern matches ASCII "i"
# with "ı" and "İ" and "s" with "ſ" (checked over every character); "İ" lower-cases to
# two characters, which the length check catches.
_CASE_BLIND_ONLY = ("\u0131", "\u017f")


def _lowered_like_probe(text: str, lowered: str, words: Iterable[str]) -> bool:
    """Return whether finding the lower-cased words in `lowered` finds exactly where the
    case-blind pattern matches them in `text` (words of ASCII, places unshifted)."""
    return (
        len(lowered) == len(text)
        and all(w.isascii() for w in words)
        and not any(c in text for c in _CASE_BLIND_ONLY)
    )


def _candidates(text: str, marks: Marks) -> Callable[[int], int]:
    """Return a function giving the next place, from a position on, where a match may start.

    It finds a superset of _probe's matches, several times faster over a long text: a
    search for each first word in the lower-cased text (the index's words are the text's
    words lower-cased), each word searched again only once the position passes its last
    place found. With many first words (a wildcard's) the loose pattern instead, unless
    lower-casing finds the same places; also when lower-casing changes the text's length
    (so that places would shift).
    """
    lowered = text.lower()
    words = _first_words(marks)
    if len(words) > FIND_WORDS_MAX or len(lowered) != len(text):
        if not _lowered_like_probe(text, lowered, words):
            probe = _loose_probe(marks)
            return lambda position: m.start() if (m := probe.search(text, position)) else -1
        words = {w.lower() for w in words}
    return _NextPlace(lowered, words).at


class _NextPlace:
    """The first place at or after a position where any of the words occurs in a text.

    Positions asked for never decrease, so each word's next place is searched for again
    only when the position passes it: a text is read about once per word.
    """

    def __init__(self, text: str, words: Iterable[str]):
        self.text = text
        self.places = [(-1, word) for word in words]
        """(place found for the word, -1 before the first search, len(text) past the last;
        the word), kept as a heap."""

    def at(self, position: int) -> int:
        places, text = self.places, self.text
        while places and places[0][0] < position:
            _, word = places[0]
            found = text.find(word, position)
            if found == -1:
                heapq.heappop(places)
            else:
                heapq.heapreplace(places, (found, word))
        return places[0][0] if places else -1


def _starts(text: str, words: set[str]) -> list[int] | None:
    """Return every place where one of the words starts in the text, in any case,
    ascending; None when lower-casing would not find what the case-blind pattern does."""
    lowered = text.lower()
    if not _lowered_like_probe(text, lowered, words):
        return None
    starts = set()
    for word in words:
        word = word.lower()
        found = lowered.find(word)
        while found != -1:
            starts.add(found)
            found = lowered.find(word, found + 1)
    return sorted(starts)


def _probe_matches(text: str, marks: Marks) -> Iterator[re.Match]:
    """Yield _probe's matches in the text, as finditer does.

    Every match starts where a first word occurs in any case: trying the pattern only at
    those places, each at or after the end of the last match (as finditer goes on), finds
    the same matches without scanning the text with it.
    """
    probe = _probe(marks)
    starts = _starts(text, _first_words(marks))
    if starts is None:
        yield from probe.finditer(text)
        return
    end = 0
    for start in starts:
        if start >= end and (match := probe.match(text, start)):
            end = match.end()
            yield match


def _phrase_from(text: str, start: int, phrase: tuple[str, ...], slop: int) -> list[Span] | None:
    """Return the spans of the phrase's words if it starts at `start`, else None."""
    reach = (len(phrase) - 1) * slop + 1
    words = []
    for word in word_spans(text, start):
        words.append(word)
        if len(words) >= reach:
            break
    found = _phrase_at(words, 0, phrase, slop)
    if found is None:
        return None
    key = " ".join(phrase)
    if slop <= 1:
        return [Span(words[found[0]][0], words[found[-1]][1], key)]
    # Words of a proximity match are marked one by one: the words between them are not
    # part of the match.
    return [Span(words[j][0], words[j][1], key) for j in found]


def find_spans(text: str, marks: Marks) -> list[Span]:
    """Return the non-overlapping spans to mark in `text`, in order."""
    if not marks:
        return []
    spans: list[Span] = []
    for match in _probe_matches(text, marks):
        word = (match.groupdict().get("cjk") or match.group(0)).lower()
        if word in marks.words:
            spans.append(Span(match.start(), match.start() + len(word), word))
        for phrase, slop in marks.phrases:
            if phrase[0] == word:
                spans.extend(_phrase_from(text, match.start(), phrase, slop) or ())
    spans.sort(key=lambda s: (s.start, -s.end))
    merged: list[Span] = []
    for span in spans:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.key)
            continue
        merged.append(span)
    return merged


def mark_text(text: str, spans: list[Span], start: int = 0, end: int | None = None) -> str:
    """Return text[start:end] escaped, with each span inside it wrapped in `<mark>`."""
    end = len(text) if end is None else end
    pieces = []
    position = start
    for span in spans:
        if span.end <= start or span.start >= end:
            continue
        pieces.append(html.escape(text[position : span.start], quote=False))
        pieces.append("<mark>" + html.escape(text[span.start : span.end], quote=False) + "</mark>")
        position = span.end
    pieces.append(html.escape(text[position:end], quote=False))
    return "".join(pieces)


@dataclass(frozen=True)
class Passage:
    paragraph: int
    start: int
    end: int
    spans: tuple[Span, ...]

    @property
    def score(self) -> tuple[int, int]:
        return (len({s.key for s in self.spans}), len(self.spans))


def _passages(text: str, spans: list[Span], paragraph: int) -> Iterator[Passage]:
    """Yield, for each span, the passage that starts just before it."""
    for i, first in enumerate(spans):
        start = _snap_start(text, max(0, first.start - CONTEXT_BEFORE))
        limit = start + SNIPPET_CHARS
        inside = [s for s in spans[i:] if s.end <= limit] or [first]
        end = max(_snap_end(text, limit), inside[-1].end)
        yield Passage(paragraph, start, end, tuple(inside))


def _snap_start(text: str, start: int) -> int:
    """Move a cut forward to the start of a word, so that no word is shown in part."""
    if start == 0:
        return 0
    space = text.find(" ", start)
    return space + 1 if space != -1 and space < start + 30 else start


def _snap_end(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", end - 30, end)
    return space if space != -1 else end


def best_snippet(paragraphs: list[str], marks: Marks, max_passages: int = MAX_PASSAGES) -> str:
    """Return the best passages around the matches, joined by an ellipsis; "" when none match."""
    if not marks:
        return ""
    wanted = len(marks.words) + len(marks.phrases)
    candidates: list[Passage] = []
    # Paragraphs are read in order, but only those where a match may start: the others
    # have no span. `scanned` counts the characters of every paragraph read or skipped,
    # as if each had been read.
    ends = list(accumulate(len(text) + 2 for text in paragraphs))
    next_candidate = _candidates("\n\n".join(paragraphs), marks)
    position = 0
    while (found := next_candidate(position)) != -1:
        number = bisect_right(ends, found)
        scanned_before = ends[number - 1] - 2 * number if number else 0
        if scanned_before > SCAN_CHARS and len(candidates) >= max_passages:
            break
        text = paragraphs[number]
        spans = find_spans(text, marks)
        if spans:
            best_here = max(_passages(text, spans, number), key=lambda p: p.score)
            candidates.append(best_here)
            if best_here.score[0] >= wanted and len(candidates) >= max_passages:
                break
        if scanned_before + len(text) > SCAN_CHARS and len(candidates) >= max_passages:
            break
        position = ends[number]
    if not candidates:
        return ""
    chosen = sorted(candidates, key=lambda p: p.score, reverse=True)[:max_passages]
    chosen.sort(key=lambda p: (p.paragraph, p.start))
    fragments = []
    for passage in chosen:
        text = paragraphs[passage.paragraph]
        fragment = mark_text(text, list(passage.spans), passage.start, passage.end)
        if passage.start > 0:
            fragment = "… " + fragment
        if passage.end < len(text):
            fragment = fragment + " …"
        fragments.append(fragment)
    return " ".join(fragments).replace("… …", "…")


def mark_paragraphs(paragraphs: list[str], marks: Marks) -> list[str]:
    """Return every paragraph escaped, with all its matches marked."""
    return [mark_text(text, find_spans(text, marks)) for text in paragraphs]


def leading_text(text: str, max_chars: int = SNIPPET_CHARS) -> str:
    """Return the escaped start of a text, for hits with no match to show."""
    cut = text[:max_chars]
    if len(text) > max_chars:
        cut = cut.rsplit(" ", 1)[0] + " …"
    return html.escape(cut, quote=False)
