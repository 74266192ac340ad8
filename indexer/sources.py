"""Find the files to index, tell their format, and read what is known about them."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ParseError

SIDECAR_SUFFIX = ".meta.json"
# Longest suffix first, so that "x.jsonl.gz" is JSON Lines and not an unknown ".gz".
FORMATS_BY_SUFFIX = {
    ".jsonl.gz": "jsonl",
    ".jsonl": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".csv": "csv",
    ".tsv": "tsv",
}
# A folder named like a site ("akorda.kz", "mfa.gov.by") names the publisher of its files.
DOMAIN_NAME = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")


@dataclass(frozen=True)
class Hints:
    """What is known about a file from outside its content: its folder and sidecar."""

    source: str | None = None
    source_url: str | None = None
    lang: str | None = None
    date: datetime.date | None = None
    """The date that overrides whatever the document says."""
    version_key: str | None = None
    """Names the statement's versions in other languages (indexer/language_versions.py)."""


@dataclass(frozen=True)
class SourceFile:
    path: Path
    format: str


def file_format(path: Path) -> str | None:
    """Return the format name for a file, or None when it is not a statement file."""
    name = path.name.lower()
    # Sidecars, hidden files and a folder's README (which describes the folder) are not statements.
    if name.endswith(SIDECAR_SUFFIX) or name.startswith((".", "readme.")):
        return None
    for suffix, fmt in FORMATS_BY_SUFFIX.items():
        if name.endswith(suffix):
            return fmt
    return None


def sniff_format(path: Path, head: bytes, by_suffix: str) -> str:
    """Correct the format told by the suffix when the content plainly says otherwise."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if by_suffix in ("text", "markdown") and start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if by_suffix in ("text", "markdown") and start.startswith(b"%pdf-"):
        return "pdf"
    if by_suffix == "text" and start.startswith(b"---") and b"\ntitle:" in head.lower():
        return "markdown"
    return by_suffix


def find_files(paths: Iterable[Path]) -> Iterator[SourceFile]:
    """Yield the statement files among `paths`, walking folders recursively, in path order."""
    for path in paths:
        path = Path(path)
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for candidate in candidates:
            fmt = file_format(candidate)
            if fmt:
                yield SourceFile(candidate, fmt)


def site_of(path: Path) -> str | None:
    """Return the nearest enclosing folder named like a site, such as akorda.kz."""
    return next(
        (parent.name for parent in path.resolve().parents if DOMAIN_NAME.match(parent.name)), None
    )


def read_hints(path: Path) -> Hints:
    """Return the hints for a file: the nearest site-named folder, then its sidecar."""
    source = site_of(path)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.exists():
        return Hints(source=source)
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError("unreadable sidecar", f"{sidecar.name}: {exc}") from exc
    if not isinstance(meta, dict):
        raise ParseError("unreadable sidecar", f"{sidecar.name} is not a JSON object")
    date = meta.get("date")
    if date is not None:
        try:
            date = datetime.date.fromisoformat(str(date))
        except ValueError:
            raise ParseError(
                "unreadable sidecar", f"{sidecar.name}: date {date!r} is not YYYY-MM-DD"
            ) from None
    return Hints(
        source=meta.get("source") or source,
        source_url=meta.get("url") or meta.get("source_url"),
        lang=meta.get("lang"),
        date=date,
        version_key=str(meta["version_key"]) if meta.get("version_key") else None,
    )
