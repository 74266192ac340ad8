"""What the research views read of a selection (search/engine.py Selection), from a cluster.

Keyword in context, trends and the dossiers count over the statements a request selects.
The embedded index holds them as bitmasks; on Typesense they are listed by paginated
searches that return only a few fields of each statement (its id, group, place in the
index, day and pairs), newest first as the embedded index orders them, and near-duplicate
groups are collapsed here by the embedded index's own rule. Months and pairs are then
counted from that list, the statements read are fetched by id, and the words of a
dossier are counted by one search per word and field. The answers are the embedded
index's, at the price of more requests (about one per 250 statements selected).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from .models import SearchRequest, Statement
from .query import Marks
from .typesense_documents import representative, statement_of
from .typesense_query import TEXT_MATCH, WORDS, Translation, any_of, decode, encode, marks_in

PAGE_MAX = 250
"""Typesense's largest page."""
READ_BATCH = 50
"""Statements fetched by id in one search, as a research view reads them."""
SEARCHES_PER_REQUEST = 50
"""Searches sent in one multi_search when counting words."""
NEWEST = "undated:asc,day:desc,order:asc"
"""Newest first, undated last, ties in index order: the embedded index's date order."""
LISTED = "id,group,order,day,pair"
"""The fields of each selected statement that the research views count by."""
COUNTED = {"pair"}
"""The facets value_counts can count (those among LISTED)."""

Run = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


class TypesenseSelection:
    """The statements a request selects on the cluster, with the embedded Selection's reads."""

    def __init__(
        self,
        run: Run,
        params: dict[str, Any],
        request: SearchRequest,
        translation: Translation,
        statement_count: Callable[[], int],
        deadline: float,
    ):
        self._run = run
        self._params = params
        """The search's q, query_by and filter_by, without grouping."""
        self._group = request.group
        self._translation = translation
        self._statement_count = statement_count
        self.marks = Marks(frozenset(translation.words), tuple((p, 1) for p in translation.phrases))
        """The query's own words and phrases: whether there is anything to mark."""
        self.notices: list[str] = []
        self.deadline = deadline
        self._listed: list[dict[str, Any]] | None = None
        self._timed_out = False

    def _selected(self) -> list[dict[str, Any]]:
        """Return the selected statements' LISTED fields, newest first, one per group of
        near-duplicates unless every version is asked for."""
        if self._listed is not None:
            return self._listed
        found: list[dict[str, Any]] = []
        page = 1
        while True:
            (result,) = self._run(
                [
                    {
                        **self._params,
                        "sort_by": NEWEST,
                        "include_fields": LISTED,
                        "page": page,
                        "per_page": PAGE_MAX,
                    }
                ]
            )
            docs = [hit["document"] for hit in result.get("hits", [])]
            found += docs
            self._timed_out |= bool(result.get("search_cutoff"))
            if len(docs) < PAGE_MAX:
                break
            if time.perf_counter() > self.deadline:
                # The statements listed so far are what the view shows, saying it is partial.
                self._timed_out = True
                break
            page += 1
        if self._group:
            members: dict[str, list[dict[str, Any]]] = {}
            for doc in found:
                members.setdefault(doc["group"], []).append(doc)
            kept = {id(representative(docs)) for docs in members.values()}
            found = [doc for doc in found if id(doc) in kept]
        self._listed = found
        return found

    @property
    def timed_out(self) -> bool:
        self._selected()
        return self._timed_out

    def count(self) -> int:
        return len(self._selected())

    def newest(self, limit: int) -> Iterator[Statement]:
        ids = [doc["id"] for doc in self._selected()[:limit]]
        for start in range(0, len(ids), READ_BATCH):
            batch = ids[start : start + READ_BATCH]
            (result,) = self._run(
                [{"q": "*", "filter_by": any_of("id", batch), "per_page": len(batch)}]
            )
            by_id = {hit["document"]["id"]: hit["document"] for hit in result["hits"]}
            for statement_id in batch:
                yield statement_of(by_id[statement_id])[0]

    def marks_of(self, statement: Statement) -> Marks:
        """Return what to mark in a statement: its words that share a stem with the query's."""
        return marks_in(statement, self._translation)

    def month_counts(self) -> dict[int, int]:
        return dict(Counter(doc["day"] // 100 for doc in self._selected() if doc["day"]))

    def value_counts(self, facet: str) -> dict[str, int]:
        if facet not in COUNTED:
            raise ValueError(f"The Typesense selection counts only {sorted(COUNTED)}, not {facet}")
        return dict(Counter(decode(v) for doc in self._selected() for v in set(doc.get(facet, ()))))

    def statement_count(self) -> int:
        return self._statement_count()

    def document_frequencies(self, words: set[str]) -> dict[str, int]:
        """Return, for each word, how many statements use it in their body or in their
        title (the larger count), as the embedded index's word frequencies give it."""
        ordered = sorted(words)
        searches = [
            {"q": encode(word), "query_by": WORDS[field], "per_page": 0, **TEXT_MATCH}
            for word in ordered
            for field in ("body", "title")
        ]
        found: list[int] = []
        for start in range(0, len(searches), SEARCHES_PER_REQUEST):
            found += [r["found"] for r in self._run(searches[start : start + SEARCHES_PER_REQUEST])]
        return {word: max(found[2 * i], found[2 * i + 1]) for i, word in enumerate(ordered)}

    @property
    def identity(self) -> tuple[object, None]:
        """Nothing tells when the cluster's statements change: answers are not kept."""
        return self, None
