"""Shared fixtures: indexes built from real documents, the app, a live server, a browser."""

from __future__ import annotations

import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

from indexer.build import build_index

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SEED_FILE = CORPUS / "akorda.kz" / "2018-06-10-briefing-on-visit-to-china-qingdao.txt"
SHARED_CORPUS = REPO.parent / "shared" / "corpus"
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    """An index of the founding briefing alone."""
    index_dir = tmp_path_factory.mktemp("seed-index")
    build_index(index_dir, [SEED_FILE], progress=False)
    return index_dir


@pytest.fixture(scope="session")
def app(seed_index):
    from web import create_app

    return create_app({"INDEX_DIR": str(seed_index), "TESTING": True})


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(app):
    """The app under the production WSGI server, on a free loopback port."""
    from waitress.server import create_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = create_server(app, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.close()


def chromium_path() -> str | None:
    return os.environ.get("BILAT_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, driven by Playwright. Missing: skip loudly, or fail under CI."""
    path = chromium_path()
    if path is None:
        message = (
            "Debian's chromium is not installed, so the browser tests cannot run "
            "(make test installs it where it runs as root with apt-get)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + " CI=true requires them.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
