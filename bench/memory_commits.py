"""Serving memory across index commits: `bilat serve` under steady traffic while indexing
runs commit new generations into the index it serves.

    python bench/memory_commits.py [--commits 50] [--clients 4] [--source var/index]

The index is served from a hard-linked copy under var/memory/ (--work; generations are never
rewritten in place, so the source is untouched). Each commit adds a file of five new
statements and changes one statement of the previous commit's file, then runs
`bilat index` on those files. After the server answers from the new generation, the
script prints its resident memory (VmRSS), the anonymous part of it (RssAnon: the
Python heap, without the pages of mapped index files) and its open descriptors. Meanwhile client threads
send the query mix of bench/load.lua without pause; their latencies are summarised at
the end. The source index defaults to var/index, built or brought up to date from corpus/.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# The query mix of bench/load.lua, the deliberately bad query left out.
PATHS = (
    "/search.json?q=president",
    "/search?q=%22prime+minister%22",
    "/search.json?q=trade&country=CN",
    "/search.json?q=energy&sector=energy&sort=newest",
    "/search?q=cooperation&page=3",
    "/search.json?q=&type=readout&per_page=50",
    "/search.json?q=climate+OR+energy+NOT+oil",
    "/search?q=invest*&country=IN",
)
SWITCH_DEADLINE = 120.0
"""Most seconds the server may take to answer from a new generation."""


def marker(commit: int) -> str:
    """Return a word only the statements of this commit contain."""
    return "memorytrace" + "".join("abcdefghij"[int(d)] for d in f"{commit:03d}")


def write_commit_file(folder: Path, commit: int, revision: int = 0) -> Path:
    """Write (or rewrite, with another revision) the five statements of one commit."""
    path = folder / f"commit-{commit:03d}.jsonl"
    topics = ("energy", "trade", "investment", "climate", "education")
    with path.open("w", encoding="utf-8") as out:
        for k, topic in enumerate(topics):
            revised = f" Revised text {revision}." if revision and k == 0 else ""
            record = {
                "id": f"memory-{commit}-{k}",
                "url": f"https://memory.example/{commit}/{k}",
                "date": f"2024-{1 + commit % 12:02d}-{1 + k:02d}",
                "title": f"Statement {commit}.{k} on {topic} cooperation",
                "text": (
                    f"In statement {commit}.{k} ({marker(commit)}) the two governments "
                    f"reviewed their {topic} cooperation and agreed on the next steps of "
                    f"the programme for {2020 + commit % 7}.{revised}"
                ),
            }
            out.write(json.dumps(record) + "\n")
    return path


def memory_mb(pid: int) -> tuple[float, float]:
    """Return the process's resident memory and the anonymous part of it, in MB.

    The anonymous part is the Python heap; the rest is pages of the mapped index files,
    which the kernel may drop and read again whenever memory is needed elsewhere.
    """
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    return int(status["VmRSS"].split()[0]) / 1024, int(status["RssAnon"].split()[0]) / 1024


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def get_json(port: int, path: str) -> dict:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=SWITCH_DEADLINE / 2)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        return json.loads(body)
    finally:
        connection.close()


def wait_for_server(port: int, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SWITCH_DEADLINE
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"bilat serve exited; see {log}")
        try:
            get_json(port, "/search.json?q=&per_page=1")
            return
        except (OSError, RuntimeError):
            time.sleep(0.2)
    raise RuntimeError(f"bilat serve did not start; see {log}")


def wait_for_commit(port: int, commit: int) -> None:
    """Wait until the server finds the statements of this commit."""
    deadline = time.monotonic() + SWITCH_DEADLINE
    path = "/search.json?per_page=1&q=" + quote(marker(commit))
    while time.monotonic() < deadline:
        try:
            if get_json(port, path)["total"] > 0:
                return
        except TimeoutError:
            continue
        time.sleep(0.05)
    raise RuntimeError(f"the server did not open the generation of commit {commit}")


class Traffic:
    """Client threads sending the query mix until stopped, keeping each latency."""

    def __init__(self, port: int, clients: int):
        self.port = port
        self.stopping = threading.Event()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._client, args=(n,), daemon=True) for n in range(clients)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def _client(self, n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        turn = n
        while not self.stopping.is_set():
            path = PATHS[turn % len(PATHS)]
            turn += 1
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                status = f"{type(exc).__name__}: {exc}"
            elapsed = time.perf_counter() - started
            with self._lock:
                if status == 200:
                    self.latencies.append(elapsed)
                else:
                    self.errors.append(f"{path}: {status}")
        connection.close()


def prepare_index(source: Path, work: Path, update: bool) -> Path:
    """Return a fresh hard-linked copy of the source index, brought up to date first.

    An index written by another version of the indexer or of search/ is re-read whole by
    the next run, which would then hold only the files of the first commit.
    """
    if update:
        print(f"Bringing {source} up to date with corpus/ ...", flush=True)
        subprocess.run(
            [BIN / "bilat", "index", "-q", "--index", source, ROOT / "corpus"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    shutil.rmtree(work, ignore_errors=True)
    (work / "added").mkdir(parents=True)
    shutil.copytree(source, work / "index", copy_function=os.link)
    (work / "index" / "index.lock").unlink(missing_ok=True)
    return work / "index"


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--clients", type=int, default=4, help="client threads sending queries")
    parser.add_argument(
        "--source",
        type=Path,
        help="index to serve a copy of; it must be up to date (default: var/index, "
        "built or brought up to date from corpus/)",
    )
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads")
    parser.add_argument("--work", type=Path, default=ROOT / "var" / "memory")
    args = parser.parse_args()

    work = args.work
    # Stopped with SIGTERM, the script still stops the server it started (finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    source = args.source or ROOT / "var" / "index"
    index_dir = prepare_index(source, work, update=args.source is None)
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(
        [BIN / "bilat", "serve", "--index", index_dir, "--port", str(args.port)]
        + ["--threads", str(args.threads)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    traffic = Traffic(args.port, args.clients)
    try:
        wait_for_server(args.port, server, work / "serve.log")
        statements = get_json(args.port, "/search.json?q=&per_page=1&group=0")["total"]
        print(f"Serving {statements} statements from a copy of {source}.")
        traffic.start()
        time.sleep(5)  # every kind of query has been asked: the tables are loaded
        print(f"{'commit':>6} {'RSS MB':>8} {'anon MB':>8} {'descriptors':>12} {'seconds':>8}")
        curve = []
        started = time.monotonic()

        def measure(commit: int) -> None:
            rss, anon = memory_mb(server.pid)
            curve.append((commit, rss, anon))
            print(
                f"{commit:>6} {rss:>8.1f} {anon:>8.1f} {open_descriptors(server.pid):>12} "
                f"{time.monotonic() - started:>8.1f}",
                flush=True,
            )

        measure(0)
        added = work / "added"
        for commit in range(1, args.commits + 1):
            files = [write_commit_file(added, commit)]
            if commit > 1:
                files.append(write_commit_file(added, commit - 1, revision=commit))
            subprocess.run(
                [BIN / "bilat", "index", "-q", "--wait", "60", "--index", index_dir, *files],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for_commit(args.port, commit)
            now = get_json(args.port, "/search.json?q=&per_page=1&group=0")["total"]
            if now < statements:
                raise RuntimeError(f"the index now holds {now} statements, not {statements}+")
            measure(commit)
        traffic.stop()
    finally:
        traffic.stopping.set()
        server.terminate()
        server.wait(30)
        log.close()

    latencies = traffic.latencies
    print()
    print("RSS MB (anonymous MB) at every fifth commit:")
    print(" | ".join(f"{c}: {rss:.0f} ({anon:.0f})" for c, rss, anon in curve if c % 5 == 0))
    print(
        f"{len(latencies)} answers: p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"mean {statistics.fmean(latencies) * 1000:.1f} ms; {len(traffic.errors)} errors"
    )
    for error in traffic.errors[:5]:
        print("  " + error)
    if "Traceback" in (work / "serve.log").read_text():
        print(f"The server logged errors: see {work / 'serve.log'}", file=sys.stderr)
        return 1
    return 1 if traffic.errors else 0


if __name__ == "__main__":
    sys.exit(main())
