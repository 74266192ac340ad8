"""Read, parse, enrich and analyse statement files, in a second process when it pays.

Writing the index (Whoosh, in Python) and everything before it (parsing, enrichment,
splitting texts into postings) take comparable time. In a run with enough to read, a
second process does the reading and hands prepared statements to the writer through a
bounded queue, so that on two cores the two halves overlap. Statements come out in the
same order, file by file, either way.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import queue
import threading
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from search.documents import analyzed_fields, fields_with_aliases
from search.models import Statement

from . import near_duplicates
from .paragraphs import text_fingerprint
from .pipeline import Refusal, read_statements
from .sources import SourceFile

WORKER_MIN_BYTES = 4 * 2**20
"""Below this much to read, starting a second process (about a second) is not worth it."""
BATCH = 16
"""Statements sent to the writer at a time."""
QUEUE_BATCHES = 16
"""Batches the reading process may be ahead of the writer (bounds the memory they hold)."""
POLL_SECONDS = 1.0


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


def read_files(
    source_files: Sequence[SourceFile],
    worker: bool | None = None,
    columns: Mapping[str, str] | None = None,
):
    """Yield, for each file in order, an iterator over its prepared statements and refusals.

    Each iterator must be used up before the next is taken. `worker`: read in a second
    process (True), in this one (False), or decide by the bytes to read (None).
    `columns`: the column names of CSV and TSV files (see indexer/parse_table.py).
    """
    if worker is None:
        worker = _bytes_to_read(source_files) >= WORKER_MIN_BYTES
    if not worker:
        for source_file in source_files:
            yield (prepare(item) for item in read_statements(source_file, columns))
        return
    context = multiprocessing.get_context("spawn")
    messages = context.Queue(maxsize=QUEUE_BATCHES)
    process = context.Process(
        target=_read_in_worker,
        args=(list(source_files), messages, os.getpid(), columns),
        name="bilat-reader",
        daemon=True,
    )
    process.start()
    try:
        for _ in source_files:
            yield _items_of_next_file(messages, process)
        process.join()
    finally:
        if process.is_alive():
            process.terminate()
            process.join()
        messages.close()


def _bytes_to_read(source_files: Sequence[SourceFile]) -> int:
    total = 0
    for source_file in source_files:
        try:
            total += source_file.path.stat().st_size
        except OSError:
            pass  # reported as unreadable when it is read
    return total


def _items_of_next_file(messages, process) -> Iterator[Item]:
    while True:
        try:
            kind, payload = messages.get(timeout=POLL_SECONDS)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"the process reading the files ended unexpectedly (exit code {process.exitcode})"
                ) from None
            continue
        if kind == "items":
            yield from payload
        elif kind == "end":
            return
        else:
            raise RuntimeError(f"the process reading the files failed:\n{payload}")


def _read_in_worker(
    source_files: list[SourceFile], messages, parent: int, columns: Mapping[str, str] | None
) -> None:
    """Run in the second process: send each file's items in batches, then an end mark."""
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    try:
        for source_file in source_files:
            batch: list[Item] = []
            for item in read_statements(source_file, columns):
                batch.append(prepare(item))
                if len(batch) >= BATCH:
                    messages.put(("items", batch))
                    batch = []
            if batch:
                messages.put(("items", batch))
            messages.put(("end", None))
    except BaseException:  # noqa: BLE001 - whatever stops the reading, the writer must hear of it
        messages.put(("error", traceback.format_exc()))


def _end_with(parent: int) -> None:
    """End this process as soon as the indexing process is gone (killed, say).

    Nobody will read what it sends: without this it would wait for ever on a full queue,
    or at its exit for the queue to be emptied.
    """
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(0)
