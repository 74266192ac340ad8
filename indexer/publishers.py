"""Find who published a statement: the office, the state it speaks for, and the evidence.

The publisher is read from the statement's address and the name its page gives itself,
never from its text: a statement about Russia published by an unknown site stays of
unknown publisher rather than being credited to Russia.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

import pycountry

from search.models import Statement

from .sources import DOMAIN_NAME


@dataclass(frozen=True)
class Site:
    """A known site of the data file."""

    key: str
    """The data file's key: a host, or a host and a path (www.gob.mx/sre)."""
    name: str
    country: str | None


@dataclass(frozen=True)
class Publisher:
    """Who published a statement, as far as its address and page tell."""

    name: str | None
    """The known site's name, else the page's own name for its site, else None."""
    country: str | None
    """ISO 3166-1 alpha-2 code of the state the publisher speaks for (EU for the Union)."""
    evidence: str
    """The rule that decided, and the host or words it read."""


@dataclass(frozen=True)
class PublisherData:
    """The sources data file, indexed for lookups."""

    sites: dict[str, tuple[tuple[str, Site], ...]]
    """Host -> (path prefix, site), the longest path first; "" is the whole host."""
    names: dict[str, Site]
    """Normalised name (and other names a site gives itself) -> site."""
    government_labels: frozenset[str]
    government_tlds: dict[str, str]
    generic_cctlds: frozenset[str]


@cache
def publishers() -> PublisherData:
    """Return the sources data file (indexer/data/sources.json), read once."""
    path = resources.files("indexer").joinpath("data/sources.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    by_host: dict[str, list[tuple[str, Site]]] = {}
    names: dict[str, Site] = {}
    for key, entry in data["sites"].items():
        site = Site(key, entry["name"], entry["country"])
        host, _, path_prefix = key.partition("/")
        by_host.setdefault(host, []).append((_path(path_prefix), site))
        for name in [entry["name"], *entry.get("names", ())]:
            names.setdefault(normalise_name(name), site)
    return PublisherData(
        sites={
            host: tuple(sorted(paths, key=lambda item: -len(item[0])))
            for host, paths in by_host.items()
        },
        names=names,
        government_labels=frozenset(data["government_labels"]),
        government_tlds=data["government_tlds"],
        generic_cctlds=frozenset(data["generic_cctlds"]),
    )


def normalise_name(name: str) -> str:
    """Return a publisher name as compared: case folded, spaces collapsed, no leading "the"."""
    return re.sub(r"^the ", "", " ".join(name.split()).casefold())


def _path(path: str) -> str:
    """Return a URL path as compared: lower case, without its leading and trailing slashes."""
    return path.strip("/").lower()


def address(value: str) -> tuple[str, str] | None:
    """Return the host and path of a site name or URL (akorda.kz, https://www.mid.ru/en/),
    or None when it names no host (a label such as "Kremlin", an IP address)."""
    try:
        parts = urlsplit(value.strip() if "://" in value else "//" + value.strip())
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    return (host, _path(parts.path)) if DOMAIN_NAME.match(host) else None


def _parents(host: str) -> list[str]:
    """Return the host and each parent domain with at least two labels, nearest first."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]


def known_site(host: str, path: str) -> Site | None:
    """Return the data file's site for an address: the host or its nearest parent domain
    that has one, and on it the longest path key the path lies under."""
    sites = publishers().sites
    for candidate in _parents(host):
        for prefix, site in sites.get(candidate, ()):
            if not prefix or path == prefix or path.startswith(prefix + "/"):
                return site
    return None


def government_country(host: str) -> str | None:
    """Return the state a government host speaks for, by its top-level domain.

    A country-code domain names where a site is registered, not who runs it (news.ru,
    a .kz shop), so it counts only for a government host: one whose label just under the
    country code is kept for the state (gov.xx, gob.xx, gouv.xx, go.xx, gv.xx, and the
    foreign ministries' mfa.xx and mid.xx), or a host the data file lists (only those
    listed with a path get here, www.gov.pl, canada.ca: their other offices are the same
    state's). Codes sold worldwide
    as generic names (.tv, .io, .me, .co) are no evidence at all, since anyone may
    register go.tv or mfa.io; .gov and .mil are the US government's alone.
    """
    data = publishers()
    labels = host.split(".")
    tld = labels[-1]
    if tld in data.government_tlds:
        return data.government_tlds[tld]
    if len(tld) != 2 or tld in data.generic_cctlds:
        return None
    government = labels[-2] in data.government_labels or any(
        parent in data.sites for parent in _parents(host)
    )
    # .uk is no ISO code (GB is), so this rule gives no .uk host a state; gov.uk is listed.
    country = pycountry.countries.get(alpha_2=tld.upper())
    return country.alpha_2 if government and country else None


def find_publisher(statement: Statement) -> Publisher:
    """Return the publisher of a statement, by the first rule that finds one:

    1. its site (`source`) or the host of its `source_url` is a known site, or under one;
    2. the page's own name for its site (`publisher`), else a `source` that is a name and
       no address, is a known site's name;
    3. its host is a government host: the country of its domain, with the page's name;
    4. else unknown: the page's name if it gave one, and no country.
    """
    addresses = [
        (given, found)
        for given in (statement.source, statement.source_url)
        if given and (found := address(given))
    ]
    for given, (host, path) in addresses:
        if site := known_site(host, path):
            return Publisher(site.name, site.country, f"known site {site.key}: {given}")
    page_name = statement.publisher
    # A source that is no address is a name too (a CSV's `publisher` column).
    source_name = statement.source if statement.source and not address(statement.source) else None
    for name in (page_name, source_name):
        if name and (site := publishers().names.get(normalise_name(name))):
            return Publisher(site.name, site.country, f"name of {site.key}: {name}")
    for _, (host, _) in addresses:
        if country := government_country(host):
            return Publisher(page_name, country, f"government host: {host}")
    given = [value for value in (statement.source, statement.source_url, page_name) if value]
    return Publisher(
        page_name,
        None,
        "no known site, site name or government host: " + (", ".join(given) or "none given"),
    )
