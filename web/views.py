"""One blueprint; each view parses the request, calls the search engine, renders."""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import re
from collections.abc import Callable, Iterator

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
)
from werkzeug.datastructures import MultiDict

from search import dossier, kwic, params, trends
from search.backends import Backend
from search.errors import BadQuery, IndexMissing
from search.labels import country_label, sector_label, sector_labels
from search.models import Hit, SearchRequest, SearchResult, Statement, is_valid_id
from search.permalinks import canonical_path

from . import citation
from .document_page import present_document, translations
from .dossier_page import present_dossier
from .home_page import present_browse
from .kwic_page import present_kwic
from .labels import value_label
from .search_page import present_search
from .trends_page import present_trends
from .url_state import UrlState

bp = Blueprint("bilat", __name__)

# The most rows /search.csv writes for one query; the README documents it.
CSV_MAX_ROWS = 10_000
CSV_COLUMNS = ("id", "date", "title", "countries", "sectors", "source_url", "permalink")
# Values inside one CSV cell (countries, sectors) are joined with this.
CSV_LIST_SEPARATOR = ";"
MORE_LIKE_THIS = 5

# An ISO 3166-1 code (CN, EU, XK) or the ISO 3166-3 code of a state that no longer exists
# (SUHH: the Soviet Union).
COUNTRY_CODE = re.compile(r"^(?:[A-Z]{2}|[A-Z]{4})$")
PAIR_CODE = re.compile(r"^([A-Z]{2}|[A-Z]{4})-([A-Z]{2}|[A-Z]{4})$")
SECTOR_ID = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")


def engine() -> Backend:
    return current_app.extensions["bilat_engine"]


def request_from_args(args) -> SearchRequest:
    """Read the search the URL parameters describe, within the limits the app is set to."""
    return params.request_from_args(args, current_app.config)


def wants_json() -> bool:
    return request.path.endswith(".json")


def site_root() -> str:
    return request.url_root.rstrip("/")


def run_search(args) -> tuple[SearchResult, UrlState]:
    """Run the search the URL parameters describe; every output format starts here."""
    result = engine().search(request_from_args(args))
    return result, UrlState.from_args(args)


def index_empty() -> bool:
    """Tell whether the index holds no statement yet (the pages then say so)."""
    return engine().statement_count() == 0


@bp.get("/")
def home():
    try:
        overview = engine().search(SearchRequest(per_page=1))
    except IndexMissing:
        # The front page still explains the search before anything is indexed.
        overview = None
    return render_template(
        "home.html",
        browse=present_browse(overview) if overview else None,
        index_empty=overview is not None and index_empty(),
    )


def render_search(args, heading: str | None = None, dossier_of=None):
    """Render the search page; `dossier_of(result, state)` adds a dossier panel above it."""
    result, state = run_search(args)
    dossier_view = dossier_of(result, state) if dossier_of else None
    return render_template(
        "search.html",
        view=present_search(result, state),
        heading=heading,
        dossier=dossier_view,
        index_empty=index_empty(),
    )


@bp.get("/search")
def search_page():
    return render_search(request.args)


@bp.get("/search.json")
def search_json():
    result, _ = run_search(request.args)
    return jsonify(result.to_json())


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (Excel, LibreOffice, Google Sheets)."""


class InertCsvWriter:
    """A CSV writer whose text cells a spreadsheet shows as text, never runs as formulas.

    A statement's title, a KWIC context or a query can start with "=" or "@"; such a cell
    gets a leading apostrophe, which spreadsheets take as "this is text" and do not show.
    Numbers are written as they are.
    """

    def __init__(self, buffer: io.StringIO):
        self._writer = csv.writer(buffer)

    def writerow(self, cells: list) -> None:
        self._writer.writerow(
            ["'" + c if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in cells]
        )


@bp.get("/search.csv")
def search_csv():
    # The search runs before streaming starts, so that a bad query is still a 400.
    found = engine().export(request_from_args(request.args), CSV_MAX_ROWS)
    root = site_root()

    def rows() -> Iterator[str]:
        buffer = io.StringIO()
        writer = InertCsvWriter(buffer)
        writer.writerow(CSV_COLUMNS)
        for statement in found:
            writer.writerow(
                [
                    statement.id,
                    statement.date.isoformat() if statement.date else "",
                    statement.title,
                    CSV_LIST_SEPARATOR.join(statement.countries),
                    CSV_LIST_SEPARATOR.join(statement.sectors),
                    statement.source_url or "",
                    root + _permalink(statement),
                ]
            )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        if buffer.getvalue():
            yield buffer.getvalue()

    response = Response(
        rows(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="bilat-search.csv"',
            "X-Total-Count": str(found.total),
        },
    )
    # Releases the index generation even when the download ends before the rows do.
    response.call_on_close(found.close)
    return response


@bp.get("/search.atom")
def search_atom():
    # A feed follows what is new: always newest first, whatever the sort asked for.
    parsed = dataclasses.replace(request_from_args(request.args), sort="newest", page=1)
    result = engine().search(parsed)
    state = UrlState.from_args(request.args).without("sort")
    view = present_search(result, state)
    dates = [h.date for h in result.hits if h.date]
    updated = max(dates) if dates else datetime.date.today()
    body = render_template(
        "search.atom.xml",
        result=result,
        root=site_root(),
        feed_url=site_root() + state.url("/search.atom"),
        page_url=site_root() + state.url("/search"),
        title=f"Bilat: {view.interpreted}",
        updated=updated,
    )
    return Response(body, mimetype="application/atom+xml")


def _moved(path: str):
    """Redirect to the canonical spelling of a path, keeping the query string."""
    query = request.query_string.decode("ascii", "replace")
    return redirect(path + ("?" + query if query else ""), code=301)


def _browse(facet: str, value: str, heading: str, dossier_for: str | None = None):
    """The search page with one more filter; with a dossier for a country or a pair."""
    args = MultiDict(request.args)
    args.add(facet, value)
    if dossier_for is None:
        return render_search(args, heading=heading)

    def dossier_of(result, state):
        found = engine().research(
            request_from_args(args),
            lambda s: (
                dossier.characteristic_terms(s),
                dossier.partners(s, value) if facet == "country" else [],
            ),
        )
        return present_dossier(result, state, *found)

    return render_search(args, heading=heading, dossier_of=dossier_of)


@bp.get("/country/<code>")
def country_page(code: str):
    if COUNTRY_CODE.match(code.upper()) and code != code.upper():
        return _moved(f"/country/{code.upper()}")
    if not COUNTRY_CODE.match(code) or country_label(code) == code:
        abort(
            404,
            description="There is no such country; a country is named by its two-letter ISO code, "
            "such as /country/CN, or a former state by its four-letter one, such as /country/SUHH.",
        )
    return _browse("country", code, f"Statements about {country_label(code)}", code)


@bp.get("/pair/<codes>")
def pair_page(codes: str):
    match = PAIR_CODE.match(codes.upper())
    known = match and all(country_label(c) != c for c in match.groups())
    if not known or match.group(1) == match.group(2):
        abort(
            404,
            description="A pair is two different ISO country codes joined by a hyphen, "
            "such as /pair/CN-KZ or /pair/AF-SUHH.",
        )
    canonical = "-".join(sorted(match.groups()))
    if codes != canonical:
        return _moved(f"/pair/{canonical}")
    return _browse(
        "pair", canonical, f"Statements about {value_label('pair', canonical)}", canonical
    )


@bp.get("/sector/<sector_id>")
def sector_page(sector_id: str):
    if not SECTOR_ID.match(sector_id) or sector_id not in sector_labels():
        abort(
            404,
            description="There is no such sector; sectors are named by their id in lower case, "
            "such as /sector/energy.",
        )
    return _browse("sector", sector_id, f"Statements on {sector_label(sector_id)}")


def _statement_or_404(doc_id: str, moved_to: Callable[[Statement], str]):
    """Return the statement with this id; an id issued for it before answers with a
    permanent redirect to `moved_to(statement)`, the query string kept."""
    if not is_valid_id(doc_id):
        abort(
            404,
            description="There is no statement with that id: "
            "ids are lower-case words and digits joined by hyphens.",
        )
    statement = engine().get(doc_id)
    if statement is None:
        abort(404, description=f"There is no statement with the id {doc_id}.")
    if statement.id != doc_id:
        abort(_moved(moved_to(statement)))
    return statement


def _permalink(statement: Statement) -> str:
    return canonical_path(statement.id, statement.title, statement.date)


@bp.get("/doc/<doc_id>.json")
def document_json(doc_id: str):
    statement = _statement_or_404(doc_id, lambda s: f"/doc/{s.id}.json")
    found = translations(statement, engine().versions_of(statement.id))
    return jsonify({**statement.to_json(), "translations": [t.to_json() for t in found]})


def _citation_download(doc_id: str, render, extension: str, mimetype: str) -> Response:
    statement = _statement_or_404(doc_id, lambda s: f"/doc/{s.id}.{extension}")
    text = render(statement, site_root() + _permalink(statement), datetime.date.today())
    return Response(
        text,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{statement.id}.{extension}"'},
    )


@bp.get("/doc/<doc_id>.bib")
def document_bibtex(doc_id: str):
    return _citation_download(doc_id, citation.bibtex, "bib", "application/x-bibtex")


@bp.get("/doc/<doc_id>.ris")
def document_ris(doc_id: str):
    return _citation_download(doc_id, citation.ris, "ris", "application/x-research-info-systems")


def _highlighted_paragraphs(statement, q: str) -> list[str] | None:
    """Return the paragraphs with the query's matches marked, where the engine can do it."""
    highlight = getattr(engine(), "highlight_paragraphs", None)
    if not q.strip() or highlight is None:
        return None
    return highlight(statement, q)


def _similar(statement) -> list[Hit]:
    more_like_this = getattr(engine(), "more_like_this", None)
    if more_like_this is None:
        return []
    return list(more_like_this(statement.id))[:MORE_LIKE_THIS]


@bp.get("/doc/<doc_id>")
@bp.get("/doc/<doc_id>/<slug>")
def document_page(doc_id: str, slug: str = ""):
    """The statement's page, under its key with any slug or none: the page names the
    canonical address (search/permalinks.py)."""
    statement = _statement_or_404(doc_id, _permalink)
    q = request.args.get("q", "")
    try:
        highlighted = _highlighted_paragraphs(statement, q)
    except BadQuery:
        # The page is still worth showing for a query that cannot be read.
        highlighted = None
    view = present_document(
        statement,
        site_root=site_root(),
        accessed=datetime.date.today(),
        q=q,
        highlighted=highlighted,
        similar=_similar(statement),
        versions=engine().versions_of(statement.id),
    )
    return render_template("doc.html", view=view, doc=statement)


# -- Research views: keyword in context, trends over time, dossiers -----------------------
# Each reads the search's own parameters (request_from_args) and adds its options.


def _option(name: str, choices: tuple[str, ...], default: str) -> str:
    value = request.args.get(name) or default
    if value not in choices:
        raise BadQuery(f"'{name}' must be one of {', '.join(choices)}, not {value!r}.")
    return value


def _concordance(args):
    parsed = request_from_args(args)
    context = int(
        _option("context", tuple(str(n) for n in kwic.CONTEXT_CHOICES), str(kwic.DEFAULT_CONTEXT))
    )
    order = _option("order", kwic.ORDERS, "date")
    found = engine().research(parsed, lambda s: kwic.concordance(s, context, order))
    return parsed, context, order, found


@bp.get("/kwic")
def kwic_page():
    parsed, context, order, found = _concordance(request.args)
    view = present_kwic(
        found,
        UrlState.from_args(request.args, "/kwic"),
        context,
        order,
        parsed.page,
        kwic.CONTEXT_CHOICES,
        kwic.DEFAULT_CONTEXT,
    )
    return render_template("kwic.html", view=view)


@bp.get("/kwic.json")
def kwic_json():
    _, context, order, found = _concordance(request.args)
    return jsonify(
        {
            "query": request.args.get("q", ""),
            "context": context,
            "order": order,
            "documents": found.documents,
            "scanned": found.scanned,
            "truncated": found.truncated,
            "notices": found.notices,
            "lines": [line.to_json() for line in found.lines],
        }
    )


KWIC_CSV_COLUMNS = ("id", "date", "title", "paragraph", "left", "match", "right", "permalink")


@bp.get("/kwic.csv")
def kwic_csv():
    _, _, _, found = _concordance(request.args)
    root = site_root()
    buffer = io.StringIO()
    writer = InertCsvWriter(buffer)
    writer.writerow(KWIC_CSV_COLUMNS)
    for line in found.lines:
        writer.writerow(
            [
                line.doc_id,
                line.date.isoformat() if line.date else "",
                line.title,
                line.paragraph,
                line.left,
                line.match,
                line.right,
                f"{root}/doc/{line.doc_id}#p{line.paragraph}",
            ]
        )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": 'attachment; filename="bilat-kwic.csv"',
            "X-Total-Count": str(len(found.lines)),
        },
    )


def _trends(args):
    queries = [q.strip() for q in args.getlist("q") if q.strip()]
    base = request_from_args(args)
    found = trends.trends(
        engine(),
        base,
        queries,
        interval=args.get("interval") or "auto",
        measure=args.get("measure") or "count",
    )
    return queries, found


@bp.get("/trends")
def trends_page():
    queries, found = _trends(request.args)
    view = present_trends(
        found, UrlState.from_args(request.args, "/trends"), queries, trends.MAX_SERIES
    )
    return render_template("trends.html", view=view, index_empty=index_empty())


@bp.get("/trends.json")
def trends_json():
    _, found = _trends(request.args)
    return jsonify(found.to_json())


@bp.get("/trends.csv")
def trends_csv():
    _, found = _trends(request.args)
    buffer = io.StringIO()
    writer = InertCsvWriter(buffer)
    writer.writerow(
        ["period", "from", "to", "all_statements"]
        + [f"{s.q or 'all statements'} ({found.measure})" for s in found.series]
    )
    for i, period in enumerate(found.periods):
        writer.writerow(
            [period.key, period.first.isoformat(), period.last.isoformat(), found.totals[i]]
            + [
                found.series[j].counts[i]
                if found.measure == "count"
                else f"{found.value(found.series[j], i):.3f}"
                for j in range(len(found.series))
            ]
        )
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="bilat-trends.csv"'},
    )


def register_error_handlers(app) -> None:
    """Answer errors as JSON for .json URLs and as a page otherwise."""

    def respond(status: int, message: str, suggestion: str | None = None):
        if wants_json():
            body = {"error": message}
            if suggestion:
                body["suggestion"] = suggestion
            return jsonify(body), status
        suggestion_url = None
        if suggestion is not None:
            suggestion_url = UrlState.from_args(request.args).setting(q=suggestion).url()
        page = render_template(
            "error.html",
            status=status,
            message=message,
            suggestion=suggestion,
            suggestion_url=suggestion_url,
            q_value=request.args.get("q", ""),
        )
        return page, status

    @app.errorhandler(BadQuery)
    def bad_query(exc: BadQuery):
        return respond(400, exc.message, exc.suggestion)

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        return respond(503, str(exc))

    @app.errorhandler(404)
    def not_found(exc):
        return respond(404, exc.description or "Not found.")

    @app.errorhandler(500)
    def server_error(exc):
        return respond(500, "Something went wrong on our side; the error has been logged.")

    @app.errorhandler(405)
    def not_allowed(exc):
        return respond(405, "This address only answers GET requests.")
