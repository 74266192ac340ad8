"""Find the countries a Chinese text names: the names as substrings (Chinese has no spaces
between words), and the one-character abbreviations of official style: "卢方" (the
Luxembourg side), "中卢关系" (China–Luxembourg relations), "驻华大使" (ambassador to China)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .country_forms import CJK, cldr_names, forms_data
from .phrase_regex import literal_pieces, phrases_regex


@dataclass(frozen=True)
class CjkMention:
    """One place where a Chinese text names a country; `phrase` as it appears."""

    code: str
    start: int
    end: int
    phrase: str


@dataclass(frozen=True)
class CjkFinder:
    """The compiled Chinese patterns and the tables that resolve abbreviations."""

    names: re.Pattern
    codes: dict[str, str | None]
    """Name -> ISO code, or None for words that contain a name but mean something else."""
    side: re.Pattern
    pair: re.Pattern
    posted: re.Pattern
    defaults: dict[str, str | None]
    """Abbreviation -> the country it means when no country of the text begins with it."""
    full_names: tuple[tuple[str, str], ...]
    """(name, code) for every country's name in full, Simplified and Traditional."""

    def named(self, text: str) -> frozenset[str]:
        """Return the countries the text names in full, which resolve abbreviations."""
        return frozenset(
            code for m in self.names.finditer(text) if (code := self.codes[m.group(0)])
        )

    def resolve(self, abbreviation: str, named: frozenset[str]) -> str | None:
        """Return the country an abbreviation means: its usual country when the text names
        that one or none that begins with it, else the one named country beginning with it
        ("摩方" is Moldova in a statement on Moldova, Morocco in one on Morocco)."""
        default = self.defaults.get(abbreviation)
        candidates = {c for n, c in self.full_names if n.startswith(abbreviation)} & named
        if default and (default in named or not candidates):
            return default
        return next(iter(candidates)) if len(candidates) == 1 else default

    def mentions(self, text: str, named: frozenset[str] = frozenset()) -> list[CjkMention]:
        """Return the countries the text names in full or by an abbreviation, in order."""
        if not CJK.search(text):
            return []
        found: list[CjkMention] = []
        taken: list[tuple[int, int]] = []
        for match in self.names.finditer(text):
            taken.append(match.span())
            if code := self.codes[match.group(0)]:
                found.append(CjkMention(code, *match.span(), match.group(0)))
        named = named | {m.code for m in found}

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in taken)

        for match in self.side.finditer(text):
            code = self.resolve(match.group(1), named)
            if code and free(*match.span()):
                found.append(CjkMention(code, *match.span(), match.group(0)))
        for match in self.pair.finditer(text):
            phrase = match.group(0)
            code = self.resolve(match.group(1), named)
            if code and code != "CN" and free(*match.span()):
                start = match.start()
                found.append(CjkMention("CN", start, start + 1, phrase))
                found.append(CjkMention(code, start + 1, match.end(), phrase))
        for match in self.posted.finditer(text):
            code = self.resolve(match.group(1), named)
            if code and free(*match.span(1)):
                found.append(CjkMention(code, *match.span(1), match.group(0)))
        return sorted(found, key=lambda m: m.start)


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


@cache
def cjk_finder(extra: tuple[tuple[str, str], ...] = ()) -> CjkFinder:
    """Build the Chinese matcher once from CLDR's Simplified and Traditional names, the
    aliases and the abbreviation tables; `extra` adds (name, code) pairs."""
    data = forms_data()
    cjk = data["cjk"]
    codes: dict[str, str | None] = {}
    full: dict[str, set[str]] = {}
    for lang in ("zh", "zh_Hant"):
        for code, name in cldr_names(lang).items():
            codes.setdefault(name, code)
            full.setdefault(code, set()).add(name)
    for code, names in data["aliases"]["zh"].items():
        for name in names:
            codes.setdefault(name, code)
    for name, code in extra:
        codes.setdefault(name, code)
    for name in data["not_countries"]["zh"]:
        codes[name] = None
    abbreviations = cjk["abbreviations"]
    sides = "".join(cjk["side_chars"])
    pair_chars = "".join(c for c in abbreviations if c not in "中华")
    return CjkFinder(
        names=re.compile(phrases_regex(literal_pieces(name) for name in codes)),
        codes=codes,
        side=re.compile(f"([{sides}])方(?![{''.join(cjk['side_not_before'])}])"),
        pair=re.compile(f"中([{pair_chars}])(?=(?:{_alternation(cjk['pair_words'])}))"),
        posted=re.compile(
            f"驻([{''.join(cjk['host_chars'])}]|[{''.join(abbreviations)}]\\w?)"
            f"(?={_alternation(cjk['posted_words'])})"
        ),
        defaults=dict(abbreviations),
        full_names=tuple((n, c) for c, names in full.items() for n in sorted(names)),
    )
