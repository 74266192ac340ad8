"""Derive what a statement is about: publisher country, document type."""

from __future__ import annotations

import dataclasses
import json
import re
from functools import cache
from importlib import resources

from search.models import Statement

# Checked in order: the first type whose pattern matches the title wins.
DOC_TYPE_PATTERNS = [
    ("joint_statement", re.compile(r"\bjoint (?:statement|declaration|communiqu)", re.I)),
    ("press_conference", re.compile(r"\bpress conference\b", re.I)),
    ("briefing", re.compile(r"\bbriefing\b", re.I)),
    ("readout", re.compile(r"\breadout\b", re.I)),
    ("remarks", re.compile(r"\b(?:remarks|speech|address)\b", re.I)),
    ("fact_sheet", re.compile(r"\bfact sheet\b", re.I)),
    ("interview", re.compile(r"\binterview\b", re.I)),
    ("press_statement", re.compile(r"\b(?:statement|press release)\b", re.I)),
]


@cache
def publishers() -> dict[str, dict[str, str]]:
    """Return the sources data file: site -> name and country."""
    text = resources.files("indexer").joinpath("data/sources.json").read_text(encoding="utf-8")
    return {k: v for k, v in json.loads(text).items() if not k.startswith("_")}


def document_type(title: str) -> tuple[str, list[str]]:
    """Return the document type for a title and the words that decided it."""
    for doc_type, pattern in DOC_TYPE_PATTERNS:
        match = pattern.search(title)
        if match:
            return doc_type, [match.group(0)]
    return "other", []


def enrich(statement: Statement) -> Statement:
    """Return the statement with its derived values and their evidence filled in."""
    publisher = publishers().get(statement.source or "", {})
    doc_type, doc_type_evidence = document_type(statement.title)
    evidence = dict(statement.evidence)
    if doc_type_evidence:
        evidence["doc_type"] = {doc_type: doc_type_evidence}
    return dataclasses.replace(
        statement,
        publisher_country=statement.publisher_country or publisher.get("country"),
        doc_type=doc_type,
        evidence=evidence,
    )
