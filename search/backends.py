"""Which engine answers searches: the embedded Whoosh index, or a Typesense cluster.

The web app, the CLI and the research views call one interface (`Backend`); the BACKEND
setting picks the engine. `whoosh` (the default) is the index under the INDEX setting;
`typesense://<api key>@<host>:<port>,<host>:<port>,...` is a Typesense cluster, named
by the API addresses of its nodes (any one of them answers; the client moves to the next
when one fails). The Typesense client is imported only when that backend is chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .models import Hit, SearchRequest, SearchResult, Statement
from .settings import SettingsError

T = TypeVar("T")

WHOOSH = "whoosh"
TYPESENSE_SCHEME = "typesense://"


class Backend(Protocol):
    """What the web app, the CLI and the research views ask of a search engine."""

    def search(self, request: SearchRequest) -> SearchResult: ...
    def count(self, request: SearchRequest) -> int: ...
    def export(self, request: SearchRequest, limit: int) -> Any: ...
    def research(self, request: SearchRequest, work: Callable[[Any], T]) -> T: ...
    def get(self, statement_id: str) -> Statement | None: ...
    def statement_count(self) -> int: ...
    def versions_of(self, statement_id: str) -> list[Hit]: ...
    def more_like_this(self, statement_id: str, n: int = 5) -> list[Hit]: ...
    def highlight_paragraphs(self, statement: Statement, q: str) -> list[str]: ...
    def close(self) -> None: ...


@dataclass(frozen=True)
class ClusterAddress:
    """A Typesense cluster as the BACKEND setting names it."""

    api_key: str
    nodes: tuple[tuple[str, int], ...]
    """(host, API port) of each node."""


def parse_address(value: str) -> ClusterAddress | None:
    """Return the cluster a BACKEND value names, None for the embedded index.

    Raises SettingsError for a value that is neither.
    """
    value = value.strip()
    if value == WHOOSH:
        return None
    if not value.startswith(TYPESENSE_SCHEME):
        raise SettingsError(
            f"BACKEND must be {WHOOSH} or {TYPESENSE_SCHEME}<api key>@<host>:<port>,..., "
            f"not {value!r}"
        )
    key, at, hosts = value.removeprefix(TYPESENSE_SCHEME).rpartition("@")
    nodes = []
    for host in hosts.split(","):
        name, colon, port = host.strip().rpartition(":")
        if not (at and key and colon and name and port.isdigit() and 0 < int(port) < 65536):
            raise SettingsError(
                f"BACKEND {TYPESENSE_SCHEME}... must read {TYPESENSE_SCHEME}<api key>@"
                f"<host>:<port>,<host>:<port>,...; {host.strip()!r} is not a <host>:<port>"
                if at and key
                else f"BACKEND {TYPESENSE_SCHEME}... needs the API key before an @"
            )
        nodes.append((name, int(port)))
    return ClusterAddress(key, tuple(nodes))


def open_backend(config: Mapping[str, Any]) -> Backend:
    """Open the engine the settings choose (BACKEND, INDEX, TIME_LIMIT, MAX_QUERY_CHARS)."""
    address = parse_address(config["BACKEND"])
    if address is None:
        from .engine import Engine

        return Engine(
            Path(config["INDEX"]),
            time_limit=config["TIME_LIMIT"],
            max_query_chars=config["MAX_QUERY_CHARS"],
        )
    from .backend_typesense import TypesenseEngine

    return TypesenseEngine(
        address, time_limit=config["TIME_LIMIT"], max_query_chars=config["MAX_QUERY_CHARS"]
    )
