"""The layering the project promises: who may import Whoosh, BeautifulSoup and web."""

import ast
import subprocess
import sys

from .conftest import REPO


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module.split(".")[0]


def python_files(*folders):
    for folder in folders:
        yield from (REPO / folder).rglob("*.py")


def test_whoosh_is_imported_only_in_search_and_the_index_builder():
    allowed = {REPO / "indexer" / "build.py"} | set(python_files("search"))
    offenders = [
        str(p.relative_to(REPO))
        for p in python_files("indexer", "web", "tests")
        if "whoosh" in imported_modules(p) and p not in allowed
    ]
    assert offenders == []


def test_typesense_is_imported_only_in_its_backend_module():
    offenders = [
        str(p.relative_to(REPO))
        for p in [
            *python_files("search", "indexer", "web", "tests", "bench"),
            REPO / "bilat_cli.py",
        ]
        if "typesense" in imported_modules(p) and p != REPO / "search" / "backend_typesense.py"
    ]
    assert offenders == []


def test_search_and_web_do_not_import_beautifulsoup_or_the_indexer():
    offenders = [
        str(p.relative_to(REPO))
        for p in python_files("search", "web")
        if {"bs4", "indexer"} & set(imported_modules(p))
    ]
    assert offenders == []


def test_nothing_imports_web_but_the_cli_and_tests():
    offenders = [
        str(p.relative_to(REPO))
        for p in python_files("search", "indexer")
        if "web" in imported_modules(p)
    ]
    assert offenders == []


def test_whoosh_imports_clean_with_warnings_as_errors():
    code = "import whoosh.index, whoosh.qparser, whoosh.highlight, whoosh.searching"
    subprocess.run([sys.executable, "-W", "error", "-c", code], check=True)
