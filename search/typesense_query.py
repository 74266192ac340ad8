"""Bilat's query language as Typesense 0.24 search parameters, with the same matches.

A query is parsed as for the embedded index (search/query.py), then each part goes where
Typesense can answer it exactly:
- words, AND, OR, NOT, field values and date ranges become a `filter_by` expression over
  the statement's word stems: each statement holds the distinct stems of its title, body
  and place (`token`), stemmed in its own language as the embedded index's variants are,
  so a bare word finds the same statements on both backends;
- exact phrases become quoted phrases of `q` (and `-"phrase"` excludes one), matched on
  the words as the embedded index splits them (`*_words`), when they stand at the top of
  the query, where `q` can hold them;
- what neither can express (a phrase under OR, proximity "a b"~5, fuzzy word~, prefix
  word* and wildcards over the text, a phrase limited to one field) is refused with a
  BadQuery naming this backend, never answered differently.

`q` also holds the stems that every statement found must contain, so that Typesense
ranks by them; this never changes which statements are found, since the filter requires
them too.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from whoosh import query

from .errors import BadQuery
from .languages import has_stemmer, script_of, stem, stems_script
from .models import SearchRequest, Statement
from .query import TEXT_FIELDS, Marks, values_meant
from .schema import INDEXED_FACETS, BilatSchema, split_words

WORDS = {field: f"{field}_words" for field in TEXT_FIELDS}
"""The Typesense field holding a text field's words, space-separated (for phrases)."""
STEMS = {field: f"{field}_stems" for field in TEXT_FIELDS}
"""The Typesense field holding the distinct stems of a text field (for words)."""
ALL_STEMS = "stems"
"""The stems of every text field together: a bare word is searched in all of them."""
QUERY_BY = ",".join([*WORDS.values(), ALL_STEMS])
TEXT_MATCH = {"prefix": "false", "num_typos": 0, "drop_tokens_threshold": 0}
"""Words match exactly: no prefixes, no typos, no word of the query left out."""
NEVER = "day:<0"
"""A filter no statement passes (days are 0 when unknown, else yyyymmdd)."""
LAST_DAY = 99991231
_YEAR = BilatSchema()["year"]


def token(lang: str, word: str) -> str:
    """Return what a lower-case word is indexed and searched as in a statement of `lang`:
    its stem where the language stems words of its script, else the word itself."""
    if has_stemmer(lang) and stems_script(lang, script_of(word)):
        return stem(lang, word)
    return word


def distinct_stems(lang: str, words: Iterable[str]) -> list[str]:
    """Return the distinct stems of words in a statement of `lang`, in order of use.

    Each distinct word is stemmed once: a long statement repeats most of its words.
    """
    return list(dict.fromkeys(token(lang, word) for word in dict.fromkeys(words)))


class Unsupported(BadQuery):
    """A part of the query language that the Typesense backend cannot answer exactly."""

    def __init__(self, what: str):
        super().__init__(
            f"{what}: not supported by the Typesense backend; the embedded index "
            "answers it (BACKEND=whoosh)."
        )


def encode(value: str) -> str:
    """Return a word or facet value as the collection holds it: its UTF-8 bytes in hex.

    Typesense 0.24 folds case and accents when it matches strings, in filters, facet
    counts and phrases alike ("López" and "Lopez" would be one person, "café" would find
    "cafe"); the embedded index keeps them apart. Hex digits are left as they are, so
    every match is exact.
    """
    return value.encode("utf-8").hex()


def decode(value: str) -> str:
    return bytes.fromhex(value).decode("utf-8")


def any_of(field: str, values, negate: bool = False) -> str:
    """Return the filter passing statements whose `field` has any of `values`
    (with `negate`: none of them). Ids are held as they are, other values encoded."""
    values = [v if field == "id" else encode(v) for v in values]
    if not values:
        return "day:>=0" if negate else NEVER
    if any(not v.replace("-", "").isalnum() or not v.isascii() for v in values):
        raise BadQuery(f"Not a value this backend can search: {values!r}")
    return f"{field}:{'!=' if negate else '='}[{','.join(values)}]"


def day_range(low: int, high: int, negate: bool = False) -> str:
    if negate:
        return f"(day:<{low} || day:>{high})"
    return f"(day:>={low} && day:<={high})"


class Group(str):
    """A filter expression of parts joined by one operator, kept to flatten nesting."""

    operator: str
    parts: tuple[str, ...]


def join(operator: str, parts: list[str]) -> str:
    """Return the parts joined by `operator` (&& or ||), nested groups of the same
    operator flattened (Typesense 0.24 refuses some deeply nested expressions)."""
    flat: list[str] = []
    for part in parts:
        if isinstance(part, Group) and part.operator == operator:
            flat.extend(part.parts)
        else:
            flat.append(part)
    flat = list(dict.fromkeys(flat))
    if len(flat) == 1:
        return flat[0]
    group = Group("(" + f" {operator} ".join(flat) + ")")
    group.operator, group.parts = operator, tuple(flat)
    return group


@dataclass(frozen=True)
class Translation:
    q: str
    """Typesense's q: quoted phrases, excluded phrases and required stems, or "*"."""
    filter: str | None
    """The filter_by expression of the query's other parts; None when it has none."""
    words: tuple[str, ...]
    """The words a found statement contains (not the excluded ones), to mark them."""
    phrases: tuple[tuple[str, ...], ...]
    """The phrases a found statement contains, to mark them."""
    languages: tuple[str, ...] = ()
    """The collection's languages, in which the words were stemmed."""
    rank_q: str = "*"
    """A q to rank by when `q` has no words: the phrases and the required words stemmed
    as in the collection's main language. It may miss statements, so its order is used
    only when it finds as many as the exact search (search/backend_typesense.py)."""

    @property
    def ranked(self) -> bool:
        """Whether Typesense has words to rank the statements by."""
        return self.q != "*"


class Translator:
    """Translate one parsed query against a collection's languages and facet values."""

    def __init__(self, languages: tuple[str, ...], facet_values: Callable[[str], tuple]):
        self.languages = languages
        self.facet_values = facet_values
        self.words: list[str] = []
        self.phrases: list[tuple[str, ...]] = []

    def translate(self, parsed: query.Query) -> Translation:
        if isinstance(parsed, query.Every):
            return Translation("*", None, (), ())
        parts = list(_conjuncts(parsed))
        q_parts, rank_parts, filters = [], [], []
        for part in parts:
            phrase = _phrase_of(part)
            if phrase is not None:
                self.phrases.append(phrase)
                q_parts.append('"' + " ".join(map(encode, phrase)) + '"')
                continue
            if isinstance(part, query.Not) and (excluded := _phrase_of(part.query)) is not None:
                q_parts.append('-"' + " ".join(map(encode, excluded)) + '"')
                continue
            filters.append(self.filter(part, negate=False))
            stems = self._required_stems(part)
            if len(stems) == 1:
                q_parts.append(encode(stems[0]))
            elif stems:
                rank_parts.append(encode(stems[0]))
        return Translation(
            " ".join(q_parts) or "*",
            join("&&", filters) if filters else None,
            tuple(dict.fromkeys(self.words)),
            tuple(dict.fromkeys(self.phrases)),
            self.languages,
            " ".join(q_parts + rank_parts) if rank_parts else "*",
        )

    def _required_stems(self, part: query.Query) -> list[str]:
        """Return the stems of `part` in each language of the collection, the main one
        first, when `part` is one word over the text fields, which a statement found must
        contain; else none."""
        terms = list(part.children()) if isinstance(part, query.Or) else [part]
        if not terms or not all(isinstance(t, query.Term) for t in terms):
            return []
        if {t.fieldname for t in terms} - set(TEXT_FIELDS) or len({t.text for t in terms}) > 1:
            return []
        return list(dict.fromkeys(token(lang, terms[0].text) for lang in self.languages))

    def filter(self, q: query.Query, negate: bool) -> str:
        """Return the filter_by expression of a query part (of its negation, with `negate`)."""
        if isinstance(q, query.Not):
            return self.filter(q.query, not negate)
        if isinstance(q, query.AndNot):
            return self.filter(query.And([q.a, query.Not(q.b)]), negate)
        if isinstance(q, query.AndMaybe):
            return self.filter(q.a, negate)
        if isinstance(q, (query.And, query.Or, query.Require)):
            is_and = not isinstance(q, query.Or)
            operator = "&&" if is_and != negate else "||"
            children = list(q.children())
            words = [] if is_and else _words_of_every_field(children)
            rest = [c for c in children if not (isinstance(c, query.Term) and c.text in words)]
            return join(
                operator,
                [self._word(None, word, negate) for word in words]
                + [self.filter(child, negate) for child in rest],
            )
        if isinstance(q, query.Every):
            return NEVER if negate else "day:>=0"
        if q is query.NullQuery or isinstance(q, type(query.NullQuery)):
            return "day:>=0" if negate else NEVER
        return self._leaf(q, negate)

    def _leaf(self, q: query.Query, negate: bool) -> str:
        fieldname = getattr(q, "fieldname", None)
        if fieldname in INDEXED_FACETS:
            return any_of(
                fieldname, values_meant(q, fieldname, self.facet_values(fieldname)), negate
            )
        if fieldname in ("year", "day") and isinstance(q, (query.Term, query.NumericRange)):
            return day_range(*_days(q), negate)
        if fieldname not in TEXT_FIELDS:
            raise Unsupported(f"The query part {q}")
        if isinstance(q, query.Phrase):
            if len(q.words) == 1:
                return self._word(fieldname, q.words[0], negate)
            if q.slop > 1:
                raise Unsupported('Proximity ("words"~N)')
            raise Unsupported("A phrase combined with OR or NOT (...), or limited to one field")
        if isinstance(q, query.FuzzyTerm):
            raise Unsupported("A fuzzy word (word~)")
        if isinstance(q, (query.Prefix, query.Wildcard)):
            raise Unsupported("A word with * or ?")
        if isinstance(q, (query.TermRange, query.NumericRange)):
            raise BadQuery(
                "Ranges [a TO b] work only on year and date, such as date:[2020-01 TO 2020-06]."
            )
        if isinstance(q, query.Term):
            return self._word(fieldname, q.text, negate)
        raise Unsupported(f"The query part {q}")

    def _word(self, fieldname: str | None, word: str, negate: bool) -> str:
        """A bare word in a text field (None: in any): in each language, a statement
        holding its stem."""
        field = STEMS[fieldname] if fieldname else ALL_STEMS
        if not negate:
            self.words.append(word)
        by_token: dict[str, list[str]] = {}
        for lang in self.languages:
            by_token.setdefault(token(lang, word), []).append(lang)
        if len(by_token) <= 1:
            stem_token = next(iter(by_token), word)
            return any_of(field, [stem_token], negate)
        clauses = []
        for stem_token, langs in by_token.items():
            if negate:
                clauses.append(
                    join(
                        "||",
                        [any_of("lang", langs, True), any_of(field, [stem_token], True)],
                    )
                )
            else:
                clauses.append(join("&&", [any_of("lang", langs), any_of(field, [stem_token])]))
        return join("&&" if negate else "||", clauses)


def _words_of_every_field(children: list[query.Query]) -> list[str]:
    """Return the words that OR-ed children search in every text field (as the query
    language reads a bare word), to search them in the stems of all fields at once."""
    fields: dict[str, set[str]] = {}
    for child in children:
        if type(child) is query.Term and child.fieldname in TEXT_FIELDS:
            fields.setdefault(child.text, set()).add(child.fieldname)
    return [word for word, found in fields.items() if found == set(TEXT_FIELDS)]


def _conjuncts(q: query.Query):
    """Yield the parts of a query that must all hold (the children of nested Ands)."""
    if isinstance(q, query.And):
        for child in q.children():
            yield from _conjuncts(child)
    else:
        yield q


def _phrase_of(q: query.Query) -> tuple[str, ...] | None:
    """Return the words of a phrase of several words searched in every text field (as
    the query language reads a quoted phrase), else None."""
    leaves = list(q.children()) if isinstance(q, query.Or) else [q]
    if not leaves or not all(isinstance(leaf, query.Phrase) for leaf in leaves):
        return None
    words = {tuple(leaf.words) for leaf in leaves}
    fields = {leaf.fieldname for leaf in leaves}
    if len(words) != 1 or fields != set(TEXT_FIELDS) or len(next(iter(words))) < 2:
        return None
    if any(leaf.slop > 1 for leaf in leaves):
        raise Unsupported('Proximity ("words"~N)')
    return next(iter(words))


def _days(q: query.Query) -> tuple[int, int]:
    """Return the first and last day numbers a year or date leaf selects."""
    if isinstance(q, query.Term):
        year = _YEAR.from_bytes(q.text)
        return year * 10000 + 101, year * 10000 + 1231
    low, high = q.start, q.end
    if q.fieldname == "year":
        low = None if low is None else int(low) * 10000 + 101 + (10000 if q.startexcl else 0)
        high = None if high is None else int(high) * 10000 + 1231 - (10000 if q.endexcl else 0)
    else:
        low = None if low is None else int(low) + (1 if q.startexcl else 0)
        high = None if high is None else int(high) - (1 if q.endexcl else 0)
    return (1 if low is None else low), (LAST_DAY if high is None else high)


def day_number(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def request_filters(request: SearchRequest, skip: str | None = None) -> list[str]:
    """Return the filter_by parts of a request's facet and date filters (without the
    filter of facet `skip`, to count that facet's values as if none were chosen)."""
    parts = []
    for facet, chosen in request.filters.items():
        if facet == skip:
            continue
        if chosen.include:
            parts.append(any_of(facet, chosen.include))
        if chosen.exclude:
            parts.append(any_of(facet, chosen.exclude, negate=True))
    if request.date_from or request.date_to:
        low = day_number(request.date_from) if request.date_from else 1
        high = day_number(request.date_to) if request.date_to else LAST_DAY
        parts.append(day_range(low, high))
    if request.date_unknown:
        parts.append("day:=0")
    return parts


def marks_in(statement: Statement, translation: Translation) -> Marks:
    """Return what to mark in a statement, as the embedded index marks it: its words that
    share a stem with a word of the query in some language of the collection, and the
    query's phrases."""
    wanted = {
        (lang, token(lang, word)) for word in translation.words for lang in translation.languages
    }
    words = set()
    if wanted:
        text = " ".join([statement.title, statement.place or "", statement.text])
        words = {
            w
            for w in set(split_words(text))
            if w in translation.words
            or any((lang, token(lang, w)) in wanted for lang in translation.languages)
        }
    return Marks(frozenset(words), tuple((phrase, 1) for phrase in translation.phrases))
