"""Turn files into statements: read, parse by format, enrich; refusals carry their reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from search.models import Statement

from .enrich import enrich
from .errors import ParseError
from .parse_text import parse_text
from .sources import Hints, SourceFile, read_hints

Parser = Callable[[bytes, Hints, str], Statement]
PARSERS: dict[str, Parser] = {"text": parse_text}


@dataclass(frozen=True)
class Refusal:
    """A file (or record) that could not become a statement, and why."""

    origin: str
    reason: str


def read_statements(source_file: SourceFile) -> Iterator[Statement | Refusal]:
    """Yield the enriched statements of one file, or a Refusal saying why it has none."""
    path: Path = source_file.path
    try:
        hints = read_hints(path)
        data = path.read_bytes()
        statement = PARSERS[source_file.format](data, hints, str(path))
    except ParseError as exc:
        yield Refusal(str(path), str(exc))
        return
    except OSError as exc:
        yield Refusal(str(path), f"cannot read: {exc.strerror or exc}")
        return
    yield enrich(statement)
