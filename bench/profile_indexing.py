"""Where indexing spends its time, stage by stage, in milliseconds per statement.

Runs the indexing pipeline stage after stage over a sample of a JSON Lines file (every
`--every`th line of the White House statements by default) and measures each stage's
CPU time, so that other work on the machine does not count: reading and parsing the
records, each part of the enrichment (publisher, document type, countries and pairs,
language, sectors, persons), analysis (splitting the texts into postings, the text hash
and the near-duplicate sketch), adding the documents to the writer, and writing the
segment (in this process, and in the worker processes that encode the postings of a
large segment). `--cprofile N` prints the N functions with the most own time as well.

    python bench/profile_indexing.py [INPUT.jsonl.gz] [--every 5] [--cprofile 25]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import itertools
import pstats
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench_search import CORPUS

from indexer import enrich as enrichment
from indexer.countries import country_finder
from indexer.language import statement_language
from indexer.parse_jsonl import parse_jsonl
from indexer.persons import find_persons
from indexer.publishers import find_publisher
from indexer.reading import prepare
from indexer.sectors import find_sectors
from indexer.sources import Hints
from search.models import Statement


def sample(path: Path, every: int) -> bytes:
    """Return every `every`th line of a JSON Lines file, as bytes."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as lines:
        return b"".join(itertools.islice(lines, 0, None, every))


def timed_enrich(statement: Statement, clock: dict[str, float]) -> Statement:
    """Enrich as indexer/enrich.py does, with each part's time added to `clock`."""

    def run(stage: str, function, *args):
        started = time.process_time()
        result = function(*args)
        clock[stage] += time.process_time() - started
        return result

    publisher = run("enrich: publisher", find_publisher, statement)
    country = statement.publisher_country or publisher.country
    run("enrich: document type", enrichment.statement_type, statement)
    run("enrich: countries and pairs", enrichment.about_countries, statement, country)
    evidence = dict(statement.evidence)
    lang, _ = run("enrich: language", statement_language, statement.title, statement.text, evidence)
    text = statement.title + "\n\n" + statement.text
    run("enrich: sectors", find_sectors, text, lang)
    run("enrich: persons", find_persons, text)
    # The parts above are timed; the statement indexed is the enrichment's own result.
    return enrichment.enrich(statement)


def profile(data: bytes, index_dir: Path) -> tuple[int, dict[str, float]]:
    clock: dict[str, float] = defaultdict(float)
    started = time.process_time()
    statements = [
        s
        for s in parse_jsonl(io.BytesIO(data), Hints(), "sample.jsonl")
        if isinstance(s, Statement)
    ]
    clock["reading and parsing"] = time.process_time() - started
    country_finder()  # built once per process, not per statement
    enriched = [timed_enrich(s, clock) for s in statements]
    started = time.process_time()
    prepared = [prepare(s) for s in enriched]
    clock["analysis (postings, hash, sketch)"] = time.process_time() - started
    _write(index_dir, prepared, clock)
    return len(statements), clock


def _write(index_dir: Path, prepared, clock: dict[str, float]) -> None:
    """Time adding the documents and committing them, through the index's own writer."""
    from whoosh import index

    from search.schema import BilatSchema
    from search.writer import Writer

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), BilatSchema)
    started = time.process_time()
    writer = Writer(ix, index_dir)
    for item in prepared:
        writer.add_document(**item.fields)
    clock["writing: adding documents"] = time.process_time() - started
    started, workers = time.process_time(), _children_cpu()
    writer.commit()
    clock["writing: the segment (commit)"] = time.process_time() - started
    clock["writing: the segment, in worker processes"] = _children_cpu() - workers


def _children_cpu() -> float:
    """Return the CPU time of the worker processes that have ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", type=Path, nargs="?", default=CORPUS)
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--cprofile", type=int, default=0, help="print the top N functions")
    args = parser.parse_args()
    data = sample(args.input, args.every)
    profiler = cProfile.Profile() if args.cprofile else None
    with tempfile.TemporaryDirectory() as tmp:
        if profiler:
            profiler.enable()
        count, clock = profile(data, Path(tmp) / "index")
        if profiler:
            profiler.disable()
    total = sum(clock.values())
    print(f"{count:,} statements, {total:.1f} s in all (the enrichment counted once)")
    print(f"{'stage':<40} {'ms/statement':>12} {'share':>6}")
    for stage, seconds in clock.items():
        print(f"{stage:<40} {seconds * 1000 / count:>12.2f} {seconds / total:>6.1%}")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
