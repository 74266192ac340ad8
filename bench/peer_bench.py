"""Bilat against Datasette (SQLite FTS5) on the same statements, at 11k, 100k, 1m or any size.

For each size: build the Bilat index with `bilat index` (reused while the input file and
the indexer's code are unchanged), export the indexed statements and load them into
SQLite with sqlite-utils, both as timed child processes (wall time and peak resident
memory); serve both (`bilat serve`, `datasette serve`) on loopback ports; warm both up;
then send the query mix of bench_search.py to both over HTTP, interleaved request by
request, and print p50 and p95 per query type with the ratio Bilat/Datasette. Last, read
the resident memory of both serving processes and the size of both on disk. Results go to
bench/results/, and a chart of every size measured (bench/chart.py) to
docs/benchmarks-sizes.svg.

    python bench/peer_bench.py [--sizes "11k 100k 1m"] [--requests 50]

11k is the White House statements themselves; any other size (100k, 1m, 250k) is a
collection derived from them by bench/make_corpus.py, made the first time it is asked for.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import http.client
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import chart
import make_mixed
from bench_search import CORPUS, MIX, free_port, percentiles
from make_corpus import derive, parse_count, read_records, write_jsonl_gz, write_shards
from peer_datasette import LAYOUT, TABLE, export_rows, serve_command, to_datasette

from search.cluster import stop_process

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var" / "bench"
RESULTS = REPO / "bench" / "results"
CHART = REPO / "docs" / "benchmarks-sizes.svg"
PYTHON = Path(sys.executable)
TIME = "/usr/bin/time"
PER_PAGE = 20
SEED = 9
ONE_FILE = 100_000
"""A derived collection of more statements than this is a folder of files of SHARD each,
so that an interrupted build goes on where it stopped (_build_in_runs)."""
SHARD = 50_000
REAL = "11k"
"""The size that names the real statements, unchanged."""
MIXED = "mixed"
"""The size that names the real statements with those of the shared corpus in other
languages beside them (bench/make_mixed.py): the query mix plus queries in Ukrainian and
Chinese."""
LANGUAGE_MIX = {
    "Ukrainian word": [{"q": [w]} for w in ("переговори", "війна", "санкції", "зброя")],
    "Chinese phrase": [{"q": [f'"{p}"']} for p in ("中卢关系", "慕尼黑安全会议", "联合声明")],
}
"""Queries of the mixed collection's other languages. Datasette's FTS5 (porter over
unicode61) keeps a run of Chinese characters as one word, so its Chinese answers are not
Bilat's: their times are reported, its totals say what it found."""


def index_for(size: str) -> Path:
    """Return the Bilat index of a size; the 11k one is the one bench_search.py uses, so
    one build serves both."""
    return VAR / "index" if size == REAL else VAR / f"index-{size}"


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file, or of a folder's files in name order."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return hashlib.sha256(
            "".join(f"{p.relative_to(path)} {sha256(p)}\n" for p in files).encode()
        ).hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def run_measured(command: list[str]) -> dict:
    """Run a child process; return its wall time and peak resident memory.

    The peak is measured by GNU time around the command: the `ru_maxrss` that `wait4`
    reports for a direct child would include this process's own size at the fork.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        started = time.perf_counter()
        done = subprocess.run([TIME, "-f", "%M", "-o", out.name, *command], check=False, cwd=REPO)
        seconds = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"bench: {' '.join(command[:4])} ... failed with status {done.returncode}")
        peak_kb = int(out.read().split()[-1])
    return {"seconds": round(seconds, 2), "peak_rss_mb": round(peak_kb / 1024, 1)}


def cached(path: Path, key: dict, make) -> dict:
    """Return the JSON record at `path` if it was made for `key`; else make and save it."""
    try:
        record = json.loads(path.read_text())
        if record.get("key") == key:
            return record
    except (OSError, ValueError):
        pass
    record = {"key": key, **make()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, indent=2) + "\n")
    return record


def source_for(size: str) -> Path:
    """Return the statements of a size: the real ones, the mixed-language collection, or a
    derived collection, made unless it is there already for the same input, seed and count."""
    if size == REAL:
        return CORPUS
    if size == MIXED:
        mixed = VAR / "mixed.jsonl.gz"
        key = {"inputs_sha256": [sha256(path) for path in make_mixed.inputs()]}
        if not mixed.exists():
            (VAR / "mixed.json").unlink(missing_ok=True)
        cached(VAR / "mixed.json", key, lambda: {"records": make_mixed.write(mixed)})
        return mixed
    count = parse_count(size)
    sharded = count > ONE_FILE
    derived = VAR / (f"whitehouse-{size}" if sharded else f"whitehouse-{size}.jsonl.gz")
    key = {"input_sha256": sha256(CORPUS), "seed": SEED, "count": count}
    if sharded:
        key["per_file"] = SHARD
    stamp = VAR / f"whitehouse-{size}.json"

    def make() -> dict:
        print(f"bench: deriving {count:,} statements into {derived}", flush=True)
        records = derive(read_records(CORPUS), count, SEED)
        if sharded:
            shutil.rmtree(derived, ignore_errors=True)
            write_shards(derived, records, SHARD)
        else:
            write_jsonl_gz(derived, records)
        return {}

    if not derived.exists():
        stamp.unlink(missing_ok=True)
    cached(stamp, key, make)
    return derived


def build_bilat(size: str, source: Path, keep: bool = False) -> dict:
    """Index `source` with `bilat index --rebuild` unless an index of it is already there.

    An index built by other code of the indexer is built again, unless `keep` (then its
    record says which code built it).
    """
    from indexer.build import REPORT, code_fingerprint

    index = index_for(size)
    key = {"input_sha256": sha256(source), "code": code_fingerprint()}
    record_path = VAR / f"bilat-build-{size}.json"
    if keep and (index / "CURRENT").exists() and record_path.exists():
        record = json.loads(record_path.read_text())
        if record["key"]["input_sha256"] == key["input_sha256"]:
            if record["key"]["code"] != key["code"]:
                print(f"bench: keeping the {size} index built by earlier indexer code", flush=True)
            return record

    def make() -> dict:
        if source.is_dir():
            return _build_in_runs(size, source, key)
        print(f"bench: indexing {source.name} with Bilat into {index}", flush=True)
        measured = run_measured(
            [str(PYTHON), "-m", "bilat_cli", "index", "--quiet", "--rebuild"]
            + ["--index", str(index), str(source)]
        )
        report = json.loads((index / REPORT).read_text())
        read = report["indexed"] + report["duplicates"]
        return {
            **measured,
            "statements_read": read,
            "statements_indexed": report["total"],
            "docs_per_s": round(read / measured["seconds"], 1),
        }

    if not (index / "CURRENT").exists():
        record_path.unlink(missing_ok=True)
    return cached(record_path, key, make)


def _build_in_runs(size: str, folder: Path, key: dict) -> dict:
    """Index a folder of statement files, going on from where an earlier run stopped.

    `bilat index` commits whole files as it goes, so a stopped run leaves an index that
    the next run completes, reading only the files not yet in it. Each run is recorded
    in bilat-build-<size>-runs.json when it starts and when it ends; a run that never
    ended counts from its start to the index's last commit (work after that commit was
    lost and is done, and counted, again). The build's time is the sum of its runs, its
    peak memory the highest peak of the runs that ended, and its rate counts the
    statements in the index (exact duplicates that earlier runs dropped are not known).
    """
    from indexer.build import REPORT

    index = index_for(size)
    runs_path = VAR / f"bilat-build-{size}-runs.json"
    try:
        state = json.loads(runs_path.read_text())
    except (OSError, ValueError):
        state = None
    if state is None or state.get("key") != key or not (index / "CURRENT").exists():
        shutil.rmtree(index, ignore_errors=True)
        state = {"key": key, "runs": []}
    for run in state["runs"]:
        if run["seconds"] is None:
            last_commit = (index / "CURRENT").stat().st_mtime
            run["seconds"] = round(max(0.0, last_commit - run["started"]), 2)
            run["stopped"] = True
    run = {"started": time.time(), "seconds": None, "peak_rss_mb": None}
    state["runs"].append(run)
    runs_path.write_text(json.dumps(state, indent=1) + "\n")
    print(
        f"bench: indexing {folder.name} with Bilat into {index} "
        f"(run {len(state['runs'])}; a stopped run goes on at the next)",
        flush=True,
    )
    run.update(
        run_measured(
            [str(PYTHON), "-m", "bilat_cli", "index", "--quiet"]
            + ["--index", str(index), str(folder)]
        )
    )
    runs_path.write_text(json.dumps(state, indent=1) + "\n")
    report = json.loads((index / REPORT).read_text())
    seconds = sum(r["seconds"] for r in state["runs"])
    return {
        "seconds": round(seconds, 2),
        "peak_rss_mb": max(r["peak_rss_mb"] for r in state["runs"] if r["peak_rss_mb"]),
        "runs": state["runs"],
        "statements_read": report["total"],
        "statements_indexed": report["total"],
        "docs_per_s": round(report["total"] / seconds, 1),
    }


def build_sqlite(size: str) -> tuple[Path, dict]:
    """Load the statements of the Bilat index into SQLite FTS5 unless already loaded."""
    index = index_for(size)
    folder = VAR / f"datasette-{size}"
    db = folder / f"{TABLE}.db"
    rows = folder / "rows.jsonl"
    key = {
        "bilat_generation": (index / "CURRENT").read_text().strip(),
        "index": str(index),
        "layout": LAYOUT,
    }
    key["bilat_build"] = json.loads((VAR / f"bilat-build-{size}.json").read_text())["key"]

    def make() -> dict:
        folder.mkdir(parents=True, exist_ok=True)
        print(f"bench: exporting the statements of {index} for SQLite", flush=True)
        count = export_rows(index, rows)
        print(f"bench: loading {count:,} statements into {db} (sqlite-utils, FTS5)", flush=True)
        measured = run_measured(
            [str(PYTHON), str(REPO / "bench" / "peer_datasette.py"), "load", str(rows), str(db)]
        )
        return {
            **measured,
            "statements": count,
            "docs_per_s": round(count / measured["seconds"], 1),
        }

    if not db.exists():
        (folder / "build.json").unlink(missing_ok=True)
    return db, cached(folder / "build.json", key, make)


def memory_mb(pid: int) -> dict:
    """Return a process's resident memory now (VmRSS) and at its peak (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    fields = dict(line.split(":", 1) for line in status if ":" in line)
    return {k: round(int(fields[k].split()[0]) / 1024, 1) for k in ("VmRSS", "VmHWM")}


class Server:
    """A serving child process and one kept-alive HTTP connection to it."""

    def __init__(self, name: str, command: list[str], port: int, path: str, log: Path):
        self.name = name
        self.path = path
        self.log = open(log, "w")  # noqa: SIM115 - open while the server runs
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def get(self, params: list[tuple[str, str]], path: str | None = None) -> tuple[float, dict]:
        """Return the milliseconds one request took (sent to body read) and its JSON (a
        page's bytes when it is not JSON); `path` asks another path than the server's.

        A server may close a kept-alive connection that stayed idle (uvicorn does after
        5 s, as while the other server answers a slow request); the request is then sent
        again on a new connection, and timed from there.
        """
        url = (path or self.path) + "?" + urllib.parse.urlencode(params)
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request("GET", url)
                response = self.connection.getresponse()
                body = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                if attempt == 2:
                    raise
            except (OSError, http.client.HTTPException):
                self.connection.close()
                raise
        took = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise RuntimeError(f"{self.name} answered {response.status} to {url}: {body[:300]!r}")
        is_json = (response.getheader("Content-Type") or "").startswith("application/json")
        return took, json.loads(body) if is_json else body

    def wait_ready(self, params: list[tuple[str, str]]) -> float:
        """Wait for the server's first answer; return the seconds since its process began."""
        while True:
            if self.process.poll() is not None:
                sys.exit(f"bench: {self.name} stopped with status {self.process.returncode}")
            try:
                self.get(params)
                return time.perf_counter() - self.started
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)

    def memory_mb(self) -> dict:
        return memory_mb(self.process.pid)

    def stop(self) -> None:
        self.connection.close()
        stop_process(self.process)
        self.log.close()


def bilat_params(params: dict[str, list[str]]) -> list[tuple[str, str]]:
    pairs = [(k, v) for k, values in params.items() for v in values]
    return pairs + [("per_page", str(PER_PAGE))]


def interleave(
    systems: dict[str, tuple[Server, Callable]],
    requests: int,
    mix: dict = MIX,
    warm_rounds: int = 1,
) -> tuple[dict, dict]:
    """Send the query mix to several systems, each given as (server, the parameters it
    takes for a case of the mix). Every case goes `warm_rounds` times to each system
    (warm-up), then every query type `requests` times, the systems' order turning each
    round. Return the last warm-up answers, answers[type][case][system], and the times,
    samples[type][system] (ms)."""
    names = list(systems)
    answers: dict[str, list[dict]] = {name: [] for name in mix}
    for name, cases in mix.items():
        for case in cases:
            answer = {}
            for _ in range(warm_rounds):
                for system, (server, params_of) in systems.items():
                    answer[system] = server.get(params_of(case))[1]
            answers[name].append(answer)
    samples = {name: {system: [] for system in names} for name in mix}
    for n in range(requests):
        order = names[n % len(names) :] + names[: n % len(names)]
        for name, cases in mix.items():
            case = cases[n % len(cases)]
            for system in order:
                server, params_of = systems[system]
                took, _ = server.get(params_of(case))
                samples[name][system].append(round(took, 2))
    return answers, samples


def datasette_params(params: dict[str, list[str]]) -> list[tuple[str, str]]:
    return to_datasette(params, PER_PAGE)


def run_mix(
    bilat: Server, peer: Server | None, requests: int, mix: dict = MIX, warm_rounds: int = 2
) -> dict:
    """Send every case `warm_rounds` times to both (warm-up, and the totals), then every
    query type `requests` times, interleaved; return the cases' totals and the samples.
    Without a peer, Bilat alone."""
    systems = {"bilat": (bilat, bilat_params)}
    if peer is not None:
        systems["datasette"] = (peer, datasette_params)
    answers, samples = interleave(systems, requests, mix, warm_rounds)
    found: dict[str, list[dict]] = {name: [] for name in mix}
    for name, cases in mix.items():
        for case, answer in zip(cases, answers[name], strict=True):
            peer_answer = answer.get("datasette", {})
            found[name].append(
                {
                    "bilat": dict(bilat_params(case)),
                    "bilat_total": answer["bilat"]["total"],
                    "bilat_timed_out": answer["bilat"].get("timed_out"),
                    "datasette_total": peer_answer.get("filtered_table_rows_count"),
                    "datasette_facets_timed_out": peer_answer.get("facets_timed_out"),
                }
            )
    return {"cases": found, "samples": samples}


def summarise(samples: dict, first: str = "bilat", second: str = "datasette") -> dict:
    """Return p50 and p95 per query type of two systems, and the first's over the second's
    (only the first's when the second was not measured)."""
    table = {}
    for name, systems in samples.items():
        f50, f95 = percentiles(systems[first])
        row = {"requests": len(systems[first]), f"{first}_p50": round(f50, 1)}
        row[f"{first}_p95"] = round(f95, 1)
        if second in systems:
            s50, s95 = percentiles(systems[second])
            row |= {f"{second}_p50": round(s50, 1), f"{second}_p95": round(s95, 1)}
            row |= {"ratio_p50": round(f50 / s50, 2), "ratio_p95": round(f95 / s95, 2)}
        table[name] = row
    return table


def table_text(size: str, run: dict) -> str:
    peer = run["datasette_build"] is not None
    against = f" against /{TABLE}/{TABLE}.json (Datasette)" if peer else " (Datasette not run)"
    head = (
        f"{size}: {run['statements']:,} statements, /search.json (Bilat){against}, "
        f"{run['requests']} requests per type, ms"
    )
    columns = ("query type", "Bilat p50", "p95", "Datasette p50", "p95", "ratio p50", "ratio p95")
    widths = (20, 10, 8, 15, 8, 11, 11)
    lines = [
        head,
        "".join(
            f"{c:<{w}}" if n == 0 else f"{c:>{w}}" for n, (c, w) in enumerate(zip(columns, widths))
        ),
    ]
    for name, row in run["table"].items():
        keys = ("bilat_p50", "bilat_p95", "datasette_p50", "datasette_p95")
        cells = [f"{row[k]:.1f}" if k in row else "-" for k in keys]
        cells += [f"{row[k]:.2f}x" if k in row else "-" for k in ("ratio_p50", "ratio_p95")]
        lines.append(f"{name:<20}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths[1:])))
    lines.append("")
    columns = (
        "indexing",
        "statements",
        "seconds",
        "docs/s",
        "peak MB",
        "serving RSS MB",
        "disk MB",
        "first answer s",
    )
    widths = (20, 12, 10, 9, 9, 16, 9, 16)
    lines.append(
        f"{columns[0]:<20}" + "".join(f"{c:>{w}}" for c, w in zip(columns[1:], widths[1:]))
    )
    b, d = run["bilat_build"], run["datasette_build"]
    disk, ready = run.get("disk_mb", {}), run["ready_after_start"]
    systems = [("Bilat (Whoosh)", b, b["statements_read"], run["bilat_memory"], "bilat")]
    if peer:
        systems.append(("SQLite FTS5", d, d["statements"], run["datasette_memory"], "datasette"))
    for name, build, count, memory, key in systems:
        cells = (
            f"{count:,}",
            f"{build['seconds']:.1f}",
            f"{build['docs_per_s']:.1f}",
            f"{build['peak_rss_mb']:.0f}",
            f"{memory['VmRSS']:.0f}",
            f"{disk[key + '_mb']:.0f}" if key + "_mb" in disk else "-",
            f"{ready[key + '_s']:.1f}",
        )
        lines.append(f"{name:<20}" + "".join(f"{c:>{w}}" for c, w in zip(cells, widths[1:])))
    return "\n".join(lines)


def disk_mb(path: Path) -> float:
    """Return the size of a file, or of an index's current generation, in MB."""
    if path.is_file():
        return round(path.stat().st_size / 1e6, 1)
    generation = path / (path / "CURRENT").read_text().strip()
    return round(sum(f.stat().st_size for f in generation.rglob("*") if f.is_file()) / 1e6, 1)


def _proc_line(path: str, prefix: str) -> str:
    with open(path, encoding="utf-8") as lines:
        return next((line for line in lines if line.startswith(prefix)), ":")


def machine() -> dict:
    import datasette

    return {
        "nproc": os.cpu_count(),
        "cpu": _proc_line("/proc/cpuinfo", "model name").split(":", 1)[1].strip(),
        "memory_gb": round(int(_proc_line("/proc/meminfo", "MemTotal").split()[1]) / 2**20, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "datasette": datasette.__version__,
        "sqlite_utils": version("sqlite-utils"),
        "whoosh": version("whoosh-reloaded"),
    }


def bench_size(size: str, requests: int, keep: bool, peer_too: bool = True) -> dict:
    """Measure Bilat, and Datasette beside it unless not `peer_too`, at one size."""
    source = source_for(size)
    bilat_build = build_bilat(size, source, keep)
    db, datasette_build = build_sqlite(size) if peer_too else (None, None)
    b_port, d_port = free_port(), free_port()
    # One server starts at a time, so that each first answer is timed on an idle machine.
    probe = {"q": ["president"]}
    bilat = Server(
        "bilat",
        [str(PYTHON), "-m", "bilat_cli", "serve", "--index", str(index_for(size))]
        + ["--port", str(b_port)],
        b_port,
        "/search.json",
        VAR / f"bilat-serve-{size}.log",
    )
    peer = None
    try:
        ready = {"bilat_s": round(bilat.wait_ready(bilat_params(probe)), 1)}
        if peer_too:
            peer = Server(
                "datasette",
                serve_command(PYTHON, db, d_port),
                d_port,
                f"/{TABLE}/{TABLE}.json",
                VAR / f"datasette-serve-{size}.log",
            )
            ready["datasette_s"] = round(peer.wait_ready(to_datasette(probe, PER_PAGE)), 1)
        load_before = os.getloadavg()
        print(f"bench: {size}: serving; sending the query mix", flush=True)
        mix = run_mix(
            bilat,
            peer,
            requests,
            MIX | LANGUAGE_MIX if size == MIXED else MIX,
            warm_rounds=1 if is_large(size) else 2,
        )
        load_after = os.getloadavg()
        memory = {
            "bilat_memory": bilat.memory_mb(),
            "datasette_memory": peer.memory_mb() if peer else None,
        }
    finally:
        bilat.stop()
        if peer is not None:
            peer.stop()
    disk = {"bilat_mb": disk_mb(index_for(size))}
    if db is not None:
        disk["datasette_mb"] = disk_mb(db)
    return {
        "size": size,
        "source": str(source.relative_to(REPO) if source.is_relative_to(REPO) else source),
        "statements": bilat_build["statements_indexed"],
        "requests": requests,
        "per_page": PER_PAGE,
        "ready_after_start": ready,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "bilat_build": bilat_build,
        "datasette_build": datasette_build,
        **memory,
        "disk_mb": disk,
        "table": summarise(mix["samples"]),
        "cases": mix["cases"],
        "samples_ms": mix["samples"],
    }


def is_large(size: str) -> bool:
    """Whether a size is above ONE_FILE statements, where Datasette takes tens of seconds
    a search and the whole mix would take hours: a fifth of the requests (at least 10) are
    sent, and the warm-up sends each case once, not twice."""
    return size not in (REAL, MIXED) and parse_count(size) > ONE_FILE


def requests_at(size: str, requests: int) -> int:
    return min(requests, max(10, requests // 5)) if is_large(size) else requests


def _is_size(size: str) -> bool:
    try:
        parse_count(size)
    except ValueError:
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="11k 100k", help='sizes such as "11k 100k 1m" (default "11k 100k")'
    )
    parser.add_argument(
        "--requests",
        type=int,
        default=50,
        help="requests per query type (50; a fifth of it, at least 10, above 100k statements)",
    )
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="use existing Bilat indexes of the same input even if the indexer changed since",
    )
    parser.add_argument(
        "--bilat-only",
        action="store_true",
        help="measure Bilat alone (no SQLite load, no Datasette); results go to bilat-<size>",
    )
    args = parser.parse_args()
    sizes = args.sizes.split()
    unknown = [s for s in sizes if s not in (REAL, MIXED) and not _is_size(s)]
    if unknown or not sizes:
        sys.exit(
            f"bench: sizes are 11k, mixed or counts such as 100k and 1m, not {' '.join(unknown) or 'nothing'}"
        )
    if not CORPUS.exists():
        sys.exit(f"bench: the corpus is missing: {CORPUS}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine()
    print(f"bench: {info['nproc']} cores, {info['cpu']}, {info['memory_gb']} GB", flush=True)
    for size in sizes:
        requests = requests_at(size, args.requests)
        run = bench_size(size, requests, args.keep_indexes, peer_too=not args.bilat_only)
        name = f"bilat-{size}" if args.bilat_only else f"peer-{size}"
        save(run, info, name, table_text(size, run))
    print(f"bench: chart of the sizes measured so far in {chart.write(RESULTS, CHART)}", flush=True)
    return 0


def save(run: dict, info: dict, name: str, text: str) -> None:
    """Stamp a run with the machine and the time, print its table and write both to
    bench/results/<name>.json and .txt."""
    run["machine"] = info
    run["finished"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    print("\n" + text + "\n", flush=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(run, indent=1) + "\n")
    (RESULTS / f"{name}.txt").write_text(text + "\n")


if __name__ == "__main__":
    sys.exit(main())
