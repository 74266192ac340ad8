"""Find the countries a text names, in every form statements use, as ISO 3166-1 codes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from .countries_cjk import CjkFinder, cjk_finder
from .country_forms import CJK, all_forms, forms_data, not_country_forms
from .phrase_regex import (
    literal_pieces,
    normalise_phrase,
    phrases_regex,
    same_length_normal,
    word_matches,
)

# What joins the two sides of a named pair: "U.S.-Croatia", "Kazakh–Chinese", and in titles
# "U.S. – Japan" or "U.S.- Mexico". Not an em dash: transcripts use it for asides.
_PAIR_JOINER = re.compile(r" ?[-\u2013] ?")

# Titles that make the next capitalised word a person: "Mr. Jordan", "Senator Chad ..."
_PERSON_TITLES = {"mr.", "ms.", "mrs.", "dr.", "rep.", "sen.", "senator", "representative", "coach"}
_WORD = re.compile(r"[\w.'-]+")


@dataclass(frozen=True)
class Mention:
    """One place where a text names a country."""

    code: str
    start: int
    end: int
    phrase: str
    """The words as they appear in the text, such as "Kazakh" or "People's Republic of China"."""


def _data() -> dict:
    text = resources.files("indexer").joinpath("data/countries.json").read_text(encoding="utf-8")
    return json.loads(text)


def _iso_names(country) -> list[str]:
    """Return the names pycountry gives a country that read as prose (no inverted forms)."""
    names = []
    for attr in ("name", "official_name", "common_name"):
        name = getattr(country, attr, None)
        if not name or "," in name:
            continue
        name = re.sub(r"\s*\(.*?\)", "", name)
        names.append(name.removeprefix("the "))
    return names


class LazyPattern:
    """A names pattern compiled when first needed: the 23,000 case forms of the Cyrillic
    and Arabic names take 1.7 s to compile, which a process reading only English texts
    never spends. Two threads may both compile it once; either result serves."""

    def __init__(self, names: list[str]) -> None:
        self._names = names
        self._pattern: re.Pattern | None = None

    def get(self) -> re.Pattern:
        if self._pattern is None:
            self._pattern = _names_pattern(self._names)
        return self._pattern


@dataclass(frozen=True)
class Readings:
    """What a statement needs read besides capitalised names, decided once for its whole
    text: the slower patterns run only where they may match."""

    latin_lower: bool
    """French, Spanish or German function words: lower-case names ("la parte argentina")."""
    other_scripts: bool
    """A first letter of a name in another script (Cyrillic, Arabic)."""
    chinese: bool
    named: frozenset[str] = frozenset()
    """The countries named in full in Chinese, which tell what an abbreviation such as
    "摩方" stands for."""


@dataclass(frozen=True)
class CountryFinder:
    """The compiled country matcher and the data its trap checks need."""

    pattern: re.Pattern
    """Names that begin with a capital in Latin script, read in every text."""
    latin_lower: re.Pattern
    """French, Spanish and German names that begin in lower case ("chinois", "golfe de
    Guinée"): a scan that stops at every lower-case letter (30 times slower on English
    text), so it runs only where the statement has French, Spanish or German function
    words (`reads_latin_lower`)."""
    other_lower: LazyPattern
    """Names in other scripts ("Китаем", "китайских", "الصين"), read only where the text
    holds one of their first letters (`other_lower_letters`)."""
    other_lower_letters: re.Pattern
    foreign_letters: re.Pattern
    """Those letters and the CJK ideographs."""
    codes: dict[str, str | None]
    """Normalised name -> ISO code, or None for phrases that name something else."""
    demonyms: frozenset[str]
    """Adjectives and names of peoples ("Kazakh", "Chinese"), as opposed to country names."""
    person_names: frozenset[str]
    words_before_country: frozenset[str]
    """Lower-cased words that often stand before a country name: a capitalised word
    before "Jordan" makes a person's name ("Michael Jordan") unless it is one of these."""
    place_prepositions: frozenset[str]
    """Words after which a country name stays one even before a capitalised word."""
    words_after_country: frozenset[str]
    """Capitalised words that may follow a country name without making it a name."""
    us_state_words: frozenset[str]
    us_state_words_before: tuple[str, ...]
    us_states: re.Pattern
    georgia_country_words: re.Pattern
    georgia_region: frozenset[str]
    """Codes of countries that, named in the same sentence, make "Georgia" the country."""
    sentence_start_traps: frozenset[str]
    """Names that are common words when capitalised at a sentence start ("Малі")."""
    cjk: CjkFinder

    def mentions(
        self,
        text: str,
        *,
        title_case: bool = False,
        georgia_is_state: bool = False,
        readings: Readings | None = None,
    ) -> list[Mention]:
        """Return every country the text names, in order; traps are left out.

        `title_case` tells that the text capitalises every word (a title), so a capitalised
        word before a name says nothing about a person's name. `georgia_is_state` tells
        that "Georgia" is the US state unless its sentence names the country's region
        (see `georgia_is_state`). `readings` are those of the whole statement (by default,
        of this text).
        """
        normal = same_length_normal(text)
        if normal.islower():
            # A text in lower case only ("la republique du senegal"), as some sources keep
            # it: read as if every word were capitalised.
            normal, title_case = _capitalise_words(normal), True
        readings = readings or self.readings(normal)
        found = []
        for match in self._matches(normal, readings):
            name = normalise_phrase(match.group(0))
            code = self.codes.get(name)
            if code is None:
                continue
            start, end = match.span()
            if name in self.person_names and self._is_person_name(normal, start, end, title_case):
                continue
            if name == "Georgia" and self._is_us_state(normal, start, end, georgia_is_state):
                continue
            if name in self.sentence_start_traps and _starts_sentence(normal, start):
                continue
            found.append(Mention(code, start, end, " ".join(text[start:end].split())))
        cjk = self.cjk.mentions(normal, readings.named) if readings.chinese else []
        if cjk:
            found = sorted(
                found + [Mention(m.code, m.start, m.end, m.phrase) for m in cjk],
                key=lambda m: m.start,
            )
        return found

    def readings(self, text: str) -> Readings:
        """Return what the text needs read besides capitalised names."""
        # One scan for a letter of any other script; most texts have none.
        first = None if text.isascii() else self.foreign_letters.search(text)
        if first is None:
            return Readings(self.reads_latin_lower(text), other_scripts=False, chinese=False)
        chinese = bool(CJK.search(text, first.start()))
        return Readings(
            self.reads_latin_lower(text),
            other_scripts=bool(self.other_lower_letters.search(text, first.start())),
            chinese=chinese,
            named=self.cjk.named(text) if chinese else frozenset(),
        )

    @staticmethod
    def reads_latin_lower(text: str) -> bool:
        """Tell whether the text has a French, Spanish or German function word, so that
        lower-case names of those languages ("la parte argentina") are worth looking for."""
        # The opening is enough to tell a language, and bounds the cost on long texts.
        padded = f" {text[:_LANGUAGE_SAMPLE]} "
        return any(word in padded for word in _LATIN_FUNCTION_WORDS)

    def _matches(self, text: str, readings: Readings) -> list[re.Match]:
        """Return the matches of the patterns the readings call for, the leftmost and then
        the longest where they overlap, as one pattern would give them."""
        matches = list(word_matches(self.pattern, text, glue="."))
        if not (readings.latin_lower or readings.other_scripts):
            return matches
        if readings.latin_lower:
            matches += word_matches(self.latin_lower, text, glue=".")
        if readings.other_scripts:
            matches += word_matches(self.other_lower.get(), text, glue=".")
        matches.sort(key=lambda m: (m.start(), -m.end()))
        kept: list[re.Match] = []
        for match in matches:
            if not kept or match.start() >= kept[-1].end():
                kept.append(match)
        return kept

    def _is_person_name(self, text: str, start: int, end: int, title_case: bool) -> bool:
        before = _WORD.findall(text[max(0, start - 40) : start])
        after = _WORD.findall(text[end : end + 40])
        glued_before = start > 0 and not text[start - 1].isspace()
        previous = before[-1] if before and not glued_before else ""
        following = after[0] if after and text[end : end + 1] == " " else ""
        if previous.lower() in _PERSON_TITLES:
            return True
        previous_is_name = (
            previous[:1].isupper()
            and previous.lower() not in self.words_before_country
            and not text[start - 2 : start - 1].strip(" ") in {",", ";", ":", "."}
        )
        if previous_is_name and not title_case:
            return True
        following_is_name = (
            following[:1].isupper()
            and not following.isupper()
            and following.rstrip(".,") not in self.words_after_country
        )
        return following_is_name and previous.lower() not in self.place_prepositions

    def georgia_is_state(self, text: str, publisher_country: str | None) -> bool:
        """Tell whether "Georgia" in this document means the US state unless its sentence
        says otherwise: a US publisher that says nothing of the country (Tbilisi, the
        Caucasus, Georgian)."""
        if publisher_country != "US" or "Georgia" not in text:
            return False
        return not self.georgia_country_words.search(same_length_normal(text))

    def _is_us_state(self, text: str, start: int, end: int, state_by_default: bool) -> bool:
        sentence = _sentence_around(text, start, end)
        if self.georgia_country_words.search(sentence):
            return False
        # "Moldova, Ukraine, Armenia, Georgia", "attacking Georgia and Ukraine": its region.
        if any(
            self.codes.get(normalise_phrase(m.group(0))) in self.georgia_region
            for m in word_matches(self.pattern, sentence, glue=".")
        ):
            return False
        if state_by_default:
            return True
        before = text[max(0, start - 30) : start].rstrip()
        if any(before.endswith(words) for words in self.us_state_words_before):
            return True
        after = _WORD.findall(text[end : end + 30])
        if after and after[0] == "'s":
            after = after[1:]
        if after and after[0] in self.us_state_words:
            return True
        # "Atlanta, Georgia": a capitalised place name and a comma, unless that place is a
        # country ("Armenia, Georgia, and Azerbaijan").
        place = re.search(r"([A-Z][\w.'-]*), $", text[max(0, start - 40) : start])
        if place and not self.codes.get(place.group(1)):
            return True
        return bool(self.us_states.search(sentence))

    def pairs(self, text: str, mentions: list[Mention]) -> list[tuple[str, str, str]]:
        """Return the pairs the text names by joining two countries with a hyphen or an en
        dash, such as "Kazakh-Chinese" or "U.S.-ROK-Japan", as (code, code, phrase)."""
        normal = same_length_normal(text)
        found = []
        run = [mentions[0]] if mentions else []
        for mention in mentions[1:]:
            # Chinese joins the two sides without a dash: "中卢关系", "中德两国" (one phrase).
            adjacent = run[-1].end == mention.start and run[-1].phrase == mention.phrase
            if adjacent or _PAIR_JOINER.fullmatch(normal, run[-1].end, mention.start):
                run.append(mention)
                continue
            found.extend(_pairs_of_run(text, run))
            run = [mention]
        found.extend(_pairs_of_run(text, run))
        return found


def _sentence_around(text: str, start: int, end: int) -> str:
    sentence_start = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0]
    return text[sentence_start : min(ends, default=len(text))]


# Words of French, Spanish and German that English prose does not use, looked for in the
# first characters of a text.
_LANGUAGE_SAMPLE = 2000
_LATIN_FUNCTION_WORDS = (
    " de ",
    " la ",
    " le ",
    " les ",
    " des ",
    " du ",
    " et ",
    " el ",
    " los ",
    " las ",
    " del ",
    " y ",
    " der ",
    " das ",
    " und ",
    " mit ",
)
_WORD_START = re.compile(r"\b\w")


def _capitalise_words(text: str) -> str:
    """Return the text with each word's first letter in capitals, offsets unchanged."""
    return _WORD_START.sub(lambda m: m.group(0).upper()[:1], text)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'«“„(")
    return not before or before[-1] in ".!?…:\n"


def _pairs_of_run(text: str, run: list[Mention]) -> list[tuple[str, str, str]]:
    if len(run) < 2:
        return []
    phrase = text[run[0].start : run[-1].end]
    codes = sorted({m.code for m in run})
    return [(a, b, phrase) for i, a in enumerate(codes) for b in codes[i + 1 :]]


@cache
def country_finder() -> CountryFinder:
    """Build the matcher once: pycountry's names, then our aliases, demonyms and traps."""
    data = _data()
    codes: dict[str, str | None] = {}
    for country in pycountry.countries:
        for name in _iso_names(country):
            codes.setdefault(name, country.alpha_2)
    for key in ("aliases", "demonyms"):
        for code, names in data[key].items():
            for name in names:
                codes[normalise_phrase(name)] = code
    # Other languages: CLDR's names, their case forms and adjectives (country_forms.py);
    # Chinese ones are matched apart, as substrings.
    for name, code in all_forms():
        if not CJK.search(name):
            codes.setdefault(normalise_phrase(name), code)
    for name in [*data["not_countries"], *not_country_forms()]:
        if not CJK.search(name):
            codes[normalise_phrase(name)] = None
    # US state names are matched too, so that "New Mexico" or "West Virginia" is read whole.
    for name in data["us_states"]:
        codes.setdefault(name, None)
    # Three patterns: one that begins with a lower-case letter is tried at almost every
    # character of a text, so those run only where they may match.
    capital = [name for name in codes if not name[:1].islower() and name[:1] < "\u0250"]
    latin = [name for name in codes if name[:1].islower() and name[:1] < "\u0250"]
    other = [name for name in codes if name[:1] >= "\u0250"]
    first_letters = "".join(sorted({re.escape(name[0]) for name in other}))
    states = [s for s in data["us_states"] if s != "Georgia"]
    return CountryFinder(
        pattern=_names_pattern(capital),
        latin_lower=_names_pattern(latin),
        other_lower=LazyPattern(other),
        other_lower_letters=re.compile(f"[{first_letters}]"),
        foreign_letters=re.compile(f"[{first_letters}{CJK.pattern[1:-1]}]"),
        codes=codes,
        demonyms=frozenset(name for names in data["demonyms"].values() for name in names),
        person_names=frozenset(data["person_names"]),
        words_before_country=frozenset(data["words_before_person_name"]),
        place_prepositions=frozenset(data["place_prepositions"]),
        words_after_country=frozenset(data["words_after_person_name"]),
        us_state_words=frozenset(data["us_state_words"]),
        us_state_words_before=tuple(data["us_state_words_before"]),
        us_states=re.compile(r"\b(?:" + "|".join(map(re.escape, states)) + r")\b"),
        georgia_region=frozenset(data["georgia_region"]),
        georgia_country_words=re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["georgia_country_words"])) + r")\b"
        ),
        sentence_start_traps=frozenset(forms_data()["sentence_start_traps"]),
        cjk=cjk_finder(),
    )


def _names_pattern(names: list[str]) -> re.Pattern:
    return re.compile(r"(?:" + phrases_regex(literal_pieces(name) for name in names) + r")(?!\w)")


def extra_codes() -> dict[str, str]:
    """Return codes we use that ISO 3166-1 leaves to users, with their names (XK: Kosovo)."""
    return dict(_data()["extra_codes"])
