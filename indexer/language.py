"""Tell the language of a statement: as given, as its page declares it, or as detected.

Order, measured on the shared corpus (docs/languages.md, bench/lang_detect_compare.py):
1. a language given with the statement (a record's `lang`, a sidecar's, front matter,
   a table's column) is kept as given;
2. a page's declared language (`<html lang>`) is kept when the text is written in that
   language's script and the detector does not confidently name another language: a
   page declaring `en` over Chinese text, or over French text, is not believed;
3. else the detector's most likely language, when its confidence reaches
   `CONFIDENCE_THRESHOLD`;
4. else English, the language most statements of unknown origin are in.
How the language was found goes to the statement's evidence: {code: [rule]}.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

import pycountry
from babel.core import get_global

GIVEN = "given with the statement"
DECLARED = "declared by the page"
DEFAULT = "English by default"

# The languages the detector chooses among. Restricting it to the languages of
# statements makes short texts safer (an English title is not taken for Welsh, a Chinese
# one for Wu); the list is wide so that a treaty in Hungarian or Lithuanian is not
# forced into a neighbour.
LANGUAGES = (
    "en", "ru", "uk", "kk", "be", "zh", "fr", "es", "de", "ar", "it", "pt", "nl", "pl",
    "cs", "sk", "hu", "ro", "bg", "sr", "hr", "lt", "lv", "et", "fi", "sv", "da", "el",
    "tr", "ja", "ko", "fa", "uz", "hy", "ka", "az", "mn", "hi", "id", "vi",
)  # fmt: skip
# The detector reads the title and the start of the text: 2,000 characters decide as well
# as the whole text on the corpus and keep detection to about a millisecond a statement.
SAMPLE_CHARS = 2000
# Below this the detector's answer is not taken. On the corpus every wrong answer on a
# short title had a confidence under 0.37, and 1,408 of 1,421 right answers are above 0.5.
CONFIDENCE_THRESHOLD = 0.5
# Unicode script names (the first word of a character's name) -> ISO 15924 codes that
# CLDR's likely subtags give languages written in it.
_SCRIPTS = {
    "LATIN": {"Latn"},
    "CYRILLIC": {"Cyrl"},
    "ARABIC": {"Arab"},
    "GREEK": {"Grek"},
    "ARMENIAN": {"Armn"},
    "GEORGIAN": {"Geor"},
    "HEBREW": {"Hebr"},
    "DEVANAGARI": {"Deva"},
    "THAI": {"Thai"},
    "CJK": {"Hans", "Hant", "Jpan", "Kore"},
    "HIRAGANA": {"Jpan"},
    "KATAKANA": {"Jpan"},
    "HANGUL": {"Kore"},
}


@cache
def language_code(code: str | None) -> str | None:
    """Return the ISO 639-1 code of a language tag or name (`en-US` -> `en`, `zh_Hans` ->
    `zh`, `rus` -> `ru`, `Ukrainian` -> `uk`), as records and tables write them."""
    if not code or not str(code).strip():
        return None
    text = str(code).strip()
    primary = text.replace("_", "-").split("-")[0].lower()
    for candidate in (primary, text):
        try:
            found = pycountry.languages.lookup(candidate)
        except LookupError:
            continue
        return getattr(found, "alpha_2", None) or primary
    return primary


@cache
def _identifier():
    """Load the detector once per process (0.8 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in LANGUAGES if code in identifier.nb_classes])
    return identifier


def detect(text: str) -> tuple[str, float]:
    """Return the most likely language of `text` and the detector's confidence in it."""
    code, confidence = _identifier().classify(text[:SAMPLE_CHARS])
    return code, float(confidence)


def text_scripts(text: str) -> set[str]:
    """Return the ISO 15924 codes that the text's most used script may stand for."""
    counts = Counter(
        unicodedata.name(char, "?").split()[0] for char in text[:SAMPLE_CHARS] if char.isalpha()
    )
    for name, _ in counts.most_common():
        if name in _SCRIPTS:
            return _SCRIPTS[name]
    return set()


def language_script(code: str) -> str | None:
    """Return the script a language is usually written in, from CLDR's likely subtags."""
    likely = get_global("likely_subtags").get(code)
    parts = likely.split("_") if likely else []
    return parts[1] if len(parts) > 2 else None


def statement_language(
    title: str, text: str, known: dict[str, list[str]]
) -> tuple[str, dict[str, list[str]]]:
    """Return a statement's language and how it was found.

    `known`: the statement's language evidence from its parser: {code: [GIVEN]} or
    {code: [DECLARED]}, or empty.
    """
    for code, rules in known.items():
        if GIVEN in rules:
            return code, {code: [GIVEN]}
    sample = (title + "\n\n" + text)[:SAMPLE_CHARS]
    detected, confidence = detect(sample)
    confident = confidence >= CONFIDENCE_THRESHOLD
    found = f"detected, confidence {confidence:.2f}"
    declared = next((code for code, rules in known.items() if DECLARED in rules), None)
    if declared and language_script(declared) in text_scripts(sample):
        if detected == declared and confident:
            return declared, {declared: [DECLARED, found]}
        if not confident:
            return declared, {declared: [DECLARED]}
    if confident:
        return detected, {detected: [found]}
    return "en", {"en": [f"{DEFAULT}: {detected} detected with confidence {confidence:.2f}"]}
