"""One blueprint; each view parses the request, calls the search engine, renders."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, render_template, request

from search.engine import Engine
from search.errors import BadQuery, IndexMissing
from search.models import is_valid_id
from search.params import request_from_args

bp = Blueprint("bilat", __name__)


def engine() -> Engine:
    return current_app.extensions["bilat_engine"]


def wants_json() -> bool:
    return request.path.endswith(".json")


@bp.get("/")
def home():
    return render_template("home.html")


@bp.get("/search")
def search_page():
    search_request = request_from_args(request.args)
    result = engine().search(search_request)
    return render_template("search.html", result=result, req=search_request)


@bp.get("/search.json")
def search_json():
    result = engine().search(request_from_args(request.args))
    return jsonify(result.to_json())


def _statement_or_404(doc_id: str):
    if not is_valid_id(doc_id):
        abort(404, description="There is no statement with that id: ids are lower-case words and digits joined by hyphens.")
    statement = engine().get(doc_id)
    if statement is None:
        abort(404, description=f"There is no statement with the id {doc_id}.")
    return statement


@bp.get("/doc/<doc_id>.json")
def document_json(doc_id: str):
    return jsonify(_statement_or_404(doc_id).to_json())


@bp.get("/doc/<doc_id>")
def document_page(doc_id: str):
    statement = _statement_or_404(doc_id)
    return render_template("doc.html", doc=statement, q=request.args.get("q", ""))


def register_error_handlers(app) -> None:
    """Answer errors as JSON for .json URLs and as a page otherwise."""

    def respond(status: int, message: str, suggestion: str | None = None):
        if wants_json():
            body = {"error": message}
            if suggestion:
                body["suggestion"] = suggestion
            return jsonify(body), status
        return (
            render_template("error.html", status=status, message=message, suggestion=suggestion),
            status,
        )

    @app.errorhandler(BadQuery)
    def bad_query(exc: BadQuery):
        return respond(400, exc.message, exc.suggestion)

    @app.errorhandler(IndexMissing)
    def index_missing(exc: IndexMissing):
        return respond(503, str(exc))

    @app.errorhandler(404)
    def not_found(exc):
        return respond(404, exc.description or "Not found.")
