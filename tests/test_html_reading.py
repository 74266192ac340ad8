"""The generic HTML reading (no site profile), on small pages in the shapes real sites use
and on every saved page of the shared corpus: title without the site's name, the date and
place shown by the title, no hidden text, label lines or "See also" blocks, and listings
told from short statements."""

import datetime
import json

import pytest

from indexer.errors import ParseError
from indexer.parse_html import LISTING, parse_html
from indexer.sources import Hints

from .conftest import REPO, SHARED_CORPUS

HTML = SHARED_CORPUS / "html"
needs_pages = pytest.mark.skipif(
    not HTML.is_dir(), reason=f"the saved HTML pages are absent: {HTML} (real corpus not here)"
)
TRUTH = json.loads((REPO / "bench" / "extraction_truth.json").read_text("utf-8"))


def read(page: str):
    return parse_html(page.encode(), Hints(), "page.html")


def see_also(count: int) -> str:
    items = "".join(
        f'<li><a href="/news/{n}">Telephone conversation with the President of Freedonia '
        f"number {n}</a> <span>June {n}, 2024</span></li>"
        for n in range(1, count + 1)
    )
    return f"<h3>See also</h3><ul>{items}</ul>"


# A presidential site's telephone readout: person links with tooltips, a place and a date
# under the title, the site's label lines and a "See also" block after two paragraphs.
READOUT = f"""<!DOCTYPE html><html lang="en"><head>
<title>Telephone conversation with Prime Minister of Israel Benjamin Netanyahu \u2022 President
 of Russia</title><meta property="og:site_name" content="President of Russia"></head><body>
<header><a href="/">President of Russia</a></header>
<div class="read"><h1 class="entry-title">Telephone conversation with Prime Minister of Israel
Benjamin Netanyahu</h1>
<div class="read__meta"><time class="read__published" datetime="2024-06-10">June 10, 2024,
18:30</time><div class="read__place p-location">Novo-Ogaryovo, Moscow Region</div></div>
<div class="read__lead entry-summary p-summary" itemprop="description"><div><p>Vladimir Putin
had a telephone conversation with Prime Minister of Israel Benjamin Netanyahu.</p></div></div>
<div class="entry-content">
<p>Mr Putin and Mr <a href="/catalog/persons/1">Netanyahu<span class="tooltip"
role="tooltip">Netanyahu Benjamin<br>Prime Minister of Israel</span></a> discussed the situation
in the Middle East and the safety of civilians.</p>
<p>The leaders agreed to keep in touch at various levels.</p>
<div class="read__bottommeta"><p>Published in section: <a href="/news">News</a></p>
<p>Publication date: June 10, 2024, 18:30</p><p>Print version</p>
<p>Topics: Foreign policy</p></div>
{see_also(5)}
</div></div></body></html>"""


def test_a_short_readout_with_a_see_also_block_is_read_as_a_person_reads_it():
    statement = read(READOUT)
    assert statement.title == (
        "Telephone conversation with Prime Minister of Israel Benjamin Netanyahu"
    )
    assert statement.publisher == "President of Russia"
    assert statement.date == datetime.date(2024, 6, 10)
    assert statement.place == "Novo-Ogaryovo, Moscow Region"
    assert statement.paragraphs == (
        (
            "Vladimir Putin had a telephone conversation with Prime Minister of Israel "
            "Benjamin Netanyahu."
        ),
        (
            "Mr Putin and Mr Netanyahu discussed the situation in the Middle East and the "
            "safety of civilians."
        ),
        "The leaders agreed to keep in touch at various levels.",
    )


@pytest.mark.parametrize(
    "hidden",
    [
        '<span class="person-tooltip">Netanyahu Benjamin</span>',
        '<span hidden="">Netanyahu Benjamin</span>',
        '<span aria-hidden="true">Netanyahu Benjamin</span>',
        '<span style="display: none">Netanyahu Benjamin</span>',
        '<span class="visually-hidden">Netanyahu Benjamin</span>',
        '<span class="sr-only">Netanyahu Benjamin</span>',
    ],
)
def test_hidden_text_never_runs_into_the_sentence(hidden):
    page = READOUT.replace(
        '<span class="tooltip"\nrole="tooltip">Netanyahu Benjamin<br>Prime Minister of Israel'
        "</span>",
        hidden,
    )
    assert read(page).paragraphs[1].startswith("Mr Putin and Mr Netanyahu discussed")


def test_a_page_hidden_whole_until_a_script_shows_it_is_still_read():
    page = READOUT.replace('<div class="read">', '<div class="read" style="display:none">')
    assert read(page).paragraphs == read(READOUT).paragraphs


@pytest.mark.parametrize(
    "heading",
    ["See also", "Related news", "Read more:", "Смотрите также", "相关新闻", "Voir aussi"],
)
def test_related_link_blocks_are_left_out_in_several_languages(heading):
    page = READOUT.replace("<h3>See also</h3>", f"<div class='block-title'>{heading}</div>")
    assert read(page).paragraphs[-1] == "The leaders agreed to keep in touch at various levels."


def test_a_short_statement_with_links_to_five_others_is_not_a_listing():
    page = READOUT.replace("<h3>See also</h3>", "<h3>Also on the Middle East</h3>")
    # The unnamed heading stays as a line of the text; the statement is kept whole.
    assert read(page).paragraphs == (*read(READOUT).paragraphs, "Also on the Middle East")


def test_a_see_also_line_of_links_is_left_out():
    page = READOUT.replace(
        "<h3>See also</h3>",
        '<p>See also: <a href="/e/1">Talks with the President of Freedonia</a>, <a href="/e/2">'
        'Meeting with the Prime Minister of Ruritania</a>, <a href="/e/3">Telephone conversation'
        ' with the President of Freedonia</a>, <a href="/e/4">Message of greetings to the '
        "participants of the forum of Ruritania and Freedonia</a></p>",
    )
    assert read(page).paragraphs[-1] == "The leaders agreed to keep in touch at various levels."


def test_label_lines_give_the_date_and_leave_the_text():
    page = READOUT.replace('<time class="read__published" datetime="2024-06-10">', "<span>")
    page = page.replace("18:30</time>", "18:30</span>").replace("June 10, 2024,\n", "")
    page = page.replace("Publication date: June 10, 2024", "Publication date: 11 June 2024")
    statement = read(page)
    assert statement.date == datetime.date(2024, 6, 11)
    assert len(statement.paragraphs) == 3


def test_a_placeholder_is_not_a_place():
    page = READOUT.replace(
        '<div class="read__meta">', '<div class="photo-placeholder">Photo: press service</div>'
    ).replace('<div class="read__meta">', "")
    assert read(page).place == "Novo-Ogaryovo, Moscow Region"


def test_a_dateline_lead_gives_the_place():
    page = READOUT.replace(
        '<div class="read__place p-location">Novo-Ogaryovo, Moscow Region</div>', ""
    )
    page = page.replace("<p>Vladimir Putin\n", "<p>MOSCOW, June 10 \u2014 Vladimir Putin\n")
    assert read(page).place == "Moscow"


def test_the_title_loses_the_site_name_of_the_title_tag_without_og_site_name():
    page = """<html><head><title>Talks with Freedonia | Prime Minister's Office</title></head>
    <body><div class="text"><p>The Prime Minister of Ruritania met the President of Freedonia
    today in Strelsau to discuss trade and energy.</p><p>They signed two agreements on
    transport and customs.</p></div></body></html>"""
    statement = read(page)
    assert (statement.title, statement.publisher) == (
        "Talks with Freedonia",
        "Prime Minister's Office",
    )


def test_a_heading_that_only_names_the_site_is_not_the_title():
    page = """<html><head><title>Talks with Freedonia \u2022 Ministry of Foreign Affairs</title>
    </head><body><div id="top"><h1>Ministry of Foreign Affairs</h1></div><div class="story">
    <h2>Talks with Freedonia</h2><p>The ministers of Ruritania and Freedonia met in Strelsau
    to discuss trade and energy.</p><p>They signed two agreements.</p></div></body></html>"""
    statement = read(page)
    assert (statement.title, statement.publisher) == (
        "Talks with Freedonia",
        "Ministry of Foreign Affairs",
    )


def test_og_title_and_heading_lose_the_og_site_name():
    page = READOUT.replace("<h1 class", "<h2 class").replace("</h1>", "</h2>")
    page = page.replace(
        "</title>",
        '</title><meta property="og:title" content="Talks in Sochi | President of Russia">',
    )
    assert read(page).title == "Talks in Sochi"


def test_a_page_that_names_no_site_has_no_publisher():
    page = """<html><body><h1>Talks with Freedonia</h1><p>The ministers of Ruritania and
    Freedonia met in Strelsau to discuss trade and energy.</p></body></html>"""
    assert read(page).publisher is None


# A list of statements: headline links with dates and teasers, no page numbers.
LISTING_PAGE = """<html><head><title>News \u2022 President of Russia</title></head><body>
<h1>News</h1><div class="events">{items}</div></body></html>""".format(
    items="".join(
        f'<div class="event"><a href="/events/{n}"><h3>Telephone conversation with the '
        f"President of Freedonia, part {n}</h3></a><time>June {n}, 2024</time><p>The leaders "
        f"discussed trade and energy.</p></div>"
        for n in range(1, 9)
    )
)


def test_a_listing_of_headline_links_with_dates_and_teasers_is_refused():
    with pytest.raises(ParseError) as caught:
        read(LISTING_PAGE)
    assert caught.value.reason == LISTING


@pytest.mark.parametrize(
    "pager",
    [
        '<ul class="pagination"><li><a href="/p">Previous</a></li><li><a href="/n">Next</a></ul>',
        '<div class="pager"><a href="?page=1">1</a> <a href="?page=2">2</a></div>',
    ],
)
def test_a_statement_with_page_links_is_kept(pager):
    page = READOUT.replace("</div></div></body>", f"</div></div>{pager}</body>")
    assert len(read(page).paragraphs) == 3


def test_a_page_with_page_numbers_and_almost_no_prose_is_a_listing():
    page = """<html><body><h1>Speeches</h1><ul><li><span class="date">28 September 2021</span>
    <a href="/s1">Brief words on the debate</a><p>Dili</p></li></ul><div class="nav-links">
    <a href="?p=1">1</a> <a href="?p=2">2</a></div></body></html>"""
    with pytest.raises(ParseError) as caught:
        read(page)
    assert caught.value.reason == LISTING


@needs_pages
@pytest.mark.parametrize("page", sorted(TRUTH["pages"]))
def test_every_saved_page_is_read_as_its_facts_say(page):
    facts = TRUTH["pages"][page]
    data = (HTML / page).read_bytes()
    if facts["verdict"] == "listing":
        with pytest.raises(ParseError) as caught:
            parse_html(data, Hints(), page)
        assert caught.value.reason == LISTING
        return
    statement = parse_html(data, Hints(), page)
    assert statement.title == facts["title"]
    assert statement.date == datetime.date.fromisoformat(facts["date"])
    assert statement.place == facts["place"]
    if page.startswith("spm.gov.cm"):
        return  # the statement is a PDF: without a profile only its date line is read
    text = " ".join(statement.paragraphs)
    assert facts["first"] in text and facts["last"] in text
    for phrase in TRUTH["chrome"][page.split("/")[0]]:
        assert phrase not in text


def test_the_date_under_a_later_repeat_of_the_title_is_not_taken():
    page = """<html><body><div class="story"><h1>Talks with Freedonia</h1><p>The ministers of
    Ruritania and Freedonia met in Strelsau to discuss trade, energy and transport.</p>
    <p>They signed two agreements.</p></div><div class="more"><div>Talks with Freedonia</div>
    <div>3 March 2021</div></div></body></html>"""
    assert read(page).date is None


def test_a_date_just_before_the_title_in_its_block_is_the_date():
    page = """<html><body><header><span class="today">3 December 2026</span></header>
    <div class="story"><div class="date">7 April 2023</div><h1>Talks with Freedonia</h1>
    <p>The ministers of Ruritania and Freedonia met in Strelsau to discuss trade, energy
    and transport.</p><p>They signed two agreements.</p></div></body></html>"""
    assert read(page).date == datetime.date(2023, 4, 7)
    assert read(page.replace('<div class="date">7 April 2023</div>', "")).date is None
