"""What one indexing run did: its counts, its refusals, its summary paragraph and the
JSON of last-run-report.json."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .pipeline import Refusal


@dataclass
class BuildReport:
    """What one indexing run did."""

    files: int = 0
    parsed_files: int = 0
    unchanged_files: int = 0
    indexed: int = 0
    """Statements added by this run (from new and changed files)."""
    duplicates: int = 0
    removed: int = 0
    """Statements taken out: the old versions of changed files, and pruned files."""
    gone_files: int = 0
    """Files indexed before that no longer exist (their statements removed under --prune)."""
    pruned: bool = False
    total: int = 0
    """Statements in the index after the run."""
    refused: list[Refusal] = field(default_factory=list)
    seconds: float = 0.0
    generation: Path | None = None
    changed_index: bool = False
    notes: list[str] = field(default_factory=list)

    def refused_by_reason(self) -> Counter[str]:
        return Counter(r.reason for r in self.refused)

    def summary(self) -> str:
        """Return the end-of-run paragraph."""
        rate = self.indexed / self.seconds if self.seconds else 0.0
        text = (
            f"Read {self.files} files in {self.seconds:.1f} s "
            f"({self.unchanged_files} unchanged, {self.parsed_files} new or changed): "
            f"{self.indexed} statements indexed ({rate:.0f}/s), "
            f"{self.duplicates} duplicates skipped, {len(self.refused)} refused"
        )
        if self.removed:
            text += f", {self.removed} removed"
        text += "."
        reasons = self.refused_by_reason()
        if reasons:
            text += " Refused: " + "; ".join(
                f"{n} x {reason}" for reason, n in reasons.most_common()
            )
            text += "."
        if self.gone_files:
            verb = "their statements removed" if self.pruned else "kept; --prune removes them"
            text += f" {self.gone_files} files indexed before are gone ({verb})."
        text += "".join(" " + note for note in self.notes)
        where = f" in {self.generation}" if self.generation else ""
        if self.changed_index:
            text += f" The index now holds {self.total} statements{where}."
        else:
            text += f" Index unchanged: {self.total} statements{where}."
        return text

    def to_json(self) -> dict:
        return {
            "files": self.files,
            "parsed_files": self.parsed_files,
            "unchanged_files": self.unchanged_files,
            "indexed": self.indexed,
            "duplicates": self.duplicates,
            "removed": self.removed,
            "gone_files": self.gone_files,
            "total": self.total,
            "seconds": round(self.seconds, 3),
            "generation": self.generation.name if self.generation else None,
            "refused_by_reason": dict(self.refused_by_reason().most_common()),
            "refused": [
                {"origin": r.origin, "reason": r.reason, "detail": r.detail} for r in self.refused
            ],
        }
