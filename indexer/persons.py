"""Find the heads of state and government and the ministers a text names, by full name."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .countries import country_finder
from .country_forms import CJK, inflect
from .phrase_regex import (
    literal_pieces,
    normalise_phrase,
    phrases_regex,
    same_length_normal,
    word_matches,
)

_TOKEN = re.compile(r"[ \t]*\n?[ \t]*([^\s,;:?!()\[\]\"]+)([,;:?!()\[\]\"]?)")
_OF_THE = re.compile(r" of (?:the )?")
_PARTICLES = {"bin", "bint", "ibn", "al", "el", "de", "da", "dos", "das", "van", "von", "der"}
_ROMAN = {"II", "III", "IV", "V", "VI"}
_SUFFIXES = {"Jr.", "Sr."}
# Before these titles a capitalised word makes them part of a name ("Martin Luther King").
_TITLES_THAT_END_NAMES = {"King", "Queen", "Prince", "KING", "QUEEN", "PRINCE"}


@dataclass(frozen=True)
class PersonRules:
    """The compiled title pattern, the known leaders and the words that bound a name."""

    titles: re.Pattern
    titles_needing_country: frozenset[str]
    not_after: tuple[str, ...]
    honorifics: frozenset[str]
    stop_words: frozenset[str]
    leader_names: dict[str, str]
    """Any form of a known leader's name -> the name we show."""
    leader_countries: dict[str, str]
    """A known leader's name -> the ISO code of the country the leader speaks for."""
    leaders: re.Pattern
    """The known leaders' full names and multi-word forms, matched anywhere."""
    cjk_leaders: re.Pattern
    """The known leaders' Chinese names, matched inside running text."""


@cache
def person_rules() -> PersonRules:
    """Read the persons data file and compile its patterns once."""
    text = resources.files("indexer").joinpath("data/persons.json").read_text(encoding="utf-8")
    data = json.loads(text)
    titles = data["titles"] + [title.upper() for title in data["titles"]]
    leader_names = {}
    for leader in data["leaders"]:
        other_scripts = [
            form
            for lang, names in leader.get("forms", {}).items()
            for name in names
            for form in inflect(name, lang)
        ]
        for form in [leader["name"], *leader["aliases"], *other_scripts]:
            leader_names[normalise_phrase(form.replace(",", ""))] = leader["name"]
    full_forms = [form for form in leader_names if " " in form]
    cjk_forms = [form for form in leader_names if CJK.search(form)]
    return PersonRules(
        titles=re.compile(
            r"(?:" + phrases_regex(literal_pieces(t) for t in titles) + r")(?![\w-])"
        ),
        titles_needing_country=frozenset(data["titles_needing_country"]),
        not_after=tuple(data["not_after"]),
        honorifics=frozenset(data["honorifics"]),
        stop_words=frozenset(data["name_stop_words"]),
        leader_names=leader_names,
        leader_countries={leader["name"]: leader["country"] for leader in data["leaders"]},
        leaders=re.compile(
            r"(?:" + phrases_regex(literal_pieces(f) for f in full_forms) + r")(?![\w-])"
        ),
        cjk_leaders=re.compile(phrases_regex(literal_pieces(f) for f in cjk_forms)),
    )


def _read_name(rules: PersonRules, text: str, pos: int, capitals: bool) -> tuple[list[str], int]:
    """Read the name that starts at `pos`, skipping honorifics; return its words and end."""
    words: list[str] = []
    ends: list[int] = []
    while len(words) < 5:
        match = _TOKEN.match(text, pos)
        if not match or "\n\n" in text[pos : match.start(1)]:
            break
        token, punctuation = match.groups()
        possessive = token.endswith(("'s", "'"))
        word = token.removesuffix("s").removesuffix("'") if possessive else token
        if words and word in _SUFFIXES:
            words.append(word)
            ends.append(match.start(1) + len(word))
            break
        if word.endswith(".") and len(word) > 2 and word not in rules.honorifics:
            word, punctuation = word[:-1], "."
        if word.endswith("-"):  # a word broken off in a transcript: "President Bi- -- Biden"
            break
        if not words and word in rules.honorifics:
            pos = match.end()
            continue
        if capitals and word.isupper() and len(word) > 1 and word.isalpha():
            word = word.title() if word not in _ROMAN else word
        is_initial = len(word) == 2 and word[0].isupper() and word[1] == "."
        if word in rules.stop_words:
            break
        if word in _PARTICLES or word.startswith(("al-", "el-")) and word[3:4].isupper():
            if not words:
                break
        elif not (is_initial or word in _ROMAN and words) and (
            not word[:1].isupper() or word.isupper() or "." in word
        ):
            break
        words.append(word)
        ends.append(match.start(1) + len(word))
        pos = match.end()
        if possessive or punctuation:
            break
    while words and (words[-1] in _PARTICLES or len(words[-1]) == 2 and words[-1][1] == "."):
        words.pop()
        ends.pop()
    # In a headline the name runs into the verb ("President Biden Providing"): a known
    # leader's name at the start of the words is the whole name.
    if " ".join(words) not in rules.leader_names:
        for length in range(len(words) - 1, 0, -1):
            if " ".join(words[:length]) in rules.leader_names:
                del words[length:], ends[length:]
                break
    return words, (ends[-1] if ends else pos)


def find_persons(text: str) -> dict[str, list[str]]:
    """Return the persons the text names -> the phrases that name them, in order of first
    mention; "President Xi" becomes "Xi Jinping" when the full name is known."""
    rules = person_rules()
    normal = same_length_normal(text)
    countries = country_finder().pattern
    demonyms = country_finder().demonyms
    titled: list[tuple[str, str]] = []
    for match in word_matches(rules.titles, normal, glue="-"):
        title = match.group(0)
        before = normal[max(0, match.start() - 30) : match.start()].rstrip()
        if before.endswith(rules.not_after):
            continue
        if title in _TITLES_THAT_END_NAMES and before[-1:].isalpha():
            last = before.split()[-1] if before.split() else ""
            if last[:1].isupper() and last not in rules.honorifics and last != "Crown":
                continue
        pos, named_country = match.end(), False
        of_the = _OF_THE.match(normal, pos)
        if of_the:
            country = countries.match(normal, of_the.end())
            if not country or country.group(0) in demonyms:
                continue
            pos, named_country = country.end(), True
        words, end = _read_name(rules, normal, pos, capitals=title.isupper())
        # "President of Kazakhstan Kassym-Jomart Tokayev": this form gives the full name.
        if not words or named_country and len(words) < 2:
            continue
        name = " ".join(words)
        needs_country = title.title() in rules.titles_needing_country and not named_country
        if needs_country and name not in rules.leader_names:
            continue
        titled.append((name, " ".join(text[match.start() : end].split())))
    found: dict[str, list[str]] = {}
    leaders = list(word_matches(rules.leaders, normal, glue="-"))
    if not normal.isascii() and CJK.search(normal):
        leaders = sorted(
            leaders + list(rules.cjk_leaders.finditer(normal)), key=lambda m: m.start()
        )
    for match in leaders:
        name = rules.leader_names[normalise_phrase(match.group(0).replace(",", ""))]
        found.setdefault(name, []).append(" ".join(text[match.start() : match.end()].split()))
    full_names = {name for name, _ in titled if " " in name} | set(found)
    for name, phrase in titled:
        found.setdefault(_full_name(rules, name, full_names), []).append(phrase)
    return {name: list(dict.fromkeys(phrases)) for name, phrases in found.items()}


def _full_name(rules: PersonRules, name: str, full_names: set[str]) -> str:
    """Return the name we show for a name read after a title."""
    if name in rules.leader_names:
        return rules.leader_names[name]
    if " " in name:
        return name
    matches = {full for full in full_names if name in full.split()}
    return matches.pop() if len(matches) == 1 else name


def leader_countries(text: str) -> dict[str, list[str]]:
    """Return the countries whose known leaders the text names -> the phrases naming them."""
    countries = person_rules().leader_countries
    found: dict[str, list[str]] = {}
    for name, phrases in find_persons(text).items():
        if name in countries:
            found.setdefault(countries[name], []).extend(phrases)
    return found
