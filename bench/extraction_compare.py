"""Bilat's generic HTML reading against trafilatura, on every saved page of the shared
corpus (../shared/corpus/html), measured against the facts in bench/extraction_truth.json.

Both read each page as a page of an unknown site: Bilat without a site profile (no folder
name, no sidecar), trafilatura with its defaults and metadata. Trafilatura gives no
verdict on listing pages: a page it returns text for counts as read as an article, one it
returns nothing for as refused. Run: `make extraction` (needs the `bench` extra).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import trafilatura

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from indexer.errors import ParseError
from indexer.paragraphs import clean_line
from indexer.parse_html import LISTING, decode_html, parse_html
from indexer.sources import Hints

PAGES = REPO.parent / "shared" / "corpus" / "html"
TRUTH = REPO / "bench" / "extraction_truth.json"
MEASURES = ["verdict", "title", "date", "place", "chrome-free", "complete"]


def bilat(data: bytes, origin: str) -> dict:
    """Read a page with Bilat's generic path: no site, so no profile."""
    try:
        statement = parse_html(data, Hints(), origin)
    except ParseError as error:
        return {"verdict": "listing" if error.reason == LISTING else f"error: {error.reason}"}
    return {
        "verdict": "article",
        "title": statement.title,
        "date": statement.date.isoformat() if statement.date else None,
        "place": statement.place,
        "text": "\n".join(statement.paragraphs),
    }


def trafilatura_read(data: bytes, origin: str) -> dict:
    """Read a page with trafilatura's defaults, decoded as Bilat decodes it (trafilatura
    guesses windows-1251 pages wrong); it has no notion of place."""
    document = trafilatura.bare_extraction(decode_html(data), with_metadata=True)
    if document is None or not document.text:
        return {"verdict": "listing"}
    return {
        "verdict": "article",
        "title": clean_line(document.title or ""),
        "date": document.date,
        "place": None,
        "text": document.text,
    }


def score(found: dict, truth: dict, chrome: list[str]) -> dict[str, bool]:
    """Return which measures a reading of one page gets right."""
    right = {"verdict": found["verdict"] == truth["verdict"]}
    if truth["verdict"] != "article":
        return right
    text = clean_line(found.get("text", "").replace("\n", " "))
    right |= {
        "title": found.get("title") == truth["title"],
        "date": found.get("date") == truth["date"],
        "place": found.get("place") == truth["place"],
        "chrome-free": bool(text) and not any(phrase in text for phrase in chrome),
        "complete": truth["first"] in text and truth["last"] in text,
    }
    return right


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="readings per page for speed")
    parser.add_argument("--verbose", action="store_true", help="print each page's misses")
    args = parser.parse_args()
    if not PAGES.is_dir():
        print(f"the saved pages are absent: {PAGES}", file=sys.stderr)
        return 1
    truth = json.loads(TRUTH.read_text("utf-8"))
    readers = {"Bilat": bilat, "trafilatura": trafilatura_read}
    totals = {name: dict.fromkeys(MEASURES, 0) for name in readers}
    counts = dict.fromkeys(MEASURES, 0)
    seconds = dict.fromkeys(readers, 0.0)
    for page, facts in sorted(truth["pages"].items()):
        data = (PAGES / page).read_bytes()
        chrome = truth["chrome"].get(page.split("/")[0], [])
        for name, read in readers.items():
            start = time.perf_counter()
            for _ in range(args.rounds):
                found = read(data, page)
            seconds[name] += (time.perf_counter() - start) / args.rounds
            right = score(found, facts, chrome)
            for measure, ok in right.items():
                totals[name][measure] += ok
            if args.verbose and not all(right.values()):
                misses = [m for m, ok in right.items() if not ok]
                shown = {k: (v[:80] if isinstance(v, str) else v) for k, v in found.items()}
                print(f"{name:12} {page}: {', '.join(misses)}  {shown}")
        for measure in MEASURES if facts["verdict"] == "article" else MEASURES[:1]:
            counts[measure] += 1
    pages = len(truth["pages"])
    print(f"{pages} pages; right answers per measure (pages the measure applies to)")
    print(f"{'measure':14}" + "".join(f"{name:>14}" for name in readers))
    for measure in MEASURES:
        cells = "".join(f"{totals[n][measure]:>10}/{counts[measure]:<3}" for n in readers)
        print(f"{measure:14}{cells}")
    speeds = "".join(f"{1000 * seconds[n] / pages:>11.1f} ms" for n in readers)
    print(f"{'ms per page':14}{speeds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
