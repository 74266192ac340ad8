"""The Typesense backend: the same searches, answers and JSON contract, from a cluster.

The only module that imports the Typesense client. Searches read the collection alias
ALIAS; `sync` fills a collection from an embedded index (search/typesense_documents.py)
and, on a rebuild, switches the alias to the new collection at once, so readers never
see half an index. Queries are translated by search/typesense_query.py; the facet
counts of a chosen facet come from a search without its own filter, all in one
`multi_search`. Hits, snippets and facet listings are made by the same code as the
embedded index's (search/hits.py, search/facets.py).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import typesense
from tqdm import tqdm
from typesense import exceptions

from .backends import ClusterAddress
from .errors import BadQuery, IndexMissing
from .facets import histogram_bars, listed_values
from .hits import make_hit
from .models import FacetFilter, Hit, SearchRequest, SearchResult, Statement, is_valid_id
from .params import check_query_length
from .query import Marks, make_parser, parse_query
from .schema import FACETS, INDEXED_FACETS, BilatSchema
from .settings import DEFAULTS
from .snippets import mark_paragraphs
from .typesense_documents import (
    FIELDS,
    SCHEMA_VERSION,
    document_count,
    documents,
    representative,
    statement_of,
)
from .typesense_query import (
    QUERY_BY,
    TEXT_MATCH,
    Translation,
    Translator,
    any_of,
    decode,
    join,
    marks_in,
    request_filters,
)
from .typesense_research import TypesenseSelection

ALIAS = "bilat"
"""The alias searches read; it names the collection of the last complete build."""
BATCH = 500
"""Documents sent in one import request."""
PAGE_MAX = 250
"""Typesense's largest page."""
MAX_FACET_VALUES = 10_000
"""Values counted per facet: all of them, so that a chosen value always has its count."""
VALUES_TTL = 10.0
"""Seconds the collection's languages and facet values are reused between searches."""
INDEXED_WAIT = 600.0
"""Seconds a rebuild waits for every node to have indexed the new collection."""
ANSWER_MARGIN = 3.0
"""Seconds past the time limit a node may take to answer before the next is asked."""
GROUP_MEMBERS = 99
"""Members of a near-duplicate group read to pick the one a search shows."""


def client_for(address: ClusterAddress, timeout: float = 2.0) -> typesense.Client:
    """Return a client that tries each node in turn (a failed node is skipped a while)."""
    return typesense.Client(
        {
            "api_key": address.api_key,
            "nodes": [{"host": h, "port": str(p), "protocol": "http"} for h, p in address.nodes],
            "connection_timeout_seconds": timeout,
            "num_retries": 2 * len(address.nodes) + 2,
            "retry_interval_seconds": 0.3,
            "healthcheck_interval_seconds": 2,
        }
    )


@dataclass
class Found:
    """The statements of an export, already read (for /search.csv)."""

    statements: list[Statement]
    total: int

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def close(self) -> None:
        """Nothing stays open: kept so that callers close exports of any backend alike."""


class TypesenseEngine:
    """Searches on a Typesense cluster, with the embedded engine's interface."""

    def __init__(
        self,
        address: ClusterAddress,
        time_limit: float = DEFAULTS["TIME_LIMIT"],
        max_query_chars: int = DEFAULTS["MAX_QUERY_CHARS"],
    ):
        self.address = address
        self.time_limit = time_limit
        self.max_query_chars = max_query_chars
        # A node that stops answering is left after the search's own time limit and a margin.
        self.client = client_for(address, timeout=time_limit + ANSWER_MARGIN)
        self.parser = make_parser(BilatSchema())
        self._values: tuple[float, dict[str, tuple[str, ...]]] = (-VALUES_TTL, {})

    def __enter__(self):
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Close the client's connections to the nodes."""
        self.client.api_call.close()

    # -- talking to the cluster

    def _multi(self, searches: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Run searches on the alias in one request; raise IndexMissing when it is absent."""
        common = {"collection": ALIAS, "search_cutoff_ms": int(self.time_limit * 1000)}
        try:
            answer = self.client.multi_search.perform({"searches": searches}, common)
        except (exceptions.TypesenseClientError, httpx.HTTPError, OSError) as exc:
            raise IndexMissing(f"The Typesense cluster does not answer: {exc}") from None
        results = answer["results"]
        for result in results:
            if "error" in result:
                if result.get("code") == 404 and "collection" in result["error"].lower():
                    raise IndexMissing(
                        "No statements are indexed in the Typesense cluster yet: run "
                        "`bilat index --backend typesense://...`."
                    )
                raise BadQuery(f"The Typesense backend cannot run this search: {result['error']}")
        return results

    def _facet_values(self) -> dict[str, tuple[str, ...]]:
        """Return each facet's values in the collection (reused for VALUES_TTL seconds)."""
        fetched, values = self._values
        if time.monotonic() - fetched < VALUES_TTL:
            return values
        (result,) = self._multi(
            [
                {
                    "q": "*",
                    "per_page": 0,
                    "facet_by": ",".join(INDEXED_FACETS),
                    "max_facet_values": MAX_FACET_VALUES,
                }
            ]
        )
        values = {
            facet["field_name"]: tuple(decode(c["value"]) for c in facet["counts"] if c["value"])
            for facet in result.get("facet_counts", [])
        }
        self._values = (time.monotonic(), values)
        return values

    def _translate(self, text: str) -> Translation:
        check_query_length(text, self.max_query_chars)
        values = self._facet_values()
        translator = Translator(values.get("lang") or ("en",), lambda f: values.get(f, ()))
        return translator.translate(parse_query(self.parser, text))

    # -- searching

    def _params(
        self, translation: Translation, request: SearchRequest, skip: str | None = None
    ) -> dict[str, Any]:
        filters = request_filters(request, skip)
        if translation.filter:
            filters.insert(0, translation.filter)
        params: dict[str, Any] = {"q": translation.q, "query_by": QUERY_BY, **TEXT_MATCH}
        if filters:
            params["filter_by"] = join("&&", filters)
        if request.group:
            params["group_by"] = "group"
            params["group_limit"] = GROUP_MEMBERS
        return params

    def _sort(self, translation: Translation, sort: str) -> str:
        if sort == "oldest":
            return "undated:asc,day:asc,order:asc"
        if sort == "relevance" and translation.ranked:
            return "_text_match:desc,day:desc,order:asc"
        return "day:desc,order:asc"

    def search(self, request: SearchRequest) -> SearchResult:
        """Run one search: hits of the requested page, facets, histogram, notices."""
        started = time.perf_counter()
        translation = self._translate(request.q)
        chosen = [f for f, c in request.filters.items() if c.include or c.exclude]
        main = {
            **self._params(translation, request),
            "sort_by": self._sort(translation, request.sort),
            "page": request.page,
            "per_page": request.per_page,
            "facet_by": ",".join([*(f for f in FACETS if f not in chosen), "month"]),
            "max_facet_values": MAX_FACET_VALUES,
        }
        own = [
            {
                **self._params(translation, request, skip=facet),
                "per_page": 0,
                "facet_by": facet,
                "max_facet_values": MAX_FACET_VALUES,
            }
            for facet in chosen
        ]
        ranking = []
        if request.sort == "relevance" and not translation.ranked and translation.rank_q != "*":
            ranking = [
                {
                    **self._params(translation, request),
                    "q": translation.rank_q,
                    "sort_by": "_text_match:desc,day:desc,order:asc",
                    "page": request.page,
                    "per_page": request.per_page,
                }
            ]
        results = self._multi([main, *own, *ranking])
        counts = _facet_counts(results[0])
        for facet, result in zip(chosen, results[1 : 1 + len(own)], strict=True):
            counts[facet] = _facet_counts(result).get(facet, {})
        shown, notices = results[0], []
        if ranking and results[-1]["found"] == results[0]["found"]:
            # Ranking by the main language's stems found every statement: its order holds.
            shown = results[-1]
        elif ranking:
            notices.append(
                "On the Typesense backend these results are listed newest first: the words "
                "take different stems in the collection's languages, and Typesense ranks "
                "by one stem per word."
            )
        timed_out = any(r.get("search_cutoff") for r in results)
        if timed_out:
            notices.append(
                f"The search took longer than {self.time_limit:g} s and was stopped: "
                "the results and counts are those found until then."
            )
        months = {int(m): n for m, n in counts.pop("month", {}).items() if m != "0"}
        return SearchResult(
            request=request,
            total=results[0]["found"],
            hits=[self._hit(doc, translation) for doc in _page(shown)],
            facets={
                facet: listed_values(
                    facet, counts.get(facet, {}), request.filters.get(facet, FacetFilter())
                )
                for facet in FACETS
            },
            histogram=histogram_bars(months),
            timed_out=timed_out,
            took_ms=(time.perf_counter() - started) * 1000,
            notices=notices,
        )

    def _hit(self, doc: dict[str, Any], translation: Translation) -> Hit:
        statement, versions, languages = statement_of(doc)
        return make_hit(statement, marks_in(statement, translation), None, versions, languages)

    def count(self, request: SearchRequest) -> int:
        """Return how many statements a request finds, without hits or facets."""
        translation = self._translate(request.q)
        (result,) = self._multi([{**self._params(translation, request), "per_page": 0}])
        return result["found"]

    def export(self, request: SearchRequest, limit: int) -> Found:
        """Return the statements a search finds, in its order, up to `limit`."""
        translation = self._translate(request.q)
        params = {
            **self._params(translation, request),
            "sort_by": self._sort(translation, request.sort),
        }
        statements: list[Statement] = []
        total, page = 0, 1
        while len(statements) < limit:
            (result,) = self._multi([{**params, "page": page, "per_page": PAGE_MAX}])
            total = result["found"]
            docs = _page(result)
            statements += [statement_of(doc)[0] for doc in docs][: limit - len(statements)]
            if len(docs) < PAGE_MAX:
                break
            page += 1
        return Found(statements, total)

    def research(self, request: SearchRequest, work: Callable[[Any], Any]) -> Any:
        """Select what `request` finds, as search does, and return `work(selection)`
        (search/typesense_research.py)."""
        deadline = time.perf_counter() + self.time_limit
        translation = self._translate(request.q)
        params = self._params(translation, dataclasses.replace(request, group=False))
        selection = TypesenseSelection(
            self._multi, params, request, translation, self.statement_count, deadline
        )
        return work(selection)

    def _documents(self, filter_by: str, per_page: int = PAGE_MAX) -> list[dict[str, Any]]:
        (result,) = self._multi(
            [{"q": "*", "filter_by": filter_by, "per_page": per_page, "sort_by": "order:asc"}]
        )
        return [hit["document"] for hit in result.get("hits", [])]

    def get(self, statement_id: str) -> Statement | None:
        """Return the statement with this id or alias, or None."""
        if not is_valid_id(statement_id):
            return None
        found = self._documents(any_of("id", [statement_id]), 1) or self._documents(
            any_of("aliases", [statement_id]), 1
        )
        return statement_of(found[0])[0] if found else None

    def statement_count(self) -> int:
        """Return how many statements the collection holds, every version included."""
        (result,) = self._multi([{"q": "*", "per_page": 0}])
        return result["found"]

    def versions_of(self, statement_id: str) -> list[Hit]:
        """Return the other versions of a statement (its group of near-duplicates)."""
        if not is_valid_id(statement_id):
            return []
        own = self._documents(any_of("id", [statement_id]), 1)
        if not own:
            return []
        group = self._documents(any_of("group", [decode(own[0]["group"])]))
        # Typesense 0.24 cannot filter on an id being different: the statement is left out here.
        others = [doc for doc in group if doc["id"] != statement_id]
        return [make_hit(*_with_marks(doc)) for doc in others]

    def more_like_this(self, statement_id: str, n: int = 5) -> list[Hit]:
        """None: the embedded index's key terms weigh each word by its total count in the
        collection and its ranking is BM25F; Typesense 0.24 gives neither, so a list made
        here would differ from the embedded index's."""
        return []

    def highlight_paragraphs(self, statement: Statement, q: str) -> list[str]:
        """Return the statement's paragraphs escaped, with the matches of `q` marked."""
        try:
            marks = marks_in(statement, self._translate(q)) if q.strip() else Marks()
        except (BadQuery, IndexMissing):
            marks = Marks()
        return mark_paragraphs(list(statement.paragraphs), marks)


def _with_marks(doc: dict[str, Any]) -> tuple[Statement, Marks, None, int, tuple[str, ...]]:
    statement, versions, languages = statement_of(doc)
    return statement, Marks(), None, versions, languages


def _page(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the documents of a result page: one per near-duplicate group when grouped,
    as the embedded index keeps it: the group's representative (whose id names the group)
    when found, else its first statement found in index order."""
    if "grouped_hits" in result:
        return [
            representative(hit["document"] for hit in group["hits"])
            for group in result["grouped_hits"]
        ]
    return [hit["document"] for hit in result.get("hits", [])]


def _facet_counts(result: dict[str, Any]) -> dict[str, dict[str, int]]:
    return {
        facet["field_name"]: {
            (c["value"] if facet["field_name"] == "month" else decode(c["value"])): c["count"]
            for c in facet["counts"]
            if c["value"]
        }
        for facet in result.get("facet_counts", [])
    }


# -- writing


@dataclass(frozen=True)
class SyncReport:
    collection: str
    written: int
    removed: int
    unchanged: int
    rebuilt: bool
    seconds: float

    def summary(self) -> str:
        how = "built anew and switched to" if self.rebuilt else "updated"
        return (
            f"Typesense collection {self.collection} {how}: {self.written} statements written, "
            f"{self.removed} removed, {self.unchanged} unchanged, in {self.seconds:.1f} s."
        )


def sync(
    index_dir: Path, address: ClusterAddress, rebuild: bool = False, progress: bool = False
) -> SyncReport:
    """Bring the cluster's collection to the embedded index's current statements.

    Unchanged statements (same fingerprint) are skipped, changed and new ones upserted
    in batches, and those gone deleted. A rebuild, a first run or a new document schema
    fills a new collection and then points the alias at it, in one step. `progress`
    shows a bar of the statements read.
    """
    client = client_for(address, timeout=30.0)
    try:
        return _sync(client, address, Path(index_dir), rebuild, progress)
    finally:
        client.api_call.close()


def _sync(
    client: typesense.Client,
    address: ClusterAddress,
    index_dir: Path,
    rebuild: bool,
    progress: bool,
) -> SyncReport:
    started = time.perf_counter()
    current = _alias_target(client)
    with tqdm(
        total=document_count(index_dir), desc="Typesense", unit="statement", disable=not progress
    ) as bar:
        if rebuild or current is None or not current.endswith(f"-v{SCHEMA_VERSION}"):
            name = f"{ALIAS}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 10**6}-v{SCHEMA_VERSION}"
            client.collections.create({"name": name, "fields": FIELDS})
            written = _import(client, name, _counted(documents(index_dir), bar))
            _wait_indexed(address, name, written)
            client.aliases.upsert(ALIAS, {"collection_name": name})
            if current is not None:
                client.collections[current].delete()
            return SyncReport(name, written, 0, 0, True, time.perf_counter() - started)
        exported = client.collections[current].documents.export(
            {"include_fields": "id,fingerprint"}
        )
        held = {d["id"]: d.get("fingerprint") for d in map(json.loads, exported.splitlines()) if d}
        wanted: set[str] = set()

        def changed() -> Iterator[dict[str, Any]]:
            for doc in _counted(documents(index_dir), bar):
                wanted.add(doc["id"])
                if held.get(doc["id"]) != doc["fingerprint"]:
                    yield doc

        written = _import(client, current, changed())
    gone = sorted(set(held) - wanted)
    for start in range(0, len(gone), BATCH):
        client.collections[current].documents.delete(
            {"filter_by": any_of("id", gone[start : start + BATCH])}
        )
    return SyncReport(
        current, written, len(gone), len(wanted) - written, False, time.perf_counter() - started
    )


def _counted(docs: Iterator[dict[str, Any]], bar: tqdm) -> Iterator[dict[str, Any]]:
    for doc in docs:
        bar.update()
        yield doc


def _wait_indexed(address: ClusterAddress, collection: str, count: int) -> None:
    """Wait until every node that answers holds all `count` statements of a collection.

    Nodes index what they receive in the background, and the alias switch can overtake
    it: switching only now keeps a reader on any node from seeing half a collection.
    """
    deadline = time.monotonic() + INDEXED_WAIT
    for node in address.nodes:
        one = client_for(ClusterAddress(address.api_key, (node,)))
        try:
            while time.monotonic() < deadline:
                try:
                    held = one.collections[collection].retrieve()["num_documents"]
                except (exceptions.TypesenseClientError, httpx.HTTPError, OSError):
                    break  # a node that does not answer serves no reader
                if held >= count:
                    break
                time.sleep(0.2)
        finally:
            one.api_call.close()


def _alias_target(client: typesense.Client) -> str | None:
    try:
        return client.aliases[ALIAS].retrieve()["collection_name"]
    except exceptions.ObjectNotFound:
        return None


def _import(client: typesense.Client, collection: str, docs: Iterator[dict[str, Any]]) -> int:
    """Upsert `docs` in batches; return how many were written.

    The next batch is made while the cluster takes the one before: making the documents
    of long statements (their words and stems) costs about as much as indexing them.
    """
    written = 0
    with ThreadPoolExecutor(1) as sender:
        pending = None
        while batch := list(itertools.islice(docs, BATCH)):
            if pending is not None:
                written += _imported(pending.result())
            pending = sender.submit(
                client.collections[collection].documents.import_, batch, {"action": "upsert"}
            )
        if pending is not None:
            written += _imported(pending.result())
    return written


def _imported(answers: list[dict[str, Any]]) -> int:
    failed = [a for a in answers if not a.get("success")]
    if failed:
        raise RuntimeError(f"Typesense refused {len(failed)} statements: {failed[0]}")
    return len(answers)
