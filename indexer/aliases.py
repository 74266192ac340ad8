"""Keep every id a statement was ever given, so that no permalink breaks.

A statement's key (indexer/ids.py) depends only on what identifies it, but a statement
known by its text alone gets a new key when a parser change alters its text. When a file
is read again, each statement it now gives takes over the ids of the statement it
replaces, which then answer with a redirect (search/permalinks.py): the one with the same
key, else the one with the same title, else, when the file gave one statement and still
does, that one. An id that is still a statement's own is looked up before any alias, so
an alias never hides a live statement.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .reading import Prepared, with_aliases


@dataclass(frozen=True)
class Earlier:
    """A statement as the index held it before its file was read again."""

    id: str
    title: str
    aliases: tuple[str, ...]


class EarlierIds:
    """The statements one file gave before, to match with those it gives now."""

    def __init__(self, earlier: list[Earlier]):
        self.by_id = {e.id: e for e in earlier}
        titles = Counter(e.title for e in earlier)
        self.by_title = {e.title: e for e in earlier if titles[e.title] == 1}
        self.only = earlier[0] if len(earlier) == 1 else None

    def aliases(
        self, statement_id: str, title: str, aliases: tuple[str, ...], only_one: bool
    ) -> tuple[str, ...]:
        """Return a new statement's aliases with the ids of the one it replaces added;
        `only_one`: the file now gives this statement alone."""
        found = (
            self.by_id.get(statement_id)
            or self.by_title.get(title)
            or (self.only if only_one else None)
        )
        if found is not None:
            aliases = (*aliases, found.id, *found.aliases)
        return tuple(dict.fromkeys(a for a in aliases if a != statement_id))


def issued_ids(manifest: Path) -> dict[str, list[str]]:
    """Return the ids each file gave in a generation's manifest (its path), whatever its version (a
    generation written by another version of the indexer is read again in full)."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        return {
            path: [str(row["id"]) for row in entry.get("statements", [])]
            for path, entry in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def with_earlier_ids(items: Iterable, earlier: list[Earlier]) -> Iterable:
    """Yield the items of one file, each statement with the ids of the one it replaces."""
    if not earlier:
        yield from items
        return
    matcher = EarlierIds(earlier)
    items = iter(items)
    # Whether the file gives one statement alone decides the last rule: read ahead to two.
    head = []
    for item in items:
        head.append(item)
        if sum(isinstance(i, Prepared) for i in head) == 2:
            only_one = False
            break
    else:
        only_one = True
    for item in itertools.chain(head, items):
        if isinstance(item, Prepared):
            s = item.statement
            item = with_aliases(item, matcher.aliases(s.id, s.title, s.aliases, only_one))
        yield item
