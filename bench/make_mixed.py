"""Build the mixed-language benchmark collection: the White House statements (11k) with
every statement of the shared corpus in another language beside them — the Ukrainian
addresses and their English versions, the Chinese ministry pages and the treaties (en,
es, fr, ru and others) — as one JSON Lines file, so that `make bench SIZES=mixed` measures
Bilat and Datasette on an index where every query word is looked for in several
languages. Pages and texts are read as `bilat index` reads them and written as records.

    python bench/make_mixed.py OUTPUT.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.parse_html import parse_html
from indexer.parse_text import parse_text
from indexer.sources import Hints
from search.models import Statement

SHARED = REPO.parent / "shared" / "corpus"
WHITE_HOUSE = SHARED / "whitehouse" / "whitehouse-2021-2026.jsonl.gz"
ADDRESSES = sorted((SHARED / "addresses").glob("*.jsonl.gz"))
CHINESE_PAGES = SHARED / "html" / "fmprc.gov.cn"
TREATIES = SHARED / "treaties" / "texts"


def inputs() -> list[Path]:
    """The files the collection is made of, for the benchmark's cache key."""
    return [
        WHITE_HOUSE,
        *ADDRESSES,
        *sorted(CHINESE_PAGES.glob("*.html")),
        *sorted(TREATIES.glob("*.txt")),
    ]


def _record(statement: Statement, source: str | None) -> dict:
    record = {"title": statement.title, "text": statement.text, "source": source}
    if statement.date:
        record["date"] = statement.date.isoformat()
    if statement.source_url:
        record["url"] = statement.source_url
    if statement.place:
        record["place"] = statement.place
    return record


def records() -> Iterator[dict]:
    for path in (WHITE_HOUSE, *ADDRESSES):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            yield from (json.loads(line) for line in lines if line.strip())
    for path in sorted(CHINESE_PAGES.glob("*.html")):
        yield _record(parse_html(path.read_bytes(), Hints(), path.name), "fmprc.gov.cn")
    for path in sorted(TREATIES.glob("*.txt")):
        yield {"id": path.stem, **_record(parse_text(path.read_bytes(), Hints(), path.name), None)}


def write(output: Path) -> int:
    """Write the collection; return how many records it holds."""
    count = 0
    with gzip.open(output, "wt", encoding="utf-8", compresslevel=6) as out:
        for record in records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


if __name__ == "__main__":
    print(f"{write(Path(sys.argv[1])):,} records")
