"""Search speed on the 11,070 White House statements, through the Python API and HTTP.

Builds the index under var/bench/index the first time (later runs reuse it: the index
run skips an unchanged file), then runs a mix of query types, each over several
different queries, and prints p50 and p95 per type: first through `Engine.search`, then
through `/search.json` served by `bilat serve` (waitress) on a free loopback port. Every
answer includes facets, the histogram and 10 snippets. Last, hostile queries through
HTTP, each with its status and time.

    make bench                 # or: .venv/bin/python bench/bench_search.py [--rounds N]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from search.engine import Engine
from search.errors import BadQuery
from search.params import request_from_params

REPO = Path(__file__).resolve().parent.parent

CORPUS = REPO.parent / "shared" / "corpus" / "whitehouse" / "whitehouse-2021-2026.jsonl.gz"
INDEX = REPO / "var" / "bench" / "index"

COMMON = ["president", "security", "economy", "health", "people", "government", "support", "work"]
RARE = ["kazakhstan", "irrigation", "tajikistan", "desalination", "molybdenum", "mongolia"]
TWO_WORDS = [
    "climate china",
    "energy security",
    "trade agreement",
    "vaccine india",
    "ukraine weapons",
    "border mexico",
]
PHRASES = [
    '"national security"',
    '"climate change"',
    '"supply chains"',
    '"human rights"',
    '"prime minister"',
    '"critical minerals"',
    '"mutual settlements in national currencies"',
    '"united states and japan"',
]

# Each query type: a list of URL parameter sets (as for /search.json).
MIX: dict[str, list[dict[str, list[str]]]] = {
    "common term": [{"q": [w]} for w in COMMON],
    "rare term": [{"q": [w]} for w in RARE],
    "two-term AND": [{"q": [w]} for w in TWO_WORDS],
    "phrase": [{"q": [p]} for p in PHRASES],
    "phrase + sector": [
        {"q": [p], "sector": [s]}
        for p, s in zip(PHRASES, ["defence", "environment", "trade", "health", "energy", "mining"])
    ],
    "term + all facets": [
        {"q": [w], "country": ["CN", "JP"], "-doc_type": ["remarks"], "year": ["2022", "2023"]}
        for w in COMMON
    ],
    "date range": [
        {"q": [w], "from": [f"{2021 + n % 4}-01-01"], "to": [f"{2021 + n % 4}-06-30"]}
        for n, w in enumerate(COMMON)
    ],
    "newest first": [{"q": [w], "sort": ["newest"]} for w in COMMON],
}
SETTLE_SECONDS = 10
HOSTILE = [
    "*a*",
    "*a* *e* *i*",
    '"national currencies',
    "(energy OR gas",
    "NOT NOT NOT",
    "(" * 2000 + "x" + ")" * 2000,
    "x " * 5000,
    "date:[zzz TO qqq]",
    "energy\x00\x01",
    "pres*",
    "secu~2",
]


def build_index() -> None:
    if not CORPUS.exists():
        sys.exit(f"bench: the corpus is missing: {CORPUS}")
    started = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bilat_cli",
            "index",
            "--quiet",
            "--index",
            str(INDEX),
            str(CORPUS),
        ],
        check=True,
    )
    print(f"index ready in {time.monotonic() - started:.1f} s: {INDEX}")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def report(title: str, timings: dict[str, list[float]]) -> None:
    """Print p50/p95 over all runs, then over the runs after the first of each query.

    The first run of a query in a process reads its words' postings from the index;
    later runs find them cached (until 2,048 other terms have pushed them out).
    """
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    print(f"\n{title}  (load average {load} on {os.cpu_count()} cores)")
    print(
        f"{'query type':<20}{'runs':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"
        f"{'warm p50':>10}{'warm p95':>10}{'first max':>11}"
    )
    for name, samples in timings.items():
        first_round = len(MIX[name])
        p50, p95 = percentiles(samples)
        warm50, warm95 = percentiles(samples[first_round:] or samples)
        print(
            f"{name:<20}{len(samples):>6}{p50:>9.1f}{p95:>9.1f}{max(samples):>9.1f}"
            f"{warm50:>10.1f}{warm95:>10.1f}{max(samples[:first_round]):>11.1f}"
        )


def bench_api(engine: Engine, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in MIX}
    for _ in range(rounds):
        for name, cases in MIX.items():
            for params in cases:
                request = request_from_params({**params, "per_page": ["10"]})
                started = time.perf_counter()
                engine.search(request)
                timings[name].append((time.perf_counter() - started) * 1000)
    return timings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Client:
    """One kept-alive HTTP/1.1 connection, as a browser would hold."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def fetch(self, params: dict[str, list[str]]) -> tuple[int, bytes]:
        path = "/search.json?" + urllib.parse.urlencode(params, doseq=True)
        try:
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        except (OSError, http.client.HTTPException):
            # The server closed the connection (or is not up yet): open a new one.
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.connection.request("GET", path)
            response = self.connection.getresponse()
        return response.status, response.read()


def bench_http(client: Client, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {name: [] for name in MIX}
    for _ in range(rounds):
        for name, cases in MIX.items():
            for params in cases:
                started = time.perf_counter()
                status, body = client.fetch({**params, "per_page": ["10"]})
                timings[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    sys.exit(f"bench: {params} answered {status}: {body[:200]!r}")
    return timings


def hostile_http(client: Client) -> None:
    print("\nhostile queries through /search.json")
    for text in HOSTILE:
        started = time.perf_counter()
        status, body = client.fetch({"q": [text]})
        took = (time.perf_counter() - started) * 1000
        data = json.loads(body)
        said = data.get("error") or f"{data['total']} results, timed_out={data['timed_out']}"
        shown = text if len(text) < 40 else text[:30] + f"... ({len(text)} chars)"
        print(f"  {took:8.1f} ms  {status}  {shown!r}: {said[:90]}")


def settle() -> None:
    """Give the background reading of common words' postings time to finish."""
    print(
        f"waiting {SETTLE_SECONDS} s for the index to warm up (engine.py reads the postings "
        "of the commonest words in the background when it opens a generation)"
    )
    time.sleep(SETTLE_SECONDS)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run (5)")
    args = parser.parse_args()
    build_index()

    engine = Engine(INDEX)
    started = time.perf_counter()
    first = engine.search(request_from_params({"q": ["president"]}))
    print(
        f"first search (opens the index, builds the facet tables): "
        f"{(time.perf_counter() - started) * 1000:.0f} ms over {first.total} statements"
    )
    settle()
    try:
        report(
            "Python API: Engine.search (facets, histogram, 10 snippets)",
            bench_api(engine, args.rounds),
        )
    except BadQuery as error:
        sys.exit(f"bench: a benchmark query was refused: {error.message}")

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bilat_cli",
            "serve",
            "--index",
            str(INDEX),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
    )
    client = Client(port)
    try:
        for _ in range(100):
            try:
                client.fetch({"q": ["president"]})
                break
            except OSError:
                time.sleep(0.2)
        settle()
        report("HTTP: GET /search.json under waitress", bench_http(client, args.rounds))
        hostile_http(client)
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
