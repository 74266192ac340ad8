"""Words in every language: which stemmer a statement's language has, and CJK bigrams.

A statement's words are indexed as written (search/schema.py); a bare word of a query is
expanded, for each language of the index, to the indexed words with its stem in that
language, and those are searched in the statements of that language only
(search/query.py). docs/languages.md, "Searching in every language", gives the reasons.

- Snowball stemmers (PyStemmer) for every language Snowball has.
- Ukrainian, which Snowball lacks, by a light suffix stripper measured on the bundled
  addresses (tests/test_languages.py); Kazakh, with no statements to measure one on,
  keeps its words exact.
- Chinese and Japanese have no spaces between words: a run of Han or kana characters is
  indexed as its overlapping pairs of characters (中卢关系: 中卢 卢关 关系), and a query word
  is searched as the phrase of its pairs, which needs no dictionary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

SNOWBALL = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "eo": "esperanto",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fa": "persian",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hi": "hindi",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nb": "norwegian",
    "ne": "nepali",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "st": "sesotho",
    "sv": "swedish",
    "ta": "tamil",
    "tr": "turkish",
    "yi": "yiddish",
}
"""ISO 639-1 code -> the Snowball algorithm of that language."""

SCRIPTS = {
    "ar": "ARABIC",
    "fa": "ARABIC",
    "el": "GREEK",
    "hy": "ARMENIAN",
    "hi": "DEVANAGARI",
    "ne": "DEVANAGARI",
    "ta": "TAMIL",
    "yi": "HEBREW",
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "sr": ("CYRILLIC", "LATIN"),
}
"""The script a language's stemmer applies to (Latin when not listed): a Russian stem of an
English word means nothing, and not computing it keeps an expansion fast."""

PREFIX_STEMMERS = frozenset({"ar", "fa"})
"""Languages whose stemmer also strips prefixes (Arabic al-, wa-): their words are looked
for among all the indexed words of their script, not only those sharing the stem's start."""

# Ukrainian inflections, longest first: adjectives, nouns, verbs (reflexive -ся/-сь is
# stripped before). Verb endings that are also a noun's last letters and ending (-ти in
# президенти, -ли in обстріли, -ав in держав) are left out: measured, they split more
# noun groups than they join verb forms. A stem keeps at least UK_MIN_STEM letters.
UK_ENDINGS = sorted(
    (
        *("ами", "ями", "ові", "еві", "єві", "ого", "ього", "ому", "ьому", "ими", "іми"),
        *("ої", "ою", "ею", "єю", "ій", "ий", "их", "іх", "им", "ім", "ах", "ях", "ам", "ям"),
        *("ів", "їв", "ом", "ем", "єм", "ати", "яти", "ити", "іти", "ють", "уть", "ать"),
        *("ять", "ить", "ємо", "имо", "ете", "єте", "ите", "ила", "или", "ило", "ала", "али"),
        *("ало", "ула", "ули", "уло", "ує", "ює"),
        *("а", "я", "о", "е", "є", "і", "ї", "у", "ю", "и", "ь"),
    ),
    key=len,
    reverse=True,
)
UK_MIN_STEM = 3

CJK_CHARS = (
    "[\u3005\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\uff66-\uff9f\U00020000-\U0002ffff]"
)
"""Han characters and kana: the scripts written without spaces between words."""
CJK = re.compile(CJK_CHARS + "+")
CJK_LANGUAGES = frozenset({"zh", "ja"})


def stem_ukrainian(word: str) -> str:
    """Return a light stem of a lower-case Ukrainian word: one inflection stripped."""
    for reflexive in ("ся", "сь"):
        if word.endswith(reflexive) and len(word) - 2 >= UK_MIN_STEM + 1:
            word = word[:-2]
            break
    for ending in UK_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= UK_MIN_STEM:
            word = word[: -len(ending)]
            break
    # A soft sign or і left before the ending (санкці-ї, санкц-ій) is spelling.
    if word[-1:] in ("ь", "і") and len(word) > UK_MIN_STEM:
        word = word[:-1]
    return word


@lru_cache(maxsize=64)
def _snowball(algorithm: str):
    return Stemmer.Stemmer(algorithm)


def has_stemmer(lang: str) -> bool:
    return lang in SNOWBALL or lang == "uk"


@lru_cache(maxsize=200_000)
def stem(lang: str, word: str) -> str:
    """Return the stem of a lower-case word in a language (the word when it has none)."""
    if lang == "uk":
        return stem_ukrainian(word)
    algorithm = SNOWBALL.get(lang)
    return _snowball(algorithm).stemWord(word) if algorithm else word


def script_of(word: str) -> str:
    """Return the Unicode script of a word's first letter ("LATIN", "CYRILLIC", ...)."""
    for char in word:
        if char.isalpha():
            return unicodedata.name(char, "UNKNOWN").split()[0]
    return "UNKNOWN"


def stems_script(lang: str, script: str) -> bool:
    """Whether the language's stemmer applies to words of this script."""
    scripts = SCRIPTS.get(lang, "LATIN")
    return script in scripts if isinstance(scripts, tuple) else script == scripts


def parts_of(word: str) -> list[tuple[int, int]]:
    """Return where the index's words lie in one word of the word pattern: the whole word,
    or, where it holds Han or kana, its other parts whole and each run of those characters
    as its overlapping pairs (a run of one character stays one word)."""
    if not CJK.search(word):
        return [(0, len(word))]
    parts: list[tuple[int, int]] = []
    position = 0
    for run in CJK.finditer(word):
        if run.start() > position:
            parts.append((position, run.start()))
        first, last = run.start(), run.end()
        if last - first == 1:
            parts.append((first, last))
        else:
            parts.extend((i, i + 2) for i in range(first, last - 1))
        position = last
    if position < len(word):
        parts.append((position, len(word)))
    return parts


def split_cjk(word: str) -> list[str]:
    """Return the index's words for one word of the word pattern (see parts_of)."""
    return [word[start:end] for start, end in parts_of(word)]


def is_cjk(word: str) -> bool:
    return bool(CJK.match(word))
