"""Work handed to worker processes, one a core, with the results taken in order.

Indexing uses it twice: to prepare statements (indexer/reading.py) and to encode the
postings of a segment's terms (search/writer.py). Results come back in the order the
work was given whatever process finished first, so what is written is the same as when
everything runs in one process; at most a bounded window of work is handed out ahead
of the results taken, which bounds the memory it holds.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

POLL_SECONDS = 1.0
Work = TypeVar("Work")


def cores() -> int:
    """Return the cores this process may run on."""
    return max(1, len(os.sched_getaffinity(0)))


def in_order(
    function: Callable[..., Any],
    works: Iterable[Work],
    *args: Any,
    workers: int | None = None,
    ahead: int = 8,
) -> Iterator[tuple[Work, Any]]:
    """Yield (work, function(work, *args)) for each work, in order, computed in a pool of
    `workers` processes (one a core by default), `ahead` works per worker handed out
    beyond the results taken. The pool ends when the iterator is used up or closed."""
    workers = workers or cores()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )
    pending: deque[tuple[Work, Future]] = deque()
    works = iter(works)
    finished = False
    try:
        while True:
            while len(pending) < workers * ahead:
                work = next(works, None)
                if work is None:
                    break
                pending.append((work, pool.submit(function, work, *args)))
            if not pending:
                finished = True
                return
            work, future = pending.popleft()
            yield work, future.result()
    finally:
        # Idle workers end at once; on an error or an early close, nobody waits for the
        # work in progress.
        pool.shutdown(wait=finished, cancel_futures=True)


def _watch_parent(parent: int) -> None:
    """Start, in a worker, the watch that ends it when the process it works for is gone."""
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()


def _end_with(parent: int) -> None:
    """End this process as soon as the process it works for is gone (killed, say).

    Nobody will read what it sends: without this it could wait for ever for work.
    """
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(0)
