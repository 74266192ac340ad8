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

SLUG_WORDS_MAX_CHARS = 60


def slugify(text: str, max_chars: int = SLUG_WORDS_MAX_CHARS) -> str:
    """Return lower-case ASCII words joined by hyphens, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
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
