"""Plain paragraphs from text: blocks split at blank lines, lines and spaces joined."""

from __future__ import annotations

import hashlib
import re

_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")
# Non-breaking, thin and other odd spaces become plain spaces; zero-width ones go.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\u2060\ufeff]")
_SPACES = re.compile(r" {2,}")


def clean_line(text: str) -> str:
    """Return `text` on one line with its spaces normalised."""
    text = _ZERO_WIDTH.sub("", _ODD_SPACES.sub(" ", text))
    return _SPACES.sub(" ", " ".join(part.strip() for part in text.splitlines())).strip()


def split_paragraphs(text: str) -> tuple[str, ...]:
    """Return the non-empty paragraphs of `text`, each block's lines joined by a space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return tuple(p for p in (clean_line(block) for block in _BLANK_LINE.split(text)) if p)


# Texts shorter than this ("Thank you.", a file name) say too little to be told apart.
FINGERPRINT_MIN_WORDS = 30


def text_fingerprint(paragraphs: tuple[str, ...] | list[str]) -> str | None:
    """Return a hash of the words of a text, blind to case, spacing and punctuation.

    None for a text too short for two equal ones to be the same statement.
    """
    words = re.findall(r"\w+", " ".join(paragraphs).lower())
    if len(words) < FINGERPRINT_MIN_WORDS:
        return None
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
