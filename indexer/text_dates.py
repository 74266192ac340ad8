"""Dates in texts of no fixed layout: date lines, signature formulas and file names.

A text such as a treaty names many dates (older agreements, periods, deadlines); only a
date that dates the text itself is taken: a line that holds little but a date, a
signature formula ("Done at Oslo on 18 December 1995") near the foot, a date in the
title that is not another act's ("the Agreement of 18 December 1995"), or a leading ISO
date in the file name. The words come from `data/date_words.json`.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import get_day_names, get_month_names

DATE_WORDS_FILE = Path(__file__).with_name("data") / "date_words.json"

# A date line holds a date and at most a place or a label before it ("Buenos Aires,
# 30 August 2010", "Date signed: April 21, 2005", "(13 January 1978)"), and a word that
# belongs to the date ("Paris, le 3 juin 1965", see date_words.json).
DATE_LINE_MAX_CHARS = 60
DATE_LINE_OTHER_WORDS = 4
_BEFORE_LINE_DATE = re.compile(r"(?:^|[,:(])\s*(?:(?P<word>[^\W\d_]+)\s+)?$")
# After it, at most a word that belongs to the date ("года", "р.", see date_words.json).
_AFTER_LINE_DATE = re.compile(r"^\s*(?:(?P<word>[^\W\d_]+)\.?)?[\s.)]*$")
# A date in parentheses in a title is a place-and-date note: "(Moscow, 11 November, 1992)".
_DATE_NOTE = re.compile(r"\(([^()]{1,60})\)")
# A signature formula names its date within this many characters of its opening words,
# and in the same sentence.
SIGNATURE_SPAN_CHARS = 300

_FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[^\W\d_])")
# A date right after these words dates another act: "the Agreement of 18 December 1995".
_OTHER_ACT = re.compile(r"\b(?:of|del|de|du|des|vom)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    date: datetime.date
    phrase: str
    """The words the date was read from, for the statement's evidence."""


def unaccented(word: str) -> str:
    """Return the word without its accents ("février" -> "fevrier"), as OCR and some
    typists write it."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _numbered(lists: dict[str, list[str]]) -> dict[str, int]:
    """Map each word of each list, and its unaccented spelling, to its 1-based position."""
    numbers: dict[str, int] = {}
    for words in lists.values():
        for number, word in enumerate(words, start=1):
            numbers[word] = numbers[unaccented(word)] = number
    return numbers


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _cldr_names(locales: list[str], names_of) -> dict[str, list[str]]:
    """Return, for each locale, width and context, CLDR's names in order, lower-cased and
    without an abbreviation's full stop ("февр." -> "февр")."""
    lists = {}
    for locale in locales:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = names_of(width, context, locale)
                lists[f"{locale} {width} {context}"] = [
                    names[key].lower().rstrip(".") for key in sorted(names)
                ]
    return lists


@dataclass(frozen=True)
class _Grammar:
    months: dict[str, int]
    day_words: dict[str, int]
    weekdays: frozenset[str]
    after_date: frozenset[str]
    before_date: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    opener: re.Pattern[str]


@cache
def _grammar() -> _Grammar:
    data = json.loads(DATE_WORDS_FILE.read_text(encoding="utf-8"))
    months = _numbered(_cldr_names(data["cldr_locales"], get_month_names) | data["months"])
    day_words = _numbered(data["day_words"])
    weekdays = frozenset(_numbered(_cldr_names(data["cldr_locales"], get_day_names)))
    day = rf"(?P<day>\d{{1,2}}|{_alternation(day_words)})(?:st|nd|rd|th|er|º|°|\.)?"
    month = rf"(?P<month>{_alternation(months)})\.?"
    year = r"(?P<year>1[89]\d\d|20\d\d)"
    # "26th day of March 2003", "30 de julio de 2008", "eighteenth day of June in the year 2007"
    filler = r"[\s,]+(?:(?:day|days|of|the|month|in|year|de|del|d[ií]as?|mes|a[ñn]o)[\s,]+){0,4}"
    patterns = (
        re.compile(rf"\b{day}{filler}{month}{filler}{year}\b", re.IGNORECASE),
        # "September 20, 1922", "September 7th 2012"
        re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{year}\b", re.IGNORECASE),
        re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b"),
        re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"),
        # "2019年2月16日": no word boundary between Chinese characters and digits.
        re.compile(rf"(?<!\d){year}\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日"),
        # Kazakh, year first: "2018 жылғы 10 маусым", "2018 жылы 10 маусымда".
        re.compile(
            rf"\b{year}\s*(?:жылғы|жылы|ж\.)\s*{day}\s+{month}(?:да|де|та|те)?(?!\w)",
            re.IGNORECASE,
        ),
    )
    opener = re.compile(
        rf"(?<!\w)(?:{_alternation(data['signature_openers'])})(?!\w)", re.IGNORECASE
    )
    after_date = frozenset(data["after_date_words"])
    before_date = frozenset(data["before_date_words"])
    return _Grammar(months, day_words, weekdays, after_date, before_date, patterns, opener)


def _date_of(match: re.Match[str], grammar: _Grammar) -> datetime.date | None:
    day, month = match["day"].lower(), match["month"].lower()
    try:
        return datetime.date(
            int(match["year"]),
            int(month) if month.isdigit() else grammar.months[month],
            int(day) if day.isdigit() else grammar.day_words[day],
        )
    except ValueError:
        return None


def first_date(text: str) -> tuple[datetime.date, re.Match[str]] | None:
    """Return the first valid date written in `text` with its match, or None."""
    grammar = _grammar()
    best: tuple[datetime.date, re.Match[str]] | None = None
    for pattern in grammar.patterns:
        for match in pattern.finditer(text):
            found = _date_of(match, grammar)
            if found is not None:
                if best is None or match.start() < best[1].start():
                    best = (found, match)
                break
    return best


def only_a_date(text: str) -> datetime.date | None:
    """Return the date when `text` holds nothing but a date, a weekday and words that
    follow a date ("Sunday, 10 June 2018", "10 июня 2018 года"), else None."""
    found = first_date(text)
    if found is None:
        return None
    date, match = found
    grammar = _grammar()
    rest = (text[: match.start()] + " " + text[match.end() :]).lower()
    allowed = grammar.weekdays | grammar.after_date | grammar.before_date
    return date if all(w in allowed for w in re.findall(r"[^\W\d_]+", rest)) else None


def date_line(line: str) -> FoundDate | None:
    """Return the date of a line that holds little but a date, such as `Oslo, 5 May 1995`."""
    line = " ".join(line.split())
    if len(line) > DATE_LINE_MAX_CHARS:
        return None
    found = first_date(line)
    if found is None:
        return None
    date, match = found
    before, after = line[: match.start()], line[match.end() :]
    before_date, after_date = _BEFORE_LINE_DATE.search(before), _AFTER_LINE_DATE.match(after)
    if not (before_date and after_date):
        return None
    grammar = _grammar()
    if before_date["word"] and before_date["word"].lower() not in grammar.before_date:
        return None
    if after_date["word"] and after_date["word"].lower() not in grammar.after_date:
        return None
    others = re.findall(r"[^\W\d_]+", before)
    return FoundDate(date, line) if len(others) <= DATE_LINE_OTHER_WORDS else None


def signature_date(foot: str) -> FoundDate | None:
    """Return the date of the last signature formula in `foot` ("Done at Oslo on ...")."""
    foot = " ".join(foot.split())
    found: FoundDate | None = None
    for opener in _grammar().opener.finditer(foot):
        # "firmado en Brasilia, el 22 de setiembre de 1997" inside a sentence cites
        # another act; a formula opens with a capital ("Done", "DONE", "Firmado").
        if not opener.group()[0].isupper():
            continue
        span = foot[opener.start() : opener.start() + SIGNATURE_SPAN_CHARS]
        sentence = _SENTENCE_END.split(span, maxsplit=1)[0]
        dated = first_date(sentence)
        if dated is not None:
            found = FoundDate(dated[0], sentence[: dated[1].end()])
    return found


def title_note_date(title: str) -> FoundDate | None:
    """Return the date of a place-and-date note in parentheses in a title, or None."""
    for note in _DATE_NOTE.finditer(title):
        if found := date_line(note.group(1)):
            return FoundDate(found.date, note.group())
    return None


def title_date(title: str) -> FoundDate | None:
    """Return the date in a title, unless it is another act's ("Protocol to the Agreement of ...")."""
    found = first_date(title)
    if found is None or _OTHER_ACT.search(title[: found[1].start()]):
        return None
    return FoundDate(found[0], title)


def file_name_date(name: str) -> FoundDate | None:
    """Return the ISO date that a file name starts with (`2018-06-10-visit.txt`), or None."""
    match = _FILE_NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return FoundDate(datetime.date(*(int(part) for part in match.groups())), name)
    except ValueError:
        return None
