"""Measure the enrichment on real statements: country recall on titles, countries per
statement, sector and type counts, time per statement, and the founding briefing's values.

Usage: python bench/quality.py [--corpus DIR] [--show-misses N]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.enrich import enrich
from indexer.parse_text import parse_text
from indexer.sources import Hints
from search.labels import country_label
from search.models import Statement

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
FOUNDING = REPO / "corpus" / "akorda.kz" / "2018-06-10-briefing-on-visit-to-china-qingdao.txt"
PUBLISHER = "US"

try:  # The project's Markdown parser, once it exists; until then a minimal reader below.
    from indexer.parse_markdown import parse_markdown  # type: ignore[import-not-found]
except ImportError:
    parse_markdown = None

_YAML_ESCAPES = {"_": "\u00a0", " ": " ", '"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t"}


def _yaml_scalar(raw: str) -> str:
    """Decode the YAML scalars this scrape uses: plain, single- or double-quoted, folded."""
    raw = raw.strip()
    if raw.startswith('"'):
        body = raw[1 : raw.rindex('"')]
        body = re.sub(r"\\\n\s*", "", body)  # an escaped line break joins without a space
        body = re.sub(r"\s*\n\s*", " ", body)

        def unescape(m: re.Match) -> str:
            code = m.group(1)
            if code[0] in "xuU":
                return chr(int(code[1:], 16))
            return _YAML_ESCAPES.get(code, code)

        return re.sub(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", unescape, body)
    if raw.startswith("'"):
        return re.sub(r"\s*\n\s*", " ", raw[1:-1]).replace("''", "'")
    return re.sub(r"\s*\n\s*", " ", raw)


def read_markdown_minimal(path: Path) -> Statement:
    """Read front matter title and tags and the body's paragraphs, without Markdown markup."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    fields = dict(re.findall(r"^(\w+): (.*?)(?=^\w+: |\Z)", front, re.MULTILINE | re.DOTALL))
    body = body.split("\\###")[0]
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"\\(.)", r"\1", body)
    paragraphs = tuple(
        " ".join(block.split()) for block in re.split(r"\n\s*\n", body) if block.strip()
    )
    return Statement(
        id=path.stem,
        title=_yaml_scalar(fields.get("title", path.stem)),
        date=None,
        place=None,
        paragraphs=paragraphs,
        source="whitehouse.gov",
        extra={"tags": _yaml_scalar(fields.get("tags", ""))},
        origin=str(path),
    )


def read_markdown(path: Path) -> Statement:
    if parse_markdown is not None:
        return parse_markdown(path.read_bytes(), Hints(source="whitehouse.gov"), str(path))
    return read_markdown_minimal(path)


# Longer names that contain an ISO short name without naming that country.
CONTAINING_NAMES = {
    "Democratic Republic of the Congo": "CD",
    "Northern Ireland": "GB",
    "New Jersey": None,
    "New Mexico": None,
}


def iso_names_in(title: str) -> set[str]:
    """Countries whose ISO short or common name appears as such in the title: a check that
    does not use the enrichment's own matcher. A name inside a longer one counts once."""
    plain = " ".join(title.replace("\u00a0", " ").split())
    names = dict(CONTAINING_NAMES)
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            if "," not in name:
                names[name] = country.alpha_2
    spans = []
    for name, code in names.items():
        for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", plain):
            spans.append((m.start(), m.end(), code))
    return {
        code
        for start, end, code in spans
        if code and not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--show-misses", type=int, default=10)
    args = parser.parse_args(argv)
    folder = args.corpus / "whitehouse" / "bilateral"
    if not folder.is_dir():
        print(f"No White House bilateral statements at {folder}", file=sys.stderr)
        return 2
    paths = sorted(folder.rglob("*.md"))
    statements = [read_markdown(p) for p in paths]
    enriched, timings = [], []
    for statement in statements:
        started = time.perf_counter()
        enriched.append(enrich(statement))
        timings.append((time.perf_counter() - started) * 1000)

    reader = "indexer.parse_markdown" if parse_markdown is not None else "minimal reader"
    print(f"White House bilateral statements: {len(enriched)} (read with {reader})")
    one_named = [s for s in enriched if len(iso_names_in(s.title) - {PUBLISHER}) == 1]
    hits = [s for s in one_named if (iso_names_in(s.title) - {PUBLISHER}) <= set(s.countries)]
    print(
        f"(a) titles naming one foreign country by its ISO name: {len(one_named)}; "
        f"that country among `countries`: {len(hits)} ({100 * len(hits) / len(one_named):.1f}%)"
    )
    misses = [s for s in one_named if s not in hits]
    for s in misses[: args.show_misses]:
        print(f"    miss: {s.title!r} -> {list(s.countries)}")
    any_foreign = [s for s in enriched if set(s.countries) - {PUBLISHER}]
    print(f"    statements with at least one foreign country: {len(any_foreign)}")
    counts = [len(s.countries) for s in enriched]
    print(
        f"(b) countries per statement: mean {statistics.mean(counts):.2f}, "
        f"median {statistics.median(counts)}, max {max(counts)}"
    )
    print(f"    pairs per statement: mean {statistics.mean(len(s.pairs) for s in enriched):.2f}")
    print(
        f"    persons per statement: mean {statistics.mean(len(s.persons) for s in enriched):.2f}"
    )
    top = Counter(c for s in enriched for c in s.countries if c != PUBLISHER).most_common(10)
    print("    most frequent partners: " + ", ".join(f"{country_label(c)} {n}" for c, n in top))
    print("(c) statements per sector:")
    for sector, n in Counter(x for s in enriched for x in s.sectors).most_common():
        print(f"    {sector:<15} {n}")
    print("    statements per type:")
    for doc_type, n in Counter(s.doc_type for s in enriched).most_common():
        print(f"    {doc_type:<17} {n}")
    print(
        f"time per statement: median {statistics.median(timings):.2f} ms, "
        f"mean {statistics.mean(timings):.2f} ms, max {max(timings):.1f} ms"
    )

    founding = enrich(parse_text(FOUNDING.read_bytes(), Hints(source="akorda.kz"), str(FOUNDING)))
    print("Founding briefing (akorda.kz, 2018-06-10):")
    print(f"    publisher_country {founding.publisher_country}; doc_type {founding.doc_type}")
    print(f"    countries {list(founding.countries)}; pairs {list(founding.pairs)}")
    print(f"    persons {list(founding.persons)}")
    print(f"    sectors {list(founding.sectors)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
