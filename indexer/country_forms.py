"""Country names in the languages statements are written in: CLDR's names through Babel,
inflected by rule where the morphology is regular, with the adjectives and the Chinese
official-style abbreviations that CLDR does not give (data in data/country_forms.json)."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources

import pycountry
from babel import Locale

# Any CJK ideograph: such names are matched inside running text, which has no spaces.
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PARENTHESES = re.compile(r"\s*\(.*?\)")
_SPACED_DASH = re.compile(r"\s+[-\u2013\u2014]\s+")
_ADJECTIVE_SURNAMES = ("ский", "цкий", "ський", "цький")


@cache
def forms_data() -> dict:
    """Read data/country_forms.json once."""
    text = resources.files("indexer").joinpath("data/country_forms.json").read_text("utf-8")
    return json.loads(text)


def _codes() -> set[str]:
    """The codes CLDR names: ISO 3166-1's, Kosovo's XK and the European Union's EU."""
    return {country.alpha_2 for country in pycountry.countries} | {"XK", "EU"}


def cldr_names(lang: str) -> dict[str, str]:
    """Return ISO code -> CLDR's name of the country in `lang`, as prose writes it: without
    a bracketed note ("Мьянма (Бирма)"), a comma tail ("Гонконг, ОАР Китаю") or spaces
    around a dash ("Конго - Киншаса" is written "Конго-Киншаса")."""
    territories = Locale.parse(lang).territories
    names = {}
    for code in _codes():
        name = territories.get(code)
        if not name:
            continue
        if not CJK.search(name):
            name = _PARENTHESES.sub("", name).split(", ")[0]
        names[code] = _SPACED_DASH.sub("-", name).replace("\u2019", "'").replace("\u02bc", "'")
    return names


def _split_ending(word: str, table: dict[str, list[str]]) -> tuple[str, list[str]] | None:
    """Return the word's stem and its case endings by the longest ending the table knows;
    None when no ending fits (an indeclinable word such as "Перу" or "Того")."""
    for ending in sorted(table, key=len, reverse=True):
        if word.endswith(ending):
            if not ending and (not word[-1:].isalpha() or word[-1] in "аоеиуюэяыіїє"):
                return None
            return word[: len(word) - len(ending)], table[ending]
    return None


def _word_cases(word: str, lang: str, adjective: bool) -> list[set[str]]:
    """Return the word's forms in each of the six cases (one set each)."""
    data = forms_data()
    parts = word.split("-")
    if len(parts) > 1:
        # "Гвинея-Бисау": each part inflects by itself; an indeclinable part stays.
        per_part = [_word_cases(part, lang, adjective) for part in parts]
        return [
            {"-".join(p) for p in itertools.product(*(c[i] for c in per_part))} for i in range(6)
        ]
    table = data["adjective_endings" if adjective else "noun_endings"].get(lang, {})
    split = _split_ending(word, table)
    if split is None:
        return [{word}] * 6
    stem, endings = split
    return [{stem + e for e in case.split("|")} for case in endings]


def inflect(name: str, lang: str) -> set[str]:
    """Return the name in every case: Russian and Ukrainian by the endings tables, word by
    word in the same case (the last word a noun, the words before it and surnames in
    -ский adjectives), Kazakh
    with the case suffixes after the last word; other languages as given."""
    if lang == "kk":
        joint = "-" if name.isupper() else ""
        return {name} | {name + joint + suffix for suffix in forms_data()["kk_suffixes"]}
    if lang not in forms_data()["noun_endings"]:
        return {name}
    words = name.split()
    adjective_table = forms_data()["adjective_endings"][lang]
    per_word = []
    for index, word in enumerate(words):
        # A last word is a noun, unless it is a surname such as "Зеленский".
        surname = word.endswith(_ADJECTIVE_SURNAMES)
        last = index == len(words) - 1 and not surname
        is_adjective = not last and any(
            word.endswith(e) and len(word) - len(e) >= 3 for e in adjective_table
        )
        per_word.append(
            _word_cases(word, lang, is_adjective)
            if word[:1].isupper() and not word.isupper()
            else [{word}] * 6
        )
    return {" ".join(p) for i in range(6) for p in itertools.product(*(w[i] for w in per_word))}


def _adjective_base(language_name: str, lang: str) -> str | None:
    """Return the country adjective a CLDR language name gives: "китайский", "китайська",
    "chinois", "chino", "chinesisch", "қытай" (from "қытай тілі"); None where the
    language name is not an adjective ("中文", Arabic "الصينية")."""
    if lang == "kk":
        return language_name.removesuffix(" тілі") if language_name.endswith(" тілі") else None
    if lang not in forms_data()["derived_endings"] or " " in language_name:
        return None
    return language_name.lower() if lang == "de" else language_name


def derive_forms(base: str, lang: str, table_name: str = "derived_endings") -> set[str]:
    """Return an adjective's or a people's forms: stem + every ending of its language's
    table (with the compound-opening "казахстанско"), in lower case and capitalised."""
    table = forms_data()[table_name][lang]
    forms = {base}
    for ending in sorted(table, key=len, reverse=True):
        if base.endswith(ending):
            forms = {base[: len(base) - len(ending)] + e for e in table[ending]}
            break
    return forms | {form[:1].upper() + form[1:] for form in forms}


def _arabic_forms(name: str) -> set[str]:
    """Return an Arabic name with its proclitics ("والصين", "بالصين", "للصين") and its
    relative adjective ("الصيني", "صينية", "الروسية"): the name without its article and
    final alif, ending in ي."""
    bare = name.removeprefix("ال")
    forms = {name}
    for clitic in ("و", "ب", "ف", "وب", "ول"):
        forms.add(clitic + name)
    forms.add(("لل" + bare) if name.startswith("ال") else "ل" + name)
    if " " not in name:
        stem = bare.removesuffix("ا")
        nisba = stem if stem.endswith("ي") else stem + "ي"
        for form in (nisba, nisba + "ة", "ال" + nisba, "ال" + nisba + "ة"):
            forms |= {form, "و" + form}
    return forms


def language_forms(lang: str) -> Iterator[tuple[str, str]]:
    """Yield (form, ISO code) for every form of every country name in `lang`: CLDR's names
    and the aliases, inflected; the adjectives; the peoples; the irregular forms."""
    data = forms_data()
    base = lang.split("_")[0]
    names = [(name, code) for code, name in cldr_names(lang).items()]
    names += [(n, c) for c, ns in data["aliases"].get(base, {}).items() for n in ns]
    for name, code in names:
        if base == "ar":
            yield from ((form, code) for form in _arabic_forms(name))
        else:
            yield from ((form, code) for form in inflect(name, base))
    if base in data["derived_endings"]:
        languages = Locale.parse(base).languages
        for code, language in data["adjective_languages"].items():
            adjective = _adjective_base(languages.get(language, ""), base)
            if adjective:
                yield from ((form, code) for form in derive_forms(adjective, base))
        for code, adjectives in data["adjectives"].get(base, {}).items():
            for adjective in adjectives:
                yield from ((form, code) for form in derive_forms(adjective, base))
    for code, peoples in data["peoples"].get(base, {}).items():
        for people in peoples:
            yield from ((form, code) for form in derive_forms(people, base, "people_endings"))
    for code, forms in data["irregular"].get(base, {}).items():
        yield from ((form, code) for form in forms)


def all_forms() -> Iterator[tuple[str, str]]:
    """Yield (form, code) for every language of the data file but English, whose names
    come from pycountry and countries.json."""
    for lang in forms_data()["languages"]:
        if lang != "en":
            yield from language_forms(lang)


def not_country_forms() -> Iterable[str]:
    """Return the phrases in any language that contain a country name but name something
    else, Russian and Ukrainian ones in every case."""
    for lang, phrases in forms_data()["not_countries"].items():
        for phrase in phrases:
            yield from inflect(phrase, lang) if lang in ("ru", "uk") else [phrase]
