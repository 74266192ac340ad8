"""Answers -> pages and APIs: the Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from search.engine import Engine
from search.store import default_index_dir

DEFAULTS: dict[str, Any] = {
    "INDEX_DIR": None,  # None: $BILAT_INDEX, else var/index
    "PER_PAGE": 20,
}

# Sent with every response: no inline script may run, no type sniffing, no full referrers.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def is_web_address(value: object) -> bool:
    """Tell whether a stored URL may become a link: http(s) only, never javascript: or data:."""
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _config_from_env() -> dict[str, Any]:
    prefix = "BILAT_"
    return {k[len(prefix) :]: v for k, v in os.environ.items() if k.startswith(prefix)}


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then $BILAT_CONFIG file, then BILAT_* variables, then `config`."""
    app = Flask(__name__)
    app.config.from_mapping(DEFAULTS)
    if os.environ.get("BILAT_CONFIG"):
        app.config.from_pyfile(os.environ["BILAT_CONFIG"])
    app.config.from_mapping(_config_from_env())
    if config:
        app.config.from_mapping(config)
    # BILAT_INDEX arrives as INDEX from the environment.
    index_dir = app.config.get("INDEX_DIR") or app.config.get("INDEX") or default_index_dir()
    app.extensions["bilat_engine"] = Engine(Path(index_dir))

    from . import views

    app.jinja_env.tests["web_address"] = is_web_address
    app.register_blueprint(views.bp)
    views.register_error_handlers(app)

    @app.after_request
    def add_security_headers(response):
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    return app
