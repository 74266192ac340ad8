"""Statement keys: permalinks that no correction, late date or parser change breaks.

A key depends only on what identifies the statement, in this order:
1. its source URL, normalized (scheme dropped, host lower-case, default port, fragment and
   tracking parameters dropped, other parameters sorted), with its declared language, since
   one URL may serve a statement in several languages (a video and its transcripts);
   When two records of one file give one URL in one language but different record ids (a
   dataset that gave two statements one URL by mistake), the second adds its record id;
2. else its publisher and the record's own id (a dataset's `id` column);
3. else its publisher and its text, normalized (Unicode NFC, case and spacing folded).
The title and the date never enter it. The id of the earlier form,
`<date>-<title words>-<hash>`, is kept with the statement as an alias.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import re
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from search.models import Statement
from search.permalinks import ascii_slugify

from .language import DECLARED, GIVEN, language_code
from .sources import Hints

KEY_CHARS = 12
"""Base-32 characters of a key: 60 bits, so that a million statements are unlikely to ever
share one (about one chance in two million)."""

# Parameters that say how a reader came to a page, not which page it is.
_TRACKING = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|yclid|mc_cid|mc_eid|_ga|_gl|"
    r"igshid|ref_src|cmpid|s_cid)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_url(url: str) -> str:
    """Return the URL as it identifies a page: the same page written differently gives the
    same string. The scheme is dropped: a site that moves to https keeps its pages."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.port and parts.port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host += f":{parts.port}"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    )
    return urlunsplit(("", host, parts.path or "/", urlencode(query), "")).removeprefix("//")


def normalize_text(paragraphs: tuple[str, ...] | list[str]) -> str:
    """Return the text as it identifies a statement: spacing, case and Unicode forms folded."""
    text = unicodedata.normalize("NFC", " ".join(paragraphs)).casefold()
    return " ".join(text.split())


def make_key(identity: str) -> str:
    """Return the key for an identity string."""
    digest = hashlib.sha1(identity.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:KEY_CHARS]


def key_text(value: Any) -> str | None:
    """Return a record's key (a string or a number, as datasets write them) as text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


class SharedUrls:
    """The URLs the records of one file claim, to tell when a record's URL and language
    were already claimed by a record with another id (rule 1 of the module docstring)."""

    def __init__(self) -> None:
        self._first: dict[tuple[str, str], str] = {}

    def shared(self, url: str | None, lang: str | None, record_key: str | None) -> bool:
        if not url or not record_key:
            return False
        claim = (normalize_url(url), language_code(lang) or "en")
        return self._first.setdefault(claim, record_key) != record_key


def identity(
    source: str | None,
    source_url: str | None,
    lang: str,
    record_key: str | None,
    paragraphs: tuple[str, ...] | list[str],
    url_shared: bool = False,
) -> str:
    """Return what identifies a statement, by the rules of this module's docstring."""
    if source_url and url_shared and record_key:
        return f"url|{normalize_url(source_url)}|{lang}|record|{record_key}"
    if source_url:
        return f"url|{normalize_url(source_url)}|{lang}"
    if record_key:
        return f"record|{source or ''}|{record_key}"
    return f"text|{source or ''}|{normalize_text(paragraphs)}"


def earlier_id(
    title: str,
    date: datetime.date | None,
    source: str | None,
    source_url: str | None,
    record_key: str | None,
) -> str:
    """Return the id the earlier form gave: `<date>-<title words>-<hash of URL, or of
    publisher and record id, or of publisher, date and title>`."""
    if source_url:
        what = source_url
    elif record_key:
        what = f"{source}|{record_key}"
    else:
        what = f"{source}|{date.isoformat() if date else ''}|{title}"
    digest = hashlib.sha1(what.encode("utf-8")).hexdigest()[:10]
    return f"{date.isoformat() if date else 'undated'}-{ascii_slugify(title)}-{digest}"


def new_statement(
    title: str,
    date: datetime.date | None,
    paragraphs: tuple[str, ...] | list[str],
    *,
    source: str | None,
    source_url: str | None,
    record_key: str | None = None,
    url_shared: bool = False,
    lang: str | None = None,
    declared_lang: str | None = None,
    **fields: Any,
) -> Statement:
    """Return a parsed statement with its key, and the id of the earlier form as an alias.

    `lang` is a language given with the statement, `declared_lang` one its page declares:
    the evidence keeps which, for the enrichment to keep the first, check the second, and
    else detect (indexer/language.py). The key takes the given or declared one (English
    when none), so that a better detector never moves a permalink. `url_shared` says that
    another record of the file gave the same URL and language (SharedUrls).
    """
    paragraphs = tuple(paragraphs)
    given, declared = language_code(lang), language_code(declared_lang)
    evidence = dict(fields.pop("evidence", None) or {})
    if given or declared:
        evidence["lang"] = {given or declared: [GIVEN if given else DECLARED]}
    lang = given or declared or "en"
    return Statement(
        id=make_key(identity(source, source_url, lang, record_key, paragraphs, url_shared)),
        title=title,
        date=date,
        paragraphs=paragraphs,
        source=source,
        source_url=source_url,
        lang=lang,
        evidence=evidence,
        aliases=(earlier_id(title, date, source, source_url, record_key),),
        **fields,
    )


def file_statement(
    title: str,
    date: datetime.date | None,
    paragraphs: tuple[str, ...] | list[str],
    hints: Hints,
    origin: str | None,
    **fields: Any,
) -> Statement:
    """Return a statement read from one file: its publisher, URL and language come from
    the file's hints, its place is unknown unless given."""
    fields.setdefault("place", None)
    return new_statement(
        title,
        date,
        paragraphs,
        source=hints.source,
        source_url=hints.source_url,
        lang=hints.lang,
        origin=origin,
        version_key=hints.version_key,
        **fields,
    )
