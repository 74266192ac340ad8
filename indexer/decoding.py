"""Bytes -> text for documents (HTML, plain text, Markdown), whatever their encoding.

A byte-order mark decides first, then a charset the document declares (HTML), then UTF-8
when the bytes are valid UTF-8, then the encoding charset-normalizer detects. Only data
that is not text at all (NUL bytes, control characters, or no encoding that reads it) is
refused, as "not text".
"""

from __future__ import annotations

import codecs

import charset_normalizer

from .errors import ParseError

NOT_TEXT = "not text"
# Longest first: the UTF-32 little-endian mark begins with the UTF-16 one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters (other than line breaks, tabs, form feeds) in the first 4096
# characters past which the data is binary.
_MAX_CONTROL_CHARACTERS = 40
# Short Western texts read equally well in several single-byte encodings (windows-1250,
# -1252, -1257 give the same words and differ on a few accented letters); among the ones
# detection rates about as well as its best, windows-1252 wins: it is by far the most
# common encoding of undeclared Western pages, and the one HTML5 falls back to.
_WESTERN = "cp1252"
_CHAOS_TOLERANCE = 0.05
_COHERENCE_TOLERANCE = 0.1


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Return the text of a document's bytes; `declared`: the charset the document names."""
    for mark, codec in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return _checked(data.decode(codec))
            except UnicodeDecodeError as exc:
                raise ParseError(NOT_TEXT, f"invalid {codec} at byte {exc.start}") from None
    if b"\x00" in data:
        raise ParseError(NOT_TEXT, "binary data (NUL bytes)")
    for codec in filter(None, (declared, "utf-8")):
        try:
            return _checked(data.decode(codec))
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: detect the encoding instead
    return _checked(_detected(data))


def _detected(data: bytes) -> str:
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise ParseError(NOT_TEXT, "no character encoding reads it")
    for match in matches:
        if (
            _WESTERN in match.could_be_from_charset
            and match.chaos <= best.chaos + _CHAOS_TOLERANCE
            and match.coherence >= best.coherence - _COHERENCE_TOLERANCE
        ):
            return data.decode(_WESTERN)
    return str(best)


def _checked(text: str) -> str:
    control = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t\f")
    if control > _MAX_CONTROL_CHARACTERS:
        raise ParseError(NOT_TEXT, "binary data (control characters)")
    return text
