"""Compile many phrases into one regular expression that prefers the longest match.

Python's `re` tries the branches of an alternation one after another, so a plain
`a|b|c|...` over a thousand names costs a thousand attempts at every position of the
text. Sharing common prefixes in a trie makes each position cost one or two steps, and
trying the longer branches first makes "Papua New Guinea" win over "Guinea".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Regex pieces a phrase is cut into; the order in which siblings are tried matters when
# two pieces can match the same text: fixed characters first, the open-ended ones last.
SPACE = r"\s+"
OPTIONAL_HYPHEN = r"[-\s]?"
WORD_ENDING = r"\w*"
_PIECE_ORDER = {OPTIONAL_HYPHEN: 1, SPACE: 2, WORD_ENDING: 3}


def literal_pieces(phrase: str) -> list[str]:
    """Cut a name into pieces: each character as itself, any run of spaces as `\\s+`."""
    pieces: list[str] = []
    for word_index, word in enumerate(phrase.split()):
        if word_index:
            pieces.append(SPACE)
        pieces.extend(re.escape(char) for char in word)
    return pieces


def pattern_pieces(phrase: str) -> list[str]:
    """Cut a taxonomy pattern into pieces: `-` matches a hyphen, a space or nothing;
    a trailing `*` on a word matches any word ending."""
    pieces: list[str] = []
    for word_index, word in enumerate(phrase.split()):
        if word_index:
            pieces.append(SPACE)
        wildcard = word.endswith("*")
        for char in word.rstrip("*"):
            pieces.append(OPTIONAL_HYPHEN if char == "-" else re.escape(char))
        if wildcard:
            pieces.append(WORD_ENDING)
    return pieces


def _trie_regex(node: dict) -> str:
    ends_here = "" in node
    children = sorted((key for key in node if key), key=lambda p: (_PIECE_ORDER.get(p, 0), p))
    if not children:
        return ""
    branches = [piece + _trie_regex(node[piece]) for piece in children]
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        # Greedy optional group: the longer phrase is tried before stopping here.
        return "(?:" + body + ")?"
    return body


def phrases_regex(phrase_pieces: Iterable[list[str]]) -> str:
    """Return one regex source matching any of the phrases, each given as its pieces."""
    root: dict = {}
    for pieces in phrase_pieces:
        if not pieces:
            continue
        node = root
        for piece in pieces:
            node = node.setdefault(piece, {})
        node[""] = {}
    return _trie_regex(root)


def word_matches(pattern: re.Pattern, text: str, glue: str = "") -> Iterator[re.Match]:
    """Yield the pattern's matches that do not start inside a word or right after a `glue`
    character. The check is made here, not by a look-behind at the head of the pattern:
    that look-behind stops `re` from jumping to the possible first letters (4x slower)."""
    for match in pattern.finditer(text):
        start = match.start()
        if start:
            before = text[start - 1]
            if before.isalnum() or before == "_" or before in glue:
                continue
        yield match


def normalise_phrase(text: str) -> str:
    """Return matched text in the form used as a lookup key: single spaces between words."""
    return " ".join(text.split())


# Same-length replacements, so offsets found in the normalised text hold in the original.
_PLAIN_FORMS = (("\u2019", "'"), ("\u2018", "'"), ("\u00a0", " "), ("\u2011", "-"))


def same_length_normal(text: str) -> str:
    """Return the text with typographic apostrophes, no-break spaces and no-break hyphens
    made plain, character for character, so offsets into it hold in the original."""
    if text.isascii():
        return text
    # Chained replace: several times faster than str.translate on long non-ASCII text.
    for fancy, plain in _PLAIN_FORMS:
        text = text.replace(fancy, plain)
    return text
