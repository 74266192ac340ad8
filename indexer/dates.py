"""Recognise the date formats that statements use."""

from __future__ import annotations

import datetime
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

_PATTERNS = [
    # 2018-06-10
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), ("y", "m", "d")),
    # 10.06.2018
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), ("d", "m", "y")),
    # 10 June 2018, 25 JANUARY 2022, 25. November 2020
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th|\.)?\s+{_MONTH}\s*,?\s+(\d{{4}})\b", re.IGNORECASE
        ),
        ("d", "M", "y"),
    ),
    # June 10, 2018; September 28th 2021
    (
        re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.IGNORECASE),
        ("M", "d", "y"),
    ),
]


def find_date(text: str) -> datetime.date | None:
    """Return the first valid date written in `text`, or None when it holds none."""
    best: tuple[int, datetime.date] | None = None
    for pattern, order in _PATTERNS:
        for match in pattern.finditer(text):
            parts = dict(zip(order, match.groups()))
            month = MONTHS[parts["M"].lower()] if "M" in parts else int(parts["m"])
            try:
                found = datetime.date(int(parts["y"]), month, int(parts["d"]))
            except ValueError:
                continue
            if best is None or match.start() < best[0]:
                best = (match.start(), found)
            break
    return best[1] if best else None


def parse_date(text: str) -> datetime.date | None:
    """Return the date when `text` is nothing but a date (a date line), else None."""
    text = text.strip()
    if not text or len(text) > 40:
        return None
    found = find_date(text)
    if found is None:
        return None
    # A date line holds the date and at most a weekday or punctuation around it.
    leftover = re.sub(r"[\d\W_]+", " ", text.lower()).split()
    allowed = set(MONTHS) | {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    }
    return found if all(word in allowed for word in leftover) else None


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
