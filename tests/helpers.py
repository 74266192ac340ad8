"""Helpers shared by several test modules: a small search corpus with known countries,
sectors, types and dates for exact search tests, known statement files and texts, bad
inputs, and waiting on a condition."""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from indexer.build import write_statements
from search.models import Statement

from .conftest import CORPUS, REPO

# The founding briefing's key (corpus/akorda.kz), stable across parses, and the id that
# the earlier form `<date>-<title words>-<hash>` gave it, which still answers.
BRIEFING_ID = "2lnabdhxn47e"
BRIEFING_SLUG = "2018-06-10-briefing-for-media-representatives-on-results-of-the-visit"
BRIEFING_EARLIER_ID = (
    "2018-06-10-briefing-for-media-representatives-on-results-of-the-visit-a0f1450fea"
)

# Two bundled White House statements with a venue line and speaker labels.
BILATERAL = CORPUS / "whitehouse.gov" / "bilateral"
SLOVENIA = (
    BILATERAL / "speeches-remarks" / "2024-10" / "2024-10-22-remarks-by-president-biden-and-prime"
    "-minister-robert-golob-of-the-republic-of-slovenia-before-bilateral-meeting.md"
)
INDIA = (
    BILATERAL / "remarks" / "2025-02" / "2025-02-13-remarks-by-president-trump-and-prime-minister"
    "-narendra-modi-of-the-republic-of-india-in-joint-press-conference.md"
)
WHITEHOUSE = CORPUS / "whitehouse.gov"

# The command line, run in a new interpreter.
BILAT = [sys.executable, "-c", "import sys, bilat_cli; sys.exit(bilat_cli.main())"]

# Two unrelated texts of more than 30 words, for the near-duplicate grouping.
BODY = (
    "The President met the Prime Minister to review the partnership between the two "
    "countries. They welcomed progress on the joint railway corridor, the new power line "
    "across the border and the programme of student exchanges launched last spring. The "
    "leaders agreed to open a consulate in the northern province, to simplify visas for "
    "business travellers and to hold the next round of talks on customs procedures before "
    "the end of the year. They also discussed security in the region, the supply of "
    "fertiliser to farmers, and a fund for small firms that export to each other's markets."
)
OTHER = (
    "The Secretary announced grants to rural hospitals for emergency rooms, ambulances and "
    "the training of nurses. Forty states will receive funds this year, and the programme "
    "will be reviewed by an independent panel that reports to Congress in the autumn. "
    "Applications open next month, and the department will publish the criteria, the "
    "amounts available for each region and the names of the hospitals chosen, together "
    "with the reasons for each choice, so that communities can follow how the money is spent."
)


def _statement(id, title, date, countries, sectors, doc_type, source, paragraphs, persons=()):
    return Statement(
        id=id,
        title=title,
        date=datetime.date.fromisoformat(date) if date else None,
        place=None,
        paragraphs=tuple(paragraphs),
        source=source,
        doc_type=doc_type,
        countries=tuple(countries),
        pairs=tuple(
            f"{a}-{b}" for i, a in enumerate(sorted(countries)) for b in sorted(countries)[i + 1 :]
        ),
        sectors=tuple(sectors),
        persons=tuple(persons),
    )


STATEMENTS = [
    _statement(
        "kz-cn-currencies",
        "Briefing on the visit to China",
        "2018-06-10",
        ["CN", "KZ"],
        ["finance", "trade"],
        "briefing",
        "akorda.kz",
        [
            "The sides discussed mutual settlements in national currencies within the SCO.",
            "The national economy of Kazakhstan grows, and trade with China increased.",
        ],
        persons=["Xi Jinping", "Nursultan Nazarbayev"],
    ),
    _statement(
        "kz-ru-energy",
        "Readout of the talks with Russia",
        "2018-07-02",
        ["KZ", "RU"],
        ["energy"],
        "readout",
        "akorda.kz",
        [
            "Energy cooperation and oil transit were discussed.",
            "Investments in the energy sector grew.",
        ],
        persons=["Vladimir Putin"],
    ),
    _statement(
        "kz-cn-transport",
        "Joint statement on transport and transit",
        "2019-03-15",
        ["CN", "KZ"],
        ["transport"],
        "joint_statement",
        "akorda.kz",
        ["The parties agreed to develop transport corridors and transit through Kazakhstan."],
    ),
    _statement(
        "us-jp-readout",
        "Readout of the call with Prime Minister Suga of Japan",
        "2021-04-16",
        ["JP", "US"],
        ["defence"],
        "readout",
        "whitehouse.gov",
        ["President Biden spoke with Prime Minister Suga about investment and regional security."],
        persons=["Joe Biden", "Yoshihide Suga"],
    ),
    _statement(
        "us-in-readout",
        "Readout of the meeting with Prime Minister Modi of India",
        "2022-05-24",
        ["IN", "US"],
        ["trade"],
        "readout",
        "whitehouse.gov",
        ["The leaders discussed trade, an investment treaty and national security."],
        persons=["Joe Biden", "Narendra Modi"],
    ),
    _statement(
        "quad-statement",
        "Quad joint leaders statement",
        "2022-05-24",
        ["IN", "JP", "US"],
        ["energy", "defence"],
        "joint_statement",
        "whitehouse.gov",
        ["The leaders of India, Japan and the United States committed to clean energy."],
        persons=["Joe Biden", "Narendra Modi"],
    ),
    _statement(
        "undated-remarks",
        "Remarks on trade with China",
        None,
        ["CN", "US"],
        ["trade"],
        "remarks",
        "whitehouse.gov",
        ["Our trade with China is fair; currencies of the two nations were not discussed."],
    ),
    _statement(
        "kz-uz-agro",
        "Statement on the agro-industrial complex",
        "2020-11-05",
        ["KZ", "UZ"],
        ["agro"],
        "press_statement",
        "akorda.kz",
        ["Cooperation in the agro-industrial complex, investing in irrigation."],
    ),
    _statement(
        "by-ru-gas",
        "Statement on gas supplies",
        "2020-02-14",
        ["BY", "RU"],
        ["energy"],
        "press_statement",
        "mfa.gov.by",
        ["Belarus and Russia discussed gas prices and energy supplies."],
        persons=["Vladimir Putin"],
    ),
    _statement(
        "us-mx-call",
        "Readout of the call with President López Obrador of Mexico",
        "2023-01-09",
        ["MX", "US"],
        [],
        "readout",
        "whitehouse.gov",
        ["They spoke about migration & <border> security, and about national priorities."],
        persons=["Joe Biden"],
    ),
    _statement(
        "kz-cn-2023",
        "Briefing on the talks with China",
        "2023-05-18",
        ["CN", "KZ"],
        ["energy", "trade"],
        "briefing",
        "akorda.kz",
        [
            "Xi Jinping and Kassym-Jomart Tokayev discussed energy and trade.",
            "Settlements in national currencies will grow.",
        ],
        persons=["Xi Jinping"],
    ),
    _statement(
        "kz-cn-2023-dec",
        "Briefing on the visit of the Chinese premier",
        "2023-12-01",
        ["CN", "KZ"],
        ["transport"],
        "briefing",
        "akorda.kz",
        ["The premier visited Astana. Transit of goods and the national railway were discussed."],
    ),
]
"""Twelve statements: 2018-06 to 2023-12 and one undated; every id is unique."""


def build_search_corpus(index_dir: Path) -> Path:
    """Index the statements above into `index_dir` and return it."""
    write_statements(index_dir, STATEMENTS)
    return index_dir


def segment_bytes(generation):
    """Each segment file's bytes, by its kind (the segment's name is random)."""
    return {
        path.name.split(".", 1)[1]: path.read_bytes()
        for path in generation.iterdir()
        if path.suffix in (".pst", ".trm", ".col")
    }


def make_bad_inputs(folder):
    """Write one file of each kind of bad input; return path -> expected reason."""
    bad = folder / "bad"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (bad / "truncated.html").write_bytes(
        b"<!DOCTYPE html><html><head><title>T</title></head><body><h1>T</h1><p>Cut sh"
    )
    (bad / "binary.txt").write_bytes(b"10 June 2018\nTitle\nPlace\n\nBody \x00\x01 here.\n")
    with open(bad / "huge.html", "wb") as f:
        f.write(b"<html><body>")
        f.truncate(50 * 1024 * 1024)
    (bad / "nested.html").write_bytes(
        b"<html><body>" + b"<div>" * 20000 + b"deep" + b"</div>" * 20000 + b"</body></html>"
    )
    (bad / "records.jsonl").write_text(
        '{"id": "1", "title": "Good record", "text": "Fine."}\n{"id": 2, "title": \n',
        encoding="utf-8",
    )
    return {
        f"{bad / 'binary.html'}": "not text",
        f"{bad / 'binary.txt'}": "not text",
        f"{bad / 'empty.html'}": "empty file",
        f"{bad / 'huge.html'}": "file too large",
        f"{bad / 'nested.html'}": "too deeply nested",
        f"{bad / 'records.jsonl'}:2": "malformed JSON line",
        f"{bad / 'truncated.html'}": "truncated HTML page",
    }


def wait_until(condition: Callable[[], object], what: str, timeout: float = 120.0) -> None:
    """Wait until `condition()` is true; fail saying `what` did not happen within `timeout`.

    The timeout is generous: it only bounds a test that would otherwise hang, and says
    nothing about speed.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout:.0f} s"
        time.sleep(0.05)


def copy_project(tmp_path: Path) -> Path:
    """Copy the indexer's and the search's packages, so that a test can change their code
    or data; return the copy's root."""
    project = tmp_path / "project"
    for package in ("indexer", "search"):
        shutil.copytree(
            REPO / package, project / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return project


def run_in_project(project: Path, script: str, *args: str):
    """Run a Python script in a copied project; return what it prints, read as JSON."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
