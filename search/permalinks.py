"""Permalinks: `/doc/<key>/<slug>`, where only the key identifies the statement.

The key is fixed by what identifies a statement (see indexer/ids.py) and never by its
title or date; the slug (date and title words) is decoration that may change when a title
is corrected, so any slug answers and the page names the canonical one. Ids issued before
(the earlier `<date>-<title words>-<hash>` form, or a key that a parser change replaced)
stay with the statement as aliases and answer with a redirect.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from anyascii import anyascii

SLUG_WORDS_MAX_CHARS = 60


def slugify(text: str, max_chars: int = SLUG_WORDS_MAX_CHARS) -> str:
    """Return lower-case ASCII words joined by hyphens, cut at a word boundary: a title in
    another script is transliterated ("Сьогодні знову війна" gives sogodni-znovu-viyna,
    "中卢关系" zhongluguanxi); the apostrophes of soft signs do not split words."""
    ascii_text = "".join(c if c.isascii() else anyascii(c).replace("'", "") for c in text)
    return _join_words(ascii_text, max_chars)


def ascii_slugify(text: str, max_chars: int = SLUG_WORDS_MAX_CHARS) -> str:
    """Return the slug of the earlier id form: the title's letters that have an ASCII base
    letter, the others dropped (kept as it was, since those ids answer still)."""
    return _join_words(
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode(), max_chars
    )


def _join_words(ascii_text: str, max_chars: int) -> str:
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or "statement"


def slug(title: str, date: datetime.date | None) -> str:
    """Return the readable part of a permalink: the date, then the title's words."""
    return f"{date.isoformat() if date else 'undated'}-{slugify(title)}"


def canonical_path(key: str, title: str, date: datetime.date | None) -> str:
    """Return the one address a statement's page names as its own."""
    return f"/doc/{key}/{slug(title, date)}"
