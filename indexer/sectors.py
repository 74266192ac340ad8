"""Tell which sectors of cooperation a text is about, from the taxonomy's phrases and words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from search.labels import sector_taxonomy

from .phrase_regex import pattern_pieces, phrases_regex, same_length_normal, word_matches

# What may stand between two sector names for them to read as one list.
_LIST_GAP = re.compile(r"\s*(?:,|;|&|and|,\s*and|as well as|,\s*as well as)\s*")
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


@dataclass(frozen=True)
class SectorRules:
    pattern: re.Pattern
    exact: dict[str, list[Entry]]
    wildcards: dict[str, list[Entry]]
    """Entries ending in `*` by their key, found by the longest prefix of matched text."""


def _key(text: str) -> str:
    return _KEY_JUNK.sub("", text).rstrip("*")


@cache
def sector_rules() -> SectorRules:
    """Compile the taxonomy's phrases and words into one pattern, once."""
    entries = []
    for sector in sector_taxonomy():
        for strong, field in ((True, "phrases"), (False, "words")):
            for phrase in sector[field]:
                key = _key(phrase)
                entries.append(
                    Entry(
                        sector=sector["id"],
                        strong=strong,
                        key=key.lower(),
                        cased=key if key != key.lower() and " " not in phrase else None,
                        wildcard=phrase.endswith("*"),
                    )
                )
    source = phrases_regex(
        pattern_pieces(p.lower())
        for sector in sector_taxonomy()
        for p in sector["phrases"] + sector["words"]
    )
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
        exact=exact,
        wildcards=wildcards,
    )


def _entries_for(rules: SectorRules, matched: str) -> list[Entry]:
    key = _key(matched)
    found = [e for e in rules.exact.get(key.lower(), ()) if e.cased is None or e.cased == key]
    if found:
        return found
    lower = key.lower()
    for length in range(len(lower), 0, -1):
        entries = rules.wildcards.get(lower[:length])
        if entries:
            return [e for e in entries if e.cased is None or key.startswith(e.cased)]
    return []


def find_sectors(text: str) -> dict[str, list[str]]:
    """Return the sectors the text is about -> the phrases that show it, in taxonomy order.

    A sector counts when one of its phrases occurs, when two different words of it occur,
    or when one of its words stands in a list naming at least three sectors.
    """
    rules = sector_rules()
    normal = same_length_normal(text)
    lower = normal.lower()
    if len(lower) != len(normal):  # a few letters grow when lower-cased (such as "\u0130")
        lower = "".join(char.lower()[0] for char in normal)
    hits: list[tuple[int, int, Entry]] = []
    for match in word_matches(rules.pattern, lower):
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
