"""HTML pages: decode, pick the statement out of the site chrome, refuse listing pages.

A site profile (data/site_profiles.toml) says where the statement sits on a known site;
elsewhere a generic extraction picks the block with the most prose and fewest links.
Dates come only from the statement itself: its profile date element, its dateline,
its title, or the page's publication meta tags; never from sidebars or footers.
"""

from __future__ import annotations

import datetime
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Comment, Tag
from bs4.dammit import EncodingDetector

from search.models import Statement

from .dates import find_date, parse_date
from .decoding import decode_text
from .errors import ParseError
from .html_listing import has_page_numbers, is_listing
from .html_reading import (
    date_value,
    element_text,
    header_date,
    header_region,
    is_label_line,
    label_date,
    lead_blocks,
    page_place,
    remove_hidden,
    remove_related,
    site_name_meta,
    split_site_name,
    strip_site_name,
    title_element,
)
from .ids import new_statement
from .paragraphs import clean_line
from .sources import Hints

LISTING = "listing page, not a statement"
# Deeper than this is no real page, and walking it would cost more than it is worth.
MAX_DEPTH = 512

# Never part of a statement, on any site.
NEVER_CONTENT = [
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "select",
    "button",
    "input",
    "textarea",
    "nav",
    "aside",
    "footer",
    "menu",
    "dialog",
]
# Class or id words that mark chrome in the generic extraction.
_CHROME = re.compile(
    r"(?:^|[-_ ])(?:nav|navbar|menu|sidebar|side-bar|footer|breadcrumbs?|bread-crumbs|share|"
    r"sharing|social|cookie|banner|widget|related|comments?|pagination|pager|lang|language|"
    r"font|blind|search|login|subscribe|tags|toolbar)(?:$|[-_ ])",
    re.IGNORECASE,
)
_BLOCKS = ["p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "dt", "figcaption"]
_DATE_META = [
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "dc.date"),
    ("name", "dc.date.issued"),
    ("name", "dcterms.date"),
    ("name", "publish-date"),
    ("name", "pubdate"),
]


@dataclass(frozen=True)
class SiteProfile:
    """Selectors for one site; see data/site_profiles.toml."""

    site: str
    article: str | None = None
    title: str | None = None
    body: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    url: str | None = None
    url_attribute: str = "href"
    strip: tuple[str, ...] = ()
    listing: tuple[str, ...] = ()


@cache
def site_profiles() -> dict[str, SiteProfile]:
    """Return the site profiles from the data file, by site name."""
    text = resources.files("indexer").joinpath("data/site_profiles.toml").read_text("utf-8")
    profiles = {}
    for site, table in tomllib.loads(text).get("sites", {}).items():
        table = {k: tuple(v) if isinstance(v, list) else v for k, v in table.items()}
        profiles[site] = SiteProfile(site=site, **table)
    return profiles


def profile_for(site: str | None) -> SiteProfile | None:
    """Return the profile of a site or of the nearest parent domain that has one."""
    if not site:
        return None
    site = site.lower().removeprefix("www.")
    profiles = site_profiles()
    parts = site.split(".")
    for start in range(len(parts) - 1):
        candidate = ".".join(parts[start:])
        if candidate in profiles:
            return profiles[candidate]
    return None


def decode_html(data: bytes) -> str:
    """Return the page as text: its BOM, else its declared charset (HTTP-equiv or meta
    charset), else UTF-8, else a detected one (see indexer/decoding.py)."""
    text = decode_text(data, EncodingDetector.find_declared_encoding(data, is_html=True))
    if "<" not in text or not re.search(r"<[a-zA-Z!]", text):
        raise ParseError("not an HTML page", "no tags")
    return text


def _max_depth(root: Tag) -> int:
    deepest = 0
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            return depth
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tag))
    return deepest


def _looks_truncated(text: str) -> bool:
    """Tell whether a full page stops before its end (a download cut short)."""
    start = text.lstrip("\ufeff \r\n\t")[:300].lower()
    if not start.startswith(("<!doctype html", "<html")):
        return False
    return "</html" not in text[-4096:].lower() and "</body" not in text[-8192:].lower()


def _link_text_share(tag: Tag) -> float:
    total = len(element_text(tag))
    if not total:
        return 0.0
    linked = sum(len(element_text(a)) for a in tag.find_all("a"))
    return linked / total


def _remove(root: Tag, selectors: list[str] | tuple[str, ...]) -> None:
    for selector in selectors:
        for element in root.select(selector):
            element.decompose()


def _remove_generic_chrome(root: Tag) -> None:
    for element in root.find_all(NEVER_CONTENT):
        if not element.decomposed:
            element.decompose()
    for comment in root.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    doomed = []
    for element in root.find_all(True):
        if element.name in ("html", "body", "main", "article"):
            continue
        marks = " ".join(element.get("class") or []) + " " + str(element.get("id") or "")
        role = str(element.get("role") or "")
        if _CHROME.search(marks) or role in ("navigation", "banner", "contentinfo", "search"):
            doomed.append(element)
    for element in doomed:
        if not element.decomposed:
            element.decompose()
    remove_hidden(root)
    remove_related(root)


def _main_content(root: Tag) -> Tag:
    """Return the element holding most prose: the sum of its paragraphs' lengths."""
    scores: Counter[int] = Counter()
    elements: dict[int, Tag] = {}
    for paragraph in root.find_all(["p", "pre", "blockquote"]):
        text = element_text(paragraph)
        if len(text) < 25 or _link_text_share(paragraph) > 0.5:
            continue
        weight = len(text) + 10 * text.count(",")
        for share, ancestor in zip((1.0, 0.5, 0.25), paragraph.parents):
            if ancestor is root:
                break
            elements[id(ancestor)] = ancestor
            scores[id(ancestor)] += weight * share
    if not scores:
        return root
    best = elements[max(scores, key=lambda k: scores[k] * (1 - _link_text_share(elements[k])))]
    return best


def _paragraphs(container: Tag) -> list[str]:
    """Return the text blocks of a container in order, each once."""
    blocks = [b for b in container.find_all(_BLOCKS) if not b.find_parent(_BLOCKS)]
    if not blocks:
        return [
            line for line in (clean_line(s) for s in container.get_text("\n").split("\n")) if line
        ]
    found = []
    for block in blocks:
        text = element_text(block)
        if text and not (len(text) < 200 and _link_text_share(block) > 0.6):
            found.append(text)
    return found


def _select_first(root: Tag, selector: str | None) -> Tag | None:
    return root.select_one(selector) if selector else None


def _meta_date(soup: BeautifulSoup) -> datetime.date | None:
    metas = soup.find_all("meta")
    for attribute, name in _DATE_META:
        for meta in metas:
            if str(meta.get(attribute) or "").lower() == name.lower():
                found = date_value(str(meta.get("content") or ""))
                if found:
                    return found
    return None


def _time_date(container: Tag) -> datetime.date | None:
    """Return the date of a <time> element in the statement's own article, if any."""
    scope = container if container.name == "article" else container.find_parent("article")
    for element in (scope or container).find_all("time"):
        found = date_value(str(element.get("datetime") or "")) or date_value(element_text(element))
        if found:
            return found
    return None


def _title(
    soup: BeautifulSoup, container: Tag, profile: SiteProfile | None
) -> tuple[str, str | None]:
    """Return the statement's title without the site's name, and the site's own name
    (og:site_name, else the part of <title> that is not the statement's title)."""
    site_name = site_name_meta(soup)
    page_title = element_text(soup.title) if soup.title else ""
    if profile and profile.title:
        element = soup.select_one(profile.title)
        if element is not None and element_text(element):
            heading = element_text(element)
            return heading, split_site_name(page_title, heading, site_name)[1]
    # The heading nearest the statement's text, before any other on the page; not a
    # heading that only names the site.
    shown_site = site_name or (split_site_name(page_title, None, None)[1] if page_title else None)
    candidates = [container.find("h1")]
    candidates += [ancestor.find("h1") for ancestor in list(container.parents)[:3]]
    candidates.append(soup.find("h1"))
    for candidate in candidates:
        heading = element_text(candidate) if candidate is not None else ""
        if heading and not (shown_site and heading.casefold() == shown_site.casefold()):
            heading = strip_site_name(heading, site_name)
            return heading, split_site_name(page_title, heading, site_name)[1]
    og = soup.find("meta", attrs={"property": "og:title"})
    if og and og.get("content"):
        heading = strip_site_name(clean_line(str(og["content"])), site_name)
        return heading, split_site_name(page_title, heading, site_name)[1]
    if page_title:
        return split_site_name(page_title, None, site_name)
    raise ParseError("no title", "no <h1>, og:title or <title>")


def _page_url(soup: BeautifulSoup, profile: SiteProfile | None) -> str | None:
    if profile and profile.url:
        element = soup.select_one(profile.url)
        if element is not None and element.get(profile.url_attribute):
            return str(element[profile.url_attribute]).strip()
    link = soup.find("link", attrs={"rel": "canonical"})
    if link is not None and link.get("href", "").startswith("http"):
        return str(link["href"]).strip()
    og = soup.find("meta", attrs={"property": "og:url"})
    if og is not None and str(og.get("content", "")).startswith("http"):
        return str(og["content"]).strip()
    return None


def _take_dateline(paragraphs: list[str]) -> tuple[datetime.date | None, list[str]]:
    """Find a paragraph that is only a date at the head or tail of the body; take it out."""
    for index in [0, 1, len(paragraphs) - 1, len(paragraphs) - 2]:
        if 0 <= index < len(paragraphs):
            found = parse_date(paragraphs[index])
            if found:
                return found, paragraphs[:index] + paragraphs[index + 1 :]
    return None, paragraphs


def parse_html(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse one saved HTML page holding one statement."""
    text = decode_html(data)
    if _looks_truncated(text):
        raise ParseError("truncated HTML page", "it ends before </body> and </html>")
    soup = BeautifulSoup(text, "lxml")
    if soup.body is None:
        raise ParseError("not an HTML page", "no body")
    if _max_depth(soup) > MAX_DEPTH:
        raise ParseError("too deeply nested", f"more than {MAX_DEPTH} levels of tags")

    # Known before chrome removal: the page's address and its publication meta tags.
    profile = profile_for(hints.source)
    url = hints.source_url or _page_url(soup, profile)
    if profile is None and url:
        profile = profile_for(re.sub(r"^[a-z]+://([^/:]+).*$", r"\1", url, flags=re.IGNORECASE))
    meta_date = _meta_date(soup)
    lang = hints.lang or _lang(soup)
    alternates = _alternates(soup, url)
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()

    if profile and any(soup.select_one(selector) for selector in profile.listing):
        raise ParseError(LISTING)
    page_numbers = has_page_numbers(soup)
    container = _select_first(soup, profile.article if profile else None)
    if container is not None:
        _remove(container, profile.strip)
    profile_date = None
    if profile:
        for selector in profile.date:
            for element in soup.select(selector):
                profile_date = profile_date or date_value(element_text(element))
    generic = container is None
    if generic:
        _remove_generic_chrome(soup.body)
        container = _main_content(soup.body)
    title, publisher = _title(soup, container, profile)
    paragraphs = _body(container, profile)
    if is_listing(soup.body if generic else container, container, page_numbers):
        raise ParseError(LISTING)
    shown_date = place = None
    if generic:
        region = header_region(title_element(soup.body, title), container)
        lead = [p for block in lead_blocks(region, container) for p in _paragraphs(block)]
        paragraphs = lead + [p for p in paragraphs if p not in lead]
        shown_date = header_date(region) or label_date(paragraphs)
        place = page_place(region, container, paragraphs)
        paragraphs = [p for p in paragraphs if not is_label_line(p) and p != place]
    paragraphs = [p for p in paragraphs if p != title]
    dateline, paragraphs = _take_dateline(paragraphs)
    if not paragraphs:
        raise ParseError("no statement text on the page")

    date = (
        hints.date
        or profile_date
        or dateline
        or shown_date
        or _time_date(container)
        or find_date(title)
        or meta_date
    )
    source = hints.source or (profile.site if profile else None)
    return new_statement(
        title,
        date,
        paragraphs,
        source=source,
        source_url=url,
        publisher=publisher,
        place=place,
        lang=hints.lang,
        declared_lang=lang,
        origin=origin,
        version_key=hints.version_key,
        alternates=alternates,
    )


def _body(container: Tag, profile: SiteProfile | None) -> list[str]:
    if profile:
        for selector in profile.body:
            found = [element_text(e) for e in container.select(selector)]
            found = [t for t in found if t]
            if found:
                return found
    return _paragraphs(container)


def _alternates(soup: BeautifulSoup, url: str | None) -> tuple[str, ...]:
    """Return the page's versions in other languages: the addresses of its `<link
    rel="alternate" hreflang=...>` elements ("x-default", a language chooser, is not one)."""
    found = []
    for link in soup.find_all("link", hreflang=True, href=True):
        rel = link.get("rel") or []
        hreflang = str(link["hreflang"]).strip().lower()
        if "alternate" not in rel or not hreflang or hreflang == "x-default":
            continue
        href = urljoin(url or "", str(link["href"]).strip())
        if href.lower().startswith(("http://", "https://")) and href != url:
            found.append(href)
    return tuple(dict.fromkeys(found))


def _lang(soup: BeautifulSoup) -> str | None:
    html = soup.find("html")
    value = html.get("lang") if html is not None else None
    return str(value).split("-")[0].lower() if value else None
