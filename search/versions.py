"""Groups of versions of one statement, as the indexer found them: near-duplicates
(indexer/near_duplicates.py) and language versions (indexer/language_versions.py).

The indexer writes each generation's groups to GROUPS_FILE beside the index files:
statement id -> group id (the id of the group's representative), for grouped statements
only, and group id -> the languages of its members. Searching with grouping on keeps one
statement per group in the results: the representative when it is among them, else the
first other member found.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .facets import docnums_of, mask_of

GROUPS_FILE = "groups.json"
GROUPS_VERSION = 1


def _read(generation: Path) -> dict:
    try:
        data = json.loads((Path(generation) / GROUPS_FILE).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    return data if data.get("version") == GROUPS_VERSION else {}


def read_groups(generation: Path) -> dict[str, str]:
    """Return statement id -> group id from a generation; empty when it has no groups file."""
    return dict(_read(generation).get("groups", {}))


def read_group_languages(generation: Path) -> dict[str, list[str]]:
    """Return group id -> the languages of its members, from a generation's groups file."""
    return dict(_read(generation).get("languages", {}))


def read_group_docnums(generation: Path, stamp: list) -> dict[str, int] | None:
    """Return each grouped statement's document number, as stored with the groups when
    they were written for the index state `stamp` (search/tables.index_stamp); None when
    they were not, or for another state (a groups file kept from an earlier generation)."""
    data = _read(generation)
    return data.get("docnums") if data.get("stamp") == stamp else None


def write_groups(
    generation: Path,
    groups: dict[str, str],
    languages: dict[str, list[str]] | None = None,
    docnums: dict[str, int] | None = None,
    stamp: list | None = None,
) -> None:
    """Write the groups file of a generation, replacing (never editing) any linked copy.

    `docnums` (statement id -> document number in the index state `stamp`) spare a
    server opening the generation one index lookup per grouped statement.
    """
    path = Path(generation) / GROUPS_FILE
    tmp = path.with_name(GROUPS_FILE + ".tmp")
    data = {"version": GROUPS_VERSION, "groups": groups, "languages": languages or {}}
    if docnums is not None:
        data |= {"docnums": docnums, "stamp": stamp}
    tmp.write_text(json.dumps(data, sort_keys=True), "utf-8")
    os.replace(tmp, path)


def languages_with(found, own: str) -> tuple[str, ...]:
    """Return the languages a statement exists in, from its group's recorded languages
    (`found`, empty when none were recorded) and its own."""
    found = tuple(found)
    return found if own in found else tuple(sorted({own, *found}))


class Versions:
    """Per-generation tables of the groups: each member's group, and the members of each."""

    def __init__(
        self,
        groups: dict[str, str] | None = None,
        docnum_of=None,
        size: int = 0,
        languages: dict[str, list[str]] | None = None,
    ):
        self.group_of: dict[int, int] = {}
        self.representative: dict[int, int] = {}
        self.sizes: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        self.languages: list[tuple[str, ...]] = []
        """Group number -> the languages of its members (empty when not recorded)."""
        others = []
        names: dict[str, int] = {}
        for statement_id, group_id in (groups or {}).items():
            docnum = docnum_of(statement_id)
            if docnum is None:
                continue
            number = names.setdefault(group_id, len(names))
            if number == len(self.languages):
                self.languages.append(tuple((languages or {}).get(group_id, ())))
            self.group_of[docnum] = number
            self.sizes[number] = self.sizes.get(number, 0) + 1
            self.members.setdefault(number, []).append(docnum)
            if statement_id == group_id:
                self.representative[number] = docnum
            else:
                others.append(docnum)
        self.documents = size
        self.others = mask_of(others, size)
        """Every grouped statement that is not its group's representative."""
        self.representatives = mask_of(self.representative.values(), size)
        """Every group's representative."""

    def size(self, docnum: int) -> int:
        """Return how many versions the statement's group has (1 when it has none)."""
        group = self.group_of.get(docnum)
        return 1 if group is None else self.sizes[group]

    def languages_of(self, docnum: int, own: str) -> tuple[str, ...]:
        """Return the languages the statement exists in: its own and its versions'."""
        group = self.group_of.get(docnum)
        return languages_with(self.languages[group] if group is not None else (), own)

    def others_of(self, docnum: int) -> list[int]:
        """Return the other statements of the statement's group, in index order."""
        group = self.group_of.get(docnum)
        if group is None:
            return []
        return sorted(d for d in self.members[group] if d != docnum)

    def collapse(self, results: int) -> int:
        """Return the results with one statement per group."""
        extra = results & self.others
        if not extra:
            return results
        # The representatives among the results, as a set operation: testing each group's
        # bit one by one shifts the whole set each time (0.3 s a call at a million).
        kept = {self.group_of[d] for d in docnums_of(results & self.representatives)}
        dropped = []
        for docnum in docnums_of(extra):
            group = self.group_of[docnum]
            if group in kept:
                dropped.append(docnum)
            else:
                kept.add(group)
        # One set operation for all of them, not one (of the whole set) per statement.
        return results & ~mask_of(dropped, self.documents) if dropped else results
