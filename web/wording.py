"""Dates, periods and counts as pages say them, and the dates that URLs carry."""

from __future__ import annotations

import calendar
import datetime
import re

PERIOD_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def human_date(day: datetime.date) -> str:
    """Return '10 June 2018'."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def period_bounds(period: str) -> tuple[datetime.date, datetime.date] | None:
    """Return the first and last day of '2018', '2018-06' or '2018-06-10'."""
    match = PERIOD_PATTERN.match(period)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if day and month:
            first = last = datetime.date(year, month, day)
        elif month:
            first = datetime.date(year, month, 1)
            last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        else:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    except ValueError:
        return None
    return first, last


def period_label(period: str) -> str:
    """Return '2018', 'June 2018' or '10 June 2018'."""
    match = PERIOD_PATTERN.match(period)
    if not match:
        return period
    year, month, day = match.groups()
    if day:
        return human_date(datetime.date(int(year), int(month), int(day)))
    if month:
        return f"{calendar.month_name[int(month)]} {year}"
    return year


def range_label(first: datetime.date | None, last: datetime.date | None) -> str:
    """Say a date range in words, as a whole year or month where it is one."""
    if first and last:
        if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31):
            if first.year == last.year:
                return str(first.year)
            return f"{first.year}–{last.year}"
        month_end = calendar.monthrange(last.year, last.month)[1]
        if (
            first.day == 1
            and last.day == month_end
            and (first.year, first.month)
            == (
                last.year,
                last.month,
            )
        ):
            return f"{calendar.month_name[first.month]} {first.year}"
        if first == last:
            return human_date(first)
        return f"{human_date(first)} to {human_date(last)}"
    if first:
        return f"from {human_date(first)}"
    if last:
        return f"until {human_date(last)}"
    return ""


def plural(count: int, word: str = "statement") -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def parse_day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None
