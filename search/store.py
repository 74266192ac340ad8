"""Where index generations live on disk and which one is current.

An index directory holds numbered generations (`gen-000001`, ...) and a `CURRENT` file
naming the one readers use. Writers build a new generation and replace `CURRENT`
atomically, so readers always see a complete, committed index.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import IndexMissing

CURRENT = "CURRENT"
GENERATION_PREFIX = "gen-"


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


DEFAULT_INDEX_DIR = Path("var/index")


def default_index_dir() -> Path:
    """Return the index location: $BILAT_INDEX, else var/index under the working directory."""
    return Path(os.environ.get("BILAT_INDEX") or DEFAULT_INDEX_DIR)
