"""Answers -> pages and APIs: the Flask application factory."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from search import settings
from search.backends import open_backend

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


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app over the settings (search/settings.py) and `config`.

    The settings `config` names override the file and the environment, as flags do;
    its other keys (TESTING, ...) go to Flask as they are. Raises settings.SettingsError.
    """
    config = dict(config or {})
    flags = {name: config.pop(name) for name in list(config) if name in settings.SETTINGS}
    app = Flask(__name__)
    app.config.from_mapping(settings.load(flags))
    app.config.from_mapping(config)
    app.extensions["bilat_engine"] = open_backend(app.config)

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
