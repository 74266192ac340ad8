"""Tell which sectors of cooperation a text is about, from the taxonomy's phrases and words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from search.labels import sector_taxonomy

from .phrase_regex import pattern_pieces, phrases_regex, same_length_normal

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
    """The same as written, when the entry has capitals and must match them (NATO, AI)."""
    wildcard: bool


@dataclass(frozen=True)
class SectorRules:
    pattern: re.Pattern
    exact: dict[str, list[Entry]]
    wildcards: list[Entry]
    """Entries ending in `*`, longest first, found by prefix."""


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
                        cased=key if key != key.lower() else None,
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
    wildcards = sorted((e for e in entries if e.wildcard), key=lambda e: -len(e.key))
    return SectorRules(
        pattern=re.compile(r"(?<!\w)(?:" + source + r")(?!\w)", re.IGNORECASE),
        exact=exact,
        wildcards=wildcards,
    )


def _entries_for(rules: SectorRules, matched: str) -> list[Entry]:
    key = _key(matched)
    found = [e for e in rules.exact.get(key.lower(), ()) if e.cased is None or e.cased == key]
    if found:
        return found
    for entry in rules.wildcards:
        if key.lower().startswith(entry.key):
            if entry.cased is None or key.startswith(entry.cased):
                return [e for e in rules.wildcards if e.key == entry.key]
            return []
    return []


def find_sectors(text: str) -> dict[str, list[str]]:
    """Return the sectors the text is about -> the phrases that show it, in taxonomy order.

    A sector counts when one of its phrases occurs, when two different words of it occur,
    or when one of its words stands in a list naming at least three sectors.
    """
    rules = sector_rules()
    normal = same_length_normal(text)
    hits: list[tuple[int, int, Entry]] = []
    for match in rules.pattern.finditer(normal):
        for entry in _entries_for(rules, match.group(0)):
            hits.append((match.start(), match.end(), entry))
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
