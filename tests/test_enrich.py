"""What enrichment derives for a statement: the founding briefing's exact values, document
types, sectors, persons and the evidence behind each."""

import pytest

from indexer.enrich import document_type, enrich, statement_type
from indexer.parse_text import parse_text
from indexer.persons import find_persons
from indexer.sectors import find_sectors
from indexer.sources import read_hints
from search.labels import DOC_TYPE_LABELS, doc_type_label, sector_label, sector_labels
from search.models import Statement

from .conftest import SEED_FILE


@pytest.fixture(scope="module")
def briefing():
    return enrich(parse_text(SEED_FILE.read_bytes(), read_hints(SEED_FILE), str(SEED_FILE)))


def test_founding_briefing_is_about_china_and_kazakhstan(briefing):
    assert briefing.publisher_country == "KZ"
    assert briefing.countries == ("CN", "KZ")
    assert briefing.pairs == ("CN-KZ",)


def test_founding_briefing_persons_type_and_sectors(briefing):
    assert briefing.persons == ("Nursultan Nazarbayev", "Xi Jinping")
    assert briefing.doc_type == "briefing"
    expected = "agro energy mining chemical engineering transport finance"
    assert briefing.sectors == tuple(expected.split())
    assert not {"defence", "health", "space"} & set(briefing.sectors)


def test_founding_briefing_evidence_quotes_the_text(briefing):
    evidence = briefing.evidence
    assert evidence["countries"] == {
        "CN": [
            "People's Republic of China",
            "China",
            "Chinese",
            "People\u2019s Republic of China",
            "Kazakh-Chinese",
        ],
        # The President of Kazakhstan, named in the opening sentence, speaks for it.
        "KZ": ["Kazakhstan", "Kazakh", "Kazakh-Chinese", "Nursultan Nazarbayev"],
    }
    assert evidence["sectors"]["agro"] == ["agro-industrial complex"]
    assert evidence["sectors"]["mining"] == ["mining and metallurgy"]
    assert evidence["sectors"]["transport"] == ["transit and transport"]
    assert evidence["sectors"]["finance"] == [
        "investment projects",
        "investment cooperation",
        "project-financing",
        "mutual settlements",
        "national currencies",
    ]
    assert evidence["doc_type"] == {"briefing": ["Briefing"]}
    assert evidence["persons"]["Xi Jinping"] == [
        "Xi Jinping",
        "Chairman of the People's Republic of China Xi Jinping",
    ]


def test_evidence_survives_the_json_round_trip(briefing):
    again = Statement.from_json(briefing.to_json())
    assert again.evidence == briefing.evidence
    assert again.countries == briefing.countries


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Briefing for media representatives on results of the visit", "briefing"),
        ("Background Press Call by Senior Administration Officials", "briefing"),
        ("Readout of President Biden\u2019s Call with Prime Minister Modi of India", "readout"),
        ("President Biden\u2019s Meeting with President Lula", "readout"),
        ("United States-Japan Joint Leaders\u2019 Statement", "joint_statement"),
        ("Quad Leaders\u2019 Joint Statement", "joint_statement"),
        ("The Jerusalem U.S.-Israel Strategic Partnership Joint Declaration", "joint_statement"),
        ("Statement by Press Secretary Jen Psaki on the Visit", "press_statement"),
        ("Press Release on the Talks", "press_statement"),
        ("Remarks by President Biden Before Bilateral Meeting", "remarks"),
        (
            "Remarks by President Biden and Prime Minister Kishida in Joint Press Conference",
            "press_conference",
        ),
        ("Interview of the President with Euronews", "interview"),
        ("FACT SHEET: U.S.-India Partnership", "fact_sheet"),
        ("Joint Fact Sheet on Energy", "fact_sheet"),
        ("Roadmap for a Renewed U.S.-Canada Partnership", "other"),
        ("Remarks by President Biden Before Economic Briefing with Secretary Yellen", "remarks"),
        ("Statement by President Biden on the Joint Declaration", "press_statement"),
        ("Background Press Call on the Declaration for the Future of the Internet", "briefing"),
        ("President Biden Approves the Navajo Nation Disaster Declaration", "other"),
        ("Washington Declaration", "joint_statement"),
        ("Joint Readout of the Trilateral Meeting", "readout"),
    ],
)
def test_document_type_from_the_title(title, expected):
    assert document_type(title)[0] == expected


def test_document_type_from_the_section_or_the_transcript_shape():
    def statement(paragraphs, extra=None):
        return Statement(
            id="t",
            title="On the Partnership",
            date=None,
            place=None,
            paragraphs=tuple(paragraphs),
            extra=extra or {},
        )

    assert statement_type(statement(["Text."], {"section": "press-briefings"})) == (
        "briefing",
        ["press-briefings"],
    )
    assert statement_type(statement(["Text."], {"tags": "fact-sheets"})) == (
        "fact_sheet",
        ["fact-sheets"],
    )
    transcript = ["PRESIDENT BIDEN: Welcome.", "PRIME MINISTER KISHIDA: Thank you.", "Fine."]
    assert statement_type(statement(transcript)) == (
        "remarks",
        ["PRESIDENT BIDEN:", "PRIME MINISTER KISHIDA:"],
    )
    assert statement_type(statement(["Text."])) == ("other", [])


def test_every_type_has_a_label():
    assert set(DOC_TYPE_LABELS) == {
        "briefing",
        "readout",
        "joint_statement",
        "press_statement",
        "remarks",
        "press_conference",
        "interview",
        "fact_sheet",
        "other",
    }
    assert doc_type_label("joint_statement") == "Joint statement or declaration"


def test_sector_taxonomy_has_the_required_sectors_with_labels():
    assert list(sector_labels()) == [
        "agro",
        "energy",
        "mining",
        "chemical",
        "engineering",
        "transport",
        "infrastructure",
        "finance",
        "trade",
        "digital",
        "space",
        "defence",
        "health",
        "education",
        "culture",
        "environment",
    ]
    assert sector_label("agro") == "Agro-industrial complex and agriculture"
    assert sector_label("unknown") == "unknown"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A strong phrase is enough.
        ("They agreed to expand the supply of oil and gas.", {"energy": ["oil and gas"]}),
        ("Cooperation in outer space was discussed.", {"space": ["outer space"]}),
        # One stray word is not.
        ("He spoke with energy and warmth.", {}),
        ("The talks took place in a spacious hall near the satellite office.", {}),
        # Two different words are.
        (
            "Vaccines and hospitals were on the agenda.",
            {"health": ["Vaccines", "hospitals"]},
        ),
        # The same word twice is still one word.
        ("Trade, trade and more trade.", {}),
        # A word in a list of three or more sectors counts.
        (
            "projects in chemical industry, mining and metallurgy, engineering, energy",
            {
                "energy": ["energy"],
                "mining": ["mining and metallurgy"],
                "chemical": ["chemical industry"],
                "engineering": ["engineering"],
            },
        ),
        # Acronyms match only in capitals.
        ("NATO and the WTO", {}),
        (
            "The NATO allies and our military cooperation",
            {
                "defence": ["NATO allies", "military cooperation"],
            },
        ),
    ],
)
def test_sectors_need_more_than_a_stray_word(text, expected):
    assert find_sectors(text) == expected


def test_persons_are_normalised_to_the_full_name_in_the_statement():
    text = (
        "Prime Minister Robert Golob of the Republic of Slovenia met the President. "
        "PRIME MINISTER GOLOB: Thank you. Later Prime Minister Golob left."
    )
    assert find_persons(text) == {
        "Robert Golob": [
            "Prime Minister Robert Golob",
            "PRIME MINISTER GOLOB",
            "Prime Minister Golob",
        ]
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("President Xi welcomed the guests. Xi Jinping said.", ["Xi Jinping"]),
        (
            "Readout of President Biden\u2019s Call with President Nayib Bukele of El Salvador",
            ["Joe Biden", "Nayib Bukele"],
        ),
        (
            "President Joseph R. Biden, Jr. met His Majesty King Abdullah II of Jordan.",
            ["Joe Biden", "Abdullah II"],
        ),
        ("Crown Prince Mohammed bin Salman", ["Mohammed bin Salman"]),
        ("Prime Minister Modi of India", ["Narendra Modi"]),
        ("Chairman of the People\u2019s Republic of China Xi Jinping", ["Xi Jinping"]),
        ("President Joseph R. Biden Jr. met", ["Joe Biden"]),
        ("President Ferdinand Marcos Jr. and President Marcos", ["Ferdinand Marcos Jr."]),
        ("Vice President Harris\u2019 trip. Did President Biden?", ["Kamala Harris", "Joe Biden"]),
        ("Prime Minister of Singapore Lee Hsien Loong", ["Lee Hsien Loong"]),
        ("Prime Minister Ahmad al-Nawaf al-Sabah", ["Ahmad al-Nawaf al-Sabah"]),
        ("President Donald J. Trump Takes Action to Protect", ["Donald Trump"]),
        ("Vice President Harris Announcing Actions", ["Kamala Harris"]),
        ("President Bi- \u2014 President Biden said", ["Joe Biden"]),
        # Not heads of state, government or ministers.
        ("Remarks on Dr. King Day and by the President Pro Tempore", []),
        ("the President of the Italian Episcopal Conference", []),
        ("As President of the United States Senate, I", []),
        ("National Security Advisor to the Vice President Phil Gordon", []),
        ("Press Secretary Karine Jean-Pierre and Deputy Secretary of State Campbell", []),
        ("Chairman Milley spoke. Martin Luther King Jr. Day.", []),
        ("The President of Kazakhstan elaborated on projects.", []),
    ],
)
def test_persons_named_with_titles(text, expected):
    assert list(find_persons(text)) == expected


def test_publishers_country_comes_from_the_sources_file():
    for source, country in [("akorda.kz", "KZ"), ("whitehouse.gov", "US"), ("mfa.gov.by", "BY")]:
        statement = Statement(
            id="t", title="Note", date=None, place=None, paragraphs=(), source=source
        )
        assert enrich(statement).publisher_country == country
    unknown = Statement(id="t", title="Note", date=None, place=None, paragraphs=(), source="x.org")
    assert enrich(unknown).publisher_country is None
    assert enrich(unknown).countries == ()
