"""The peer system of the benchmarks: the same statements in SQLite FTS5, served by Datasette.

`export_rows` reads the statements back from a Bilat index, so SQLite gets exactly what
Bilat indexed: the same ids, titles, dates and bodies, and the same enriched countries,
sectors and year. `load` writes them with sqlite-utils into a table `statements` (the
countries and sectors as JSON arrays, for Datasette's `_facet_array`) and an FTS5 table
over title, body and place (Porter stemming, as Bilat stems its queries) that holds the
bodies. `to_datasette`
turns a `/search.json` parameter set into the equivalent Datasette table query.

    python bench/peer_datasette.py load ROWS.jsonl DB.sqlite   # run as a child to time it
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

TABLE = "statements"
FTS_TABLE = "statements_fts"
LAYOUT = 2
"""Changes when the tables are laid out differently, so that databases are rebuilt."""
METADATA = {"databases": {TABLE: {"tables": {TABLE: {"fts_table": FTS_TABLE, "fts_pk": "rowid"}}}}}
"""Tells Datasette which full-text table searches the statements table."""
FACETS = {"country": "countries", "sector": "sectors", "year": "year"}
"""Bilat's facet name -> the Datasette column with the same values."""
SETTINGS = {
    # Facets and searches are given all the time they need: a timed-out facet is dropped
    # from the answer, which would make Datasette look faster for doing less.
    "sql_time_limit_ms": "60000",
    "facet_time_limit_ms": "60000",
    # Bilat does not suggest facets either.
    "suggest_facets": "off",
}


def export_rows(index_dir: Path, out: Path) -> int:
    """Write every statement of a Bilat index as one JSON row a line; return the count."""
    from search.documents import from_stored
    from search.engine import Engine

    count = 0
    tmp = out.with_name(out.name + ".tmp")
    with Engine(index_dir) as engine, open(tmp, "w", encoding="utf-8") as rows:
        reader = engine.searcher().reader()
        for stored in reader.all_stored_fields():
            statement = from_stored(stored)
            row = {
                "id": statement.id,
                "title": statement.title,
                "date": statement.date.isoformat() if statement.date else None,
                "year": statement.date.year if statement.date else None,
                "place": statement.place,
                "doc_type": statement.doc_type,
                "countries": list(statement.countries),
                "sectors": list(statement.sectors),
                "body": statement.text,
            }
            rows.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    tmp.replace(out)
    return count


def _rows(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def load(rows: Path, db_path: Path) -> int:
    """Build the SQLite database with its FTS5 index from exported rows; return the count.

    The bodies live only in the FTS5 table (row ids shared with `statements`): Datasette
    facets an array column by joining `json_each` with every column of the matching rows,
    and with the bodies in the table that join alone took 26 s for one facet of a common
    word at 100k (3 s without them).
    """
    import sqlite_utils

    tmp = db_path.with_name(db_path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite_utils.Database(tmp)
    table = db[TABLE]
    table.insert_all(
        ({k: v for k, v in row.items() if k != "body"} for row in _rows(rows)),
        pk="id",
        batch_size=500,
        columns={
            "id": str,
            "title": str,
            "date": str,
            "year": int,
            "place": str,
            "doc_type": str,
            "countries": str,
            "sectors": str,
        },
    )
    rowids = {
        statement_id: rowid for rowid, statement_id in db.execute(f"select rowid, id from {TABLE}")
    }
    db.execute(
        f"create virtual table {FTS_TABLE} using fts5(title, body, place, tokenize='porter')"
    )
    with db.conn:
        db.conn.executemany(
            f"insert into {FTS_TABLE} (rowid, title, body, place) values (?, ?, ?, ?)",
            ((rowids[r["id"]], r["title"], r["body"], r["place"] or "") for r in _rows(rows)),
        )
    table.create_index(["date"])
    table.create_index(["year"])
    count = table.count
    db.close()
    tmp.replace(db_path)
    metadata_path(db_path).write_text(json.dumps(METADATA, indent=2) + "\n")
    return count


def metadata_path(db_path: Path) -> Path:
    return db_path.with_name("metadata.json")


def _sql_list(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def to_datasette(params: dict[str, list[str]], size: int) -> list[tuple[str, str]]:
    """Return the Datasette table-query parameters equivalent to a `/search.json` request.

    Words are ANDed and quoted phrases stay phrases in both systems; facet filters naming
    several values match any of them, as in Bilat; the country, sector and year facets are
    requested every time. Datasette's table view orders matches by primary key (it does not
    rank), and answers without snippets or bodies.
    """
    out: list[tuple[str, str]] = []
    wheres: list[str] = []
    for key, values in params.items():
        exclude = key.startswith("-")
        facet = key.lstrip("-")
        if key == "q":
            out.append(("_search", values[0]))
        elif key == "from":
            out.append(("date__gte", values[0]))
        elif key == "to":
            out.append(("date__lte", values[0]))
        elif key == "sort":
            if values[0] != "relevance":
                out.append(("_sort_desc" if values[0] == "newest" else "_sort", "date"))
        elif key == "per_page":
            continue
        elif facet in ("country", "sector"):
            test = (
                f"exists (select 1 from json_each({FACETS[facet]}) "
                f"where value in ({_sql_list(values)}))"
            )
            wheres.append(f"not {test}" if exclude else test)
        elif facet == "year":
            years = ", ".join(str(int(v)) for v in values)
            wheres.append(f"year {'not in' if exclude else 'in'} ({years})")
        elif facet == "doc_type":
            wheres.append(f"doc_type {'not in' if exclude else 'in'} ({_sql_list(values)})")
        else:
            raise ValueError(f"no Datasette equivalent for the parameter {key!r}")
    out += [("_where", where) for where in wheres]
    out += [("_facet_array", "countries"), ("_facet_array", "sectors"), ("_facet", "year")]
    out += [("_col", c) for c in ("title", "date", "year", "doc_type", "countries", "sectors")]
    out.append(("_size", str(size)))
    return out


def serve_command(python: Path, db_path: Path, port: int) -> list[str]:
    """Return the command that serves the database with Datasette on a loopback port."""
    command = [str(python), "-m", "datasette", "serve", str(db_path), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--metadata", str(metadata_path(db_path))]
    for name, value in SETTINGS.items():
        command += ["--setting", name, value]
    return command


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "load":
        count = load(Path(argv[1]), Path(argv[2]))
        print(f"peer_datasette: loaded {count:,} statements into {argv[2]}", file=sys.stderr)
        return 0
    print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
