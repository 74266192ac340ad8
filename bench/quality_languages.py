"""Per-language figures of the enrichment, on every statement of the shared corpus that
is not in English and on English samples beside them: statements, share with a date,
countries per statement. The language is the one Bilat gives each statement.

Usage: python bench/quality_languages.py   (make quality prints it too)
"""

from __future__ import annotations

import gzip
import statistics
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.enrich import enrich
from indexer.parse_html import parse_html
from indexer.parse_jsonl import parse_jsonl
from indexer.parse_text import parse_text
from indexer.sources import Hints
from search.labels import language_label
from search.models import Statement

SHARED = REPO.parent / "shared" / "corpus"


def _statements() -> Iterator[Statement]:
    """Yield the addresses (both languages), the Chinese ministry pages and the treaties,
    read as `bilat index` reads them (no language given beyond what the files say)."""
    for path in sorted((SHARED / "addresses").glob("*.jsonl.gz")):
        with gzip.open(path) as lines:
            yield from (
                s for s in parse_jsonl(lines, Hints(), path.name) if isinstance(s, Statement)
            )
    for path in sorted((SHARED / "html" / "fmprc.gov.cn").glob("*.html")):
        yield parse_html(path.read_bytes(), Hints(source="fmprc.gov.cn"), path.name)
    for path in sorted((SHARED / "treaties" / "texts").glob("*.txt")):
        yield parse_text(path.read_bytes(), Hints(), path.name)


def per_language() -> dict[str, list[Statement]]:
    found: dict[str, list[Statement]] = defaultdict(list)
    for statement in _statements():
        enriched = enrich(statement)
        found[enriched.lang].append(enriched)
    return found


def print_per_language() -> None:
    if not (SHARED / "addresses").is_dir():
        print(f"Per language: no {SHARED}; skipped")
        return
    found = per_language()
    print("Per language (addresses, Chinese ministry pages, treaties; language as Bilat gives it):")
    print(
        f"    {'language':<22} {'statements':>10} {'dated':>7} {'countries/st.':>13} {'pairs/st.':>9}"
    )
    for lang, statements in sorted(found.items(), key=lambda item: -len(item[1])):
        dated = sum(1 for s in statements if s.date) / len(statements)
        countries = statistics.mean(len(s.countries) for s in statements)
        pairs = statistics.mean(len(s.pairs) for s in statements)
        name = f"{language_label(lang)} ({lang})"
        print(
            f"    {name:<22} {len(statements):>10} {dated:>7.1%} {countries:>13.2f} {pairs:>9.2f}"
        )


if __name__ == "__main__":
    print_per_language()
