"""A page's URL parameters, and every link derived from them.

Templates only loop and print: every link a page needs (toggle a facet value, exclude
it, remove a chip, narrow to a histogram bar, change the sort or the page) is derived
here from one UrlState, built from the same parameters the JSON, CSV and Atom twins read.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from search.params import FILTER_FACETS

# Only these parameters are carried from one link to the next.
STATE_KEYS = frozenset(
    {"q", "sort", "per_page", "page", "from", "to", "date"}
    | set(FILTER_FACETS)
    | {"-" + f for f in FILTER_FACETS}
    # The research views' own choices (KWIC context and order, trends interval and measure)
    # and the near-duplicate switch.
    | {"context", "order", "interval", "measure", "group"}
)


Params = tuple[tuple[str, str], ...]


class UrlState:
    """A search's URL parameters as ordered pairs, from which every other link is derived."""

    def __init__(self, pairs: Iterable[tuple[str, str]], path: str = "/search"):
        # A repeated pair (country=CN twice) means nothing more than one: keep the first.
        kept = dict.fromkeys((k, v) for k, v in pairs if k in STATE_KEYS and v != "")
        self.pairs: Params = tuple(kept)
        self.path = path

    @classmethod
    def from_args(cls, args, path: str = "/search") -> UrlState:
        return cls(args.items(multi=True), path)

    def values(self, key: str) -> list[str]:
        return [v for k, v in self.pairs if k == key]

    def get(self, key: str) -> str | None:
        found = self.values(key)
        return found[0] if found else None

    def has(self, key: str, value: str) -> bool:
        return (key, value) in self.pairs

    def _derive(self, pairs: Iterable[tuple[str, str]]) -> UrlState:
        return UrlState(pairs, self.path)

    def without(self, key: str, value: str | None = None) -> UrlState:
        """Drop `key` (only its `value`, when given) and the page number."""
        return self._derive(
            (k, v)
            for k, v in self.pairs
            if k != "page" and not (k == key and (value is None or v == value))
        )

    def adding(self, key: str, value: str) -> UrlState:
        """Add one value of a repeatable key; back to page one."""
        return self._derive([*self.without("page").pairs, (key, value)])

    def setting(self, **values: str | None) -> UrlState:
        """Replace single-valued keys (None removes them); back to page one."""
        state = self.without("page")
        for key in values:
            state = state.without(key)
        extra = [(k, v) for k, v in values.items() if v is not None]
        return self._derive([*state.pairs, *extra])

    def at_page(self, page: int) -> UrlState:
        pairs = [(k, v) for k, v in self.pairs if k != "page"]
        return self._derive(pairs + ([("page", str(page))] if page > 1 else []))

    def url(self, path: str | None = None) -> str:
        path = path or self.path
        return path + ("?" + urlencode(self.pairs) if self.pairs else "")


@dataclass(frozen=True)
class LinkChoice:
    label: str
    url: str
    current: bool


def page_links(
    state: UrlState, current: int, count: int, around: int = 2
) -> list[LinkChoice | None]:
    """Return links to the first, last and nearby pages, with None where pages are skipped."""
    wanted = {1, count} | set(range(max(1, current - around), min(count, current + around) + 1))
    links: list[LinkChoice | None] = []
    previous = 0
    for number in sorted(wanted):
        if number > previous + 1:
            links.append(None)
        links.append(LinkChoice(str(number), state.at_page(number).url(), number == current))
        previous = number
    return links


def date_state(state: UrlState, first: datetime.date, last: datetime.date) -> UrlState:
    return state.setting(**{"from": first.isoformat(), "to": last.isoformat(), "date": None})


def research_choices(
    state: UrlState, key: str, choices: Iterable[tuple[str, str]], current: str, default: str
) -> list[LinkChoice]:
    """Links that set one of a research view's options, the default leaving the URL bare."""
    return [
        LinkChoice(
            label,
            state.setting(**{key: None if value == default else value}).url(),
            value == current,
        )
        for value, label in choices
    ]


def search_state_of(state: UrlState) -> UrlState:
    """Return the /search state with the same words and filters as a research view."""
    plain = UrlState(state.without("page").pairs, "/search")
    for key in ("context", "order", "interval", "measure"):
        plain = plain.without(key)
    return plain


def search_url_of(state: UrlState) -> str:
    return search_state_of(state).url()
