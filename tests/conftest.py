"""Shared fixtures: indexes built from real documents, the app, a live server, a browser."""

from __future__ import annotations

import contextlib
import datetime
import os
import shutil
import threading
from pathlib import Path

import pytest

from indexer.build import build_index

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SEED_FILE = CORPUS / "akorda.kz" / "2018-06-10-briefing-on-visit-to-china-qingdao.txt"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "test-artifacts"


@contextlib.contextmanager
def opened_app(index_dir, **config):
    """Yield the web app over an index, then close the files its engine opened."""
    from web import create_app

    app = create_app({"INDEX": str(index_dir), "TESTING": True, **config})
    try:
        yield app
    finally:
        app.extensions["bilat_engine"].close()


@pytest.fixture()
def make_app():
    """Return a function opening the web app over an index; all are closed after the test.

    Keyword arguments are settings or Flask config, as create_app takes them.
    """
    with contextlib.ExitStack() as opened:
        yield lambda index_dir, **config: opened.enter_context(opened_app(index_dir, **config))


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the founding briefing alone."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(index_dir, [SEED_FILE], progress=False)
    return index_dir


BUNDLED_EVERY_NTH = 6
"""The bundled index holds every 6th White House statement (320 of 1,916) and the briefing."""


@pytest.fixture(scope="session")
def bundled_index(tmp_path_factory) -> Path:
    """An index of 321 bundled statements spread over the corpus (2021 to 2025)."""
    files = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))[::BUNDLED_EVERY_NTH]
    index_dir = tmp_path_factory.mktemp("bundled-index")
    build_index(index_dir, [*files, SEED_FILE], progress=False)
    return index_dir


@pytest.fixture(scope="session")
def app(seed_index):
    with opened_app(seed_index) as app:
        yield app


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The app under the production WSGI server, on a loopback port."""
    url, server = _serve(app)
    yield url
    server.close()


def chromium_path() -> str | None:
    return os.environ.get("BILAT_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright. Missing: skip loudly, or fail under CI."""
    path = chromium_path()
    if path is None:
        message = (
            "Debian's chromium is not installed, so the browser tests cannot run "
            "(make test installs it where it runs as root with apt-get)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI=true requires them.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def _statement(day, slug, title, place, paragraphs, countries, sectors, doc_type, persons, **extra):
    """A statement as enrichment would leave it, with evidence for each derived value."""
    from search.models import Statement

    pairs = tuple(
        f"{a}-{b}" for i, a in enumerate(sorted(countries)) for b in sorted(countries)[i + 1 :]
    )
    words = {
        "CN": ["China"],
        "KZ": ["Kazakhstan"],
        "RU": ["Russia"],
        "UZ": ["Uzbekistan"],
        "BY": ["Belarus"],
    }
    return Statement(
        id=f"{day or 'undated'}-{slug}",
        title=title,
        date=datetime.date.fromisoformat(day) if day else None,
        place=place,
        paragraphs=tuple(paragraphs),
        source=extra.get("source", "akorda.kz"),
        source_url=f"https://www.akorda.kz/en/events/{slug}",
        publisher_country=extra.get("publisher_country", "KZ"),
        doc_type=doc_type,
        countries=tuple(countries),
        pairs=pairs,
        sectors=tuple(sectors),
        persons=tuple(persons),
        evidence={
            "countries": {c: words[c] for c in countries},
            "sectors": {s: [s.replace("_", " ")] for s in sectors},
            "doc_type": {doc_type: [doc_type.replace("_", " ")]},
        },
    )


# Eight statements with known countries, sectors, types and dates (one undated); the web and
# browser tests assert exact counts over them.
RESEARCH_STATEMENTS = [
    _statement(
        "2018-06-10",
        "energy-talks-with-china",
        "Talks on energy cooperation with China",
        "Qingdao, People's Republic of China",
        [
            "The Head of State held talks with the President of China on energy cooperation.",
            "The parties discussed oil and gas supplies and mutual settlements in national currencies.",
            "Kazakhstan and China agreed to expand transport corridors across the border.",
        ],
        ["CN", "KZ"],
        ["energy", "transport"],
        "briefing",
        ["Nursultan Nazarbayev", "Xi Jinping"],
    ),
    _statement(
        "2018-09-12",
        "meeting-with-russia",
        "Meeting with the President of Russia",
        "Sochi, Russian Federation",
        [
            "Kazakhstan and Russia reviewed energy cooperation and mining projects.",
            "The presidents noted growth in trade in national currencies.",
        ],
        ["KZ", "RU"],
        ["energy", "mining"],
        "readout",
        ["Nursultan Nazarbayev", "Vladimir Putin"],
    ),
    _statement(
        "2018-11-05",
        "joint-statement-uzbekistan",
        "Joint statement of Kazakhstan and Uzbekistan",
        "Astana",
        [
            "Kazakhstan and Uzbekistan will deepen cooperation in the agro-industrial complex.",
            "The sides agreed to simplify transit of goods by rail.",
        ],
        ["KZ", "UZ"],
        ["agro", "transport"],
        "joint_statement",
        ["Shavkat Mirziyoyev"],
    ),
    _statement(
        "2019-03-20",
        "transport-agreements-china",
        "Kazakhstan and China sign transport agreements",
        "Beijing",
        ["Kazakhstan and China signed agreements on rail transport and logistics hubs."],
        ["CN", "KZ"],
        ["transport"],
        "press_statement",
        ["Xi Jinping"],
    ),
    _statement(
        "2019-07-02",
        "energy-cooperation-russia",
        "Energy cooperation with Russia discussed",
        "Astana",
        ["Energy cooperation with Russia was discussed, including oil and gas transit."],
        ["KZ", "RU"],
        ["energy"],
        "briefing",
        ["Vladimir Putin"],
    ),
    _statement(
        "2019-12-01",
        "belarus-russia-union",
        "Belarus and Russia on integration",
        "Minsk",
        ["Belarus and Russia discussed energy prices and integration."],
        ["BY", "RU"],
        ["energy"],
        "press_statement",
        [],
        source="mfa.gov.by",
        publisher_country="BY",
    ),
    _statement(
        "2020-01-15",
        "mining-projects-china",
        "Mining and metallurgy projects with China",
        "Nur-Sultan",
        ["New mining and metallurgy projects with China were presented to investors."],
        ["CN", "KZ"],
        ["mining"],
        "briefing",
        [],
    ),
    _statement(
        None,
        "trade-with-belarus",
        "Note on trade with Belarus",
        None,
        ["Kazakhstan and Belarus discussed supplies of agricultural machinery."],
        ["BY", "KZ"],
        ["agro"],
        "other",
        [],
    ),
]


@pytest.fixture(scope="session")
def research_index(tmp_path_factory) -> Path:
    """An index of RESEARCH_STATEMENTS, written through the index builder."""
    from indexer.build import write_statements

    index_dir = tmp_path_factory.mktemp("research-index")
    write_statements(index_dir, RESEARCH_STATEMENTS)
    return index_dir


@pytest.fixture(scope="session")
def research_app(research_index):
    with opened_app(research_index) as app:
        yield app


@pytest.fixture()
def research_client(research_app):
    return research_app.test_client()


def _serve(app):
    """Run `app` under waitress on a loopback port the system picks; return its URL and server."""
    from waitress.server import create_server

    # Port 0: the socket is bound here, so no other process can take the port meanwhile.
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return f"http://127.0.0.1:{server.effective_port}", server


@pytest.fixture(scope="session")
def research_server(research_app):
    """The research app under the production WSGI server."""
    url, server = _serve(research_app)
    yield url
    server.close()


UK_ADDRESSES = SHARED_CORPUS / "addresses" / "addresses-2022-uk.jsonl.gz"
CHINESE_PAGES = SHARED_CORPUS / "html" / "fmprc.gov.cn"
TREATIES = SHARED_CORPUS / "treaties" / "texts"
FRENCH_TREATIES = ("CMR-SEN_DMF__1991A", "MRT-SEN_MRF__1983A", "MRT-SEN_SCW__1978A")
RUSSIAN_TREATIES = ("RUS-UKR_MWR__1997A", "CHN-RUS_RUW__2003A", "KAZ-RUS_ENP__2004A")
LANGUAGE_EXTRAS = [
    {
        "id": "zh-lu",
        "date": "2024-05-10",
        "title": "王毅会见卢森堡副首相",
        "lang": "zh",
        "source": "example.cn",
        "text": "双方表示，中卢关系保持良好发展势头。\n\n双方愿深化经贸合作。",
    },
    {
        "id": "en-note",
        "date": "2024-05-11",
        "title": "A note on Ukrainian words",
        "lang": "en",
        "source": "example.org",
        "text": "The word переговорах is Ukrainian for 'in the talks'.",
    },
    *(
        {
            "id": f"ru-{name}",
            "date": "2004-01-01",
            "title": f"Соглашение {name}",
            "lang": "ru",
            "source": "example.ru",
            # The Russian lines of a bilingual treaty (the file is labelled English).
            "text": "\n\n".join(
                line
                for line in (TREATIES / f"{name}.txt").read_text("utf-8").splitlines()
                if sum("а" <= c.lower() <= "я" for c in line) > 20
            ),
        }
        for name in RUSSIAN_TREATIES
    ),
]
"""Statements written for the language tests: a Chinese one with a phrase the pages lack,
an English one quoting a Ukrainian word, and the Russian lines of three treaties."""


@pytest.fixture(scope="session")
def languages_index(tmp_path_factory) -> Path:
    """An index of statements in Ukrainian, Chinese, Russian, French and English.

    The Ukrainian addresses carry their `lang`; the Chinese pages and French treaties get
    theirs from a sidecar `.meta.json`, in a copy (the pages are read in place otherwise).
    """
    import json

    folder = tmp_path_factory.mktemp("languages-corpus")
    pages = folder / "fmprc.gov.cn"
    pages.mkdir()
    for page in sorted(CHINESE_PAGES.glob("*.html")):
        shutil.copy(page, pages / page.name)
        (pages / (page.name + ".meta.json")).write_text('{"lang": "zh"}', "utf-8")
    treaties = folder / "treaties"
    treaties.mkdir()
    for name in FRENCH_TREATIES:
        shutil.copy(TREATIES / f"{name}.txt", treaties / f"{name}.txt")
        (treaties / f"{name}.txt.meta.json").write_text('{"lang": "fr"}', "utf-8")
    extras = folder / "extras.jsonl"
    extras.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in LANGUAGE_EXTRAS), "utf-8"
    )
    english = sorted((CORPUS / "whitehouse.gov").rglob("*.md"))[::60]
    index_dir = tmp_path_factory.mktemp("languages-index")
    build_index(index_dir, [UK_ADDRESSES, pages, treaties, extras, *english], progress=False)
    return index_dir


@pytest.fixture(scope="session")
def typesense_cluster(tmp_path_factory):
    """A three-node Typesense cluster on loopback ports picked now, stopped at the end."""
    from search.cluster import Cluster

    cluster = Cluster.on_free_ports(tmp_path_factory.mktemp("typesense-cluster"))
    cluster.start()
    try:
        cluster.wait_until_ready()
        yield cluster
    finally:
        cluster.stop()
