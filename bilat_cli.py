"""The `bilat` command: index documents, serve the web app, search from the terminal."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from search import settings


def _setting_flags(parser: argparse.ArgumentParser, command: str) -> None:
    """Offer a flag for each setting `command` reads, its help taken from the settings table."""
    group = parser.add_argument_group(
        "settings", "a flag beats $BILAT_<NAME>, which beats the $BILAT_CONFIG file"
    )
    for setting in settings.for_command(command):
        group.add_argument(
            setting.option,
            dest=setting.name,
            default=None,
            metavar=setting.name,
            help=f"{setting.help} (default {setting.default}; ${setting.env})".replace("%", "%%"),
        )


def given_flags(args: argparse.Namespace) -> dict[str, str]:
    """Return the settings given as flags, by setting name, as typed."""
    names = [s.name for s in settings.for_command(args.command)]
    return {name: getattr(args, name) for name in names if getattr(args, name) is not None}


def settings_from_args(args: argparse.Namespace) -> dict:
    """Return the settings: defaults < $BILAT_CONFIG file < BILAT_* variables < flags given."""
    return settings.load(given_flags(args))


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
    from search.backends import parse_address
    from search.store import IndexBusy

    config = settings_from_args(args)
    # A wrong BACKEND stops the run before any file is read.
    address = parse_address(config["BACKEND"])
    index_dir = Path(config["INDEX"])
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
            wait=config["LOCK_WAIT"],
            checkpoint=config["CHECKPOINT_SECONDS"],
            columns=args.columns,
        )
    except IndexBusy as exc:
        print(f"bilat index: {exc}; try again when it has finished.", file=sys.stderr)
        return 4
    finally:
        indexer_log.removeHandler(handler)
        indexer_log.propagate = True
    print(report.summary(), file=sys.stderr)
    if address is not None and report.total:
        from search.backend_typesense import sync

        # The embedded index under INDEX is the staging area the cluster is filled from.
        report_sync = sync(index_dir, address, rebuild=args.rebuild, progress=not args.quiet)
        print(report_sync.summary(), file=sys.stderr)
    if report.refused:
        print(f"Refused files are listed in {index_dir / REPORT}.", file=sys.stderr)
    if report.total == 0 or missing:
        return 1
    return 3 if args.strict and report.refused else 0


def cmd_serve(args: argparse.Namespace) -> int:
    import waitress

    from web import create_app

    # The app reads the settings itself, the flags given overriding the rest.
    app = create_app(given_flags(args))
    host, port = app.config["HOST"], app.config["PORT"]
    print(f"Bilat is serving at http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    waitress.serve(app, host=host, port=port, threads=app.config["THREADS"], ident="bilat")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from search.backends import open_backend
    from search.errors import BadQuery, IndexMissing
    from search.models import SearchRequest

    config = settings_from_args(args)
    engine = open_backend(config)
    try:
        result = engine.search(SearchRequest(q=args.query, per_page=args.limit))
    except (BadQuery, IndexMissing) as exc:
        print(f"bilat search: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.close()
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
    _setting_flags(index, "index")
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
    _setting_flags(serve, "serve")
    serve.set_defaults(func=cmd_serve)

    search = commands.add_parser("search", help="search from the terminal")
    _setting_flags(search, "search")
    search.add_argument("--json", action="store_true", help="print the JSON contract")
    search.add_argument("--limit", type=int, default=10)
    search.add_argument("query")
    search.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except settings.SettingsError as exc:
        # Exit 2, as argparse does for a wrong flag.
        print(f"bilat {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
