"""The only code that writes the index: each run builds a new generation, then switches to it."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm
from whoosh import index

from search.documents import to_fields
from search.models import Statement
from search.schema import BilatSchema
from search.store import generation_dirs, next_generation, switch_current

from .pipeline import Refusal, read_statements
from .sources import SourceFile, find_files

log = logging.getLogger(__name__)

# Generations kept besides the current one, so that readers still on it can finish.
KEEP_OLD_GENERATIONS = 1


@dataclass
class BuildReport:
    """What one indexing run did."""

    files: int = 0
    indexed: int = 0
    duplicates: int = 0
    refused: list[Refusal] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None

    def summary(self) -> str:
        """Return the end-of-run paragraph."""
        rate = self.indexed / self.seconds if self.seconds else 0.0
        reasons = Counter(r.reason for r in self.refused)
        text = (
            f"Read {self.files} files in {self.seconds:.1f} s: {self.indexed} statements indexed "
            f"({rate:.0f}/s), {self.duplicates} duplicates skipped, {len(self.refused)} refused."
        )
        if reasons:
            text += " Refused: " + "; ".join(f"{n} x {reason}" for reason, n in reasons.most_common())
            text += "."
        if self.generation:
            text += f" Index: {self.generation}."
        return text


def _fsync_tree(directory: Path) -> None:
    for name in os.listdir(directory):
        fd = os.open(directory / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_generations(index_dir: Path, current: Path) -> None:
    old = [g for g in generation_dirs(index_dir) if g != current]
    for generation in old[: max(0, len(old) - KEEP_OLD_GENERATIONS)]:
        shutil.rmtree(generation, ignore_errors=True)


def write_statements(index_dir: Path, statements: Iterable[Statement]) -> Path:
    """Write statements into a new generation, make it current and return its path."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    generation = next_generation(index_dir)
    generation.mkdir()
    ix = index.create_in(str(generation), BilatSchema)
    writer = ix.writer(limitmb=256)
    try:
        for statement in statements:
            writer.add_document(**to_fields(statement))
        writer.commit()
    except BaseException:
        writer.cancel()
        shutil.rmtree(generation, ignore_errors=True)
        raise
    ix.close()
    _fsync_tree(generation)
    switch_current(index_dir, generation)
    _remove_old_generations(index_dir, generation)
    return generation


def _accepted_statements(
    files: list[SourceFile], report: BuildReport, progress: bool
) -> Iterator[Statement]:
    """Yield each new statement of the files; count refusals and duplicates in `report`."""
    seen_ids: set[str] = set()
    for source_file in tqdm(files, desc="Indexing", unit="file", disable=not progress):
        for item in read_statements(source_file):
            if isinstance(item, Refusal):
                log.warning("refused %s: %s", item.origin, item.reason)
                report.refused.append(item)
            elif item.id in seen_ids:
                report.duplicates += 1
            else:
                seen_ids.add(item.id)
                report.indexed += 1
                yield item


def build_index(index_dir: Path, paths: Iterable[Path], progress: bool = True) -> BuildReport:
    """Index every statement file under `paths` into a new generation and make it current."""
    started = time.monotonic()
    files = list(find_files(paths))
    report = BuildReport(files=len(files))
    report.generation = write_statements(index_dir, _accepted_statements(files, report, progress))
    report.seconds = time.monotonic() - started
    return report
