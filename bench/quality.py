"""Measure the enrichment on real statements: country recall on titles, countries per
statement, sector and type counts, time per statement, the founding briefing's values, the
countries found across languages (Ukrainian addresses against their English versions,
French and Spanish treaties against their labelled parties), and the pairs: recall,
precision and pairs per statement on the labelled treaties (per language) and on the White
House titles that name one foreign country.

Usage: python bench/quality.py [--folder DIR] [--show-misses N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.quality_languages import print_per_language
from indexer.countries import country_finder
from indexer.enrich import enrich
from indexer.framing import pair_of
from indexer.parse_jsonl import parse_jsonl
from indexer.parse_markdown import parse_markdown
from indexer.parse_text import parse_text
from indexer.sources import Hints
from search.labels import country_label
from search.models import Statement

# The statements ship with the project; the shared corpus holds the original scrape.
BUNDLED = REPO / "corpus" / "whitehouse.gov" / "bilateral"
SHARED = REPO.parent / "shared" / "corpus" / "whitehouse" / "bilateral"
FOUNDING = REPO / "corpus" / "akorda.kz" / "2018-06-10-briefing-on-visit-to-china-qingdao.txt"
PUBLISHER = "US"
ADDRESSES = REPO.parent / "shared" / "corpus" / "addresses"
TREATIES = REPO.parent / "shared" / "corpus" / "treaties"


def read_markdown(path: Path) -> Statement:
    return parse_markdown(path.read_bytes(), Hints(source="whitehouse.gov"), str(path))


# Longer names that contain an ISO short name without naming that country.
CONTAINING_NAMES = {
    "Democratic Republic of the Congo": "CD",
    "Northern Ireland": "GB",
    "New Jersey": None,
    "New Mexico": None,
}


@cache
def _iso_name_patterns() -> list[tuple[re.Pattern, str | None]]:
    names = dict(CONTAINING_NAMES)
    for country in pycountry.countries:
        for name in {country.name, getattr(country, "common_name", country.name)}:
            if "," not in name:
                names[name] = country.alpha_2
    return [(re.compile(r"(?<!\w)" + re.escape(n) + r"(?!\w)"), c) for n, c in names.items()]


def iso_names_in(title: str) -> set[str]:
    """Countries whose ISO short or common name appears as such in the title: a check that
    does not use the enrichment's own matcher. A name inside a longer one counts once."""
    plain = " ".join(title.replace("\u00a0", " ").split())
    spans = [
        (m.start(), m.end(), code)
        for pattern, code in _iso_name_patterns()
        for m in pattern.finditer(plain)
    ]
    return {
        code
        for start, end, code in spans
        if code and not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans)
    }


# The measurement alone (never the data) counts a historical party as the state its label
# names: the labels give RU for a 1935 treaty with the Soviet Union, CZ for Czechoslovakia.
LABEL_SUCCESSORS = {"SUHH": "RU", "CSHH": "CZ", "YUCS": "RS", "DDDE": "DE"}


def as_labelled(pair: str) -> str:
    """Return a found pair as the labels write it (`AF-SUHH` -> `AF-RU`)."""
    return pair_of(*(LABEL_SUCCESSORS.get(code, code) for code in pair.split("-")))


@dataclass
class PairFigures:
    """Pairs found against the known one, over statements whose pair is known."""

    statements: int
    found: int
    """Statements whose known pair is among their pairs (recall)."""
    pairs: int
    """Pairs given to these statements, right or wrong."""
    misses: list[str]

    @classmethod
    def of(cls, truths: list[tuple[str, Statement, str]]) -> PairFigures:
        """Count over (name, statement, known pair) triples."""
        found, misses = 0, []
        for name, statement, pair in truths:
            if pair in {as_labelled(p) for p in statement.pairs}:
                found += 1
            else:
                misses.append(f"{name} {pair} -> {list(statement.pairs)}")
        return cls(len(truths), found, sum(len(s.pairs) for _, s, _ in truths), misses)

    def line(self) -> str:
        """Recall, precision (right pairs among the pairs given) and pairs per statement."""
        recall = self.statements and self.found / self.statements
        precision = self.pairs and self.found / self.pairs
        per = self.statements and self.pairs / self.statements
        return (
            f"pair recall {100 * recall:.1f}% ({self.found}/{self.statements}), "
            f"precision {100 * precision:.1f}% ({self.found}/{self.pairs}), "
            f"pairs per statement {per:.2f}"
        )


@dataclass
class Figures:
    """What the quality run measures over a set of statements."""

    statements: list[Statement]
    title_one_country: int
    """Statements whose title names exactly one foreign country by its ISO name."""
    title_country_found: int
    """Of those, the statements whose `countries` hold that country."""
    misses: list[Statement]
    countries_mean: float
    timings_ms: list[float]
    pairs: PairFigures

    @property
    def title_recall(self) -> float:
        return self.title_one_country and self.title_country_found / self.title_one_country


def measure(paths: list[Path]) -> Figures:
    """Read and enrich the statements, timing the enrichment alone."""
    enriched, timings = [], []
    for path in paths:
        statement = read_markdown(path)
        started = time.perf_counter()
        enriched.append(enrich(statement))
        timings.append((time.perf_counter() - started) * 1000)
    one_named = [s for s in enriched if len(iso_names_in(s.title) - {PUBLISHER}) == 1]
    hits = [s for s in one_named if (iso_names_in(s.title) - {PUBLISHER}) <= set(s.countries)]
    truths = {id(s): pair_of(PUBLISHER, *(iso_names_in(s.title) - {PUBLISHER})) for s in one_named}
    return Figures(
        statements=enriched,
        title_one_country=len(one_named),
        title_country_found=len(hits),
        misses=[s for s in one_named if s not in hits],
        countries_mean=statistics.mean(len(s.countries) for s in enriched),
        timings_ms=timings,
        pairs=PairFigures.of([(repr(s.title[:70]), s, truths[id(s)]) for s in one_named]),
    )


def bilateral_paths(folder: Path | None = None) -> list[Path]:
    """Return the White House bilateral Markdown files, sorted: those under `folder`, else
    the bundled copy, else the shared corpus's."""
    if folder is None:
        folder = BUNDLED if BUNDLED.is_dir() else SHARED
    return sorted(folder.rglob("*.md"))


def address_jaccard(folder: Path = ADDRESSES) -> tuple[float, int]:
    """Return the mean Jaccard similarity of the countries of each Ukrainian address and of
    its English version (linked by `version_key`), and the number of pairs."""
    versions = {}
    for lang in ("uk", "en"):
        with gzip.open(folder / f"addresses-2022-{lang}.jsonl.gz") as lines:
            versions[lang] = {s.version_key: set(enrich(s).countries) for s in parse_jsonl(lines)}
    scores = [
        len(a & b) / len(a | b) if a | b else 1.0
        for key, a in versions["uk"].items()
        if (b := versions["en"].get(key)) is not None
    ]
    return statistics.mean(scores), len(scores)


@cache
def labelled_treaties(folder: Path = TREATIES) -> list[tuple[str, Statement, dict]]:
    """Return each labelled treaty's file name, the treaty enriched, and its label."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    found = []
    for name, label in sorted(labels.items()):
        path = folder / "texts" / name
        found.append((name, enrich(parse_text(path.read_bytes(), Hints(), str(path))), label))
    return found


def treaty_party_recall(lang: str) -> tuple[int, int, list[str]]:
    """Return, over the treaties labelled in `lang`, how many have both labelled parties
    among their countries, how many there are, and the files that miss one."""
    hits, misses = 0, []
    for name, statement, label in labelled_treaties():
        if label["lang"] != lang:
            continue
        countries = {LABEL_SUCCESSORS.get(c, c) for c in statement.countries}
        if set(label["parties"]) <= countries:
            hits += 1
        else:
            misses.append(f"{name} {label['parties']} -> {list(statement.countries)}")
    return hits, hits + len(misses), misses


def treaty_pairs(lang: str) -> PairFigures:
    """Return the pair figures over the treaties labelled in `lang`."""
    return PairFigures.of(
        [
            (name, s, label["pair"])
            for name, s, label in labelled_treaties()
            if label["lang"] == lang
        ]
    )


def print_languages(show_misses: int) -> None:
    """Print the cross-language figures, when the shared corpus is there."""
    if not ADDRESSES.is_dir() or not TREATIES.is_dir():
        print(f"Languages: no {ADDRESSES} or {TREATIES}; skipped")
        return
    jaccard, pairs = address_jaccard()
    print(f"Ukrainian addresses and their English versions: {pairs} pairs;")
    print(f"    mean Jaccard of their countries {jaccard:.3f}")
    for lang in ("fr", "es"):
        hits, total, misses = treaty_party_recall(lang)
        print(f"Treaties labelled {lang}: both parties among `countries` in {hits} of {total}")
        for miss in misses:
            print(f"    miss: {miss}")
    for lang in ("en", "es", "fr"):
        figures = treaty_pairs(lang)
        print(f"Treaties labelled {lang} ({figures.statements}): {figures.line()}")
        for miss in figures.misses[:show_misses]:
            print(f"    miss: {miss}")
    # Some treaties labelled es or fr are written in Hungarian, Lithuanian, German or
    # Italian: the same figures by the language each was read in.
    detected = sorted({s.lang for _, s, _ in labelled_treaties()})
    for lang in detected:
        truths = [(n, s, label["pair"]) for n, s, label in labelled_treaties() if s.lang == lang]
        print(f"    read as {lang} ({len(truths)}): {PairFigures.of(truths).line()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--folder", type=Path, default=None, help="folder of White House Markdown statements"
    )
    parser.add_argument("--show-misses", type=int, default=10)
    args = parser.parse_args(argv)
    paths = bilateral_paths(args.folder)
    if not paths:
        print(f"No White House bilateral statements in {args.folder or BUNDLED}", file=sys.stderr)
        return 2
    figures = measure(paths)
    enriched, timings = figures.statements, figures.timings_ms

    print(f"White House bilateral statements: {len(enriched)}")
    print(
        f"(a) titles naming one foreign country by its ISO name: {figures.title_one_country}; "
        f"that country among `countries`: {figures.title_country_found} "
        f"({100 * figures.title_recall:.1f}%)"
    )
    for s in figures.misses[: args.show_misses]:
        print(f"    miss: {s.title!r} -> {list(s.countries)}")
    finder = country_finder()
    own = [
        s
        for s in enriched
        if len({m.code for m in finder.mentions(s.title, title_case=True)} - {PUBLISHER}) == 1
    ]
    own_found = [
        s
        for s in own
        if {m.code for m in finder.mentions(s.title, title_case=True)} <= set(s.countries)
    ]
    print(
        f"    titles naming one foreign country in any form we read (demonyms, abbreviations): "
        f"{len(own)}; that country among `countries`: {len(own_found)}"
    )
    any_foreign = [s for s in enriched if set(s.countries) - {PUBLISHER}]
    print(f"    statements with at least one foreign country: {len(any_foreign)}")
    counts = [len(s.countries) for s in enriched]
    print(
        f"(b) countries per statement: mean {figures.countries_mean:.2f}, "
        f"median {statistics.median(counts)}, max {max(counts)}"
    )
    print(f"    pairs per statement: mean {statistics.mean(len(s.pairs) for s in enriched):.2f}")
    print(f"    titles naming one foreign country by its ISO name: {figures.pairs.line()}")
    for miss in figures.pairs.misses[: args.show_misses]:
        print(f"    miss: {miss}")
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
    print_languages(args.show_misses)
    print_per_language()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
