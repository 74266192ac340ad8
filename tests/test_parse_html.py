import datetime

import pytest

from indexer.errors import ParseError
from indexer.parse_html import LISTING, decode_html, parse_html, profile_for
from indexer.sources import Hints, read_hints

from .conftest import SHARED_CORPUS

HTML = SHARED_CORPUS / "html"
needs_pages = pytest.mark.skipif(
    not HTML.is_dir(), reason=f"the saved HTML pages are absent: {HTML} (real corpus not here)"
)


def parse_page(path, hints=None):
    return parse_html(path.read_bytes(), hints or read_hints(path), str(path))


@needs_pages
def test_mfa_statement_exact_title_body_and_dateline():
    statement = parse_page(HTML / "mfa.gov.by" / "b7b71aff55bfca76.html")
    assert statement.title == (
        "Statement by the Foreign Ministry on countermeasures of the Republic of Belarus to "
        "illegal external sanctions pressure"
    )
    assert statement.date == datetime.date(2021, 12, 6)
    assert statement.source == "mfa.gov.by"
    assert statement.publisher == "Ministry of Foreign Affairs of the Republic of Belarus"
    assert statement.paragraphs == (
        (
            "In response to illegal external sanctions pressure aimed at undermining the "
            "sovereignty of Belarus, worsening the well-being of Belarusian citizens and in order "
            "to protect national interests, the Government of the Republic of Belarus has banned "
            "the import of a number of goods originating from the states applying the illegitimate "
            "anti-Belarusian sanctions."
        ),
        "The corresponding decree will be signed as soon as possible.",
        (
            "Necessary measures will be taken to saturate the domestic market with similar goods "
            "from friendly countries."
        ),
        (
            "In response to the illegitimate restrictions on the Belarusian aviation industry, "
            "which are based on unfair competition, our country will take similar steps in relation "
            "to air carriers from the European Union and the United Kingdom."
        ),
        (
            "Belarus has added more people from the countries that systematically discriminate "
            "Belarusian officials, journalists and representatives of public organizations to the "
            "travel blacklist that bans entry to Belarus and the Union State."
        ),
        (
            "As one of the most significant measures to counter external pressure from the "
            "collective West and strengthen its economic security, the Republic of Belarus will "
            "continue to implement Union State Programs and strengthen economic integration with "
            "the Russian Federation, as well as build strong trade and economic ties with the EAEU "
            "states and other partners."
        ),
        "A number of other non-public steps will be implemented.",
        (
            "The measures are reciprocal in nature and can be canceled if the counterparties "
            "abandon the broken logic of the Cold War and will return to constructive cooperation "
            "in the name of peace and stability on the European continent in full compliance with "
            "their international obligations."
        ),
        (
            "Belarus is ready to resolve any existing differences through mutually respectful "
            "dialogue based on the respect for each other's interests."
        ),
    )


@needs_pages
def test_mfa_speech_title_date_from_title_and_no_site_chrome():
    statement = parse_page(HTML / "mfa.gov.by" / "cf70e7349e4f19db.html")
    assert statement.title == (
        "Statement by Minister of Foreign Affairs of the Republic of Belarus, V.Makei, at the "
        "Extraordinary Virtual Summit of the Heads of Governments of the Central European "
        "Initiative (May 15, 2020)"
    )
    assert statement.date == datetime.date(2020, 5, 15)
    assert len(statement.paragraphs) == 19
    assert statement.paragraphs[:3] == (
        "Dear Prime Minister Markovic,",
        "Dear Secretary General,",
        "Excellences, Ladies and Gentlemen,",
    )
    assert statement.paragraphs[-1] == "Thank you."
    for chrome in ["Font size", "Home", "Diplomatic Missions", "Video", "Contacts", "Twitter"]:
        assert chrome not in statement.text


@needs_pages
def test_the_generic_extraction_finds_the_same_statement_without_a_profile():
    path = HTML / "mfa.gov.by" / "b7b71aff55bfca76.html"
    with_profile = parse_page(path)
    generic = parse_page(path, Hints(source="unknown.example"))
    assert generic.title == with_profile.title
    assert generic.paragraphs == with_profile.paragraphs
    assert generic.date == with_profile.date


@needs_pages
def test_a_page_of_a_site_without_profile_names_its_publisher_and_shown_date():
    statement = parse_page(HTML / "fmprc.gov.cn" / "1724027.html")
    assert statement.title == "驻阿联酋大使夫人韦建琪出席阿布扎比国际食品展"
    assert statement.publisher == "中华人民共和国外交部"
    assert statement.date == datetime.date(2019, 12, 12)


@needs_pages
def test_cameroon_document_page_is_indexed_with_its_signature_date():
    statement = parse_page(HTML / "spm.gov.cm" / "2021.html")
    assert statement.title == (
        "GOVERNMENT\u2019S ECONOMIC, FINANCIAL, SOCIAL AND CULTURAL PROGRAMME FOR THE 2021 "
        "FINANCIAL YEAR"
    )
    assert statement.date == datetime.date(2020, 11, 25)
    assert statement.publisher == "Prime Minister's Office"
    assert statement.source_url == (
        "https://www.spm.gov.cm/site/content/government\u2019s-economic-financial-social-and-"
        "cultural-programme-2021-financial-year"
    )
    assert statement.paragraphs == ("discours_pmcg_en.pdf",)


@needs_pages
@pytest.mark.parametrize(
    "page",
    ["mfa.gov.by/belarus.html", "kln.gov.my/press-release.html", "timor-leste.gov.tl/timor.html"],
)
def test_listing_pages_are_refused(page):
    with pytest.raises(ParseError) as caught:
        parse_page(HTML / page)
    assert caught.value.reason == "listing page, not a statement" == LISTING


def test_windows_1251_declared_only_in_a_meta_tag_is_decoded():
    page = (
        '<html><head><meta http-equiv="content-type" content="text/html; charset=windows-1251">'
        "</head><body><h1>Заявление</h1><p>Беларусь и Китай подписали соглашение.</p>"
        "</body></html>"
    ).encode("cp1251")
    assert "Беларусь и Китай" in decode_html(page)


def test_utf8_bom_wins_over_a_wrong_meta_charset():
    page = '<html><head><meta charset="iso-8859-1"></head><body>Ñandú — ok</body></html>'
    assert "Ñandú — ok" in decode_html(b"\xef\xbb\xbf" + page.encode("utf-8"))


ARTICLE = """<!DOCTYPE html><html lang="fr"><head><title>Communiqué - Ministère</title>
<meta property="article:published_time" content="2023-04-05T10:00:00Z"></head><body>
<header><ul class="menu"><li><a href="/">Accueil</a></li><li><a href="/a">Actualités</a></li></ul></header>
<div class="layout"><div class="sidebar"><h3>Other news</h3>
<p><a href="/n1">Minister received the ambassador of Peru on 1 March 2023</a></p></div>
<div class="story"><h1>Joint communiqué of Ruritania and Freedonia</h1>
<p>The two ministers met in Strelsau and discussed trade, energy and transport corridors.</p>
<p>They agreed to open a consulate in Fredonia City, and to meet again next year.</p>
</div></div><footer><p>© 2023 Ministry. All rights reserved. 12 May 2023</p></footer>
</body></html>"""


def test_unknown_site_article_via_generic_extraction_without_chrome():
    statement = parse_html(ARTICLE.encode(), Hints(source="mfa.example"), "a.html")
    assert statement.title == "Joint communiqué of Ruritania and Freedonia"
    assert statement.paragraphs == (
        "The two ministers met in Strelsau and discussed trade, energy and transport corridors.",
        "They agreed to open a consulate in Fredonia City, and to meet again next year.",
    )
    assert statement.date == datetime.date(2023, 4, 5)
    assert statement.lang == "fr"


def test_dates_in_sidebars_and_footers_are_never_taken():
    page = ARTICLE.replace(
        '<meta property="article:published_time" content="2023-04-05T10:00:00Z">', ""
    )
    statement = parse_html(page.encode(), Hints(source="mfa.example"), "a.html")
    assert statement.date is None


def test_sidecar_date_and_url_override_the_page(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "page.html.meta.json").write_text(
        '{"date": "2023-04-06", "url": "https://mfa.example/c/1", "source": "mfa.example"}'
    )
    statement = parse_page(path)
    assert (statement.date, statement.source_url, statement.source) == (
        datetime.date(2023, 4, 6),
        "https://mfa.example/c/1",
        "mfa.example",
    )


def test_site_profiles_match_subdomains_and_come_from_the_data_file():
    assert profile_for("www.mfa.gov.by").site == "mfa.gov.by"
    assert profile_for("spm.gov.cm").title == "#page-content h2.main-title"
    assert profile_for("example.org") is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not text"),
        (
            b"<!DOCTYPE html><html><body><h1>Cut</h1><p>This page stops in the mid",
            "truncated HTML page",
        ),
        (
            b"<html><body>" + b"<div>" * 20000 + b"x" + b"</div>" * 20000 + b"</body></html>",
            "too deeply nested",
        ),
        (b"just some words, no markup", "not an HTML page"),
        (
            b"<html><head><title>T</title></head><body><h1>T</h1></body></html>",
            "no statement text on the page",
        ),
    ],
)
def test_pages_that_cannot_be_statements(data, reason):
    with pytest.raises(ParseError) as caught:
        parse_html(data, Hints(), "bad.html")
    assert caught.value.reason == reason


def test_numbered_footnote_links_in_prose_are_not_page_numbers():
    page = ARTICLE.replace(
        "and to meet again next year.</p>",
        'and to meet again next year, as agreed in <a href="#n1">1</a> and '
        '<a href="#n2">2</a>.</p>',
    )
    statement = parse_html(page.encode(), Hints(source="mfa.example"), "a.html")
    assert statement.paragraphs[-1] == (
        "They agreed to open a consulate in Fredonia City, and to meet again next year, as "
        "agreed in 1 and 2."
    )


def test_time_element_of_the_article_gives_the_date_not_one_in_a_sidebar():
    page = """<html><body><div class="sidebar"><time datetime="2023-01-01">1 Jan</time>
    <a href="/x">Other news</a></div><article><h1>Talks with Freedonia</h1>
    <time datetime="2023-04-07T09:00">7 April 2023</time>
    <div class="text"><p>The ministers of Ruritania and Freedonia met today in Strelsau.</p>
    <p>They discussed energy, transport and trade, and signed two agreements.</p></div>
    </article></body></html>"""
    statement = parse_html(page.encode(), Hints(source="mfa.example"), "t.html")
    assert statement.date == datetime.date(2023, 4, 7)
    assert statement.paragraphs == (
        "The ministers of Ruritania and Freedonia met today in Strelsau.",
        "They discussed energy, transport and trade, and signed two agreements.",
    )


def test_the_title_is_the_heading_next_to_the_text_not_the_site_name():
    page = """<html><body><div class="top"><h1>Ministry of Foreign Affairs</h1></div>
    <div class="content"><h1>Talks with Freedonia</h1><div class="text">
    <p>The ministers of Ruritania and Freedonia met today in Strelsau to discuss trade.</p>
    <p>They discussed energy, transport and trade, and signed two agreements.</p></div>
    </div></body></html>"""
    statement = parse_html(page.encode(), Hints(source="mfa.example"), "t.html")
    assert statement.title == "Talks with Freedonia"
