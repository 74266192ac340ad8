"""The fingerprint of what turns files into indexed statements: when it changes, re-read all.

The files it covers are found, not listed: every module of the indexer, every module of
the project that they import (followed through the project's packages, imports inside
functions included), and every file in the `data` folder of each package reached (the
sector taxonomy, country names, site profiles, ...). A new module or data file is
covered as soon as the indexer imports it or its package ships it. A data file that the
indexer does not read but its package ships (such as search/data/stopwords.txt) is
covered too: changing it costs one full re-read, never a stale index.
"""

from __future__ import annotations

import ast
import hashlib
from functools import cache
from pathlib import Path

INDEXER_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = INDEXER_DIR.parent
DATA_FOLDER = "data"


def _module_file(name: str) -> Path | None:
    """Return the source file of a module of the project, or None for any other module."""
    base = PROJECT_ROOT.joinpath(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported_names(path: Path) -> set[str]:
    """Return the modules a source file imports, relative imports resolved; anywhere in it."""
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)
    names = set()
    for node in ast.walk(ast.parse(path.read_bytes(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + [node.module or ""])
                base = base.rstrip(".")
            else:
                base = node.module or ""
            names.add(base)
            # `from package import module` imports a module too.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _with_parents(name: str) -> list[str]:
    """Importing a.b.c runs a/__init__.py and a/b/__init__.py first."""
    parts = name.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts) + 1)]


@cache
def fingerprinted_files() -> tuple[Path, ...]:
    """Return the modules and data files whose content decides what gets indexed, sorted."""
    pending = sorted(INDEXER_DIR.glob("*.py"))
    modules: set[Path] = set()
    while pending:
        path = pending.pop()
        if path in modules:
            continue
        modules.add(path)
        for name in _imported_names(path):
            for module in filter(None, map(_module_file, _with_parents(name))):
                if module not in modules:
                    pending.append(module)
    packages = {path.parent for path in modules if path.name == "__init__.py"}
    data = {
        path
        for package in packages
        for path in (package / DATA_FOLDER).rglob("*")
        if path.is_file()
    }
    return tuple(sorted(modules | data))


@cache
def code_fingerprint() -> str:
    """Return a hash of the code and data that turn files into indexed statements.

    When it differs from the one a generation was built with (a parser, the enrichment,
    its data files or the schema changed), the next run re-reads every file.
    """
    digest = hashlib.sha256()
    for path in fingerprinted_files():
        name = path.relative_to(PROJECT_ROOT).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
