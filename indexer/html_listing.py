"""Tell a listing page (a list of other statements) from a statement.

A listing repeats one kind of item, each a headline link with its date or teaser, and
has little prose of its own; it often goes on over numbered pages. A statement has
prose, and may end with a few headline links ("See also") that do not make it a list.
Measured on all saved pages in bench/extraction_compare.py.
"""

from __future__ import annotations

import re
from collections import defaultdict

from bs4 import BeautifulSoup, Tag

from .html_reading import element_text, letters

# Letters in a link that make it a headline (a title of another page), not a word link.
HEADLINE_LETTERS = 15
# Fewer repeated headline items than this are a "See also" block, not a list.
MIN_ITEMS = 4
# A list's items outweigh its own prose many times; a short statement's unnamed block
# of links to other statements (five headlines under two paragraphs) is about as long
# as its prose.
ITEMS_OVER_PROSE = 3
# Prose of its own (letters) below which a page with page numbers is a list: the
# listings measured have at most 95, the shortest statement 170.
PAGED_PROSE_MAX = 150

_PAGER = re.compile(r"pag(?:er|ing|ination)|page-numbers|pagenav", re.IGNORECASE)


def has_page_numbers(soup: BeautifulSoup) -> bool:
    """Tell whether the page has page links: a list going on over pages, or a statement
    with links to the next and previous ones (told apart by its prose, see is_listing)."""
    for element in soup.find_all(True, class_=_PAGER):
        if len(element.find_all("a")) >= 2:
            return True
    for parent in {id(a.parent): a.parent for a in soup.find_all("a")}.values():
        if len(element_text(parent)) > 80:
            continue  # numbered links inside prose are footnotes, not page numbers
        numbers = [element_text(a) for a in parent.find_all("a", recursive=False)]
        runs = [int(n) for n in numbers if n.isdigit() and len(n) < 4]
        if len(runs) >= 2 and runs[:2] in ([1, 2], [2, 3]):
            return True
    return False


def _is_headline_item(item: Tag) -> bool:
    links = [item] if item.name == "a" else item.find_all("a")
    return any(letters(element_text(a)) >= HEADLINE_LETTERS for a in links)


def headline_items(root: Tag) -> list[Tag]:
    """Return the largest run of repeated items (siblings of one tag and class) that are
    each a headline link, with whatever date or teaser goes with it."""
    best: list[Tag] = []
    best_letters = 0
    for parent in [root, *root.find_all(True)]:
        kinds: dict[tuple[str, tuple[str, ...]], list[Tag]] = defaultdict(list)
        for child in parent.find_all(True, recursive=False):
            kinds[(child.name, tuple(child.get("class") or ()))].append(child)
        for items in kinds.values():
            heads = [item for item in items if _is_headline_item(item)]
            if len(heads) < MIN_ITEMS or len(heads) < 0.6 * len(items):
                continue
            size = sum(letters(element_text(item)) for item in heads)
            if size > best_letters:
                best, best_letters = heads, size
    return best


def own_prose(container: Tag, items: list[Tag]) -> int:
    """Count the letters of the page's own prose: blocks outside the items, not links."""
    inside = {id(item) for item in items}
    total = 0
    for block in container.find_all(["p", "li", "h2", "h3", "dd", "blockquote", "pre"]):
        if block.find_parent(["p", "li", "blockquote"]) is not None:
            continue
        if id(block) in inside or any(id(parent) in inside for parent in block.parents):
            continue
        text = letters(element_text(block))
        linked = letters(" ".join(element_text(a) for a in block.find_all("a")))
        if linked < 0.5 * text:
            total += text
    return total


def is_listing(region: Tag, container: Tag, page_numbers: bool) -> bool:
    """Tell a listing from a statement: repeated headline items that far outweigh the
    prose, or page links on a page with almost no prose of its own."""
    items = headline_items(region)
    prose = own_prose(container, items)
    if items and sum(letters(element_text(item)) for item in items) > ITEMS_OVER_PROSE * prose:
        return True
    return page_numbers and prose < PAGED_PROSE_MAX
