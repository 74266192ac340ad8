"""Reading a page of a site we have no profile for, as a person would.

A person does not see hidden text (tooltips, screen-reader labels), skips a block of
links under "See also", reads the title without the site's name after it, and takes the
date and place printed next to the title. These rules are general: each is measured on
all saved pages (bench/extraction_compare.py) and shown on a small page in the tests.
"""

from __future__ import annotations

import datetime
import re

from bs4 import BeautifulSoup, Comment, Tag

from .dates import find_date, parse_date
from .paragraphs import clean_line

# Hidden from readers: tooltips, pop-ups, screen-reader-only labels.
_HIDDEN_CLASS = re.compile(
    r"(?:^|[-_ ])(?:tooltip|popup|popover|hint|visually-?hidden|sr-only|screen-reader-text|"
    r"element-invisible|offscreen)(?:$|[-_ ])",
    re.IGNORECASE,
)
_HIDDEN_TOKENS = {"hidden", "hide", "is-hidden", "d-none", "invisible"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)

# A heading that introduces links to other pages, in the languages of the sites we read.
_RELATED = re.compile(
    r"^(?:see also|related(?: \w+)?|read (?:more|also)|also read|more on (?:this|the) "
    r"(?:topic|subject)|on the same (?:topic|subject)|further reading|other news|more news|"
    r"смотрите также|см\. также|читайте также|по теме|другие новости|связанные материалы|"
    r"相关新闻|相关链接|相关阅读|延伸阅读|相关报道|voir aussi|à lire aussi|lire aussi|"
    r"sur le même sujet|ver también|véase también|noticias relacionadas|lea también|"
    r"leia também|veja também|siehe auch|mehr zum thema)\s*[:：]?",
    re.IGNORECASE,
)

# Lines a site adds to every statement: where it is filed, when, its tags, a print link.
_LABEL_LINE = re.compile(
    r"^(?:published in sections?|publication date|date of publication|published|posted in|"
    r"posted on|filed under|categor(?:y|ies)|tags?|keywords|print version|printable version|"
    r"text version|sections?|topics?|persons|geography|"
    r"опубликовано в разделах?|дата публикации|теги|ключевые слова|версия для печати|"
    r"publié dans|date de publication|mots-clés|étiquettes|version imprimable|publicado en|"
    r"fecha de publicación|etiquetas|versión (?:para imprimir|imprimible)|发布时间|标签|"
    r"打印本页)\s*(?:[:：]|$)",
    re.IGNORECASE,
)
_LABEL_LINE_MAX = 200

_DATE_MARK = re.compile(r"date|time|publish|posted|created", re.IGNORECASE)
# A statement's lead or summary, printed between its title and its text.
_LEAD_MARK = re.compile(
    r"(?:^|[-_ ])(?:lead|summary|standfirst|intro|description|subtitle)(?:$|[-_ ])",
    re.IGNORECASE,
)
# Whole words of a class or id ("read__place p-location"; not "placeholder"), or an
# itemprop such as contentLocation.
_PLACE_MARK = re.compile(
    r"(?i:(?:^|[-_ ])(?:place|location|venue|dateline|locality)(?:$|[-_ ]))|[a-z]Location\b"
)
_PLACE_LABEL = re.compile(r"^(?:place|location|venue|lieu|место)\s*[:：]\s*", re.IGNORECASE)
_SHORT = 80
# "MOSCOW, June 10 —", "GENEVA, 3 March 2024 -": an upper-case place, a date, a dash.
_DATELINE_LEAD = re.compile(
    r"^([A-Z][A-Z.'\- ]{2,40}(?:, [A-Z][A-Za-z.'\- ]{2,40})?),\s+([^—–]{3,30}?)\s*"
    r"(?:\([^)]*\)\s*)?(?:—|–|--?)\s"
)
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+\d|\b)", re.IGNORECASE
)
# Elements that break a line: their text never runs into the text around them.
_BREAKING = {
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}

# How a <title> separates the statement's title from the site's name.
_TITLE_SEPARATOR = re.compile(r"\s+[|–—•·«»/-]\s+|\s*[|•·«»]\s*|\s+::\s+")


def letters(text: str) -> int:
    """Count the letters of a text: dates, numbers and punctuation weigh nothing."""
    return len(re.findall(r"[^\W\d_]", text))


def element_text(tag: Tag) -> str:
    """Return an element's text on one line: inline markup joins, blocks are spaced."""
    parts = []
    for node in tag.descendants:
        if isinstance(node, Tag):
            if node.name in _BREAKING:
                parts.append(" ")
        elif not isinstance(node, Comment):
            parts.append(str(node))
    return clean_line("".join(parts))


def _marks(element: Tag) -> str:
    classes = element.get("class") or []
    return " ".join([*classes, str(element.get("id") or ""), str(element.get("itemprop") or "")])


def _is_hidden(element: Tag) -> bool:
    if element.has_attr("hidden") or element.get("role") == "tooltip":
        return True
    if str(element.get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(str(element.get("style") or "")):
        return True
    classes = element.get("class") or []
    return bool(_HIDDEN_TOKENS.intersection(c.lower() for c in classes)) or bool(
        _HIDDEN_CLASS.search(" ".join(classes))
    )


def remove_hidden(root: Tag) -> None:
    """Remove what a reader never sees: hidden elements, tooltips, screen-reader labels.

    Not an element that holds most of the page: a page saved while a script hid it (or
    with a dialog open over it) is still read.
    """
    hidden = [e for e in root.find_all(True) if _is_hidden(e)]
    if not hidden:
        return
    half = letters(element_text(root)) / 2
    for element in hidden:
        if not element.decomposed and letters(element_text(element)) <= half:
            element.decompose()


def _related_block(element: Tag) -> Tag | None:
    """Return the block of links that `element` heads (a "See also" heading), if it is one."""
    if element.name in ("a", "body", "html") or element.find_parent("a") is not None:
        return None
    text = element_text(element)
    match = _RELATED.match(text)
    if not match or len(text) > 4000:
        return None
    rest = letters(text[match.end() :])
    linked = letters(" ".join(element_text(a) for a in element.find_all("a")))
    if rest:  # a block of its own, unless it is prose that starts with such words
        return element if linked >= 0.6 * rest else None
    # Only the heading: the links follow it, in its parent or after it. Climb while the
    # parent holds nothing but the heading and links.
    block = element
    while block.parent is not None and block.parent.name not in ("body", "html"):
        others = [c for c in block.parent.find_all(True, recursive=False) if c is not block]
        loose = "".join(s for s in block.parent.find_all(string=True, recursive=False))
        if letters(loose) or not others or not all(_mostly_links(c) for c in others):
            break
        block = block.parent
    return block


def _mostly_links(element: Tag) -> bool:
    """Tell an element that is links (and their dates) from one that has prose."""
    total = letters(element_text(element))
    linked = letters(" ".join(element_text(a) for a in element.find_all("a")))
    return linked >= 0.6 * total


def remove_related(root: Tag) -> None:
    """Remove "See also" / "Related" blocks: a heading and the links that follow it."""
    for element in root.find_all(True):
        if element.decomposed:
            continue
        block = _related_block(element)
        if block is None:
            continue
        following = []
        for sibling in block.find_next_siblings():
            if not _mostly_links(sibling):
                break
            following.append(sibling)
        for doomed in [block, *following]:
            doomed.decompose()


def is_label_line(paragraph: str) -> bool:
    """Tell a site's label line ("Tags: ...", "Publication date: ...") from the text."""
    return len(paragraph) <= _LABEL_LINE_MAX and bool(_LABEL_LINE.match(paragraph))


def label_date(paragraphs: list[str]) -> datetime.date | None:
    """Return the date of a label line such as "Publication date: 10 June 2024"."""
    for paragraph in paragraphs:
        if is_label_line(paragraph):
            found = find_date(paragraph)
            if found:
                return found
    return None


def split_site_name(
    page_title: str, heading: str | None, site_name: str | None
) -> tuple[str, str | None]:
    """Split a <title> into the statement's title and the site's name.

    The site's name is og:site_name when the page gives one; else the <title> segments
    around the page's heading; else its last segment.
    """
    segments = [s for s in _TITLE_SEPARATOR.split(page_title) if s.strip()]
    if len(segments) < 2:
        return strip_site_name(page_title, site_name), site_name
    if site_name:
        kept = [s for s in segments if s.casefold() != site_name.casefold()]
        if len(kept) < len(segments):
            return " – ".join(kept) or page_title, site_name
    if heading:
        for start in range(len(segments)):
            for end in range(len(segments), start, -1):
                if _same(_TITLE_SEPARATOR.sub(" ", " ".join(segments[start:end])), heading):
                    rest = segments[:start] + segments[end:]
                    return heading, site_name or (" – ".join(rest) or None)
    return page_title[: page_title.rfind(segments[-1])].rstrip(" |–—•·«»/-:"), (
        site_name or segments[-1]
    )


def strip_site_name(title: str, site_name: str | None) -> str:
    """Remove the site's name from the start or end of a title, with its separator."""
    if not site_name:
        return title
    folded = title.casefold()
    name = site_name.casefold()
    if folded.endswith(name) and len(title) > len(site_name) + 3:
        stripped = title[: -len(site_name)].rstrip(" |–—•·«»/-:")
        if stripped != title[: -len(site_name)].rstrip():
            return stripped
    if folded.startswith(name) and len(title) > len(site_name) + 3:
        stripped = title[len(site_name) :].lstrip(" |–—•·«»/-:")
        if stripped != title[len(site_name) :].lstrip():
            return stripped
    return title


def _same(a: str, b: str) -> bool:
    return clean_line(a).casefold() == clean_line(b).casefold()


def site_name_meta(soup: BeautifulSoup) -> str | None:
    """Return the page's og:site_name, if it gives one."""
    meta = soup.find("meta", attrs={"property": "og:site_name"}) or soup.find(
        "meta", attrs={"name": "og:site_name"}
    )
    value = clean_line(str(meta.get("content") or "")) if meta is not None else ""
    return value or None


def title_element(root: Tag, title: str) -> Tag | None:
    """Return where the page shows its title: the first element whose whole text is the
    title (its innermost such part), not a later repeat of it."""
    found = None
    for element in root.find_all(True):
        if found is not None and not any(parent is found for parent in element.parents):
            break  # past the first match and all that it holds
        if len(element_text(element)) > 4 * len(title):
            continue
        if _same(element_text(element), title):
            found = element
    return found


def header_region(title: Tag | None, container: Tag) -> list[Tag]:
    """Return where a page prints its date and place: the elements between the title and
    the first paragraph of the text, then up to three elements just before the title in
    its own block (not further: a site's header may show today's date). With no title
    element, the container's head."""
    holders = {id(parent) for parent in title.parents} if title is not None else set()
    prose = (
        block
        for name in ("p", ["div", "li"])
        for block in container.find_all(name)
        if id(block) not in holders and letters(element_text(block)) > 60
    )
    first = next(prose, None)
    region = []
    for element in (title or container).find_all_next(True):
        if element is first or len(region) > 200:
            break
        region.append(element)
    for sibling in list(title.find_previous_siblings())[:3] if title is not None else ():
        region += [sibling, *sibling.find_all(True)]
    return region


def lead_blocks(region: list[Tag], container: Tag) -> list[Tag]:
    """Return the lead of the statement when the page prints it apart from the text,
    between the title and the text (a block marked lead, summary, intro, description)."""
    leads: list[Tag] = []
    inside = {id(container), *(id(e) for e in container.find_all(True))}
    holders = {id(parent) for parent in container.parents}
    for element in region:
        if id(element) in inside or id(element) in holders:
            continue
        if any(parent is lead for lead in leads for parent in element.parents):
            continue
        if _LEAD_MARK.search(_marks(element)) and letters(element_text(element)) >= 20:
            leads.append(element)
    return leads


def header_date(region: list[Tag]) -> datetime.date | None:
    """Return the date printed between the title and the text: a <time>, an element whose
    class or id says date/time/publish, or a short element that holds only a date."""
    for element in region:
        text = element_text(element)
        if element.name == "time":
            found = date_value(str(element.get("datetime") or "")) or date_value(text)
        elif len(text) > 60:
            continue
        elif _DATE_MARK.search(_marks(element)):
            found = date_value(text) or find_date(text)
        else:
            found = parse_date(text)
        if found:
            return found
    return None


def date_value(value: str) -> datetime.date | None:
    """Return the date of a datetime attribute or of a short date text."""
    value = value.strip()
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value) or find_date(value) if len(value) <= 40 else None


def page_place(region: list[Tag], container: Tag, paragraphs: list[str]) -> str | None:
    """Return the place the page shows: an element marked place/location/venue/dateline
    near the title or in the text, else an upper-case dateline opening the text."""
    for element in region + container.find_all(True):
        if element.decomposed or not _PLACE_MARK.search(_marks(element)):
            continue
        text = _PLACE_LABEL.sub("", element_text(element))
        if find_date(text):
            text = text[: _date_start(text)]
        if text and len(text) <= _SHORT and letters(text) >= 2 and not parse_date(text):
            return text.strip(" ,–—-")
    lead = _DATELINE_LEAD.match(paragraphs[0]) if paragraphs else None
    if lead and (_MONTH_WORD.search(lead.group(2)) or re.search(r"\d", lead.group(2))):
        return " ".join(w.capitalize() if w.isupper() else w for w in lead.group(1).split())
    return None


def _date_start(text: str) -> int:
    """Return where the date begins in "Kremlin, Moscow, 10 June 2024"."""
    starts = [m.start() for m in (re.search(r"\d", text), _MONTH_WORD.search(text)) if m]
    return min(starts) if starts else len(text)
