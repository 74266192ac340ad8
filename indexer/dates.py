"""Recognise the date formats that statements use, in every language of
`indexer/text_dates.py`: dates of a page's header, title or time element."""

from __future__ import annotations

import datetime
import re

from .text_dates import first_date, only_a_date


def find_date(text: str) -> datetime.date | None:
    """Return the first valid date written in `text`, or None when it holds none."""
    found = first_date(text)
    return found[0] if found else None


def parse_date(text: str) -> datetime.date | None:
    """Return the date when `text` is nothing but a date (a date line), else None."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    return only_a_date(text)


_ISO_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def date_in_file_name(path: str | None) -> datetime.date | None:
    """Return the ISO date (2024-03-12) written in a file's name, or None."""
    if not path:
        return None
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    for match in _ISO_IN_NAME.finditer(name):
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None
