"""Profile Bilat's searches, one query type of the benchmark mix at a time.

Runs each query type of bench_search.py through `Engine.search` (as /search.json does,
20 hits a page) under pyinstrument and prints, per type, the milliseconds per search and
the call tree down to the functions that take the time.

    python bench/profile_search.py [--index var/bench/index-100k] [--types "rare term"]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench_search import MIX
from pyinstrument import Profiler

from search.engine import Engine
from search.params import request_from_params

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=REPO / "var" / "bench" / "index-100k")
    parser.add_argument("--types", default="", help="query types, comma-separated (all)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    types = [t.strip() for t in args.types.split(",") if t.strip()] or list(MIX)
    engine = Engine(args.index)
    started = time.perf_counter()
    engine.search(request_from_params({"q": ["president"]}))
    print(f"first search (opens the index): {(time.perf_counter() - started) * 1000:.0f} ms")
    for name in types:
        requests = [request_from_params({**p, "per_page": ["20"]}) for p in MIX[name]]
        for request in requests:  # warm, as the HTTP benchmark is
            engine.search(request)
        profiler = Profiler(interval=0.001)
        started = time.perf_counter()
        profiler.start()
        for _ in range(args.rounds):
            for request in requests:
                engine.search(request)
        profiler.stop()
        took = (time.perf_counter() - started) * 1000 / (args.rounds * len(requests))
        print(f"\n=== {name}: {took:.1f} ms per search")
        print(profiler.output_text(unicode=False, color=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
