"""The `bilat` command: index documents, serve the web app, search from the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from search.store import CHECKPOINT_SECONDS, DEFAULT_LOCK_WAIT, default_index_dir


def _index_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index",
        type=Path,
        default=None,
        help="index directory (default: $BILAT_INDEX, else var/index)",
    )


def _columns(value: str) -> dict[str, str]:
    from indexer.parse_table import parse_columns

    try:
        return parse_columns(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _TqdmStderrHandler(logging.Handler):
    """Print log lines above the progress bar instead of through it."""

    def emit(self, record: logging.LogRecord) -> None:
        from tqdm import tqdm

        tqdm.write(self.format(record), file=sys.stderr)


def cmd_index(args: argparse.Namespace) -> int:
    from indexer.build import REPORT, build_index
    from search.store import IndexBusy

    index_dir = args.index or default_index_dir()
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"bilat index: no such file or folder: {path}", file=sys.stderr)
    # One line per refused file, printed as it happens.
    indexer_log = logging.getLogger("indexer")
    handler = _TqdmStderrHandler()
    handler.setFormatter(logging.Formatter("bilat index: %(message)s"))
    indexer_log.addHandler(handler)
    indexer_log.propagate = False
    try:
        report = build_index(
            index_dir,
            [p for p in args.paths if p.exists()],
            progress=not args.quiet,
            prune=args.prune,
            rebuild=args.rebuild,
            wait=args.wait,
            checkpoint=args.checkpoint,
            columns=args.columns,
        )
    except IndexBusy as exc:
        print(f"bilat index: {exc}; try again when it has finished.", file=sys.stderr)
        return 4
    finally:
        indexer_log.removeHandler(handler)
        indexer_log.propagate = True
    print(report.summary(), file=sys.stderr)
    if report.refused:
        print(f"Refused files are listed in {index_dir / REPORT}.", file=sys.stderr)
    if report.total == 0 or missing:
        return 1
    return 3 if args.strict and report.refused else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import waitress

    from web import create_app

    app = create_app({"INDEX_DIR": str(args.index or default_index_dir())})
    print(f"Bilat is serving at http://{args.host}:{args.port}/ (Ctrl-C stops it)", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads, ident="bilat")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from search.engine import Engine
    from search.errors import BadQuery, IndexMissing
    from search.models import SearchRequest

    try:
        with Engine(args.index or default_index_dir()) as engine:
            result = engine.search(SearchRequest(q=args.query, per_page=args.limit))
    except (BadQuery, IndexMissing) as exc:
        print(f"bilat search: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(result.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(f"{result.total} statements for {args.query!r}")
    for n, hit in enumerate(result.hits, 1):
        date = hit.date.isoformat() if hit.date else "date unknown"
        print(f"{n:>3}. {date}  {hit.title}\n     /doc/{hit.id}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bilat", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    index = commands.add_parser("index", help="index statement files and folders")
    _index_arg(index)
    index.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    index.add_argument(
        "--prune", action="store_true", help="remove the statements of files that are gone"
    )
    index.add_argument(
        "--rebuild", action="store_true", help="start from an empty index, re-reading every file"
    )
    index.add_argument(
        "--strict", action="store_true", help="exit with status 3 when any file is refused"
    )
    index.add_argument(
        "--wait",
        type=float,
        default=DEFAULT_LOCK_WAIT,
        metavar="SECONDS",
        help="how long to wait for another run holding the index (default %(default)g); "
        "then exit 4",
    )
    index.add_argument(
        "--checkpoint",
        type=float,
        default=CHECKPOINT_SECONDS,
        metavar="SECONDS",
        help="commit what is indexed this often, so an interrupted run resumes "
        "(default %(default)g)",
    )
    index.add_argument(
        "--columns",
        type=_columns,
        default=None,
        metavar="FIELD=COLUMN,...",
        help="the columns of CSV and TSV files that hold each field, where their names are "
        "not the usual ones (e.g. text=full_text,date=day)",
    )
    index.set_defaults(func=cmd_index)

    serve = commands.add_parser("serve", help="serve the web app")
    _index_arg(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--threads", type=int, default=8)
    serve.set_defaults(func=cmd_serve)

    search = commands.add_parser("search", help="search from the terminal")
    _index_arg(search)
    search.add_argument("--json", action="store_true", help="print the JSON contract")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("query")
    search.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
