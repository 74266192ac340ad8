"""Where index generations live on disk and which one is current.

An index directory holds numbered generations (`gen-000001`, ...) and a `CURRENT` file
naming the one readers use. Writers build a new generation and replace `CURRENT`
atomically, so readers always see a complete, committed index.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import IndexMissing
from .settings import DEFAULTS

CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"
LOCK = "index.lock"
"""Held (flock) by the one run writing the index; the kernel releases it when the run dies."""
DEFAULT_LOCK_WAIT = DEFAULTS["LOCK_WAIT"]
"""Seconds a second indexing run waits for the first before giving up."""
CHECKPOINT_SECONDS = DEFAULTS["CHECKPOINT_SECONDS"]
"""A long indexing run commits a generation this often, so that a crash loses at most this."""


class IndexBusy(RuntimeError):
    """Another indexing run holds the index."""

    def __init__(self, index_dir: Path, pid: int | None):
        holder = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"another bilat index run ({holder}) holds the index at {index_dir}")
        self.pid = pid


def current_generation(index_dir: Path) -> Path:
    """Return the directory of the generation readers should open."""
    pointer = Path(index_dir) / CURRENT
    try:
        name = pointer.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise IndexMissing(
            f"No index at {index_dir}: build one with 'bilat index --index {index_dir} PATH'."
        ) from None
    return Path(index_dir) / name


def generation_dirs(index_dir: Path) -> list[Path]:
    """Return every generation directory, oldest first."""
    if not Path(index_dir).is_dir():
        return []
    return sorted(p for p in Path(index_dir).iterdir() if p.name.startswith(GENERATION_PREFIX))


def next_generation(index_dir: Path) -> Path:
    """Return the path for a new generation, numbered after every existing one."""
    existing = [int(p.name[len(GENERATION_PREFIX) :]) for p in generation_dirs(index_dir)]
    return Path(index_dir) / f"{GENERATION_PREFIX}{max(existing, default=0) + 1:06d}"


def _generation_number(path: Path) -> int:
    try:
        return int(path.name[len(GENERATION_PREFIX) :])
    except ValueError:
        return -1


def remove_unfinished(index_dir: Path) -> list[Path]:
    """Remove what a killed run left: generations newer than CURRENT and temporary files.

    Only the holder of the index lock may call this: a generation newer than the one
    CURRENT names is then one nobody is writing any more.
    """
    index_dir = Path(index_dir)
    try:
        current = _generation_number(current_generation(index_dir))
    except IndexMissing:
        current = 0
    removed = [g for g in generation_dirs(index_dir) if _generation_number(g) > current]
    for generation in removed:
        shutil.rmtree(generation, ignore_errors=True)
    for name in os.listdir(index_dir):
        if name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.remove(index_dir / name)
    return removed


@contextlib.contextmanager
def index_lock(index_dir: Path, wait: float = DEFAULT_LOCK_WAIT) -> Iterator[None]:
    """Hold the index's write lock, waiting up to `wait` seconds for another run to finish.

    Raises IndexBusy, naming the holder's pid, when the wait runs out.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        give_up = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= give_up:
                    raise IndexBusy(index_dir, _lock_holder(fd)) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _lock_holder(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None


def switch_current(index_dir: Path, generation: Path) -> None:
    """Make `generation` current: write a temporary pointer, flush it, rename it over."""
    index_dir = Path(index_dir)
    tmp = index_dir / f"{CURRENT}.tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write(generation.name + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / CURRENT)
    dir_fd = os.open(index_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
