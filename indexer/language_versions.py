"""Language versions: the statements that are one statement told in several languages.

Two statements are versions of one when
- a record or sidecar gives both the same `version_key` (within one publisher: keys are a
  dataset's own names, and two datasets may reuse one), or
- a saved page names the other's URL as an alternate (`<link rel="alternate"
  hreflang=...>`), in either direction.

Versions are joined to the groups of near-duplicates (indexer/near_duplicates.py), so a
search counts the statement once and `group=0` lists each version; each group also
records the languages of its members, which a hit shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .ids import normalize_url

Row = Mapping[str, object]
"""What the manifest keeps of a statement: id, url, lang, version and alternates."""


def version_fields(version_key: str | None, source: str | None, alternates) -> dict:
    """Return the manifest keys that link a statement to its versions (none when it has none)."""
    fields: dict[str, object] = {}
    if version_key:
        fields["version"] = f"{source or ''}|{version_key}"
    if alternates:
        fields["alternates"] = sorted({normalize_url(url) for url in alternates})
    return fields


def version_links(rows: Iterable[Row]) -> list[tuple[str, str]]:
    """Return pairs of statement ids that are versions of one statement."""
    links: list[tuple[str, str]] = []
    first_of_version: dict[str, str] = {}
    by_url: dict[str, list[str]] = {}
    pointing: list[tuple[str, list[str]]] = []
    for row in rows:
        statement_id = str(row["id"])
        version = row.get("version")
        if version:
            first = first_of_version.setdefault(str(version), statement_id)
            if first != statement_id:
                links.append((first, statement_id))
        if row.get("url"):
            by_url.setdefault(normalize_url(str(row["url"])), []).append(statement_id)
        if row.get("alternates"):
            pointing.append((statement_id, list(row["alternates"])))
    for statement_id, urls in pointing:
        for url in urls:
            links.extend((statement_id, other) for other in by_url.get(url, ()))
    return [(a, b) for a, b in links if a != b]


def join_versions(
    ids: list[str], groups: dict[str, str], links: list[tuple[str, str]]
) -> dict[str, str]:
    """Return statement id -> group id for the near-duplicate `groups` joined by `links`.

    A group made of several keeps as its id the representative of its first near-duplicate
    group in `ids` order, else its first member; a group untouched by links is unchanged.
    """
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    if not links:
        return dict(groups)
    involved = set(groups) | set(groups.values())
    for member, group_id in groups.items():
        union(group_id, member)
    for a, b in links:
        union(a, b)
        involved.update((a, b))
    position = {statement_id: i for i, statement_id in enumerate(ids)}
    members: dict[str, list[str]] = {}
    for statement_id in sorted(involved, key=lambda i: position.get(i, len(position))):
        members.setdefault(root(statement_id), []).append(statement_id)
    joined: dict[str, str] = {}
    for group in members.values():
        if len(group) < 2:
            continue
        representatives = [m for m in group if groups.get(m) == m]
        representative = representatives[0] if representatives else group[0]
        joined.update({m: representative for m in group})
    return joined


def group_languages(groups: dict[str, str], lang_of: Mapping[str, str]) -> dict[str, list[str]]:
    """Return group id -> the languages of its members, in alphabetical order."""
    found: dict[str, set[str]] = {}
    for member, group_id in groups.items():
        found.setdefault(group_id, set()).add(lang_of.get(member) or "en")
    return {group_id: sorted(langs) for group_id, langs in found.items()}
