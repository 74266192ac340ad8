"""Markdown with YAML front matter, the usual output of site scrapers (pandoc Markdown)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import yaml

from search.models import Statement

from .dates import find_date, parse_date
from .decoding import decode_text
from .errors import ParseError
from .ids import key_text, new_statement
from .paragraphs import clean_line
from .sources import Hints

# Lines of the publisher's press-release banner, not of the statement.
BANNER_LINES = {"the white house", "office of communications", "for immediate release"}
# A time line opens the transcript of remarks: "11:48 A.M. EDT", "6:04 P.M. EST".
_TIME_LINE = re.compile(r"^\(?\d{1,2}:\d{2}\s*[AP]\.?\s*M\.?(?:\s+[A-Z]{2,5})?\)?$", re.IGNORECASE)
# The closing marks of a press release: "###", "# # #" (escaped or not).
_END_MARK = re.compile(r"^(?:\\?#\s*){3}$")
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_BOLD_HEADING = re.compile(r"(?m)^([ \t]*\*\*[^\n]*\*\*)[ \t]{2,}$")
_BULLET = re.compile(r"^[-*+]\s+")
_NUMBERED = re.compile(r"^\d{1,3}[.)]\s+")

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
_SPAN = re.compile(r"\[([^\]]*)\]\{[^}]*\}")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_STRONG = re.compile(r"__(?=\S)(.+?)(?<=\S)__", re.DOTALL)
# Emphasis stars, paired or stray (scrapes leave unbalanced ones); a list's star is kept.
_STARS = re.compile(r"(?m)(?<!^)\*+|^\*+(?=\S)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'$&@:;,=/^])")
_HARD_BREAK = re.compile(r"\\\n")
# Escaped characters are set aside as private-use characters while markup is removed.
_ESCAPED_BASE = 0xF0000


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Return the YAML front matter (empty when there is none) and the body."""
    if not text.startswith("---"):
        return {}, text
    match = re.match(r"---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|$)", text, re.DOTALL)
    if match is None:
        raise ParseError("front matter is not closed", "no second '---' line")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        raise ParseError("invalid YAML front matter", str(exc).splitlines()[0]) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ParseError("invalid YAML front matter", "not a mapping of keys to values")
    return meta, text[match.end() :]


def inline_text(text: str) -> str:
    """Return Markdown inline text as plain text: no link targets, markup or escapes."""
    text = _HARD_BREAK.sub("\n", text)
    text = _ESCAPE.sub(lambda m: chr(_ESCAPED_BASE + ord(m.group(1))), text)
    text = _HTML_COMMENT.sub("", text)
    text = _IMAGE.sub("", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _SPAN.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _STRONG.sub(r"\1", text)
    text = "\n".join(_STARS.sub("", line.lstrip()) for line in text.split("\n"))
    text = re.sub("[\U000f0000-\U000f00ff]", lambda m: chr(ord(m.group(0)) - _ESCAPED_BASE), text)
    return text.replace("&nbsp;", " ").replace("&amp;", "&")


def _blocks(body: str) -> list[str]:
    """Split the body into blocks: blank lines and list items start a new one."""
    blocks: list[list[str]] = [[]]
    for raw in body.split("\n"):
        line = raw.strip()
        if line.startswith(">"):
            line = line.lstrip("> ").strip()
        if not line or _RULE.match(line) or _END_MARK.match(line):
            blocks.append([])
            continue
        if line.startswith("#"):
            blocks.append([line.lstrip("#").strip()])
            blocks.append([])
            continue
        if _BULLET.match(line):
            blocks.append([])
            line = "- " + _BULLET.sub("", line)
        elif _NUMBERED.match(line):
            blocks.append([])
        blocks[-1].append(line)
    return [clean_line(" ".join(block)) for block in blocks if block]


def _is_chrome(block: str, title: str) -> bool:
    lower = block.lower()
    if lower in BANNER_LINES or not lower.strip("_ ").strip():
        return True
    # The title repeated in capitals at the head of a release.
    return _words(block) == _words(title)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _split_place(blocks: list[str]) -> tuple[str | None, list[str]]:
    """Take the venue out of the head of a transcript: the lines before its time line."""
    for index, block in enumerate(blocks[:6]):
        if _TIME_LINE.match(block):
            head = [b for b in blocks[:index] if not parse_date(b.strip("()"))]
            if head and len(head) <= 2 and all(len(b) <= 120 for b in head):
                place = " ".join(head)
                return place, [b for b in blocks if b not in head]
            return None, blocks
    return None, blocks


def _front_matter_date(meta: dict[str, Any]) -> datetime.date | None:
    for key in ("date", "published_time", "published", "created"):
        value = meta.get(key)
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and value.strip():
            try:
                return datetime.date.fromisoformat(value.strip()[:10])
            except ValueError:
                found = find_date(value)
                if found:
                    return found
    return None


def _section(meta: dict[str, Any]) -> str | list[str] | None:
    tags = meta.get("tags") or meta.get("section") or meta.get("category")
    if isinstance(tags, list):
        return [str(t) for t in tags]
    return str(tags) if tags else None


def parse_markdown(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    """Parse one Markdown statement with YAML front matter."""
    text = decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta, body = split_front_matter(text)
    # A bold line ending in a hard line break is a heading: it gets its own paragraph.
    body = _BOLD_HEADING.sub(r"\1\n", body)
    blocks = [b for b in _blocks(inline_text(body)) if b]

    title = clean_line(str(meta.get("title") or ""))
    if not title and blocks and body.lstrip().startswith("#"):
        title, blocks = blocks[0], blocks[1:]
    if not title:
        raise ParseError("no title", "neither a front matter title nor a heading")
    blocks = [b for b in blocks if not _is_chrome(b, title)]
    place, paragraphs = _split_place(blocks)
    if not paragraphs:
        raise ParseError("no body text")

    date = hints.date or _front_matter_date(meta)
    url = hints.source_url or meta.get("source_url") or meta.get("url")
    url = str(url).strip() if url else None
    source = hints.source
    if not source and url:
        source = re.sub(r"^(?:https?://)?(?:www\.)?([^/]+).*$", r"\1", url)
    section = _section(meta)
    return new_statement(
        title,
        date,
        paragraphs,
        source=source,
        source_url=url,
        place=place,
        lang=hints.lang or meta.get("lang"),
        version_key=hints.version_key or key_text(meta.get("version_key")),
        extra={"section": section} if section else {},
        origin=origin,
    )
