"""The indexer's fingerprint: a change to its code or data re-reads unchanged files."""

import json

from indexer.fingerprint import PROJECT_ROOT, fingerprinted_files

from .helpers import copy_project, run_in_project

# Run in a copy of the project's packages, so that its data files can be edited: indexes a
# folder, then prints the run's counts and the sectors of each statement, as JSON.
INDEX_AND_SHOW_SECTORS = """
import json, sys
from pathlib import Path
import indexer, search
from indexer.build import build_index
from search.engine import Engine
from search.models import SearchRequest

assert Path(indexer.__file__).parent.parent == Path.cwd(), indexer.__file__
assert Path(search.__file__).parent.parent == Path.cwd(), search.__file__
report = build_index(Path(sys.argv[1]), [Path(sys.argv[2])], progress=False)
with Engine(Path(sys.argv[1])) as engine:
    hits = engine.search(SearchRequest(q="", per_page=10)).hits
print(json.dumps({
    "parsed": report.parsed_files,
    "unchanged": report.unchanged_files,
    "sectors": {hit.title: list(hit.sectors) for hit in hits},
}))
"""

STATEMENT = """\
---
title: Ministers discuss ocean cooperation
date: 2024-03-05
---
The two ministers met in Lisbon and agreed to expand their ocean cooperation and marine
research. They also spoke about climate change and the protection of coral reefs.
"""


def project_relative(paths):
    return {path.relative_to(PROJECT_ROOT).as_posix() for path in paths}


def test_the_fingerprint_covers_what_the_indexer_imports_and_the_data_it_reads():
    files = project_relative(fingerprinted_files())
    # The taxonomy and the module that reads it are reached through indexer/sectors.py.
    assert {"search/data/sectors.json", "search/labels.py"} <= files
    # Imported inside a function (indexer/pipeline.py); the package's own __init__.
    assert {"indexer/parse_html.py", "search/__init__.py", "indexer/data/countries.json"} <= files
    # The web app and the command line do not decide what gets indexed.
    assert not {f for f in files if f.startswith("web/")}
    assert "bilat_cli.py" not in files
    assert "search/engine.py" not in files


def run_indexer(project, index_dir, docs):
    return run_in_project(project, INDEX_AND_SHOW_SECTORS, str(index_dir), str(docs))


def test_a_taxonomy_change_re_tags_unchanged_files_on_a_plain_run(tmp_path):
    project = copy_project(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ocean.md").write_text(STATEMENT, encoding="utf-8")
    index_dir = tmp_path / "index"
    title = "Ministers discuss ocean cooperation"

    first = run_indexer(project, index_dir, docs)
    assert first == {"parsed": 1, "unchanged": 0, "sectors": {title: ["environment"]}}
    again = run_indexer(project, index_dir, docs)
    assert again == {"parsed": 0, "unchanged": 1, "sectors": {title: ["environment"]}}

    taxonomy_path = project / "search" / "data" / "sectors.json"
    taxonomy = json.loads(taxonomy_path.read_text(encoding="utf-8"))
    education = next(s for s in taxonomy["sectors"] if s["id"] == "education")
    education["phrases"].append("marine research")
    taxonomy_path.write_text(json.dumps(taxonomy, ensure_ascii=False), encoding="utf-8")

    after = run_indexer(project, index_dir, docs)
    assert after == {"parsed": 1, "unchanged": 0, "sectors": {title: ["education", "environment"]}}
