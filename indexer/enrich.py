"""Derive what a statement is about: publisher, document type, countries and pairs,
sectors and persons, each with the phrases that produced it."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

from search.labels import DOC_TYPE_LABELS
from search.models import Statement

from .countries import Mention, country_finder
from .country_forms import CJK
from .framing import find_framing, pairs_without_framing
from .language import statement_language
from .persons import find_persons, leader_countries
from .publishers import find_publisher
from .sectors import find_sectors


def _pattern(source: str) -> re.Pattern:
    return re.compile(source, re.IGNORECASE)


# Checked in order, the first match wins: a fact sheet or press conference anywhere in the
# title; then the kind of item the title starts with ("Remarks by ... Before Economic
# Briefing" are remarks); then a type word anywhere.
DOC_TYPE_PATTERNS = [
    ("fact_sheet", _pattern(r"\bfact\s+sheet\b")),
    ("press_conference", _pattern(r"\bpress\s+conference\b")),
    ("joint_statement", _pattern(r"^\s*joint\s+(?:statement|declaration|communiqu)")),
    ("remarks", _pattern(r"^\s*(?:remarks|speech|address)\b")),
    ("readout", _pattern(r"^\s*(?:joint\s+)?readout\b")),
    ("press_statement", _pattern(r"^\s*(?:statement|press\s+release)\b")),
    (
        "briefing",
        _pattern(r"^\s*(?:background\s+|on-the-record\s+)?(?:press\s+)?(?:briefing|gaggle|call)"),
    ),
    ("interview", _pattern(r"^\s*interview\b")),
    (
        "joint_statement",
        _pattern(
            r"\bjoint\b(?:\s+[\w'’.-]+){0,3}?\s+(?:statement|declaration|communiqu\w*)"
            r"|\bleaders['’]?\s+(?:joint\s+)?statement|\bcommuniqu"
            r"|(?<!disaster )(?<!emergency )\bdeclaration\b"
        ),
    ),
    ("briefing", _pattern(r"\bbriefing\b|\bpress\s+gaggle\b|\bpress\s+call\b")),
    ("readout", _pattern(r"\breadout\b")),
    ("remarks", _pattern(r"\b(?:remarks|speech|address|toast)\b")),
    ("interview", _pattern(r"\binterview\b")),
    ("press_statement", _pattern(r"\b(?:statement|press\s+release)\b")),
    ("readout", _pattern(r"\b(?:call|meeting)\s+with\b")),
]
# The section a scraper filed a page under, where the title says nothing of its type.
SECTION_DOC_TYPES = {
    "fact-sheets": "fact_sheet",
    "press-briefings": "briefing",
    "speeches-remarks": "remarks",
    "remarks": "remarks",
    "statements-releases": "press_statement",
    "briefings-statements": "press_statement",
    "releases": "press_statement",
}
# Speaker labels of a transcript: "PRESIDENT BIDEN:", "PRIME MINISTER KISHIDA:".
SPEAKER_LABEL = re.compile(r"^(?:[A-Z][A-Z.'-]+ ){0,4}[A-Z][A-Z.'-]+:", re.MULTILINE)
# A paragraph must have this many words to be the opening one (not a dateline or a venue).
OPENING_MIN_WORDS = 8
# A country named this many times, and at least this share as often as the most named
# partner, is substantive wherever it is named: repeated, not in passing.
REPEATED_MENTIONS = 2
REPEATED_SHARE = 1 / 3
# Where a sentence may end: a full stop after a lower-case letter (of any script), digit
# or bracket and before a capital or a quote, so "U.S." or "Joseph R. Biden" do not end
# one (checked in `first_sentence`); abbreviations such as "Jr." are skipped. Chinese
# ends a sentence with "。", "！" or "？" and no space.
SENTENCE_END = re.compile(r"(?<=[\w)][.!?])\s+(?=[\w\"'“‘«„])|(?<=[。！？])")
# A Chinese paragraph has no spaces: this many ideographs make it prose.
OPENING_MIN_IDEOGRAPHS = 16
ABBREVIATIONS = {
    "Jr.",
    "Sr.",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Gen.",
    "Lt.",
    "Col.",
    "Sen.",
    "Rep.",
    "Gov.",
    "No.",
    "Amb.",
    "Adm.",
    "Hon.",
    "Rt.",
    "Prof.",
    "Capt.",
}
EVIDENCE_PHRASES = 6


def document_type(title: str) -> tuple[str, list[str]]:
    """Return the document type for a title and the words that decided it."""
    for doc_type, pattern in DOC_TYPE_PATTERNS:
        match = pattern.search(title)
        if match:
            return doc_type, [" ".join(match.group(0).split())]
    return "other", []


def statement_type(statement: Statement) -> tuple[str, list[str]]:
    """Return the document type from the title, else from the section it was filed under,
    else from its shape (a transcript with speaker labels is remarks)."""
    doc_type, evidence = document_type(statement.title)
    if doc_type != "other":
        return doc_type, evidence
    extra = statement.extra
    sections = extra.get("section") or extra.get("category") or extra.get("tags") or []
    for section in [sections] if isinstance(sections, str) else sections:
        if str(section) in SECTION_DOC_TYPES:
            return SECTION_DOC_TYPES[str(section)], [str(section)]
    labels = [m.group(0) for p in statement.paragraphs[:20] if (m := SPEAKER_LABEL.match(p))]
    if len(labels) >= 2:
        return "remarks", list(dict.fromkeys(labels))[:EVIDENCE_PHRASES]
    return "other", []


def first_sentence(paragraph: str) -> str:
    """Return the paragraph's first sentence."""
    for end in SENTENCE_END.finditer(paragraph):
        sentence = paragraph[: end.start()]
        if end.end() > end.start():
            before, after = sentence[-2], paragraph[end.end()]
            if not (before.islower() or before.isdigit() or before == ")"):
                continue
            if after.isalnum() and not after.isupper():
                continue
        if sentence.rsplit(None, 1)[-1] not in ABBREVIATIONS:
            return sentence
    return paragraph


def opening_sentence(paragraphs: tuple[str, ...]) -> str:
    """Return the first sentence of the first paragraph long enough to be prose."""
    for paragraph in paragraphs:
        prose = len(paragraph.split()) >= OPENING_MIN_WORDS
        if prose or len(CJK.findall(paragraph)) >= OPENING_MIN_IDEOGRAPHS:
            return first_sentence(paragraph)
    return ""


def about_countries(
    statement: Statement, publisher_country: str | None, lang: str = "en"
) -> tuple[list[str], list[str], dict[str, list[str]], dict[str, list[str]]]:
    """Return the countries a statement is about, its pairs, and the phrases for each
    country and each pair.

    About: the publisher's country, and each country named in the title, the place, the
    opening sentence, a named pair ("Kazakh-Chinese"), a known leader named in the title or
    opening sentence ("King Charles III"), a party its framing names (framing.py), or
    repeatedly: at least twice and at least a third as often as the most named other
    country. Pairs: those of its framing; a document without one pairs the publisher's
    country with each other country it is about, and the countries named as a pair.
    """
    finder = country_finder()
    whole = "\n\n".join([statement.title, statement.place or "", statement.text])
    state = finder.georgia_is_state(whole, publisher_country)
    # What to read is decided on the whole statement: the Chinese names it gives in full
    # tell what abbreviations such as "摩方" mean in any paragraph.
    context = {"georgia_is_state": state, "readings": finder.readings(whole)}
    title = finder.mentions(statement.title, title_case=True, **context)
    place = finder.mentions(statement.place or "", **context)
    opening_text = opening_sentence(statement.paragraphs)
    opening = finder.mentions(opening_text, **context)
    leaders = leader_countries(statement.title + "\n\n" + opening_text)
    framing = find_framing(statement, publisher_country, lang, opening_text, context["readings"])
    body_mentions: list[Mention] = []
    named_pairs: list[tuple[str, str, str]] = []
    for paragraph in statement.paragraphs:
        found = finder.mentions(paragraph, **context)
        body_mentions.extend(found)
        named_pairs.extend(finder.pairs(paragraph, found))
    named_pairs.extend(finder.pairs(statement.title, title))
    every = title + place + body_mentions
    counts = Counter(m.code for m in every)
    substantive = {m.code for m in title + place + opening}
    top = max((n for code, n in counts.items() if code != publisher_country), default=0)
    substantive |= {
        code for code, n in counts.items() if n >= REPEATED_MENTIONS and n >= REPEATED_SHARE * top
    }
    substantive |= {code for a, b, _ in named_pairs for code in (a, b)}
    substantive |= set(leaders) | set(framing.parties)
    if publisher_country:
        substantive.add(publisher_country)
    evidence: dict[str, list[str]] = {}
    for mention in every:
        if mention.code in substantive:
            evidence.setdefault(mention.code, []).append(mention.phrase)
    for a, b, phrase in named_pairs:
        for code in (a, b):
            evidence.setdefault(code, []).append(phrase)
    for code, phrases in [*leaders.items(), *framing.parties.items()]:
        evidence.setdefault(code, []).extend(phrases)
    evidence = {code: list(dict.fromkeys(p))[:EVIDENCE_PHRASES] for code, p in evidence.items()}
    countries = sorted(substantive)
    pairs = framing.pairs
    if not framing.found:
        pairs = pairs_without_framing(publisher_country, countries, evidence, named_pairs)
    pair_evidence = {p: list(dict.fromkeys(e))[:EVIDENCE_PHRASES] for p, e in pairs.items()}
    country_evidence = {c: evidence[c] for c in countries if c in evidence}
    return countries, sorted(pairs), country_evidence, pair_evidence


def enrich(statement: Statement) -> Statement:
    """Return the statement with its derived values and their evidence filled in."""
    publisher = find_publisher(statement)
    # A record that names its publisher's country (JSON Lines) is taken at its word.
    publisher_country = statement.publisher_country or publisher.country
    publisher_evidence = (
        f"given with the statement: {publisher_country}"
        if statement.publisher_country
        else publisher.evidence
    )
    doc_type, doc_type_evidence = statement_type(statement)
    evidence = dict(statement.evidence)
    evidence["publisher"] = {publisher_country or "unknown": [publisher_evidence]}
    lang, evidence["lang"] = statement_language(
        statement.title, statement.text, evidence.get("lang", {})
    )
    countries, pairs, country_evidence, evidence["pairs"] = about_countries(
        statement, publisher_country, lang
    )
    text = statement.title + "\n\n" + statement.text
    sectors = find_sectors(text, lang)
    persons = find_persons(text)
    evidence["countries"] = country_evidence
    evidence["sectors"] = {s: p[:EVIDENCE_PHRASES] for s, p in sectors.items()}
    evidence["persons"] = {name: p[:EVIDENCE_PHRASES] for name, p in persons.items()}
    if doc_type_evidence:
        evidence["doc_type"] = {doc_type: doc_type_evidence}
    return dataclasses.replace(
        statement,
        publisher=publisher.name,
        publisher_country=publisher_country,
        lang=lang,
        doc_type=doc_type,
        countries=tuple(countries),
        pairs=tuple(pairs),
        sectors=tuple(sectors),
        persons=tuple(persons),
        evidence=evidence,
    )


def doc_type_labels() -> dict[str, str]:
    """Return document type id -> label."""
    return dict(DOC_TYPE_LABELS)
