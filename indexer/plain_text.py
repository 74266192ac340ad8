"""Plain text of any layout: title, date and paragraphs read by general rules.

Each statement records in its evidence which rule gave its title and its date, such as
`{"title": {"first title line": [...]}, "date": {"signature formula": [...]}}`.
"""

from __future__ import annotations

import re
from pathlib import Path

from search.models import Statement

from .errors import ParseError
from .ids import file_statement
from .paragraphs import clean_line
from .sources import Hints
from .text_dates import (
    FoundDate,
    date_line,
    file_name_date,
    signature_date,
    title_date,
    title_note_date,
)

# A text that opens with a label line ("MainText:", "Main Text:") is made of labelled
# sections; its main text is the first. A label followed by one of EMPTY_VALUES marks an
# empty section.
_LABEL_LINE = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+)?\s*:$")
EMPTY_VALUES = {"na", "n/a", "none", "nil", "-"}
# A line that reads as a title has a word of three letters or more.
_WORD = re.compile(r"[^\W\d_]{3}")
# A line this long is a paragraph, not a title: the title is then its first sentence.
TITLE_LINE_MAX_CHARS = 400
TITLE_MAX_CHARS = 200
# Lines that stand for a picture ("Royal Crest", "Crown logo", "OGL_Logo") or give a
# publication's series number ("Canada No.1 (2020)", "Treaty Series No. 14 (2019)"): they
# head official prints but are not titles.
_NOT_TITLE = re.compile(
    r"^(?:(?:[^\W\d]+[ _]){0,2}(?:logo|crest|emblem|coat of arms)"
    r"|.{0,40}\bNo\.?\s*\d+\s*\(\d{4}\))$",
    re.IGNORECASE,
)
# A title wrapped over lines goes on where a line ends or the next begins with one of these.
_ENDS_OPEN = re.compile(
    r"\b(?:and|between|of|on|for|the|a|an|to|in|with|concerning|regarding|relating|"
    r"y|e|entre|de|del|la|el|los|las|et|le|les|des|du|und|der|die|das)$",
    re.IGNORECASE,
)
_STARTS_OPEN = re.compile(
    r"^(?:and|between|of|on|for|to|with|concerning|regarding|relating|y|entre|de|del|"
    r"et|und)\b",
    re.IGNORECASE,
)
# Date lines are looked for among the first and the last lines of the main text, and
# signature formulas in its last characters.
HEAD_LINES = 8
FOOT_LINES = 8
FOOT_CHARS = 1500
# Hard-wrapped text: a line shorter than this share of the wrap width ends its paragraph.
# Texts whose lines are mostly longer than UNWRAPPED_WIDTH are not wrapped: a line is a paragraph.
# Lines shorter than MIN_WRAP_WIDTH at most are not wrapped either.
MARGIN_SHARE = 0.7
UNWRAPPED_WIDTH = 250
MIN_WRAP_WIDTH = 40
_HEADING = re.compile(
    r"^(?:article|art\.|art[ií]culo|chapter|chapitre|cap[ií]tulo|section|annex|annexe|anexo|"
    r"protocol|protocole|protocolo)\s+[\dIVXLC]+\b",
    re.IGNORECASE,
)
# Paragraphs longer than this are cut into groups of sentences, so that each paragraph
# anchor and keyword-in-context line stays readable.
PARAGRAPH_MAX_CHARS = 1200
GROUP_MIN_CHARS = 600
GROUP_MIN_SENTENCES = 3
GROUP_MAX_SENTENCES = 6
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’»)]*\s+(?=[\"“«(]*[^\W\d_])")
_ABBREVIATIONS = {"no", "nos", "art", "arts", "mr", "mrs", "ms", "dr", "st", "sr", "sra", "vol"}
_ABBREVIATIONS |= {"messrs", "para", "paras", "pp", "e.g", "i.e", "vs", "ch", "h.e", "s.e.m"}


def _lines_and_main_end(text: str) -> tuple[list[str], int]:
    """Return the lines, and where the main text ends.

    In a text of labelled sections the label lines become blank lines, empty sections
    are dropped, and the main text ends at the second label.
    """
    lines = [clean_line(raw) for raw in text.splitlines()]
    first = next((line for line in lines if line), "")
    if not _LABEL_LINE.match(first):
        return lines, len(lines)
    kept: list[str] = []
    main_end: int | None = None
    after_label = False
    for line in lines:
        if _LABEL_LINE.match(line):
            if main_end is None and any(kept):
                main_end = len(kept)
            kept.append("")
            after_label = True
        elif not (after_label and line.lower() in EMPTY_VALUES):
            after_label = after_label and not line
            kept.append(line)
    return kept, len(kept) if main_end is None else main_end


def _reads_as_title(line: str) -> bool:
    return (
        bool(_WORD.search(line))
        and not _LABEL_LINE.match(line)
        and not _NOT_TITLE.match(line.strip())
        and date_line(line) is None
    )


def _cut_at_word(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"


def _first_sentence(line: str) -> str:
    line = re.sub(r"^[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,2}\s*:\s+", "", line)  # "MAIN TEXT: "
    return _cut_at_word(_sentences(line)[0])


def _continues_title(title: str, line: str) -> bool:
    if not line or not _reads_as_title(line) or len(title) + len(line) >= TITLE_MAX_CHARS:
        return False
    # A one-word line ("AGREEMENT", "Угода" before "між ...") names the kind of act
    # that the next lines name.
    if " " not in title and (title.isupper() or line[0].islower()):
        return True
    if _ENDS_OPEN.search(title) or _STARTS_OPEN.match(line):
        return True
    # A heading in capitals wrapped over lines, but not a one-word heading ("PREAMBLE").
    return title.isupper() and line.isupper() and len(line.split()) > 1


def _title(lines: list[str], name: str | None) -> tuple[str, str, list[int]]:
    """Return the title, the rule that gave it, and the lines it took from the body."""
    for index, line in enumerate(lines):
        if not _reads_as_title(line):
            continue
        # A long line, or one of several sentences, is body text that opens with its title.
        if len(line) >= TITLE_LINE_MAX_CHARS or len(_sentences(line)) > 1:
            return _first_sentence(line), "first sentence", []
        taken = [index]
        title = line
        while taken[-1] + 1 < len(lines) and _continues_title(title, lines[taken[-1] + 1]):
            taken.append(taken[-1] + 1)
            title = f"{title} {lines[taken[-1]]}"
        return _cut_at_word(title), "first title line", taken
    if name:
        readable = re.sub(r"[-_\s]+", " ", re.sub(r"^\d{4}-\d{2}-\d{2}", "", Path(name).stem))
        if readable.strip():
            return readable.strip().capitalize(), "file name", []
    raise ParseError("no text", "no line with words and no file name")


def _date(
    lines: list[str], main_end: int, title: tuple[str, str], hints: Hints, name: str | None
) -> tuple[FoundDate | None, str | None, int | None]:
    """Return the statement's date, the rule that gave it, and the head line it took.

    A date at the head dates the text; the foot may close an appended protocol, so a
    signature formula or a date line there comes next; a title's other dates come last,
    as a title may name an older act.
    """
    if hints.date:
        return FoundDate(hints.date, "sidecar"), "sidecar", None
    content = [i for i in range(main_end) if lines[i]]
    # The head and the foot are apart: a short text's last line is its foot.
    head = content[: min(HEAD_LINES, len(content) - 1)]
    foot_lines = content[max(len(head), len(content) - FOOT_LINES) :]
    for index in head:
        if found := date_line(lines[index]):
            return found, "head date line", index
    title_text, title_rule = title
    if found := title_note_date(title_text):
        return found, "title", None
    foot = " ".join(lines[i] for i in content)[-FOOT_CHARS:]
    if found := signature_date(foot):
        return found, "signature formula", None
    for index in reversed(foot_lines):
        if found := date_line(lines[index]):
            return found, "foot date line", None
    # The first sentence of a long line is body text, not a title line.
    if title_rule == "first title line" and (found := title_date(title_text)):
        return found, "title", None
    if name and (found := file_name_date(name)):
        return found, "file name", None
    return None, None, None


def _wrap_width(lines: list[str]) -> int | None:
    """Return the width a hard-wrapped text was wrapped at, or None when it is not wrapped."""
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return None
    width = lengths[int(len(lengths) * 0.9)] if len(lengths) > 1 else lengths[0]
    return width if MIN_WRAP_WIDTH <= width <= UNWRAPPED_WIDTH else None


def _sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for match in _SENTENCE_BREAK.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        word = before[-1].lstrip("(\"'“").lower() if before else ""
        if (
            (len(word) == 1 and word.isalpha())
            or word in _ABBREVIATIONS
            or not text[match.end()].isupper()
        ):
            continue
        sentences.append(text[start : match.start() + 1])
        start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def _within_limit(sentence: str) -> list[str]:
    """Cut a sentence longer than a paragraph may be at word boundaries."""
    pieces = []
    while len(sentence) > PARAGRAPH_MAX_CHARS:
        cut = sentence.rfind(" ", 0, PARAGRAPH_MAX_CHARS)
        cut = cut if cut > 0 else PARAGRAPH_MAX_CHARS
        pieces.append(sentence[:cut].strip())
        sentence = sentence[cut:].strip()
    return [*pieces, sentence] if sentence else pieces


def sentence_groups(paragraph: str) -> list[str]:
    """Return a long paragraph as groups of a few sentences; a short one as it is."""
    if len(paragraph) <= PARAGRAPH_MAX_CHARS:
        return [paragraph]
    groups: list[str] = []
    current: list[str] = []
    for sentence in (piece for s in _sentences(paragraph) for piece in _within_limit(s)):
        size = sum(len(s) + 1 for s in current)
        if current and (
            size + len(sentence) > PARAGRAPH_MAX_CHARS
            or len(current) >= GROUP_MAX_SENTENCES
            or (len(current) >= GROUP_MIN_SENTENCES and size >= GROUP_MIN_CHARS)
        ):
            groups.append(" ".join(current))
            current = []
        current.append(sentence.strip())
    groups.append(" ".join(current))
    return groups


def paragraphs_of(lines: list[str]) -> list[str]:
    """Return paragraphs: blocks between blank lines, hard-wrapped lines joined, long ones cut."""
    width = _wrap_width(lines)
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if current and (not line or _HEADING.match(line)):
            paragraphs.append(" ".join(current))
            current = []
        if not line:
            continue
        current.append(line)
        if width is None or len(line) < MARGIN_SHARE * width:
            paragraphs.append(" ".join(current))
            current = []
    return [group for p in paragraphs for group in sentence_groups(p)]


def parse_plain_text(text: str, hints: Hints, origin: str | None) -> Statement:
    """Parse a plain text of no known layout."""
    name = Path(origin).name if origin else None
    lines, main_end = _lines_and_main_end(text)
    title, title_rule, title_lines = _title(lines, name)
    found, date_rule, date_index = _date(lines, main_end, (title, title_rule), hints, name)
    dropped = {*title_lines, date_index}
    paragraphs = paragraphs_of([line for i, line in enumerate(lines) if i not in dropped])
    if not paragraphs:  # a text that is all title line is its own body
        paragraphs = paragraphs_of([line for i, line in enumerate(lines) if i != date_index])
    if not paragraphs:
        raise ParseError("no body text")
    evidence = {"title": {title_rule: [title]}}
    if found and date_rule:
        evidence["date"] = {date_rule: [found.phrase]}
    return file_statement(
        title, found.date if found else None, paragraphs, hints, origin, evidence=evidence
    )
