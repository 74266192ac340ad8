"""Countries in every form statements use, and the traps, with exact ISO codes."""

import pytest

from indexer.countries import country_finder
from indexer.enrich import enrich
from search.labels import country_label
from search.models import Statement


def codes(text, **options):
    return [m.code for m in country_finder().mentions(text, **options)]


def phrases(text):
    return [m.phrase for m in country_finder().mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("talks with China", ["CN"]),
        ("the People's Republic of China", ["CN"]),
        ("the People\u2019s Republic of China", ["CN"]),
        ("the Kingdom of Saudi Arabia and Saudi Arabia", ["SA", "SA"]),
        ("the Republic of Korea", ["KR"]),
        ("South Korea and North Korea", ["KR", "KP"]),
        ("the DPRK", ["KP"]),
        ("the Democratic People's Republic of Korea", ["KP"]),
        ("the Islamic Republic of Iran", ["IR"]),
        ("the Russian Federation and Russia", ["RU", "RU"]),
        ("Viet Nam, Vietnam and the Socialist Republic of Vietnam", ["VN", "VN", "VN"]),
        ("Cote d'Ivoire and C\u00f4te d'Ivoire", ["CI", "CI"]),
        ("the Democratic Republic of the Congo and the Republic of the Congo", ["CD", "CG"]),
        ("Sudan and South Sudan", ["SD", "SS"]),
        ("Niger and Nigeria", ["NE", "NG"]),
        ("Dominica and the Dominican Republic", ["DM", "DO"]),
        ("Ireland and Northern Ireland", ["IE", "GB"]),
        ("Burma", ["MM"]),
        ("Kosovo", ["XK"]),
    ],
)
def test_short_and_official_names(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the PRC", ["CN"]),
        ("the U.S. and the US and the USA", ["US", "US", "US"]),
        ("the United States of America", ["US"]),
        ("the UAE", ["AE"]),
        ("the UK and the U.K.", ["GB", "GB"]),
        ("the ROK", ["KR"]),
        ("the DRC", ["CD"]),
    ],
)
def test_abbreviations(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Kazakh economy", ["KZ"]),
        ("the Chinese side", ["CN"]),
        ("South Korean and North Korean officials", ["KR", "KP"]),
        ("Papua New Guinean and Equatorial Guinean delegations", ["PG", "GQ"]),
        ("Turkish and Emirati investors", ["TR", "AE"]),
        ("a Filipino crew", ["PH"]),
    ],
)
def test_demonyms_and_adjectives(text, expected):
    assert codes(text) == expected


def test_kazakh_chinese_business_council_names_both_countries_and_their_pair():
    text = "the Kazakh-Chinese Business Council"
    found = country_finder().mentions(text)
    assert [m.code for m in found] == ["KZ", "CN"]
    assert country_finder().pairs(text, found) == [("CN", "KZ", "Kazakh-Chinese")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the U.S.-Croatia relationship", [("HR", "US", "U.S.-Croatia")]),
        ("United States-Japan Joint Statement", [("JP", "US", "United States-Japan")]),
        ("the U.S.\u2013China talks", [("CN", "US", "U.S.\u2013China")]),
        (
            "the U.S.-ROK-Japan Trilateral",
            [
                ("JP", "KR", "U.S.-ROK-Japan"),
                ("JP", "US", "U.S.-ROK-Japan"),
                ("KR", "US", "U.S.-ROK-Japan"),
            ],
        ),
        (
            "Implementation of the Agreement for the U.S. \u2013 Japan Alliance",
            [
                ("JP", "US", "U.S. \u2013 Japan"),
            ],
        ),
        ("the U.S.- Mexico High-Level Economic Dialogue", [("MX", "US", "U.S.- Mexico")]),
        ("Russia \u2014 and Ukraine", []),
        ("Russia\u2014Ukraine", []),
        ("Russia and Ukraine", []),
        ("Guinea-Bissau", []),
    ],
)
def test_hyphenated_pairs(text, expected):
    found = country_finder().mentions(text)
    assert country_finder().pairs(text, found) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guinea", ["GN"]),
        ("Papua New Guinea", ["PG"]),
        ("Equatorial Guinea", ["GQ"]),
        ("Guinea-Bissau", ["GW"]),
        ("maritime security in the Gulf of Guinea", []),
        ("Turkey", ["TR"]),
        ("T\u00fcrkiye", ["TR"]),
        ("Turkiye", ["TR"]),
        ("New Mexico and Mexico", ["MX"]),
        ("New Jersey", []),
        ("summers at the Jersey Shore", []),
        ("the Bailiwick of Jersey", ["JE"]),
        ("Remarks at Pardoning of the National Thanksgiving Turkey", []),
        ("Indiana and India", ["IN"]),
        ("the Indian Ocean", []),
        ("American Samoa", ["AS"]),
        ("Latin America", []),
    ],
)
def test_names_inside_other_names(text, expected):
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Vice President convened leaders in Atlanta, Georgia today", []),
        ("Georgia Governor Brian Kemp", []),
        ("the Governor of Georgia", []),
        ("business leaders from Alabama, Florida, Georgia, and South Carolina", []),
        ("support for Georgia's territorial integrity in the South Caucasus", ["GE"]),
        ("President Zourabichvili of Georgia", ["GE"]),
        ("Moldova, Ukraine, Armenia, Georgia", ["MD", "UA", "AM", "GE"]),
        ("Tbilisi, Georgia", ["GE"]),
        ("Republic of Georgia", ["GE"]),
    ],
)
def test_georgia_the_us_state_is_not_the_country(text, expected):
    assert codes(text) == expected


def test_georgia_in_a_us_statement_about_us_states_means_the_state_throughout():
    finder = country_finder()
    text = "Kia will build its EV9 in Georgia, and Samsung brings jobs to Texas."
    assert finder.georgia_is_state(text, "US") is True
    assert finder.georgia_is_state(text, "KZ") is False
    assert (
        finder.georgia_is_state("We discussed Georgia's path in Tbilisi and Texas.", "US") is False
    )
    assert codes("EV9 plants in Georgia", georgia_is_state=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Michael Jordan played here", []),
        ("Jordan Smith said", []),
        ("Q Jordan Fabian, Bloomberg.", []),
        ("Mr. Jordan said", []),
        ("Israel and Jordan agreed", ["IL", "JO"]),
        ("support for Jordan and the Jordanian people", ["JO", "JO"]),
        ("King Abdullah II of Jordan", ["JO"]),
        ("the Hashemite Kingdom of Jordan", ["JO"]),
        ("In Jordan, the leaders met", ["JO"]),
        ("Chad Johnson said", []),
        ("Firefighters John Colandro and Chad Titus.", []),
        ("Deputy Secretary of Energy David Turk and Deputy Secretary Turk", []),
        ("Turkey and the Turks", ["TR", "TR"]),
        ("Chad and Niger", ["TD", "NE"]),
        ("Georgia O'Keeffe painted", []),
    ],
)
def test_jordan_and_chad_as_names_of_persons(text, expected):
    assert codes(text) == expected


def test_title_case_does_not_turn_countries_into_names():
    title = "Remarks by President Biden and King Abdullah II of Jordan Before Bilateral Meeting"
    assert codes(title, title_case=True) == ["JO"]
    assert codes("President Biden Welcomes Jordan", title_case=True) == ["JO"]


def test_phrases_keep_their_written_form():
    assert phrases("the People\u2019s Republic of\nChina") == ["People\u2019s Republic of China"]


def _statement(title, paragraphs, source="whitehouse.gov", place=None):
    return Statement(
        id="t", title=title, date=None, place=place, paragraphs=tuple(paragraphs), source=source
    )


def test_countries_are_the_publisher_and_those_named_substantively():
    statement = enrich(
        _statement(
            "Readout of President Biden's Call with President Ruto of Kenya",
            [
                (
                    "President Joseph R. Biden, Jr. spoke today with President William Ruto of "
                    "Kenya. The leaders discussed Kenya's leadership of the mission to Haiti."
                ),
                "They also discussed the conflict in Sudan and trade with Ethiopia.",
                "President Biden thanked Kenya for its partnership on Haiti and Sudan.",
            ],
        )
    )
    # Kenya: title. Haiti and Sudan: named twice. Ethiopia: once, in passing.
    assert statement.countries == ("HT", "KE", "SD", "US")
    # The call is with Kenya: Haiti and Sudan are what it was about, not its pairs.
    assert statement.pairs == ("KE-US",)
    assert statement.evidence["countries"]["KE"] == ["Kenya"]
    # The publisher's country shows the words for its leader, a known one.
    assert statement.evidence["countries"]["US"] == [
        "Joseph R. Biden",
        "President Biden",
        "President Joseph R. Biden",
    ]


def test_repeated_mentions_must_be_a_fair_share_of_the_main_partner():
    body = ["President Biden met President Yoon of the Republic of Korea today."]
    body += ["Korea and the United States stand together; Korea leads."] * 4
    body += ["They spoke of Russia's war. Russia must end it."]
    statement = enrich(_statement("Readout of a Meeting", body))
    # Korea is named 9 times; Russia twice, under a third of that: in passing.
    assert statement.countries == ("KR", "US")


def test_named_pair_makes_both_countries_substantive_and_adds_the_pair():
    statement = enrich(
        _statement(
            "Statement on a Visit",
            [
                "The President spoke at length about the economy and growth at home.",
                "He praised the Kazakh-Chinese Business Council.",
            ],
            source="mfa.gov.by",
        )
    )
    assert statement.publisher_country == "BY"
    assert statement.countries == ("BY", "CN", "KZ")
    assert statement.pairs == ("BY-CN", "BY-KZ", "CN-KZ")


def test_place_counts_as_substantive():
    statement = enrich(
        _statement(
            "Remarks", ["Thank you all for coming here today to see us."], place="Hanoi, Vietnam"
        )
    )
    assert statement.countries == ("US", "VN")


def test_country_labels_are_short_names():
    assert country_label("CN") == "China"
    assert country_label("KR") == "South Korea"
    assert country_label("KP") == "North Korea"
    assert country_label("TR") == "T\u00fcrkiye"
    assert country_label("XK") == "Kosovo"
    assert country_label("ZZ") == "ZZ"
