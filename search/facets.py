"""Facet counts, date filters and histograms from per-searcher tables of document sets.

A set of documents is a Python integer used as a bitmask (bit n set: document number n
is in the set). For each facet value the table holds the set of documents that have it,
built once per index generation from the postings; counting a facet over the results is
then one `&` and one `bit_count()` per value, which is many times faster than Whoosh's
`groupedby(allow_overlap=True)`. The same sets serve the facet filters, so a facet's
counts can be taken without its own filter (the tag/exclude pattern) at no extra cost.
A search that finds few statements counts their values one statement at a time instead,
from each document's list of values (ValueLists), rather than going through every value.
"""

from __future__ import annotations

import datetime
import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from . import labels
from .models import FacetFilter, FacetValue, SearchRequest
from .schema import FACETS
from .tables import FacetColumn, Tables

FACET_LIMITS = {"country": 30, "person": 20, "source": 20, "pair": 20}
"""Most values listed for a facet besides the chosen ones; the others list every value."""
VERSION_FACETS = ("lang",)
"""Facets whose value differs between versions of one statement (search/versions.py)."""
UNKNOWN_YEAR = "unknown"
MONTHLY_HISTOGRAM_MAX_MONTHS = 36
"""Results spread over more months than this are counted by year."""


def label_for(facet: str, value: str) -> str:
    """Return the words a reader sees for a facet value."""
    if facet == "country":
        return labels.country_label(value)
    if facet == "pair":
        return " – ".join(labels.country_label(code) for code in value.split("-"))
    if facet == "sector":
        return labels.sector_label(value)
    if facet == "doc_type":
        return labels.doc_type_label(value)
    if facet == "lang":
        return labels.language_label(value)
    if facet == "year" and value == UNKNOWN_YEAR:
        return "Date unknown"
    return value


def mask_of(docnums: Iterable[int], size: int) -> int:
    """Return the set of these document numbers as a bitmask."""
    flags = bytearray((size + 8) // 8)
    for docnum in docnums:
        flags[docnum >> 3] |= 1 << (docnum & 7)
    return int.from_bytes(flags, "little")


def bits_of(mask: int) -> np.ndarray:
    """Return a bitmask as one 0 or 1 a document (up to its highest document)."""
    flags = np.frombuffer(mask.to_bytes((mask.bit_length() + 7) // 8, "little"), np.uint8)
    return np.unpackbits(flags, bitorder="little")


def docnums_of(mask: int) -> list[int]:
    """Return the document numbers of a bitmask, in increasing order."""
    return np.flatnonzero(bits_of(mask)).tolist()


SPARSE_BELOW = 64
"""Sets with fewer documents are listed bit by bit rather than byte by byte."""
COUNT_BY_COLUMN_FROM = 64
"""A facet with at least this many values has many results counted over its column."""


def sparse_docnums(mask: int) -> list[int]:
    """Return the document numbers of a set holding few, without walking all its bytes."""
    found = []
    while mask:
        lowest = mask & -mask
        found.append(lowest.bit_length() - 1)
        mask ^= lowest
    return found


def masks_of(offsets: np.ndarray, docs: np.ndarray) -> list[int]:
    """Return the bitmask of each run docs[offsets[i]:offsets[i + 1]] (ascending docnums).

    All masks are filled in one buffer, a byte per eight documents up to each run's last,
    then each is read as an integer: the same value mask_of gives, without a Python step
    per document.
    """
    counts = np.diff(offsets)
    if not len(docs):
        return [0] * len(counts)
    last = docs[np.maximum(offsets[1:] - 1, 0)].astype(np.int64)
    widths = np.where(counts > 0, (last >> 3) + 1, 0)
    base = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(widths, out=base[1:])
    where = np.repeat(base[:-1], counts) + (docs >> 3)
    bits = (1 << (docs & 7)).astype(np.uint8)
    # Documents are ascending within a run and runs follow each other: the bytes are in
    # order, and each byte's bits are those of one stretch.
    starts = np.flatnonzero(np.diff(where, prepend=-1))
    buffer = np.zeros(int(base[-1]), dtype=np.uint8)
    buffer[where[starts]] = np.bitwise_or.reduceat(bits, starts)
    view = memoryview(buffer)
    bounds = base.tolist()
    return [int.from_bytes(view[bounds[i] : bounds[i + 1]], "little") for i in range(len(counts))]


def column_counts(column: FacetColumn, scope: int, size: int) -> list[int]:
    """Return how many documents of `scope` each value of a column has, in one pass over
    the column's documents (each marked in or out of the scope) rather than one set
    operation over the whole index per value: the way for many values and many results."""
    inside = np.zeros(size + 8, dtype=np.uint8)
    bits = bits_of(scope)
    inside[: len(bits)] = bits
    running = np.zeros(len(column.docs) + 1, dtype=np.int64)
    np.cumsum(inside[column.docs], out=running[1:])
    return (running[column.offsets[1:]] - running[column.offsets[:-1]]).tolist()


def mask_of_array(docs: np.ndarray) -> int:
    """Return the bitmask of ascending document numbers held in an array (see masks_of)."""
    return masks_of(np.array([0, len(docs)]), docs)[0]


class ValueLists:
    """Each document's values of one facet, as numbers into `names`, packed in two arrays."""

    def __init__(self, column: FacetColumn, size: int):
        self.names = list(column.names)
        counts = np.diff(column.offsets)
        numbers = np.repeat(np.arange(len(counts), dtype=np.uint32), counts)
        # By document, each document's values in the order of the facet's values.
        order = np.argsort(column.docs, kind="stable")
        per_document = np.bincount(column.docs, minlength=size)[:size]
        offsets = np.zeros(size + 1, dtype=np.uint32)
        np.cumsum(per_document, out=offsets[1:])
        self.offsets = array("I", offsets.tobytes())
        self.numbers = array("I", numbers[order].tobytes())

    def count(self, docnums: list[int]) -> dict[str, int]:
        """Return value -> how many of these documents have it (values they have only)."""
        offsets, numbers = self.offsets, self.numbers
        counts: Counter[int] = Counter()
        for docnum in docnums:
            counts.update(numbers[offsets[docnum] : offsets[docnum + 1]])
        return {self.names[number]: n for number, n in counts.items()}


def _day_number(day: datetime.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _column_by(keys: np.ndarray, docs: np.ndarray) -> tuple[list, FacetColumn]:
    """Return the distinct keys ascending and, as a column, the documents of each."""
    order = np.lexsort((docs, keys))
    keys, docs = keys[order], docs[order]
    distinct, starts = np.unique(keys, return_index=True)
    offsets = np.append(starts, len(keys)).astype(np.int64)
    return distinct.tolist(), FacetColumn([], offsets, docs.astype(np.int32))


class FacetBitmasks:
    """Per-generation tables: each facet value's documents as a bitmask, each document's day,
    and the documents in date order (from the generation's stored tables, search/tables.py)."""

    def __init__(self, tables: Tables):
        self.size = size = tables.size
        live = tables.live.astype(np.int64)
        self.all = mask_of_array(live)
        columns = dict(tables.facets)
        self.values: dict[str, dict[str, int]] = {
            facet: dict(zip(column.names, masks_of(column.offsets, column.docs), strict=True))
            for facet, column in columns.items()
        }
        is_live = np.zeros(size, dtype=bool)
        is_live[live] = True
        self.deleted = frozenset(np.flatnonzero(~is_live).tolist())
        self.days = tables.days.tolist()
        undated_live = tables.undated.astype(np.int64)
        dated = live[~np.isin(live, undated_live)]
        days = tables.days.astype(np.int64)[dated]
        # Oldest first, then by document number; newest first, then by document number.
        by_day = np.lexsort((dated, days))
        self.sorted_days = days[by_day].tolist()
        self.sorted_docs = dated[by_day].tolist()
        undated_list = undated_live.tolist()
        self.newest_first = dated[np.lexsort((dated, -days))].tolist() + undated_list
        self.oldest_first = self.sorted_docs + undated_list
        self.unknown_date = mask_of_array(undated_live)
        years, year_column = _column_by(days // 10000, dated)
        year_names = [str(year) for year in years]
        if len(undated_live):
            year_names.append(UNKNOWN_YEAR)
            year_column = FacetColumn(
                year_names,
                np.append(year_column.offsets, year_column.offsets[-1] + len(undated_live)),
                np.concatenate([year_column.docs, undated_live.astype(np.int32)]),
            )
        else:
            year_column.names = year_names
        columns["year"] = year_column
        self.values["year"] = dict(
            zip(year_names, masks_of(year_column.offsets, year_column.docs), strict=True)
        )
        months, month_column = _column_by(days // 100, dated)
        self.months = dict(
            zip(months, masks_of(month_column.offsets, month_column.docs), strict=True)
        )
        self.month_column = month_column
        self.date_range = lru_cache(maxsize=64)(self._date_range)
        self.value_lists = {facet: ValueLists(column, size) for facet, column in columns.items()}
        """Each facet's values by document, to count the values of few results."""
        self.columns = columns
        self.count_by_document_below = max(256, size // 64)
        """Results fewer than this are counted by document rather than value by value."""
        self.versions = None
        """The groups of near-duplicates (search/versions.py), set by the engine."""

    def _date_range(self, low: datetime.date | None, high: datetime.date | None) -> int:
        start = bisect_left(self.sorted_days, _day_number(low)) if low else 0
        end = bisect_right(self.sorted_days, _day_number(high)) if high else len(self.sorted_days)
        return mask_of(self.sorted_docs[start:end], self.size)

    def value_mask(self, facet: str, values: Iterable[str]) -> int:
        table = self.values.get(facet, {})
        mask = 0
        for value in values:
            mask |= table.get(value, 0)
        return mask

    def filter_mask(self, facet: str, chosen: FacetFilter) -> int:
        """Return the documents that pass one facet's filter: any included, none excluded."""
        mask = self.value_mask(facet, chosen.include) if chosen.include else self.all
        if chosen.exclude:
            mask &= ~self.value_mask(facet, chosen.exclude)
        return mask

    def date_mask(self, request: SearchRequest) -> int:
        """Return the documents that pass the date filters (from, to, date unknown)."""
        mask = self.all
        if request.date_from or request.date_to:
            mask &= self.date_range(request.date_from, request.date_to)
        if request.date_unknown:
            mask &= self.unknown_date
        return mask


def listed_values(facet: str, counts: dict[str, int], chosen: FacetFilter) -> list[FacetValue]:
    """Return a facet's values as a search lists them: the chosen ones always, then the
    others by count and name (dates by date, newest first, the unknown date last), up to
    the facet's limit. `counts` gives value -> results; values with none may be left out.
    """
    include, exclude = set(chosen.include), set(chosen.exclude)

    def facet_value(value: str) -> FacetValue:
        return FacetValue(
            value=value,
            label=label_for(facet, value),
            count=counts.get(value, 0),
            selected=value in include,
            excluded=value in exclude,
        )

    if facet == "year":
        years = [v for v, n in counts.items() if n or v in include or v in exclude]
        years += [v for v in include | exclude if v not in counts]
        years.sort(key=lambda v: (v == UNKNOWN_YEAR, -int(v) if v.isdigit() else 0))
        return [facet_value(v) for v in years]

    def order(value: str) -> tuple[int, str]:
        return -counts.get(value, 0), label_for(facet, value).lower()

    others = [v for v, n in counts.items() if n and v not in include and v not in exclude]
    limit = FACET_LIMITS.get(facet)
    # Only the values shown get a FacetValue: a person facet has thousands.
    shown = heapq.nsmallest(limit, others, key=order) if limit else sorted(others, key=order)
    return [facet_value(v) for v in sorted(include | exclude, key=order) + shown]


def histogram_bars(by_month: dict[int, int]) -> list[dict]:
    """Return the histogram of results counted by month (yyyymm -> count): by month, or
    by year when they span more than MONTHLY_HISTOGRAM_MAX_MONTHS months."""
    counts = {month: n for month, n in by_month.items() if n}
    if not counts:
        return []
    first, last = min(counts), max(counts)
    span = (last // 100 - first // 100) * 12 + last % 100 - first % 100 + 1
    if span > MONTHLY_HISTOGRAM_MAX_MONTHS:
        by_year: dict[int, int] = {}
        for month, n in counts.items():
            by_year[month // 100] = by_year.get(month // 100, 0) + n
        return [
            {
                "period": str(year),
                "count": by_year.get(year, 0),
                "from": f"{year}-01-01",
                "to": f"{year}-12-31",
            }
            for year in range(first // 100, last // 100 + 1)
        ]
    bars = []
    year, month = divmod(first, 100)
    for _ in range(span):
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        bars.append(
            {
                "period": f"{year}-{month:02d}",
                "count": counts.get(year * 100 + month, 0),
                "from": f"{year}-{month:02d}-01",
                "to": (following - datetime.timedelta(days=1)).isoformat(),
            }
        )
        year, month = following.year, following.month
    return bars


class Filtered:
    """The sets a search needs: its matches, each facet filter, and their intersection."""

    def __init__(self, bitmasks: FacetBitmasks, request: SearchRequest, matches: int):
        self.bitmasks = bitmasks
        self.request = request
        self.base = matches & bitmasks.date_mask(request)
        self.facet_masks = {
            facet: bitmasks.filter_mask(facet, chosen)
            for facet, chosen in request.filters.items()
            if chosen.include or chosen.exclude
        }
        self.results = self.base
        for mask in self.facet_masks.values():
            self.results &= mask
        self.results = self._grouped(self.results)
        self._docnums: dict[int, list[int]] = {}
        """The documents of each set whose values were counted by document."""

    def _grouped(self, mask: int) -> int:
        """Keep one statement per group of near-duplicates, unless every version is asked for."""
        versions = self.bitmasks.versions
        return versions.collapse(mask) if versions and self.request.group else mask

    def without(self, facet: str, grouped: bool = True) -> int:
        """Return the results as they would be without this facet's own filter."""
        if facet not in self.facet_masks and grouped:
            return self.results
        mask = self.base
        for other, other_mask in self.facet_masks.items():
            if other != facet:
                mask &= other_mask
        return self._grouped(mask) if grouped else mask

    def _version_counts(self, facet: str) -> dict[str, int]:
        """Return value -> how many results choosing it would give, for a facet whose value
        differs between the versions of one statement (its language): one statement per
        group is kept after the value is chosen, not before."""
        scope = self.without(facet, grouped=False)
        table = self.bitmasks.values.get(facet, {})
        return {value: self._grouped(mask & scope).bit_count() for value, mask in table.items()}

    def facet_values(self, facet: str) -> list[FacetValue]:
        """Return one facet's values with their counts, chosen values always included."""
        if facet in VERSION_FACETS and self.request.group and self.bitmasks.versions:
            counts = self._version_counts(facet)
        else:
            counts = self._counts(facet, self.without(facet))
        return listed_values(facet, counts, self.request.filters.get(facet, FacetFilter()))

    def _counts(self, facet: str, scope: int) -> dict[str, int]:
        """Return value -> results in `scope` that have it (values with none may be left out)."""
        bitmasks = self.bitmasks
        table = bitmasks.values.get(facet, {})
        found = scope.bit_count()
        if found < bitmasks.count_by_document_below:
            if scope not in self._docnums:
                few = found < SPARSE_BELOW
                self._docnums[scope] = sparse_docnums(scope) if few else docnums_of(scope)
            return bitmasks.value_lists[facet].count(self._docnums[scope])
        column = bitmasks.columns.get(facet)
        if column is None or len(table) < COUNT_BY_COLUMN_FROM:
            return {value: (mask & scope).bit_count() for value, mask in table.items()}
        return dict(zip(column.names, column_counts(column, scope, bitmasks.size), strict=True))

    def facets(self) -> dict[str, list[FacetValue]]:
        return {facet: self.facet_values(facet) for facet in FACETS}

    def histogram(self) -> list[dict]:
        """Count the dated results by month, or by year when they span more than three years."""
        months = self.bitmasks.months
        if len(months) < COUNT_BY_COLUMN_FROM:
            return histogram_bars(
                {m: (mask & self.results).bit_count() for m, mask in months.items()}
            )
        counts = column_counts(self.bitmasks.month_column, self.results, self.bitmasks.size)
        return histogram_bars(dict(zip(months, counts, strict=True)))

    def page_by_date(self, newest: bool, start: int, stop: int) -> list[int]:
        """Return the document numbers of one page of results in date order, unknown dates last."""
        order = self.bitmasks.newest_first if newest else self.bitmasks.oldest_first
        flags = self.results.to_bytes((self.bitmasks.size + 8) // 8, "little")
        page: list[int] = []
        seen = 0
        for docnum in order:
            if flags[docnum >> 3] >> (docnum & 7) & 1:
                if seen >= start:
                    page.append(docnum)
                    if len(page) == stop - start:
                        break
                seen += 1
        return page
