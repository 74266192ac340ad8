"""Who published a statement: known sites by host, parent domain and path, the page's own
name, government hosts by their country-code domain, and unknown otherwise."""

import json
from importlib import resources

import pytest

from indexer.enrich import enrich
from indexer.publishers import Publisher, address, find_publisher, normalise_name, publishers
from search.labels import country_label
from search.models import Statement

# The G20's members (with the European Union) and the land and sea neighbours of
# Kazakhstan, China and Russia: each must keep at least one known site.
G20 = [
    "AR", "AU", "BR", "CA", "CN", "FR", "DE", "IN", "ID", "IT", "JP", "MX", "RU",
    "SA", "ZA", "KR", "TR", "GB", "US", "EU",
]  # fmt: skip
NEIGHBOURS = [
    "KG", "UZ", "TM", "AF", "BT", "IN", "KP", "LA", "MN", "MM", "NP", "PK", "TJ",
    "VN", "NO", "FI", "EE", "LV", "LT", "PL", "BY", "UA", "GE", "AZ", "JP", "US",
]  # fmt: skip


def statement(**fields) -> Statement:
    return Statement(
        **{"id": "t", "title": "Note", "date": None, "place": None, "paragraphs": (), **fields}
    )


def publisher_of(**fields) -> Publisher:
    return find_publisher(statement(**fields))


def test_a_known_site_names_the_publisher_and_its_state():
    assert publisher_of(source="akorda.kz") == Publisher(
        "President of the Republic of Kazakhstan", "KZ", "known site akorda.kz: akorda.kz"
    )


@pytest.mark.parametrize(
    ("url", "key", "name", "country"),
    [
        (
            "https://en.kremlin.ru/events/president/news/1",
            "kremlin.ru",
            "President of the Russian Federation",
            "RU",
        ),
        (
            "https://www.mid.ru/en/foreign_policy/news/",
            "mid.ru",
            "Ministry of Foreign Affairs of the Russian Federation",
            "RU",
        ),
        (
            "https://english.www.gov.cn/news/",
            "www.gov.cn",
            "The State Council of the People's Republic of China",
            "CN",
        ),
        (
            "https://WWW.MOFA.GO.JP:443/press/",
            "mofa.go.jp",
            "Ministry of Foreign Affairs of Japan",
            "JP",
        ),
        ("https://2021-2025.state.gov/a/", "state.gov", "U.S. Department of State", "US"),
        (
            "https://eeas.europa.eu/delegations/",
            "eeas.europa.eu",
            "European External Action Service",
            "EU",
        ),
        ("https://au.int/en/pressreleases", "au.int", "African Union", None),
    ],
)
def test_a_subdomain_is_the_site_of_its_nearest_known_parent(url, key, name, country):
    assert publisher_of(source_url=url) == Publisher(name, country, f"known site {key}: {url}")


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://www.gob.mx/sre/prensa/visita", "Secretariat of Foreign Affairs of Mexico"),
        ("https://www.gob.mx/presidencia", "Presidency of the Republic of Mexico"),
        ("https://www.canada.ca/en/global-affairs/news/2024/x.html", "Global Affairs Canada"),
        (
            "https://www.gov.kz/memleket/entities/mfa/press/news/1",
            "Ministry of Foreign Affairs of the Republic of Kazakhstan",
        ),
    ],
)
def test_a_path_key_covers_its_path_and_the_paths_below(url, name):
    assert publisher_of(source_url=url).name == name


def test_another_path_of_a_listed_host_is_only_its_state():
    # /srebrenica is not under /sre; the host is still the Mexican government's.
    for url, country in [
        ("https://www.gob.mx/srebrenica", "MX"),
        ("https://www.gob.mx/sep/prensa", "MX"),
        ("https://www.canada.ca/en/health-canada/news.html", "CA"),
    ]:
        host = address(url)[0]
        assert publisher_of(source_url=url) == Publisher(None, country, f"government host: {host}")


def test_a_known_host_does_not_cover_its_siblings():
    # www.gov.cn is the State Council's site, not every host under gov.cn.
    assert publisher_of(source_url="http://english.mofcom.gov.cn/a.shtml") == Publisher(
        None, "CN", "government host: english.mofcom.gov.cn"
    )


def test_the_site_comes_before_the_url_and_an_unknown_site_gives_way_to_the_url():
    both = publisher_of(source="akorda.kz", source_url="https://www.mid.ru/en/")
    assert (both.name, both.country) == ("President of the Republic of Kazakhstan", "KZ")
    url = publisher_of(source="example.org", source_url="https://www.mid.ru/en/")
    assert url.evidence == "known site mid.ru: https://www.mid.ru/en/"


@pytest.mark.parametrize(
    ("page_name", "key", "name", "country"),
    [
        ("President of Russia", "kremlin.ru", "President of the Russian Federation", "RU"),
        ("  WHITE   house ", "whitehouse.gov", "The White House", "US"),
        ("The Federal Foreign Office", "auswaertiges-amt.de", "Federal Foreign Office", "DE"),
        ("GOV.UK", "gov.uk", "UK Government", "GB"),
        (
            "中华人民共和国外交部",
            "fmprc.gov.cn",
            "Ministry of Foreign Affairs of the People's Republic of China",
            "CN",
        ),
        ("президент россии", "kremlin.ru", "President of the Russian Federation", "RU"),
        (
            "Ministry of External Affairs of India",
            "mea.gov.in",
            "Ministry of External Affairs of India",
            "IN",
        ),
    ],
)
def test_the_pages_own_name_is_matched_against_the_known_names(page_name, key, name, country):
    found = publisher_of(publisher=page_name, source_url="https://mirror.example.org/x")
    assert found == Publisher(name, country, f"name of {key}: {page_name}")


def test_a_source_that_is_a_name_is_matched_as_a_name():
    found = publisher_of(source="Ministry of Foreign Affairs of Japan")
    assert (found.name, found.country) == ("Ministry of Foreign Affairs of Japan", "JP")


def test_a_name_must_match_whole():
    assert publisher_of(publisher="Ministry of Foreign Affairs").country is None
    assert publisher_of(publisher="The White House Historical Association").country is None


@pytest.mark.parametrize(
    ("url", "country"),
    [
        ("https://minfin.gov.kz/en/news", "KZ"),
        ("https://www.justice.gouv.fr/actualites", "FR"),
        ("https://www.meti.go.jp/english/", "JP"),
        ("https://www.bmeia.gv.at/en/", "AT"),
        ("https://www.mfat.govt.nz/en/", "NZ"),
        ("https://www.mrree.gub.uy/", "UY"),
        ("https://www.mfa.am/en/", "AM"),
        ("https://usaid.gov/news", "US"),
    ],
)
def test_a_government_host_gives_the_state_of_its_domain(url, country):
    found = publisher_of(source_url=url, publisher="Site of its own")
    assert found == Publisher("Site of its own", country, f"government host: {address(url)[0]}")


@pytest.mark.parametrize(
    "url",
    [
        "https://tass.ru/politika/1",
        "https://ria.ru/20240101/x.html",
        "https://www.news.kz/x",
        "https://president.tv/x",
        "https://gov.tv/x",
        "https://mfa.io/docs",
        "https://go.me/x",
        "https://www.gov.co.example.com/x",
        "https://www.argentina.gob.ar.example.org/x",
        "https://mfa.gov.xx/x",
        "http://127.0.0.1/x",
    ],
)
def test_any_other_host_says_nothing_of_the_state(url):
    assert publisher_of(source_url=url) == Publisher(
        None, None, f"no known site, site name or government host: {url}"
    )


def test_an_unknown_publisher_keeps_the_pages_name_and_no_country():
    found = publisher_of(source="example.org", publisher="Astana Times")
    assert found == Publisher(
        "Astana Times",
        None,
        "no known site, site name or government host: example.org, Astana Times",
    )
    assert publisher_of().evidence == "no known site, site name or government host: none given"


def test_enrich_sets_the_publisher_its_state_and_the_evidence():
    found = enrich(statement(source_url="https://en.kremlin.ru/events/1"))
    assert (found.publisher, found.publisher_country) == (
        "President of the Russian Federation",
        "RU",
    )
    assert found.evidence["publisher"] == {
        "RU": ["known site kremlin.ru: https://en.kremlin.ru/events/1"]
    }
    unknown = enrich(statement(source="example.org", publisher="Astana Times"))
    assert (unknown.publisher, unknown.publisher_country, unknown.countries) == (
        "Astana Times",
        None,
        (),
    )
    assert unknown.evidence["publisher"] == {
        "unknown": ["no known site, site name or government host: example.org, Astana Times"]
    }


def test_a_country_given_with_the_statement_is_kept():
    found = enrich(statement(source="akorda.kz", publisher_country="BY"))
    assert (found.publisher, found.publisher_country) == (
        "President of the Republic of Kazakhstan",
        "BY",
    )
    assert found.evidence["publisher"] == {"BY": ["given with the statement: BY"]}


def test_every_g20_member_and_neighbour_has_a_known_site():
    countries = {site.country for sites in publishers().sites.values() for _, site in sites}
    assert [code for code in G20 + NEIGHBOURS if code not in countries] == []
    assert "African Union" in {site.name for site in publishers().names.values()}


def test_every_key_is_a_host_and_every_name_one_state():
    for host in publishers().sites:
        assert address(host) == (host, ""), host
    data = json.loads(resources.files("indexer").joinpath("data/sources.json").read_text("utf-8"))
    states: dict[str, set] = {}
    for entry in data["sites"].values():
        for name in [entry["name"], *entry.get("names", ())]:
            states.setdefault(normalise_name(name), set()).add(entry["country"])
    assert {name: s for name, s in states.items() if len(s) > 1} == {}


def test_the_european_union_is_a_publishing_country_with_a_label():
    found = enrich(
        statement(source_url="https://www.eeas.europa.eu/eeas/x", title="EU-China summit")
    )
    assert (found.publisher_country, found.pairs) == ("EU", ("CN-EU",))
    assert country_label("EU") == "European Union"
