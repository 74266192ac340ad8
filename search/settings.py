"""Every setting an operator may change, declared once: name, default, type, help.

Each setting is read in this order, a later layer overriding an earlier one: the default
below, the TOML file named by $BILAT_CONFIG, the BILAT_<NAME> environment variable, then
the command-line flag. A value Bilat cannot run with stops it with a SettingsError naming
the setting and where the value came from.

`python -m search.settings --markdown` prints the table the README shows.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ENV_PREFIX = "BILAT_"
CONFIG_VARIABLE = "BILAT_CONFIG"
OTHER_VARIABLES = {
    CONFIG_VARIABLE: "the settings file",
    "BILAT_CHROMIUM": "the Chromium the browser tests drive",
}
"""BILAT_* variables that are not settings, so no warning names them."""

_KINDS = {int: "a whole number", float: "a number", str: "text"}


class SettingsError(ValueError):
    """A setting has a value Bilat cannot run with; the message names the setting."""


@dataclass(frozen=True)
class Setting:
    name: str
    """The key in the settings file; BILAT_<name> in the environment."""
    default: int | float | str
    """Also gives the type: a value from a file, a variable or a flag is read as this type."""
    help: str
    commands: tuple[str, ...]
    """The `bilat` commands that read the setting, each offering it as a flag."""
    minimum: int | float | None = None
    maximum: int | float | None = None
    flag: str | None = None
    """The flag when it is not --name-in-lower-case."""

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name

    @property
    def option(self) -> str:
        return self.flag or "--" + self.name.lower().replace("_", "-")

    def coerce(self, value: Any, source: str) -> int | float | str:
        """Return `value` as this setting's type, or raise SettingsError naming both."""
        kind = type(self.default)
        if isinstance(value, str) and kind is not str:
            try:
                value = kind(value.strip())
            except ValueError:
                pass
        if kind is float and type(value) is int:
            value = float(value)
        if type(value) is not kind or (kind is float and not math.isfinite(value)):
            raise SettingsError(f"{self.name} must be {_KINDS[kind]}, not {value!r} ({source})")
        if kind is str and not value.strip():
            raise SettingsError(f"{self.name} must not be empty ({source})")
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(
                f"{self.name} must be at least {self.minimum}, not {value} ({source})"
            )
        if self.maximum is not None and value > self.maximum:
            raise SettingsError(
                f"{self.name} must be at most {self.maximum}, not {value} ({source})"
            )
        return value


_SERVE = ("serve",)
_READ = ("index", "serve", "search")

SETTINGS = {
    s.name: s
    for s in [
        Setting("INDEX", "var/index", "index directory, relative to the working directory", _READ),
        Setting(
            "BACKEND",
            "whoosh",
            "the engine: whoosh (the index under INDEX) or a Typesense cluster, "
            "typesense://<api key>@<host>:<port>,<host>:<port>,...",
            _READ,
        ),
        Setting("HOST", "127.0.0.1", "address the web server listens on", _SERVE),
        Setting("PORT", 8000, "port the web server listens on", _SERVE, 1, 65535),
        Setting("THREADS", 8, "requests the web server answers at once", _SERVE, 1),
        Setting(
            "TIME_LIMIT",
            2.0,
            "seconds a search may run before it stops and answers what it found",
            ("serve", "search"),
            0,
        ),
        Setting("PER_PAGE", 20, "results a search page shows unless it asks", _SERVE, 1),
        Setting("MAX_PER_PAGE", 100, "most results a page may ask for with per_page", _SERVE, 1),
        Setting("MAX_PAGE", 1000, "deepest page of results a search may ask for", _SERVE, 1),
        Setting("MAX_QUERY_CHARS", 1000, "longest query, in characters", ("serve", "search"), 1),
        Setting("MAX_FILTER_VALUES", 50, "most values one facet filter may name", _SERVE, 1),
        Setting(
            "MAX_FILTERS",
            100,
            "most filter values one search may name, over all facets",
            _SERVE,
            1,
        ),
        Setting("MAX_VALUE_CHARS", 200, "longest filter value, in characters", _SERVE, 1),
        Setting("MAX_PARAMETERS", 200, "most URL parameters one search may carry", _SERVE, 1),
        Setting(
            "LOCK_WAIT",
            5.0,
            "seconds to wait for another indexing run holding the index, then exit 4",
            ("index",),
            0,
            flag="--wait",
        ),
        Setting(
            "CHECKPOINT_SECONDS",
            30.0,
            "commit what is indexed this often, so an interrupted run resumes; "
            "0 commits after every file",
            ("index",),
            0,
            flag="--checkpoint",
        ),
    ]
}

DEFAULTS: Mapping[str, Any] = {name: s.default for name, s in SETTINGS.items()}


def for_command(command: str) -> list[Setting]:
    """Return the settings `bilat <command>` reads, in table order."""
    return [s for s in SETTINGS.values() if command in s.commands]


def _hint(name: str, prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(SETTINGS), n=1)
    return f" (did you mean {prefix}{close[0]}?)" if close else ""


def read_file(path: Path) -> dict[str, Any]:
    """Return the settings a TOML file gives, each checked; unknown names are an error."""
    try:
        with open(path, "rb") as f:
            given = tomllib.load(f)
    except OSError as exc:
        raise SettingsError(f"cannot read the settings file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"the settings file {path} is not valid TOML: {exc}") from None
    values = {}
    for name, value in given.items():
        if name not in SETTINGS:
            raise SettingsError(f"unknown setting {name} in {path}{_hint(name.upper())}")
        values[name] = SETTINGS[name].coerce(value, f"in {path}")
    return values


def read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Return the settings BILAT_* variables give; warn about any that is not a setting."""
    variables = {s.env: s for s in SETTINGS.values()}
    values = {}
    for key, text in environ.items():
        if key in variables:
            setting = variables[key]
            values[setting.name] = setting.coerce(text, f"from ${key}")
        elif key.startswith(ENV_PREFIX) and key not in OTHER_VARIABLES:
            hint = _hint(key.removeprefix(ENV_PREFIX), ENV_PREFIX)
            log.warning("%s is not a Bilat setting and is ignored%s", key, hint)
    return values


def load(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """Return every setting: defaults < $BILAT_CONFIG file < BILAT_* variables < `flags`."""
    environ = os.environ if environ is None else environ
    values = dict(DEFAULTS)
    if environ.get(CONFIG_VARIABLE):
        values.update(read_file(Path(environ[CONFIG_VARIABLE])))
    values.update(read_environment(environ))
    for name, value in (flags or {}).items():
        values[name] = SETTINGS[name].coerce(value, f"flag {SETTINGS[name].option}")
    if values["PER_PAGE"] > values["MAX_PER_PAGE"]:
        raise SettingsError(
            f"PER_PAGE ({values['PER_PAGE']}) is above MAX_PER_PAGE ({values['MAX_PER_PAGE']})"
        )
    return values


def markdown() -> str:
    """Return the settings as the Markdown table the README shows."""
    rows = [
        "| Setting | Environment | Flag | Default | Meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for s in SETTINGS.values():
        flag = f"`{s.option}` ({', '.join(s.commands)})"
        rows.append(f"| `{s.name}` | `{s.env}` | {flag} | `{s.default}` | {s.help} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    if sys.argv[1:] != ["--markdown"]:
        sys.exit("usage: python -m search.settings --markdown")
    sys.stdout.write(markdown())
