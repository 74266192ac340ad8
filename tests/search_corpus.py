"""A small corpus with known countries, sectors, types and dates, for exact search tests."""

from __future__ import annotations

import datetime
from pathlib import Path

from indexer.build import write_statements
from search.models import Statement


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
