"""One settings table: defaults < $BILAT_CONFIG file < BILAT_* variables < flags."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys

import pytest

from bilat_cli import build_parser, main, settings_from_args
from search import settings
from search.settings import DEFAULTS, SETTINGS

from .conftest import REPO


@pytest.fixture(autouse=True)
def no_outside_settings(monkeypatch):
    """Run each test without the BILAT_* variables of the shell that started pytest."""
    for key in list(os.environ):
        if key.startswith("BILAT_"):
            monkeypatch.delenv(key)


def write_config(tmp_path, text: str):
    path = tmp_path / "bilat.toml"
    path.write_text(text, encoding="utf-8")
    return path


# An address no interface has: should a wrong value get through, serving fails at once
# instead of running until the test is killed.
UNBINDABLE = ["--host", "192.0.2.1"]


def serve_fails(argv, capsys) -> str:
    """Run `bilat serve` in-process; return its error line after checking it exits 2."""
    assert main(["serve", *UNBINDABLE, *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err.strip()


# -- precedence


def test_each_layer_overrides_the_one_before(tmp_path, monkeypatch):
    config = write_config(tmp_path, "PER_PAGE = 30\nMAX_PAGE = 50\nTIME_LIMIT = 4\nTHREADS = 3\n")
    monkeypatch.setenv("BILAT_CONFIG", str(config))
    monkeypatch.setenv("BILAT_MAX_PAGE", "60")
    monkeypatch.setenv("BILAT_TIME_LIMIT", "5.5")
    monkeypatch.setenv("BILAT_THREADS", "2")
    args = build_parser().parse_args(["serve", "--time-limit", "7", "--threads", "12"])
    values = settings_from_args(args)
    assert values["PORT"] == 8000  # default
    assert values["PER_PAGE"] == 30  # file over default
    assert values["MAX_PAGE"] == 60  # environment over file
    assert values["TIME_LIMIT"] == 7.0  # flag over environment and file
    assert values["THREADS"] == 12
    assert set(values) == set(SETTINGS)


def test_the_environment_beats_the_file_for_the_index_too(tmp_path, monkeypatch):
    monkeypatch.setenv("BILAT_CONFIG", str(write_config(tmp_path, 'INDEX = "from/file"\n')))
    assert settings.load()["INDEX"] == "from/file"
    monkeypatch.setenv("BILAT_INDEX", "from/env")
    assert settings.load()["INDEX"] == "from/env"
    args = build_parser().parse_args(["index", "--index", "from/flag", "corpus"])
    assert settings_from_args(args)["INDEX"] == "from/flag"


def test_indexing_settings_come_from_every_layer(tmp_path, monkeypatch):
    monkeypatch.setenv("BILAT_CONFIG", str(write_config(tmp_path, "LOCK_WAIT = 9\n")))
    monkeypatch.setenv("BILAT_CHECKPOINT_SECONDS", "12.5")
    args = build_parser().parse_args(["index", "corpus"])
    values = settings_from_args(args)
    assert (values["LOCK_WAIT"], values["CHECKPOINT_SECONDS"]) == (9.0, 12.5)
    args = build_parser().parse_args(["index", "--wait", "0", "--checkpoint", "1", "corpus"])
    values = settings_from_args(args)
    assert (values["LOCK_WAIT"], values["CHECKPOINT_SECONDS"]) == (0.0, 1.0)


def test_the_app_is_built_with_the_settings(research_index, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("BILAT_CONFIG", str(write_config(tmp_path, "TIME_LIMIT = 3\n")))
    monkeypatch.setenv("BILAT_MAX_PAGE", "7")
    app = make_app(research_index, PER_PAGE=2, MAX_PER_PAGE=4)
    assert app.extensions["bilat_engine"].time_limit == 3.0
    client = app.test_client()
    assert client.get("/search.json?page=8").get_json()["error"] == (
        "'page' must be between 1 and 7."
    )
    assert client.get("/search.json?per_page=5").get_json()["error"] == (
        "'per_page' must be between 1 and 4."
    )


# -- PER_PAGE reaches the search page


def test_per_page_sets_how_many_results_a_page_shows(research_index, make_app, monkeypatch):
    monkeypatch.setenv("BILAT_PER_PAGE", "3")
    client = make_app(research_index).test_client()
    body = client.get("/search.json").get_json()
    assert (body["per_page"], len(body["hits"]), body["total"]) == (3, 3, 8)
    page = client.get("/search").get_data(as_text=True)
    assert page.count('<li class="hit"') == 3
    assert '<option value="3" selected>3</option>' in page
    # A page that asks still gets what it asks for.
    assert len(client.get("/search.json?per_page=5").get_json()["hits"]) == 5


def test_the_default_per_page_is_twenty(research_client):
    assert research_client.get("/search.json").get_json()["per_page"] == 20


# -- wrong values stop start-up, naming the setting


@pytest.mark.parametrize(
    ("argv", "environment", "config", "message"),
    [
        (["--max-page", "-1"], {}, "", "MAX_PAGE must be at least 1, not -1 (flag --max-page)"),
        (
            [],
            {"BILAT_TIME_LIMIT": "-0.5"},
            "",
            "TIME_LIMIT must be at least 0, not -0.5 (from $BILAT_TIME_LIMIT)",
        ),
        (
            [],
            {"BILAT_PER_PAGE": "twenty"},
            "",
            "PER_PAGE must be a whole number, not 'twenty' (from $BILAT_PER_PAGE)",
        ),
        (
            ["--threads", "2.5"],
            {},
            "",
            "THREADS must be a whole number, not '2.5' (flag --threads)",
        ),
        (
            [],
            {},
            "PER_PAGES = 5\n",
            "unknown setting PER_PAGES in {config} (did you mean PER_PAGE?)",
        ),
        ([], {}, 'TIME_LIMIT = "soon"\n', "TIME_LIMIT must be a number, not 'soon' (in {config})"),
        ([], {}, "PORT = true\n", "PORT must be a whole number, not True (in {config})"),
        ([], {}, "PORT = 70000\n", "PORT must be at most 65535, not 70000 (in {config})"),
        ([], {}, "HOST = 5\n", "HOST must be text, not 5 (in {config})"),
        ([], {}, "MAX_FILTERS = 0\n", "MAX_FILTERS must be at least 1, not 0 (in {config})"),
        (["--per-page", "150"], {}, "", "PER_PAGE (150) is above MAX_PER_PAGE (100)"),
        (
            [],
            {"BILAT_PER_PAGE": "40"},
            "MAX_PER_PAGE = 30\n",
            "PER_PAGE (40) is above MAX_PER_PAGE (30)",
        ),
        ([], {}, "PER_PAGE = [5\n", "the settings file {config} is not valid TOML: "),
    ],
)
def test_a_wrong_value_stops_serve_naming_the_setting(
    tmp_path, monkeypatch, capsys, argv, environment, config, message
):
    path = write_config(tmp_path, config)
    if config:
        monkeypatch.setenv("BILAT_CONFIG", str(path))
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    assert serve_fails(argv, capsys).startswith("bilat serve: " + message.format(config=path))


def test_a_missing_settings_file_stops_every_command(tmp_path, monkeypatch, capsys):
    missing = tmp_path / "absent.toml"
    monkeypatch.setenv("BILAT_CONFIG", str(missing))
    expected = f"cannot read the settings file {missing}: No such file or directory"
    assert serve_fails([], capsys) == "bilat serve: " + expected
    assert main(["index", "--quiet", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == "bilat index: " + expected
    assert main(["search", "energy"]) == 2
    assert capsys.readouterr().err.strip() == "bilat search: " + expected


def test_serve_exits_2_with_one_line_and_no_traceback(tmp_path):
    config = write_config(tmp_path, "PER_PAGES = 5\n")
    done = subprocess.run(
        [sys.executable, "-m", "bilat_cli", "serve", *UNBINDABLE, "--index", str(tmp_path)],
        env={"BILAT_CONFIG": str(config), "PATH": "/usr/bin:/bin"},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        f"bilat serve: unknown setting PER_PAGES in {config} (did you mean PER_PAGE?)\n"
    )


def test_an_unknown_bilat_variable_is_a_warning(monkeypatch, caplog):
    monkeypatch.setenv("BILAT_PER_PAGES", "5")
    monkeypatch.setenv("BILAT_CHROMIUM", "/usr/bin/chromium")
    with caplog.at_level(logging.WARNING, logger="search.settings"):
        values = settings.load()
    assert values == dict(DEFAULTS)
    assert caplog.messages == [
        "BILAT_PER_PAGES is not a Bilat setting and is ignored (did you mean BILAT_PER_PAGE?)"
    ]


# -- the table is the documentation


def command_help(command: str, capsys) -> str:
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("command", ["index", "serve", "search"])
def test_help_lists_every_setting_the_command_reads(command, capsys):
    text = command_help(command, capsys)
    shown = set(re.findall(r"\$BILAT_([A-Z_]+)\)", text))
    assert shown == {s.name for s in SETTINGS.values() if command in s.commands}
    for setting in settings.for_command(command):
        assert f"{setting.option} {setting.name} {setting.help} " in text
        assert f"(default {setting.default}; ${setting.env})" in text


def test_every_setting_is_read_by_a_command():
    commands = set(build_parser()._subparsers._group_actions[0].choices)
    assert {s.name for c in commands for s in settings.for_command(c)} == set(SETTINGS)


def test_the_readme_table_is_the_settings_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- settings table")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end of the settings table -->")
    assert readme[start:end] == settings.markdown()


def test_the_markdown_table_is_printed_by_the_module():
    done = subprocess.run(
        [sys.executable, "-m", "search.settings", "--markdown"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, settings.markdown())
