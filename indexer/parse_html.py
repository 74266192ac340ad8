"""Placeholder."""

from search.models import Statement

from .errors import ParseError
from .sources import Hints


def parse_html(data: bytes, hints: Hints = Hints(), origin: str | None = None) -> Statement:
    raise ParseError("format not supported yet")
