"""Turn a query string into a Whoosh query, or a BadQuery with a plain message.

Two steps. `parse_query` checks the text and parses it without looking at the index.
`Vocabulary.resolve` then rewrites the parsed query against one index generation: a bare
word becomes, in the statements of each language, the indexed words with its stem in that
language (search/languages.py), `word*`, wildcards and
`word~` become a bounded list of indexed words, and facet values typed by hand
(`country:china`, `sector:Energy`) become the values the index holds.
"""

from __future__ import annotations

import datetime
import difflib
import fnmatch
import re
from dataclasses import dataclass, field

from whoosh import qparser, query
from whoosh.spelling import ReaderCorrector

from .errors import BadQuery
from .facets import label_for
from .languages import PREFIX_STEMMERS, has_stemmer, script_of, stem, stems_script
from .schema import INDEXED_FACETS

MAX_DEPTH = 20
"""Deepest parenthesis nesting accepted; Whoosh recurses once per level."""
MAX_CLAUSES = 60
"""Most words, phrases and field values in one query."""
MAX_EXPANSION = 100
"""Most indexed words one prefix, wildcard or fuzzy word stands for (the most frequent)."""
MIN_PREFIX_CHARS = 2
MIN_WILDCARD_CHARS = 3
MAX_FUZZY_DISTANCE = 2

TEXT_FIELDS = ("title", "body", "place")
# Field names a query may use, and the index field each one means.
QUERY_FIELDS = {name: name for name in TEXT_FIELDS + INDEXED_FACETS}
QUERY_FIELDS.update({"type": "doc_type", "year": "year", "date": "day", "text": "body"})
DOCUMENTED_FIELDS = sorted(
    (
        "title",
        "place",
        "person",
        "country",
        "sector",
        "type",
        "source",
        "pair",
        "lang",
        "year",
        "date",
    )
)

_FIELD_EXAMPLES = {
    "country": "CN",
    "pair": "CN-KZ",
    "sector": "energy",
    "type": "readout",
    "doc_type": "readout",
    "person": "putin",
    "source": "akorda.kz",
    "lang": "uk",
    "year": "2018",
    "date": "[2018-06-01 TO 2018-06-30]",
}
# A minus sign before a word, a phrase or a group excludes it, as in web search boxes.
_MINUS = re.compile(r'(?:(?<=\s)|^)-(?=[\w"(])')
_FIELD_PREFIX = re.compile(r"(?<![\w.])([A-Za-z_]+):")
_QUOTED = re.compile(r'"[^"]*"')
_DATE_RANGE = re.compile(r"\bdate:\[([^\]]*)\]")
_NOT_RUN = re.compile(r"\bNOT(?:\s+NOT)+\b")
_DANGLING = re.compile(r"(?:^|\(\s*)(AND|OR)\b|\b(AND|OR|NOT)\s*(?:$|\))")
_CLAUSE = re.compile(r'"[^"]*"|[^\s()"]+')
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def make_parser(schema) -> qparser.QueryParser:
    """Return the parser for the query language; AND is the default between words."""
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    # 'single quotes' are punctuation here, not a second kind of exact term.
    parser.remove_plugin_class(qparser.SingleQuotePlugin)
    parser.add_plugin(qparser.FieldAliasPlugin({"doc_type": ["type"], "body": ["text"]}))
    return parser


def _outside_quotes(text: str) -> str:
    """Return the text with every quoted part blanked out (same length)."""
    return _QUOTED.sub(lambda m: '"' + " " * (len(m.group(0)) - 2) + '"', text)


def _check_control_characters(text: str) -> str:
    # Tabs and line breaks come with pasted text: they are spaces.
    text = re.sub(r"[\t\n\r]", " ", text)
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
        cleaned = " ".join(
            "".join(c if ord(c) >= 32 and not 127 <= ord(c) < 160 else " " for c in text).split()
        )
        raise BadQuery("The query contains control characters.", suggestion=cleaned or None)
    return text


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        raise BadQuery(f"Unbalanced quote in: {text}", suggestion=text + '"')
    depth = deepest = 0
    for char in _outside_quotes(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        deepest = max(deepest, depth)
        if depth < 0:
            raise BadQuery(
                f"A closing parenthesis has no opening one in: {text}",
                suggestion=_drop_unopened_parentheses(text),
            )
    if depth:
        raise BadQuery(f"Unbalanced parenthesis in: {text}", suggestion=text + ")" * depth)
    if deepest > MAX_DEPTH:
        raise BadQuery(f"Parentheses are nested {deepest} deep; the limit is {MAX_DEPTH}.")


def _drop_unopened_parentheses(text: str) -> str:
    kept, depth = [], 0
    for char in text:
        if char == ")" and depth == 0:
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        kept.append(char)
    return "".join(kept)


def _check_operators(text: str) -> None:
    bare = _outside_quotes(text)
    run = _NOT_RUN.search(bare)
    if run:
        nots = run.group(0).split()
        fixed = text[: run.start()] + ("NOT" if len(nots) % 2 else "") + text[run.end() :]
        raise BadQuery(
            f"{' '.join(nots)} in a row: each NOT undoes the one before it.",
            suggestion=" ".join(fixed.split()) or None,
        )
    dangling = _DANGLING.search(bare)
    if dangling:
        word = dangling.group(1) or dangling.group(2)
        fixed = text[: dangling.start()] + text[dangling.end() :]
        if dangling.group(0).startswith("("):
            fixed = text[: dangling.start()] + "(" + text[dangling.end() :]
        elif dangling.group(0).endswith(")"):
            fixed = text[: dangling.start()] + ")" + text[dangling.end() :]
        raise BadQuery(
            f"{word} needs something to combine on both sides in: {text}",
            suggestion=" ".join(fixed.split()) or None,
        )


def _check_fields(text: str) -> None:
    bare = _outside_quotes(text)
    for match in _FIELD_PREFIX.finditer(bare):
        name = match.group(1)
        rest = bare[match.end() :]
        if not rest or rest[0].isspace() or rest[0] == ")":
            raise BadQuery(
                f"{name}: needs a value right after the colon, such as "
                f"{name}:{_FIELD_EXAMPLES.get(name.lower(), 'energy')}.",
                suggestion=(text[: match.end()] + text[match.end() :].lstrip()).strip()
                if rest.strip() and rest.strip()[0] != ")"
                else " ".join((text[: match.start()] + text[match.end() :]).split()) or None,
            )
        if name.lower() == "year" and not re.match(r"\d{4}\b|\[", rest):
            raise BadQuery("year: takes a year such as year:2018, or a range: year:[2018 TO 2020].")
        if name.lower() == "date" and not rest.startswith("["):
            raise BadQuery(
                "date: takes a range such as date:[2018-06-01 TO 2018-06-30]; for a whole year "
                "write year:2018.",
                suggestion=text[: match.start()] + "year:" + text[match.end() :]
                if re.match(r"\d{4}\b", rest)
                else None,
            )
        if name.lower() in QUERY_FIELDS and name != name.lower():
            raise BadQuery(
                f"Field names are written in lower case: {name.lower()}:",
                suggestion=text[: match.start()] + name.lower() + ":" + text[match.end() :],
            )
        if name not in QUERY_FIELDS:
            close = difflib.get_close_matches(name.lower(), DOCUMENTED_FIELDS, n=1)
            replacement = close[0] + ":" if close else name + " "
            raise BadQuery(
                f"Unknown field '{name}': the fields are {', '.join(DOCUMENTED_FIELDS)}.",
                suggestion=text[: match.start()] + replacement + text[match.end() :],
            )


def _rewrite_date_ranges(text: str) -> str:
    """Turn date:[2020-01-01 TO 2020-06-30] into a range on the day number."""

    def day_number(value: str, end: bool) -> str:
        value = value.strip()
        if value in ("", "*"):
            return ""
        try:
            if len(value) == 4:
                day = datetime.date(int(value), 12 if end else 1, 31 if end else 1)
            elif len(value) == 7:
                year, month = int(value[:4]), int(value[5:7])
                first = datetime.date(year, month, 1)
                following = datetime.date(year + month // 12, month % 12 + 1, 1)
                day = following - datetime.timedelta(days=1) if end else first
            else:
                day = datetime.date.fromisoformat(value)
        except ValueError:
            raise BadQuery(
                f"'{value}' is not a date: write date ranges as date:[2020-01-01 TO 2020-12-31] "
                "(a year or a year-month works too)."
            ) from None
        return str(day.year * 10000 + day.month * 100 + day.day)

    def replace(match: re.Match) -> str:
        parts = re.split(r"\s+TO\s+", match.group(1).strip())
        if len(parts) != 2:
            raise BadQuery("Write date ranges as date:[2020-01-01 TO 2020-12-31].")
        low, high = day_number(parts[0], False), day_number(parts[1], True)
        return f"day:[{low} TO {high}]"

    return _DATE_RANGE.sub(replace, text)


def check_text(text: str) -> str:
    """Return the query text ready to parse, or raise BadQuery saying what is wrong with it."""
    text = _check_control_characters(text).strip()
    _check_balanced(text)
    _check_operators(text)
    _check_fields(text)
    text = _MINUS.sub("NOT ", text) if "-" in _outside_quotes(text) else text
    clauses = [c for c in _CLAUSE.findall(text) if c not in _OPERATORS]
    if len(clauses) > MAX_CLAUSES:
        raise BadQuery(
            f"The query has {len(clauses)} words and phrases; the limit is {MAX_CLAUSES}."
        )
    return _rewrite_date_ranges(text)


def parse_query(parser: qparser.QueryParser, text: str) -> query.Query:
    """Parse `text` without the index; an empty text matches every statement."""
    text = check_text(text)
    if not text:
        return query.Every()
    try:
        parsed = parser.parse(text, normalize=False)
    except BadQuery:
        raise
    # Whoosh's parser raises assorted errors on odd input; each one is the query's fault.
    except (Exception, RecursionError) as exc:  # noqa: BLE001
        raise BadQuery(f"Could not read the query {text!r} ({type(exc).__name__}).") from None
    if parsed is query.NullQuery or not list(parsed.leaves()) and not parsed.is_leaf():
        raise BadQuery(f"The query {text!r} has no words to search for.")
    return parsed


def _wildcard_literals(pattern: str) -> int:
    return sum(1 for c in pattern if c not in "*?")


@dataclass
class Resolved:
    """A query rewritten against one index generation, and what the reader should know."""

    query: query.Query
    notices: list[str] = field(default_factory=list)


class Vocabulary:
    """The words and facet values of one index generation, with the expansions made so far."""

    def __init__(self, reader):
        self.reader = reader
        self._variants: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self._stem_tables: dict[tuple[str, str], dict[str, list[str]]] = {}
        self._facet_values: dict[str, tuple[str, ...]] = {}
        self._corrector = ReaderCorrector(reader, "body", reader.schema["body"])
        self._corrections: dict[str, tuple[str, ...]] = {}

    def corrections(self, word: str) -> tuple[str, ...]:
        """Return up to 3 indexed words of the body within 2 edits of `word`, best first.

        They share its first two letters: misspellings rarely begin wrong, and this
        makes the search several times faster.
        """
        if word not in self._corrections:
            self._corrections[word] = tuple(
                self._corrector.suggest(word, limit=3, maxdist=2, prefix=2)
            )
        return self._corrections[word]

    # -- words of the text fields

    def words(self, fieldname: str, prefix: str = ""):
        for btext in self.reader.expand_prefix(fieldname, prefix):
            yield btext.decode("utf-8")

    def languages(self) -> tuple[str, ...]:
        """Return the languages of the index's statements ("en" for an index built before
        statements had one)."""
        if "lang" not in self.reader.schema.names():
            return ("en",)
        return self.facet_values("lang")

    def variants(self, fieldname: str, word: str, lang: str) -> tuple[str, ...]:
        """Return the indexed words of a field that share the stem of `word` in `lang`."""
        key = (fieldname, word, lang)
        if key not in self._variants:
            target = stem(lang, word)
            if lang in PREFIX_STEMMERS:
                found = list(self._stem_table(fieldname, lang, script_of(word)).get(target, ()))
            else:
                # A stem differs from its words only in the last two letters (suffix
                # stemmers replace at most a short ending), so they share this prefix.
                prefix = target[: max(1, len(target) - 2)]
                found = [w for w in self.words(fieldname, prefix) if stem(lang, w) == target]
            self._variants[key] = tuple(sorted(found))
        return self._variants[key]

    def _stem_table(self, fieldname: str, lang: str, script: str) -> dict[str, list[str]]:
        """Return stem -> words for the field's words of one script, for a stemmer that
        strips prefixes too (built once per generation, field and language)."""
        key = (fieldname, lang)
        if key not in self._stem_tables:
            table: dict[str, list[str]] = {}
            for word in self.words(fieldname):
                if script_of(word) == script:
                    table.setdefault(stem(lang, word), []).append(word)
            self._stem_tables[key] = table
        return self._stem_tables[key]

    def _by_language(self, fieldname: str, word: str) -> dict[tuple[str, ...], list[str]]:
        """Return the other indexed words with the stem of `word`, each set with the
        languages (of the index, with a stemmer for the word's script) that give it."""
        script = script_of(word)
        found: dict[tuple[str, ...], list[str]] = {}
        for lang in self.languages():
            if has_stemmer(lang) and stems_script(lang, script):
                others = tuple(w for w in self.variants(fieldname, word, lang) if w != word)
                if others:
                    found.setdefault(others, []).append(lang)
        return found

    def any_variants(self, fieldname: str, word: str) -> set[str]:
        """Return the indexed words a bare word finds in some language, itself included."""
        found = {w for others in self._by_language(fieldname, word) for w in others}
        if self.reader.doc_frequency(fieldname, word):
            found.add(word)
        return found

    def stemmed(self, fieldname: str, word: str, boost: float = 1.0) -> query.Query:
        """Return the query for a bare word: itself anywhere, and in the statements of each
        language the other indexed words with its stem in that language."""
        by_language = self._by_language(fieldname, word)
        if "lang" not in self.reader.schema.names():
            found = sorted({word, *(w for others in by_language for w in others)})
            return _any_word(fieldname, found, boost)
        parts = [query.Term(fieldname, word, boost=boost)] + [
            query.Require(_any_word(fieldname, others, boost), _any_word("lang", langs))
            for others, langs in by_language.items()
        ]
        return parts[0] if len(parts) == 1 else query.Or(parts)

    def most_frequent(self, fieldname: str, words, what: str, notices: dict[str, int]) -> list[str]:
        words = list(words)
        if len(words) <= MAX_EXPANSION:
            return words
        ranked = sorted(words, key=lambda w: -self.reader.doc_frequency(fieldname, w))
        notices[what] = max(notices.get(what, 0), len(words))
        return ranked[:MAX_EXPANSION]

    def prefix_words(self, fieldname: str, prefix: str, notices: dict[str, int]) -> list[str]:
        if len(prefix) < MIN_PREFIX_CHARS:
            raise BadQuery(
                f"'{prefix}*' is too short to search: a word ending in * needs at least "
                f"{MIN_PREFIX_CHARS} letters before the *.",
            )
        return self.most_frequent(fieldname, self.words(fieldname, prefix), f"'{prefix}*'", notices)

    def wildcard_words(self, fieldname: str, pattern: str, notices: dict[str, int]) -> list[str]:
        if _wildcard_literals(pattern) < MIN_WILDCARD_CHARS:
            raise BadQuery(
                f"'{pattern}' is too broad to search: a word with * or ? needs at least "
                f"{MIN_WILDCARD_CHARS} letters besides them.",
                suggestion=pattern.replace("*", "").replace("?", "") or None,
            )
        literal_prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
        regex = re.compile(fnmatch.translate(pattern))
        found = (w for w in self.words(fieldname, literal_prefix) if regex.match(w))
        return self.most_frequent(fieldname, found, f"'{pattern}'", notices)

    def fuzzy_words(
        self, fieldname: str, word: str, maxdist: int, prefixlength: int, notices
    ) -> list[str]:
        if maxdist > MAX_FUZZY_DISTANCE:
            raise BadQuery(
                f"'{word}~{maxdist}' allows too many differences; the most is {MAX_FUZZY_DISTANCE}.",
                suggestion=f"{word}~{MAX_FUZZY_DISTANCE}",
            )
        if len(word) <= maxdist:
            raise BadQuery(f"'{word}~' is too short to search with differences allowed.")
        found = set(self.reader.terms_within(fieldname, word, maxdist, prefix=prefixlength))
        return self.most_frequent(fieldname, sorted(found), f"'{word}~'", notices)

    # -- facet values

    def facet_values(self, facet: str) -> tuple[str, ...]:
        if facet not in self._facet_values:
            values = (b.decode("utf-8") for b in self.reader.lexicon(facet))
            self._facet_values[facet] = tuple(v for v in values if v)
        return self._facet_values[facet]

    def facet_matches(self, facet: str, text: str) -> list[str]:
        """Return the indexed values of a facet that a typed value means."""
        return facet_matches(facet, self.facet_values(facet), text)

    # -- the rewrite

    def resolve(self, parsed: query.Query) -> Resolved:
        """Rewrite a parsed query into one that the index can answer quickly."""
        cut_short: dict[str, int] = {}
        rewritten = self._rewrite(parsed, cut_short).normalize()
        notices = [
            f"{what} matches {count:,} words; only the {MAX_EXPANSION} most frequent were searched."
            for what, count in cut_short.items()
        ]
        return Resolved(rewritten, notices)

    def _rewrite(self, q: query.Query, notices: dict[str, int]) -> query.Query:
        if not q.is_leaf():
            return q.apply(lambda sub: self._rewrite(sub, notices))
        fieldname = getattr(q, "fieldname", None)
        if fieldname in INDEXED_FACETS:
            return self._facet_leaf(q, fieldname)
        if fieldname not in TEXT_FIELDS:
            return q
        boost = q.boost
        if isinstance(q, query.Phrase):
            if len(q.words) == 1:
                return query.Term(fieldname, q.words[0], boost=boost)
            return q
        if isinstance(q, query.FuzzyTerm):
            words = self.fuzzy_words(fieldname, q.text, q.maxdist, q.prefixlength, notices)
        elif isinstance(q, query.Prefix):
            words = self.prefix_words(fieldname, q.text, notices)
        elif isinstance(q, query.Wildcard):
            words = self.wildcard_words(fieldname, q.text, notices)
        elif isinstance(q, query.Term):
            return self.stemmed(fieldname, q.text, boost)
        elif isinstance(q, (query.TermRange, query.NumericRange)):
            raise BadQuery(
                "Ranges [a TO b] work only on year and date, such as date:[2020-01 TO 2020-06]."
            )
        else:
            return q
        return _any_word(fieldname, words, boost)

    def _facet_leaf(self, q: query.Query, facet: str) -> query.Query:
        values = values_meant(q, facet, self.facet_values(facet))
        if not values:
            return query.Term(facet, facet_text(q, facet))
        return _any_word(facet, values, q.boost)


def facet_matches(facet: str, values: tuple[str, ...], text: str) -> list[str]:
    """Return the values of a facet (`values`: those indexed) that a typed value means."""
    if text in values:
        return [text]
    wanted = text.strip().lower()
    if facet == "pair":
        wanted = "-".join(sorted(wanted.split("-")))
    exact = [v for v in values if v.lower() == wanted or label_for(facet, v).lower() == wanted]
    if exact or facet != "person":
        return exact
    # A person may be named by any of their names: person:modi.
    return [v for v in values if wanted in v.lower().split()]


def facet_text(q: query.Query, facet: str) -> str:
    """Return the value a facet leaf of a parsed query names, as typed."""
    if isinstance(q, query.Phrase):
        return " ".join(q.words)
    if isinstance(q, (query.Term, query.Prefix, query.Wildcard)):
        return q.text
    raise BadQuery(f"{facet} takes a value, such as {facet}:{_facet_example(facet)}.")


def values_meant(q: query.Query, facet: str, values: tuple[str, ...]) -> list[str]:
    """Return the values of a facet (`values`: those indexed) that a leaf such as
    country:china, sector:Energy or person:xi* names."""
    text = facet_text(q, facet)
    if isinstance(q, (query.Prefix, query.Wildcard)):
        pattern = re.compile(
            fnmatch.translate(text.lower() if isinstance(q, query.Wildcard) else text.lower() + "*")
        )
        return [
            v
            for v in values
            if pattern.match(v.lower()) or pattern.match(label_for(facet, v).lower())
        ]
    return facet_matches(facet, values, text)


def _any_word(fieldname: str, words, boost: float = 1.0) -> query.Query:
    terms = [query.Term(fieldname, w, boost=boost) for w in words]
    if not terms:
        return query.NullQuery
    return terms[0] if len(terms) == 1 else query.Or(terms)


def _facet_example(facet: str) -> str:
    return {"country": "CN", "pair": "CN-KZ", "sector": "energy", "doc_type": "readout"}.get(
        facet, "..."
    )


@dataclass(frozen=True)
class Marks:
    """What to mark in a text: single words and exact phrases, all lower case."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[tuple[str, ...], int], ...] = ()
    """Word sequences with their slop (1: adjacent)."""

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def positive_leaves(q: query.Query):
    """Yield the leaves of a query that a matching document contains (not the excluded ones)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)


def marks_for(q: query.Query) -> Marks:
    """Return the words and phrases of a resolved query that a reader should see marked."""
    words: set[str] = set()
    phrases: list[tuple[tuple[str, ...], int]] = []
    for leaf in positive_leaves(q):
        if getattr(leaf, "fieldname", None) not in TEXT_FIELDS:
            continue
        if isinstance(leaf, query.Phrase):
            phrases.append((tuple(leaf.words), leaf.slop))
        elif isinstance(leaf, query.Term):
            words.add(leaf.text)
    return Marks(frozenset(words), tuple(dict.fromkeys(phrases)))
