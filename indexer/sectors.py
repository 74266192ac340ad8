"""Tell which sectors of cooperation a text is about, from the taxonomy's phrases and words.

Each sector has English phrases and words and, under `languages`, those of other
languages, all read by the same rules. A statement is read with the English entries and
those of its own language: another language's stems would count inflections of one
English word as two different words ("sport" and "sports"). Russian and Ukrainian words are written as stems
with `*` on any word of a phrase ("сельск* хозяйств*" for every case of "сельское
хозяйство"); Chinese phrases, written without spaces between words, match anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from search.labels import sector_taxonomy

from .phrase_regex import pattern_pieces, phrases_regex, same_length_normal, word_matches
from .text_dates import unaccented

# What may stand between two sector names for them to read as one list, in the languages
# of the taxonomy (with the Arabic article written onto the next name: "والنقل").
_LIST_GAP = re.compile(
    r"\s*(?:[,;&、，،]|(?:,\s*)?(?:and|as well as|и|а также|і|та|й|також|және|et|ainsi que|y|así como"
    r"|und|sowie|和|及|与|以及|و))\s*(?:ال)?"
)
_LATIN = re.compile(r"[\x00-\u024f]*")
# Chinese and Japanese are written without spaces: their phrases match anywhere.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
# Arabic writes a conjunction, a preposition and the article onto the word ("والطاقة",
# "and the energy"): its phrases may start right after them.
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_PROCLITICS = re.compile(r"[وف]?(?:[بك]?ال|لل|[بلك])?")
_KEY_JUNK = re.compile(r"[\s-]+")
# Sectors named in one list, at least this many different ones, each count as named.
_LIST_LENGTH = 3


@dataclass(frozen=True)
class Entry:
    """One phrase or word of the taxonomy."""

    sector: str
    strong: bool
    """A phrase: one occurrence is enough. A word needs a second, different word."""
    key: str
    """The entry without spaces, hyphens or `*`, lower-cased: what matched text is compared to."""
    cased: str | None
    """The word as written, when it is a single word with capitals (NATO, AI): it then
    matches only in those capitals. Phrases match in any case."""
    wildcard: bool
    stems: re.Pattern | None = None
    """For a phrase with `*` on a word before the last ("сельск* хозяйств*"): the whole
    phrase, which matched text must fit."""


@dataclass(frozen=True)
class SectorRules:
    pattern: re.Pattern
    unspaced: re.Pattern | None
    """The Chinese (and other unspaced) phrases, found without word boundaries."""
    attached: re.Pattern | None
    """The Arabic phrases, found at a word's start or after its proclitics."""
    exact: dict[str, list[Entry]]
    wildcards: dict[str, list[Entry]]
    """Entries ending in `*` by their key, found by the longest prefix of matched text."""


def _key(text: str) -> str:
    return _KEY_JUNK.sub("", text).split("*")[0]


def _sector_phrases(sector: dict, lang: str) -> Iterator[tuple[bool, str]]:
    """Yield (is a phrase, text) for every phrase and word of a sector in English and in
    `lang`, and the unaccented spelling of those in Latin letters ("sector energetico")."""
    for forms in [sector, sector.get("languages", {}).get(lang, {})]:
        for strong, field in ((True, "phrases"), (False, "words")):
            for phrase in forms.get(field, ()):
                yield strong, phrase
                plain = unaccented(phrase)
                if plain != phrase and _LATIN.fullmatch(phrase):
                    yield strong, plain


def _compiled(phrases: list[str]) -> re.Pattern | None:
    return (
        re.compile(phrases_regex(pattern_pieces(p.lower()) for p in phrases)) if phrases else None
    )


@cache
def sector_rules(lang: str = "en") -> SectorRules:
    """Compile the taxonomy's phrases and words in English and `lang` into one pattern,
    once per language."""
    entries = []
    spaced, unspaced, attached = [], [], []
    for sector in sector_taxonomy():
        for strong, phrase in _sector_phrases(sector, lang):
            key = _key(phrase)
            inner_stem = "*" in phrase.rstrip("*")
            entries.append(
                Entry(
                    sector=sector["id"],
                    strong=strong,
                    key=key.lower(),
                    cased=key if key != key.lower() and " " not in phrase else None,
                    wildcard="*" in phrase,
                    stems=re.compile(phrases_regex([pattern_pieces(phrase.lower())]))
                    if inner_stem
                    else None,
                )
            )
            if _UNSPACED.search(phrase):
                unspaced.append(phrase)
            else:
                (attached if _ARABIC.search(phrase) else spaced).append(phrase)
    source = phrases_regex(pattern_pieces(p.lower()) for p in spaced)
    exact: dict[str, list[Entry]] = {}
    for entry in entries:
        if not entry.wildcard:
            exact.setdefault(entry.key, []).append(entry)
    wildcards: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.wildcard:
            wildcards.setdefault(entry.key, []).append(entry)
    return SectorRules(
        # Run over lower-cased text: much faster than ignoring case in the pattern.
        pattern=re.compile(r"(?:" + source + r")(?!\w)"),
        unspaced=_compiled(unspaced),
        attached=_compiled(attached),
        exact=exact,
        wildcards=wildcards,
    )


def _entries_for(rules: SectorRules, matched: str) -> list[Entry]:
    key = _key(matched)
    found = [e for e in rules.exact.get(key.lower(), ()) if e.cased is None or e.cased == key]
    if found:
        return found
    lower = key.lower()
    phrase = " ".join(matched.lower().split())
    for length in range(len(lower), 0, -1):
        entries = [
            e
            for e in rules.wildcards.get(lower[:length], ())
            if (e.cased is None or key.startswith(e.cased))
            and (e.stems is None or e.stems.fullmatch(phrase))
        ]
        if entries:
            return entries
    return []


def _after_proclitics(text: str, match: re.Match) -> bool:
    """Tell whether a match starts a word, or follows only proclitics within it."""
    start = end = match.start()
    while start and text[start - 1].isalpha():
        start -= 1
    return _PROCLITICS.fullmatch(text, start, end) is not None


def find_sectors(text: str, lang: str = "en") -> dict[str, list[str]]:
    """Return the sectors the text is about -> the phrases that show it, in taxonomy order.

    A sector counts when one of its phrases occurs, when two different words of it occur,
    or when one of its words stands in a list naming at least three sectors. `lang`: the
    text's language, whose entries are read beside the English ones.
    """
    rules = sector_rules(lang)
    normal = same_length_normal(text)
    lower = normal.lower()
    if len(lower) != len(normal):  # a few letters grow when lower-cased (such as "\u0130")
        lower = "".join(char.lower()[0] for char in normal)
    hits: list[tuple[int, int, Entry]] = []
    matches = list(word_matches(rules.pattern, lower))
    if rules.unspaced is not None and _UNSPACED.search(lower):
        matches.extend(rules.unspaced.finditer(lower))
    if rules.attached is not None and _ARABIC.search(lower):
        matches.extend(m for m in rules.attached.finditer(lower) if _after_proclitics(lower, m))
    matches.sort(key=lambda m: m.start())
    for match in matches:
        start, end = match.span()
        for entry in _entries_for(rules, normal[start:end]):
            hits.append((start, end, entry))
    listed: set[int] = set()
    run = [0] if hits else []
    for index in range(1, len(hits) + 1):
        joined = index < len(hits) and (
            hits[index][0] == hits[run[-1]][0]
            or _LIST_GAP.fullmatch(normal[hits[run[-1]][1] : hits[index][0]])
        )
        if joined:
            run.append(index)
            continue
        if len({hits[i][2].sector for i in run}) >= _LIST_LENGTH:
            listed.update(run)
        run = [index]
    evidence: dict[str, list[str]] = {}
    strong: set[str] = set()
    words: dict[str, set[str]] = {}
    for index, (start, end, entry) in enumerate(hits):
        evidence.setdefault(entry.sector, []).append(" ".join(text[start:end].split()))
        if entry.strong or index in listed:
            strong.add(entry.sector)
        else:
            words.setdefault(entry.sector, set()).add(entry.key)
    chosen = strong | {sector for sector, keys in words.items() if len(keys) >= 2}
    return {
        sector["id"]: list(dict.fromkeys(evidence[sector["id"]]))
        for sector in sector_taxonomy()
        if sector["id"] in chosen
    }
