"""Labels for facet values: country codes, sector ids and document types, in plain words."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import pycountry

DOC_TYPE_LABELS = {
    "briefing": "Briefing",
    "readout": "Readout",
    "joint_statement": "Joint statement or declaration",
    "press_statement": "Press statement or release",
    "remarks": "Remarks or speech",
    "press_conference": "Press conference",
    "interview": "Interview",
    "fact_sheet": "Fact sheet",
    "other": "Other",
}


def _read_data(name: str) -> Any:
    return json.loads(resources.files("search").joinpath("data", name).read_text(encoding="utf-8"))


@cache
def sector_taxonomy() -> tuple[dict[str, Any], ...]:
    """Return the sector taxonomy: each sector's id, label, description, phrases and words."""
    return tuple(_read_data("sectors.json")["sectors"])


@cache
def sector_labels() -> dict[str, str]:
    """Return sector id -> label, in taxonomy order."""
    return {sector["id"]: sector["label"] for sector in sector_taxonomy()}


@cache
def _country_overrides() -> dict[str, str]:
    return {k: v for k, v in _read_data("country_labels.json").items() if not k.startswith("_")}


@cache
def country_label(code: str) -> str:
    """Return a short name for an ISO 3166-1 alpha-2 code; an unknown code is its own label."""
    code = code.upper()
    if code in _country_overrides():
        return _country_overrides()[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def language_label(code: str) -> str:
    """Return the English name of an ISO 639-1 code; an unknown code is its own label."""
    language = pycountry.languages.get(alpha_2=code.lower())
    return language.name if language is not None else code


def doc_type_label(doc_type: str) -> str:
    """Return the label of a document type id; an unknown id is its own label."""
    return DOC_TYPE_LABELS.get(doc_type, doc_type)


def sector_label(sector: str) -> str:
    """Return the label of a sector id; an unknown id is its own label."""
    return sector_labels().get(sector, sector)
