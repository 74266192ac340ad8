"""Errors of the indexer, and the record of a refusal."""

from __future__ import annotations

from dataclasses import dataclass


class ParseError(ValueError):
    """A file (or record) cannot become a statement; the message says why in plain words."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Refusal:
    """A file (or one record of it) that could not become a statement, and why."""

    origin: str
    """The file path, with `:line` for one record of a JSON Lines file."""
    reason: str
    """Plain words, the same for every refusal of the same kind (the summary counts them)."""
    detail: str | None = None
    """What exactly was wrong in this file, where that helps to fix it."""

    @classmethod
    def from_error(cls, origin: str, error: ParseError) -> Refusal:
        return cls(origin, error.reason, error.detail)

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}" + (f" ({self.detail})" if self.detail else "")
