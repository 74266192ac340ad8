"""Derive a collection of any size from the real statements, for the benchmarks.

Every derived statement is made of real text only. It takes the title and venue of one
real statement (its base) and the base's paragraphs, of which a contiguous run of about
half is replaced by as many consecutive paragraphs of another real statement (its donor);
it is re-dated to the base's month and day in a year drawn from 2001 to the base's own
year. Base and donor contribute at most their first 16 paragraphs (the median length of
a real statement), so that the long press-briefing transcripts are not copied whole
ninefold; `--max-paragraphs 0` lifts that limit. The output starts with the real
statements unchanged. The same input and seed always give the same bytes.

    python bench/make_corpus.py INPUT.jsonl.gz OUTPUT.jsonl.gz --count 1000000 [--seed 9]

`--count` also takes the sizes `make bench` is given: `100k`, `1m`, `250k`.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import itertools
import json
import random
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

FIRST_YEAR = 2001
"""Derived statements are re-dated into the years from this one to their base's year."""
DERIVED_SOURCE = "whitehouse.gov"
MAX_PARAGRAPHS = 16
"""A derived statement draws on at most this many leading paragraphs of its base and donor
(16 is the median paragraph count of the real statements; 0 means no limit)."""


def read_records(path: Path) -> list[dict]:
    """Return the records of a JSON Lines file (gzip-compressed when it ends in .gz)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def paragraphs(text: str) -> list[str]:
    """Split a record's text into its paragraphs (separated by blank lines)."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _redate(date: str | None, rng: random.Random) -> str | None:
    if not date:
        return None
    day = datetime.date.fromisoformat(date[:10])
    year = rng.randint(FIRST_YEAR, day.year)
    if day.month == 2 and day.day == 29:
        day = day.replace(day=28)
    return day.replace(year=year).isoformat()


def recombine(base: list[str], donor: list[str], rng: random.Random) -> list[str]:
    """Replace about half of the base's paragraphs by consecutive paragraphs of the donor."""
    if len(base) == 1:
        return base + donor[:1]
    run = max(1, len(base) // 2)
    start = rng.randrange(len(base) - run + 1)
    donor_start = rng.randrange(max(1, len(donor) - run + 1))
    borrowed = donor[donor_start : donor_start + run]
    return base[:start] + borrowed + base[start + run :]


def derive(
    records: list[dict], count: int, seed: int, max_paragraphs: int = MAX_PARAGRAPHS
) -> Iterator[dict]:
    """Yield the real records, then derived ones until there are `count` in all."""
    rng = random.Random(seed)
    bodies = [paragraphs(r["text"])[: max_paragraphs or None] for r in records]
    yield from records[:count]
    for number in range(len(records), count):
        b = rng.randrange(len(records))
        d = rng.randrange(len(records) - 1)
        d += d >= b  # never the base itself
        base = records[b]
        yield {
            "id": f"{base['id']}-d{number:06d}",
            "source": DERIVED_SOURCE,
            "url": None,
            "date": _redate(base.get("date"), rng),
            "title": base["title"],
            "place": base.get("place"),
            "lang": base.get("lang", "en"),
            "category": base.get("category"),
            "derived_from": [base["id"], records[d]["id"]],
            "text": "\n\n".join(recombine(bodies[b], bodies[d], rng)),
        }


def parse_count(size: str) -> int:
    """Return the number of statements a size names: "100k" -> 100,000, "1m" -> 1,000,000,
    "2500" -> 2,500."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", size.strip().lower())
    if not match:
        raise ValueError(f"not a size: {size!r} (such as 2500, 100k or 1m)")
    number, unit = match.groups()
    count = float(number) * {"": 1, "k": 1_000, "m": 1_000_000}[unit]
    if count < 1 or count != int(count):
        raise ValueError(f"not a whole number of statements: {size!r}")
    return int(count)


def write_jsonl_gz(path: Path, records: Iterable[dict]) -> int:
    """Write records as gzip-compressed JSON Lines, no name or time in the header; return the count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            written += 1
    tmp.replace(path)
    return written


def write_shards(folder: Path, records: Iterable[dict], per_file: int) -> int:
    """Write records as gzip-compressed JSON Lines files of `per_file` records each
    (part-0001.jsonl.gz, ...) into a new folder; return the count."""
    folder.mkdir(parents=True, exist_ok=True)
    records = iter(records)
    written = 0
    for number in itertools.count(1):
        part = list(itertools.islice(records, per_file))
        if not part:
            return written
        written += write_jsonl_gz(folder / f"part-{number:04d}.jsonl.gz", part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("--count", type=parse_count, default=100_000, help="such as 100k or 1m")
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--max-paragraphs", type=int, default=MAX_PARAGRAPHS)
    args = parser.parse_args(argv)
    records = read_records(args.input)
    if not records:
        print(f"make_corpus: no records in {args.input}", file=sys.stderr)
        return 1
    written = write_jsonl_gz(
        args.output, derive(records, args.count, args.seed, args.max_paragraphs)
    )
    print(f"make_corpus: wrote {written:,} statements to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
