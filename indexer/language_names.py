"""Country names in any language CLDR has, for the languages we hold no prepared forms
for (country_forms.py prepares case forms and adjectives for a few): a treaty in Hungarian
or Lithuanian names its parties as "Magyar Köztársaság" or "Lietuvos Respublikos".

Per language, built when a statement in it is first read: CLDR's name of every country
and the country adjective that CLDR's name of its language gives ("magyar", "italiano"),
each word matched by its stem with any short ending, so that the cases of inflected
languages ("Lietuva": "Lietuvos", "Rusija": "Rusijos") are read without a table. Text
and names are compared without accents and case: treaty texts are often typed without
them ("Koztarsasag", "REPUBBLICA ITALIANA").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

from .country_forms import CJK, cldr_names, forms_data

# A word's stem drops its last vowels and takes up to this many letters in their place.
_ENDING_LETTERS = 4
# Words shorter than this are matched as they are: their stems would match other words.
_STEM_MIN = 5
_VOWELS = "aeiouyąęėįųūо"


@dataclass(frozen=True)
class LanguageMention:
    code: str
    start: int
    end: int
    phrase: str


def plain(text: str) -> str:
    """Return the text without accents and in lower case, character for character, so
    offsets into it hold in the original."""
    return "".join(c if c.isascii() else unicodedata.normalize("NFD", c)[0] for c in text).lower()


def _word_pattern(word: str) -> str:
    word = plain(word)
    if len(word) < _STEM_MIN or not word.isalpha():
        return re.escape(word)
    stem = word.rstrip(_VOWELS)
    stem = stem if len(stem) >= _STEM_MIN - 1 else word
    return re.escape(stem) + rf"\w{{0,{_ENDING_LETTERS}}}"


def _name_pattern(name: str) -> str:
    return r"\s+".join(_word_pattern(word) for word in name.split())


@cache
def language_names(lang: str) -> tuple[re.Pattern, dict[str, str]] | None:
    """Return the pattern of the country names of `lang` and its group name -> ISO code;
    None for a language CLDR does not know or one we hold prepared forms for."""
    base = lang.split("_")[0]
    if base in forms_data()["languages"] or base in ("zh", "ja", "ko"):
        return None
    try:
        languages = Locale.parse(base).languages
    except (UnknownLocaleError, ValueError):
        return None
    names = [(name, code) for code, name in cldr_names(base).items() if not CJK.search(name)]
    for code, language in forms_data()["adjective_languages"].items():
        adjective = languages.get(language)
        if adjective and " " not in adjective:
            names.append((adjective, code))
    # Longest names first: "Baltarusija" is tried before "Rusija" at the same place.
    names.sort(key=lambda item: -len(item[0]))
    groups, alternatives = {}, []
    for index, (name, code) in enumerate(names):
        groups[f"n{index}"] = code
        alternatives.append(f"(?P<n{index}>{_name_pattern(name)})")
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    return pattern, groups


def language_mentions(text: str, lang: str) -> list[LanguageMention]:
    """Return the countries the text names in `lang` by CLDR's names and adjectives."""
    found = language_names(lang)
    if found is None:
        return []
    pattern, groups = found
    return [
        LanguageMention(groups[m.lastgroup], m.start(), m.end(), text[m.start() : m.end()])
        for m in pattern.finditer(plain(text))
    ]
