"""The Typesense cluster beside the embedded index, on the 11k statements: `make bench-cluster`.

Uses the 11k index `make bench` builds (built here when missing, else reused); starts a
three-node Typesense cluster on loopback under var/bench/cluster and fills it from that
index (`sync`, timed: the cluster's indexing rate); serves Bilat twice, on the embedded
index and on the cluster; sends bench_search.py's query mix to both through
/search.json, interleaved request by request, checking that both find the same totals,
then a keyword in context, a trends chart and a country's dossier page;
prints p50 and p95 per query type, and reads the resident memory of each node and of both
servers. The 100k is left out: filling the cluster at this machine's rate would take over
an hour. Results go to bench/results/cluster-11k.json and .txt; the nodes are stopped at
the end, whatever happens.

    python bench/cluster_bench.py [--requests 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from bench_search import CORPUS, MIX, free_port
from peer_bench import (
    INDEXES,
    PYTHON,
    RESULTS,
    VAR,
    Server,
    bilat_params,
    build_bilat,
    machine,
    memory_mb,
    save,
    summarise,
)

from search.backend_typesense import sync
from search.backends import parse_address
from search.cluster import Cluster

SIZE = "11k"
RESEARCH = {
    "kwic": ("/kwic.json", [("q", "energy")]),
    "trends": ("/trends.json", [("q", "energy"), ("q", "trade"), ("interval", "year")]),
    "country dossier": ("/country/CN", []),
}
"""Research views timed on both (each three times after a first request)."""
RESEARCH_ROUNDS = 3


def run_mix(embedded: Server, cluster: Server, requests: int) -> dict:
    """Send every query type `requests` times to both, interleaved; return the samples and
    each case's totals on both (after a warm-up request of every case)."""
    cases = {name: [bilat_params(p) for p in params] for name, params in MIX.items()}
    totals: dict[str, list[dict]] = {name: [] for name in cases}
    for name, params in cases.items():
        for p in params:
            answers = [server.get(p)[1] for server in (embedded, cluster)]
            totals[name].append(
                {"params": dict(p), "embedded": answers[0]["total"], "cluster": answers[1]["total"]}
            )
    samples = {name: {"embedded": [], "cluster": []} for name in cases}
    for n in range(requests):
        for name, params in cases.items():
            p = params[n % len(params)]
            order = [(embedded, "embedded"), (cluster, "cluster")]
            for server, system in order if n % 2 else order[::-1]:
                took, _ = server.get(p)
                samples[name][system].append(round(took, 2))
    for name, (path, params) in RESEARCH.items():
        for server in (embedded, cluster):
            server.get(params, path)
        samples[name] = {
            system: [round(server.get(params, path)[0], 2) for _ in range(RESEARCH_ROUNDS)]
            for server, system in ((embedded, "embedded"), (cluster, "cluster"))
        }
    return {"totals": totals, "samples": samples}


def table_text(run: dict) -> str:
    sync_run = run["cluster_fill"]
    lines = [
        (
            f"{SIZE}: {run['statements']:,} statements, /search.json on the embedded index "
            f"and on a three-node Typesense cluster, {run['requests']} requests per type, ms"
        ),
        (
            f"{'query type':<20}{'embedded p50':>13}{'p95':>9}{'cluster p50':>13}{'p95':>9}"
            f"{'ratio p50':>11}"
        ),
    ]
    for name, row in run["table"].items():
        lines.append(
            f"{name:<20}{row['embedded_p50']:>13}{row['embedded_p95']:>9}{row['cluster_p50']:>13}"
            f"{row['cluster_p95']:>9}{row['ratio_p50']:>11}"
        )
    lines += [
        (
            f"cluster: leader elected in {run['leader_elected_s']} s; filled with "
            f"{sync_run['written']:,} statements in {sync_run['seconds']} s "
            f"({sync_run['statements_per_s']} statements/s)"
        ),
        "memory (MB, resident now / peak): "
        + "; ".join(f"{name} {m['VmRSS']} / {m['VmHWM']}" for name, m in run["memory"].items()),
        f"same totals on both for every case: {run['same_totals']}",
    ]
    return "\n".join(lines)


def bench(requests: int, keep: bool) -> dict:
    build = build_bilat(SIZE, CORPUS, keep)
    index = INDEXES[SIZE]
    root = VAR / "cluster"
    shutil.rmtree(root, ignore_errors=True)
    cluster = Cluster.on_free_ports(root)
    servers: list[Server] = []
    try:
        cluster.start()
        elected = cluster.wait_until_ready()
        print(f"bench: cluster ready in {elected:.1f} s; filling it from {index}", flush=True)
        filled = sync(index, parse_address(cluster.address), rebuild=True)
        print(f"bench: {filled.summary()}", flush=True)
        ports = free_port(), free_port()
        servers = [
            Server(
                "embedded",
                [str(PYTHON), "-m", "bilat_cli", "serve", "--index", str(index)]
                + ["--port", str(ports[0])],
                ports[0],
                "/search.json",
                VAR / "cluster-bench-embedded.log",
            ),
            Server(
                "cluster",
                [str(PYTHON), "-m", "bilat_cli", "serve", "--backend", cluster.address]
                + ["--port", str(ports[1])],
                ports[1],
                "/search.json",
                VAR / "cluster-bench-cluster.log",
            ),
        ]
        for server in servers:
            server.wait_ready(bilat_params({"q": ["president"]}))
        load_before = os.getloadavg()
        print("bench: both serving; sending the query mix", flush=True)
        mix = run_mix(*servers, requests)
        load_after = os.getloadavg()
        memory = {
            **{f"node {n}": memory_mb(node.process.pid) for n, node in enumerate(cluster.nodes)},
            **{f"bilat serve ({s.name})": memory_mb(s.process.pid) for s in servers},
        }
    finally:
        for server in servers:
            server.stop()
        cluster.stop()
    return {
        "size": SIZE,
        "statements": build["statements_indexed"],
        "requests": requests,
        "leader_elected_s": round(elected, 1),
        "cluster_fill": {
            "written": filled.written,
            "seconds": round(filled.seconds, 1),
            "statements_per_s": round(filled.written / filled.seconds, 1),
        },
        "embedded_build": build,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "memory": memory,
        "table": summarise(mix["samples"], "cluster", "embedded"),
        "same_totals": all(
            case["embedded"] == case["cluster"]
            for cases in mix["totals"].values()
            for case in cases
        ),
        "totals": mix["totals"],
        "samples_ms": mix["samples"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10, help="requests per query type (10)")
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="use an existing 11k index of the same input even if the indexer changed since",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"bench: the corpus is missing: {CORPUS}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine()
    run = bench(args.requests, args.keep_indexes)
    save(run, info, f"cluster-{SIZE}", table_text(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
