"""Find the files to index, tell their format, and read what is known about them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError

SIDECAR_SUFFIX = ".meta.json"
FORMATS_BY_SUFFIX = {".txt": "text"}
# A folder named like a site ("akorda.kz", "mfa.gov.by") names the publisher of its files.
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class Hints:
    """What is known about a file from outside its content: its folder and sidecar."""

    source: str | None = None
    source_url: str | None = None
    lang: str | None = None
    date: str | None = None
    """An ISO date that overrides whatever the document says."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str


def file_format(path: Path) -> str | None:
    """Return the format name for a file, or None when it is not a statement file."""
    if path.name.endswith(SIDECAR_SUFFIX):
        return None
    return FORMATS_BY_SUFFIX.get(path.suffix.lower())


def find_files(paths: Iterable[Path]) -> Iterator[SourceFile]:
    """Yield the statement files among `paths`, walking folders recursively, in path order."""
    for path in paths:
        path = Path(path)
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            fmt = file_format(candidate)
            if fmt:
                yield SourceFile(candidate, fmt)


def read_hints(path: Path) -> Hints:
    """Return the hints for a file: the nearest site-named folder, then its sidecar."""
    source = next(
        (parent.name for parent in path.resolve().parents if _DOMAIN.match(parent.name)), None
    )
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return Hints(source=source)
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"unreadable sidecar {sidecar.name}: {exc}") from exc
    if not isinstance(meta, dict):
        raise ParseError(f"sidecar {sidecar.name} is not a JSON object")
    return Hints(
        source=meta.get("source") or source,
        source_url=meta.get("url") or meta.get("source_url"),
        lang=meta.get("lang"),
        date=meta.get("date"),
    )
