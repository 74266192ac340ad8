"""The Typesense cluster beside the embedded index and Datasette: `make bench-cluster`.

Uses the index and the SQLite database `make bench` builds for a size (11k by default,
100k with --size 100k; built here when missing, else reused); starts a three-node
Typesense cluster on loopback under var/bench/cluster and fills it from that index
(`sync`, timed: the cluster's indexing rate); serves Bilat twice, on the embedded index
and on the cluster, and Datasette on the same statements; sends bench_search.py's query
mix to the three, interleaved request by request, checking that both Bilat servers find
the same totals, then a keyword in context, a trends chart and a country's dossier page
to both Bilat servers; prints p50 and p95 per query type, and reads the resident memory
of each node and each server. Results go to bench/results/cluster-<size>.json and .txt;
the nodes are stopped at the end, whatever happens.

    python bench/cluster_bench.py [--size 100k] [--requests 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

from bench_search import CORPUS, MIX, free_port, percentiles
from peer_bench import (
    PER_PAGE,
    PYTHON,
    RESULTS,
    VAR,
    Server,
    bilat_params,
    build_bilat,
    build_sqlite,
    datasette_params,
    index_for,
    interleave,
    machine,
    memory_mb,
    save,
    source_for,
)
from peer_datasette import TABLE, serve_command, to_datasette

from search.backend_typesense import sync
from search.backends import parse_address
from search.cluster import Cluster

RESEARCH = {
    "kwic": ("/kwic.json", [("q", "energy")]),
    "trends": ("/trends.json", [("q", "energy"), ("q", "trade"), ("interval", "year")]),
    "country dossier": ("/country/CN", []),
}
"""Research views timed on both Bilat servers (each three times after a first request);
Datasette has none."""
RESEARCH_ROUNDS = 3


def run_mix(servers: dict[str, Server], requests: int) -> dict:
    """Send every query type `requests` times to the three, interleaved (the order turns
    each round); return the samples and each case's totals on all three (after a warm-up
    request of every case)."""
    systems = {
        "embedded": (servers["embedded"], bilat_params),
        "cluster": (servers["cluster"], bilat_params),
        "datasette": (servers["datasette"], datasette_params),
    }
    answers, samples = interleave(systems, requests)
    totals = {
        name: [
            {
                "params": case,
                "embedded": answer["embedded"]["total"],
                "cluster": answer["cluster"]["total"],
                "datasette": answer["datasette"].get("filtered_table_rows_count"),
                "timed_out": [s for s in ("embedded", "cluster") if answer[s]["timed_out"]],
            }
            for case, answer in zip(MIX[name], answers[name], strict=True)
        ]
        for name in MIX
    }
    for name, (path, params) in RESEARCH.items():
        bilats = [(s, servers[s]) for s in ("embedded", "cluster")]
        for _, server in bilats:
            server.get(params, path)
        samples[name] = {
            system: [round(server.get(params, path)[0], 2) for _ in range(RESEARCH_ROUNDS)]
            for system, server in bilats
        }
    return {"totals": totals, "samples": samples}


def summarise(samples: dict) -> dict:
    """Return p50 and p95 per query type of each system measured, and the cluster's p95
    over the embedded index's and over Datasette's."""
    table = {}
    for name, systems in samples.items():
        row = {"requests": len(systems["embedded"])}
        for system, times in systems.items():
            p50, p95 = percentiles(times)
            row[f"{system}_p50"], row[f"{system}_p95"] = round(p50, 1), round(p95, 1)
        row["cluster_over_embedded_p95"] = round(row["cluster_p95"] / row["embedded_p95"], 2)
        if "datasette_p95" in row:
            row["cluster_over_datasette_p95"] = round(row["cluster_p95"] / row["datasette_p95"], 2)
        table[name] = row
    return table


def table_text(run: dict) -> str:
    fill = run["cluster_fill"]
    lines = [
        (
            f"{run['size']}: {run['statements']:,} statements, /search.json on the embedded "
            f"index and on a three-node Typesense cluster, /{TABLE}/{TABLE}.json on "
            f"Datasette, {run['requests']} requests per type, ms"
        ),
        (
            f"{'query type':<20}{'embedded p50':>13}{'p95':>8}{'cluster p50':>12}{'p95':>8}"
            f"{'Datasette p50':>14}{'p95':>8}{'cl/emb p95':>11}{'cl/Ds p95':>10}"
        ),
    ]
    for name, row in run["table"].items():
        cells = [
            row.get(key, "-")
            for key in (
                "embedded_p50",
                "embedded_p95",
                "cluster_p50",
                "cluster_p95",
                "datasette_p50",
                "datasette_p95",
                "cluster_over_embedded_p95",
                "cluster_over_datasette_p95",
            )
        ]
        widths = (13, 8, 12, 8, 14, 8, 11, 10)
        lines.append(f"{name:<20}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths)))
    lines += [
        (
            f"cluster: leader elected in {run['leader_elected_s']} s; filled with "
            f"{fill['written']:,} statements in {fill['seconds']} s "
            f"({fill['statements_per_s']} statements/s); embedded index built at "
            f"{run['embedded_build']['docs_per_s']} statements/s"
        ),
        "memory (MB, resident now / peak): "
        + "; ".join(f"{name} {m['VmRSS']} / {m['VmHWM']}" for name, m in run["memory"].items()),
        (
            "same totals on the embedded index and the cluster for every case that finished "
            f"within the time limit: {run['same_totals']}; stopped at the limit: "
            + (
                "; ".join(f"{c['params']} ({', '.join(c['stopped'])})" for c in run["timed_out"])
                or "none"
            )
        ),
    ]
    return "\n".join(lines)


def bench(size: str, requests: int, keep: bool) -> dict:
    build = build_bilat(size, source_for(size), keep)
    index = index_for(size)
    db, _ = build_sqlite(size)
    root = VAR / "cluster"
    shutil.rmtree(root, ignore_errors=True)
    cluster = Cluster.on_free_ports(root)
    servers: dict[str, Server] = {}
    try:
        cluster.start()
        elected = cluster.wait_until_ready()
        print(f"bench: cluster ready in {elected:.1f} s; filling it from {index}", flush=True)
        filled = sync(index, parse_address(cluster.address), rebuild=True, progress=True)
        print(f"bench: {filled.summary()}", flush=True)
        commands = {
            "embedded": [str(PYTHON), "-m", "bilat_cli", "serve", "--index", str(index)],
            "cluster": [str(PYTHON), "-m", "bilat_cli", "serve", "--backend", cluster.address],
        }
        for system, command in commands.items():
            port = free_port()
            servers[system] = Server(
                system,
                command + ["--port", str(port)],
                port,
                "/search.json",
                VAR / f"cluster-bench-{system}.log",
            )
            servers[system].wait_ready(bilat_params({"q": ["president"]}))
        port = free_port()
        servers["datasette"] = Server(
            "datasette",
            serve_command(PYTHON, db, port),
            port,
            f"/{TABLE}/{TABLE}.json",
            VAR / "cluster-bench-datasette.log",
        )
        servers["datasette"].wait_ready(to_datasette({"q": ["president"]}, PER_PAGE))
        load_before = os.getloadavg()
        print("bench: all three serving; sending the query mix", flush=True)
        mix = run_mix(servers, requests)
        load_after = os.getloadavg()
        memory = {
            **{f"node {n}": memory_mb(node.process.pid) for n, node in enumerate(cluster.nodes)},
            **{f"serving ({system})": server.memory_mb() for system, server in servers.items()},
        }
    finally:
        for server in servers.values():
            server.stop()
        cluster.stop()
    return {
        "size": size,
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
        "table": summarise(mix["samples"]),
        # A search stopped at the time limit says so, and counts what it found until then.
        "same_totals": all(
            case["embedded"] == case["cluster"]
            for cases in mix["totals"].values()
            for case in cases
            if not case["timed_out"]
        ),
        "timed_out": [
            {"params": case["params"], "stopped": case["timed_out"]}
            for cases in mix["totals"].values()
            for case in cases
            if case["timed_out"]
        ],
        "totals": mix["totals"],
        "samples_ms": mix["samples"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", default="11k", help="11k (default), 100k or any size of make bench"
    )
    parser.add_argument("--requests", type=int, default=10, help="requests per query type (10)")
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="use an existing index of the same input even if the indexer changed since",
    )
    args = parser.parse_args()
    if not CORPUS.exists():
        sys.exit(f"bench: the corpus is missing: {CORPUS}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine()
    run = bench(args.size, args.requests, args.keep_indexes)
    save(run, info, f"cluster-{args.size}", table_text(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
