"""A search's chosen filters as removable chips, and the whole search said in words."""

from __future__ import annotations

from dataclasses import dataclass

from search.params import FILTER_FACETS

from .labels import FACET_NAMES, Labels
from .url_state import UrlState
from .wording import parse_day, range_label


@dataclass(frozen=True)
class Chip:
    label: str
    remove_url: str
    excluded: bool = False


def chips_and_words(state: UrlState, labels: Labels) -> tuple[list[Chip], list[str]]:
    """Return the active-filter chips and the same filters said in words."""
    chips, words = [], []
    # Included values first, then exclusions, as a sentence would say them.
    for prefix, chip_prefix, word_prefix in (("", "", ""), ("-", "Not ", "NOT ")):
        for name in FILTER_FACETS:
            facet = FACET_NAMES.get(name, name)
            chosen = state.values(prefix + name)
            for value in chosen:
                label = labels(name, value)
                remove = state.without(prefix + name, value).url()
                title = f"{chip_prefix}{facet.lower()}" if prefix else facet
                chips.append(Chip(f"{title}: {label}", remove, bool(prefix)))
            if chosen:
                said = " OR ".join(labels(name, v) for v in chosen)
                words.append(f"{word_prefix}{facet.lower()}: {said}")
    first, last = parse_day(state.get("from")), parse_day(state.get("to"))
    if first or last:
        said = range_label(first, last)
        chips.append(
            Chip(said[0].upper() + said[1:], state.setting(**{"from": None, "to": None}).url())
        )
        words.append(said)
    if state.get("date") == "unknown":
        chips.append(Chip("Date unknown", state.without("date").url()))
        words.append("date unknown")
    return chips, words


def interpreted_query(q: str, words: list[str]) -> str:
    """Say the whole search in words: '"energy" AND country: China OR Russia, NOT sector: mining'."""
    filters = ", ".join(words)
    if q.strip() and filters:
        return f"{q.strip()} AND {filters}"
    return q.strip() or filters or "every statement"
