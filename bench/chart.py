"""How Bilat's and Datasette's costs grow with the collection, as one SVG chart.

Reads the results of bench/peer_bench.py (bench/results/peer-<size>.json: 11k, 100k, 1m
or any derived size; the mixed-language run is left out, being another collection) and
draws four panels against the number of statements, both axes logarithmic where costs
span orders of magnitude: p95 per query type, indexing rate, memory and size on disk,
and the time to the first answer after the server starts.

    python bench/chart.py [OUTPUT.svg]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

RESULTS = Path(__file__).resolve().parent / "results"
OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "benchmarks-sizes.svg"
SYSTEMS = (("bilat", "Bilat", "-", "o"), ("datasette", "Datasette (SQLite FTS5)", "--", "s"))


def runs(results: Path) -> list[dict]:
    """The peer runs of derived and real sizes, smallest collection first."""
    found = []
    for path in results.glob("peer-*.json"):
        run = json.loads(path.read_text())
        if run.get("size") != "mixed":
            found.append(run)
    return sorted(found, key=lambda run: run["statements"])


def write(results: Path = RESULTS, output: Path = OUTPUT) -> Path:
    """Draw the chart of every size measured in `results` into `output`; return it."""
    measured = runs(results)
    if not measured:
        raise SystemExit(f"chart: no results in {results}; run make bench first")
    plt.rcParams["svg.hashsalt"] = "bilat"  # the same file for the same figures
    counts = [run["statements"] for run in measured]
    figure, axes = plt.subplots(2, 2, figsize=(12, 9))
    _latency(axes[0][0], measured, counts)
    _indexing(axes[0][1], measured, counts)
    _memory(axes[1][0], measured, counts)
    _first_answer(axes[1][1], measured, counts)
    sizes = ", ".join(run["size"] for run in measured)
    figure.suptitle(f"Bilat and Datasette by collection size ({sizes}), 2 cores", fontsize=13)
    figure.tight_layout()
    output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(output, format="svg", metadata={"Date": None})
    plt.close(figure)
    return output


def _statements_axis(axis, counts: list[int]) -> None:
    axis.set_xscale("log")
    axis.set_xticks(counts, [f"{c:,}" for c in counts])
    axis.minorticks_off()
    axis.set_xlabel("statements")
    axis.grid(True, which="major", alpha=0.3)


def _latency(axis, measured: list[dict], counts: list[int]) -> None:
    types = list(measured[-1]["table"])
    colours = plt.get_cmap("tab10")
    for n, name in enumerate(types):
        for key, _, style, marker in SYSTEMS:
            points = [
                (run["statements"], run["table"][name][f"{key}_p95"])
                for run in measured
                if name in run["table"]
            ]
            axis.plot(
                *zip(*points, strict=True),
                style,
                marker=marker,
                color=colours(n),
                label=name if key == "bilat" else None,
            )
    axis.set_yscale("log")
    axis.set_ylabel("p95, ms (log)")
    axis.set_title("p95 per query type: Bilat solid, Datasette dashed")
    _statements_axis(axis, counts)
    axis.legend(fontsize=7, ncol=2)


def _indexing(axis, measured: list[dict], counts: list[int]) -> None:
    series = (
        ("Bilat (parse, enrich, index)", lambda r: r["bilat_build"]["docs_per_s"], "-", "o"),
        ("SQLite FTS5 (load only)", lambda r: r["datasette_build"]["docs_per_s"], "--", "s"),
    )
    _panel(axis, measured, counts, series, "Indexing rate", "statements a second (log)")


def _memory(axis, measured: list[dict], counts: list[int]) -> None:
    series = (
        ("Bilat, peak while indexing", lambda r: r["bilat_build"]["peak_rss_mb"], "-", "o"),
        ("Bilat, serving", lambda r: r["bilat_memory"]["VmRSS"], "-", "^"),
        ("Bilat, on disk", lambda r: r.get("disk_mb", {}).get("bilat_mb"), "-", "D"),
        ("SQLite, peak while loading", lambda r: r["datasette_build"]["peak_rss_mb"], "--", "s"),
        ("Datasette, serving", lambda r: r["datasette_memory"]["VmRSS"], "--", "v"),
        ("SQLite, on disk", lambda r: r.get("disk_mb", {}).get("datasette_mb"), "--", "x"),
    )
    _panel(axis, measured, counts, series, "Memory and size on disk", "MB (log)")


def _first_answer(axis, measured: list[dict], counts: list[int]) -> None:
    series = [
        (label, lambda r, key=key: r["ready_after_start"][f"{key}_s"], style, marker)
        for key, label, style, marker in SYSTEMS
    ]
    title = "First answer after the server starts"
    _panel(axis, measured, counts, series, title, "seconds", log=False)


def _panel(axis, measured, counts, series, title: str, label: str, log: bool = True) -> None:
    """Plot each series (label, value of a run or None, line style, marker) by size."""
    for name, value, style, marker in series:
        points = [(run["statements"], value(run)) for run in measured if value(run) is not None]
        if points:
            axis.plot(*zip(*points, strict=True), style, marker=marker, label=name)
    if log:
        axis.set_yscale("log")
    axis.set_ylabel(label)
    axis.set_title(title)
    _statements_axis(axis, counts)
    axis.legend(fontsize=7)


if __name__ == "__main__":
    print(write(output=Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT))
