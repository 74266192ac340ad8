"""Read, parse, enrich and analyse statement files, in worker processes when it pays.

Enrichment and analysis (splitting texts into postings, the text hash and the
near-duplicate sketch) cost several times what parsing does, and writing the index
(Whoosh, in Python) about as much as they do. The work is cut into tasks: a file of one
document, or a chunk of the statements of a JSON Lines or table file, which this process
parses (parsing must go through the file in order, and costs little). In a run with
enough to read, a pool of worker processes, one a core, prepares the tasks while this
process writes: the tasks are handed out a bounded window ahead and their results taken
in the order they were given, so statements come out in the same order, file by file,
and the index is the same as when everything runs here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from search.documents import analyzed_fields, fields_with_aliases
from search.models import Statement
from search.parallel import in_order

from . import near_duplicates
from .paragraphs import text_fingerprint
from .pipeline import MULTI_RECORD_FORMATS, Refusal, enriched, parsed_statements, read_statements
from .sources import SourceFile

WORKER_MIN_BYTES = 4 * 2**20
"""Below this much to read, starting worker processes (about a second each, to load the
language detector and the country patterns) is not worth it."""
CHUNK = 32
"""Statements of a JSON Lines or table file given to a worker at a time."""
TASKS_AHEAD = 8
"""Tasks handed out per worker beyond those whose results were taken (bounds the memory
the statements in flight hold)."""


@dataclass(frozen=True)
class Prepared:
    """A statement ready for the writer: its index fields, analysed, its text's hash and
    its near-duplicate sketch."""

    statement: Statement
    fields: dict[str, Any]
    fingerprint: str | None
    sketch: near_duplicates.Sketch


Item = Prepared | Refusal


def with_aliases(prepared: Prepared, aliases: tuple[str, ...]) -> Prepared:
    """Return the prepared statement with these aliases (see indexer/aliases.py)."""
    return dataclasses.replace(
        prepared,
        statement=dataclasses.replace(prepared.statement, aliases=aliases),
        fields=fields_with_aliases(prepared.fields, aliases),
    )


def prepare(item: Statement | Refusal) -> Item:
    if isinstance(item, Refusal):
        return item
    return Prepared(
        item,
        analyzed_fields(item),
        text_fingerprint(item.paragraphs),
        near_duplicates.sketch(near_duplicates.Text(item.id, item.date, item.text)),
    )


@dataclass(frozen=True)
class _Task:
    file: int
    """The number of the file it comes from, among those to read."""
    work: SourceFile | list[Statement | Refusal]
    """A file of one document to read, or parsed statements of a many-record file."""
    done: int
    """Bytes read, counted over every file, once this task is done."""


def _prepare_task(task: _Task, columns) -> list[Item]:
    """Parse (a one-document file), enrich and analyse: what a worker does with a task."""
    work = task.work
    items = read_statements(work, columns) if isinstance(work, SourceFile) else map(enriched, work)
    return [prepare(item) for item in items]


def _tasks(source_files: Sequence[SourceFile], columns) -> Iterator[_Task]:
    """Cut the reading into tasks, in order; many-record files are parsed here."""
    done = 0
    for number, source_file in enumerate(source_files):
        size = _size(source_file)
        if source_file.format not in MULTI_RECORD_FORMATS:
            done += size
            yield _Task(number, source_file, done)
            continue
        opened: list[BinaryIO] = []
        chunk: list[Statement | Refusal] = []
        for item in parsed_statements(source_file, columns, opened.append):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                position = opened[0].tell() if opened and not opened[0].closed else 0
                yield _Task(number, chunk, done + min(position, size))
                chunk = []
        done += size
        if chunk:
            yield _Task(number, chunk, done)


def read_files(
    source_files: Sequence[SourceFile],
    worker: bool | None = None,
    columns: Mapping[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
):
    """Yield, for each file in order, an iterator over its prepared statements and refusals.

    Each iterator must be used up before the next is taken. `worker`: prepare them in
    worker processes (True), in this one (False), or decide by the bytes to read (None).
    `columns`: the column names of CSV and TSV files (see indexer/parse_table.py).
    `progress` is called with the bytes read so far, as results are taken.
    """
    if worker is None:
        worker = bytes_to_read(source_files) >= WORKER_MIN_BYTES
    tasks = _tasks(source_files, columns)
    results = (
        in_order(_prepare_task, tasks, columns, ahead=TASKS_AHEAD)
        if worker
        else ((task, _prepare_task(task, columns)) for task in tasks)
    )
    head = next(results, None)

    def items_of(number: int) -> Iterator[Item]:
        nonlocal head
        while head is not None and head[0].file == number:
            task, items = head
            yield from items
            if progress:
                progress(task.done)
            head = next(results, None)

    try:
        for number in range(len(source_files)):
            yield items_of(number)
    finally:
        results.close()


def bytes_to_read(source_files: Sequence[SourceFile]) -> int:
    """Return the size of the files, together."""
    return sum(map(_size, source_files))


def _size(source_file: SourceFile) -> int:
    try:
        return source_file.path.stat().st_size
    except OSError:
        return 0  # reported as unreadable when it is read
