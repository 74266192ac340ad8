"""The only code that writes the index: each run builds a new generation, then switches to it.

A run is incremental. Each generation holds a manifest (file path -> content hash and the
statements the file gave). The next run hashes every file: unchanged files are skipped,
new and changed ones are parsed. The new generation starts as hard links to the current
one's files (Whoosh never rewrites a segment file; deletions live in the table of
contents, which each commit writes anew), is updated by one writer, flushed to disk with
its manifest, and only then becomes current, so readers of the old generation are never
disturbed. A long run commits such a generation every `checkpoint` seconds (between
files), so that a run killed at any moment loses at most that much work: the next run
starts from the last committed generation's manifest, skips the files it holds and
removes the unfinished generation. One run at a time holds the index's lock.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm
from whoosh import index

from search.documents import from_stored, to_fields
from search.errors import IndexMissing
from search.models import Statement
from search.schema import BilatSchema
from search.store import (
    CHECKPOINT_SECONDS,
    CURRENT,
    DEFAULT_LOCK_WAIT,
    current_generation,
    generation_dirs,
    index_lock,
    next_generation,
    remove_unfinished,
    switch_current,
)
from search.tables import index_stamp
from search.versions import GROUPS_FILE, write_groups
from search.writer import Writer

from . import near_duplicates
from .aliases import Earlier, issued_ids, with_earlier_ids
from .build_report import BuildReport
from .fingerprint import code_fingerprint
from .language_versions import group_languages, join_versions, version_fields, version_links
from .pipeline import Refusal
from .reading import Prepared, bytes_to_read, read_files
from .sources import SIDECAR_SUFFIX, SourceFile, find_files

log = logging.getLogger(__name__)

# Generations kept besides the current one, so that readers still on it can finish.
KEEP_OLD_GENERATIONS = 1
MANIFEST = "manifest.json"
MANIFEST_VERSION = 2
REPORT = "last-run-report.json"
# Identical texts dated further apart than this are different statements.
SAME_TEXT_MAX_DAYS_APART = 7


@dataclass
class _Entry:
    """One manifest row: a file's content hash and the statements it gave."""

    sha256: str
    statements: list[dict[str, str | None]] = field(default_factory=list)
    """Each: id, fingerprint (of the text), url, date, lang, and the version links of
    indexer/language_versions.py."""
    refused: list[dict[str, str | None]] = field(default_factory=list)
    """Each: origin, reason and detail of a refusal, reported again while the file is unchanged."""


class _Manifest:
    """Which file gave which statement, and who owns each id and text (an id names a URL
    in one language, see indexer/ids.py)."""

    def __init__(self, files: dict[str, _Entry] | None = None):
        self.files: dict[str, _Entry] = files or {}
        self.owner: dict[str, tuple[str, dict[str, str | None]]] = {}
        for path, entry in self.files.items():
            for row in entry.statements:
                self._own(path, row)

    @staticmethod
    def _keys(row: dict[str, str | None]) -> list[str]:
        keys = ["id:" + str(row["id"])]
        if row.get("fingerprint"):
            # One text given as two languages is two versions (one of them mislabelled),
            # kept and linked, not a duplicate.
            keys.append(f"text:{row['fingerprint']}|{row.get('lang') or 'en'}")
        return keys

    def _own(self, path: str, row: dict[str, str | None]) -> None:
        for key in self._keys(row):
            self.owner.setdefault(key, (path, row))

    def owner_of(self, row: dict[str, str | None]) -> str | None:
        """Return the file that already gave this statement, if any."""
        for key in self._keys(row):
            if key not in self.owner:
                continue
            path, other = self.owner[key]
            if not key.startswith("text:") or _close_dates(row.get("date"), other.get("date")):
                return path
        return None

    def drop(self, path: str) -> list[str]:
        """Forget a file; return the ids of its statements."""
        entry = self.files.pop(path, None)
        if entry is None:
            return []
        for row in entry.statements:
            for key in self._keys(row):
                if self.owner.get(key, ("",))[0] == path:
                    del self.owner[key]
        return [str(row["id"]) for row in entry.statements]

    def add(self, path: str, row: dict[str, str | None]) -> None:
        self.files[path].statements.append(row)
        self._own(path, row)

    @classmethod
    def load(cls, generation: Path) -> _Manifest | None:
        try:
            data = json.loads((generation / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != MANIFEST_VERSION or data.get("code") != code_fingerprint():
            return None
        return cls({p: _Entry(**e) for p, e in data["files"].items()})

    def save(self, generation: Path) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "code": code_fingerprint(),
            "files": {
                p: {"sha256": e.sha256, "statements": e.statements, "refused": e.refused}
                for p, e in self.files.items()
            },
        }
        tmp = generation / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, generation / MANIFEST)


def _close_dates(a: str | None, b: str | None) -> bool:
    """Tell whether two statements with the same text may be one publication.

    The same text republished within days is one statement; years apart (a spokesperson
    repeating a condemnation word for word) it is a new one.
    """
    if not a or not b:
        return True
    gap = datetime.date.fromisoformat(a) - datetime.date.fromisoformat(b)
    return abs(gap.days) <= SAME_TEXT_MAX_DAYS_APART


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_tree(directory: Path) -> None:
    """Flush a generation's new files and its directory entries to disk.

    A file linked from the previous generation was flushed when that one was committed.
    """
    for name in os.listdir(directory):
        if os.stat(directory / name).st_nlink > 1:
            continue
        fd = os.open(directory / name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_old_generations(index_dir: Path, current: Path) -> None:
    old = [g for g in generation_dirs(index_dir) if g != current]
    for generation in old[: max(0, len(old) - KEEP_OLD_GENERATIONS)]:
        shutil.rmtree(generation, ignore_errors=True)


def _previous_generation(index_dir: Path) -> Path | None:
    try:
        generation = current_generation(index_dir)
    except (IndexMissing, OSError, ValueError):  # no index yet, or an unreadable pointer
        return None
    if not index.exists_in(str(generation)):
        return None
    # A generation written under another schema cannot be extended: start afresh.
    ix = index.open_dir(str(generation))
    try:
        return (
            generation if _schema_signature(ix.schema) == _schema_signature(BilatSchema()) else None
        )
    finally:
        ix.close()


def _schema_signature(schema) -> list[tuple]:
    """Return what decides how a schema indexes: fields, types, analyzers, storage."""
    return [
        (name, type(field), field.analyzer, field.stored, bool(field.column_type))
        for name, field in schema.items()
    ]


def _start_generation(index_dir: Path, previous: Path | None) -> tuple[Path, index.Index]:
    """Create the next generation: hard links to the previous one's files, or empty."""
    generation = next_generation(index_dir)
    generation.mkdir()
    if previous is None:
        return generation, index.create_in(str(generation), BilatSchema)
    for name in os.listdir(previous):
        if (
            name.endswith(".lock")
            or name.startswith((MANIFEST, GROUPS_FILE, near_duplicates.SKETCHES_FILE))
            or "WRITELOCK" in name
        ):
            continue
        os.link(previous / name, generation / name)
    return generation, index.open_dir(str(generation))


def _write_report(index_dir: Path, report: BuildReport) -> None:
    tmp = index_dir / (REPORT + ".tmp")
    tmp.write_text(json.dumps(report.to_json(), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, index_dir / REPORT)


def build_index(
    index_dir: Path,
    paths: Iterable[Path],
    progress: bool = True,
    prune: bool = False,
    rebuild: bool = False,
    wait: float = DEFAULT_LOCK_WAIT,
    checkpoint: float | None = CHECKPOINT_SECONDS,
    worker: bool | None = None,
    columns: Mapping[str, str] | None = None,
) -> BuildReport:
    """Index the statement files under `paths` into a new generation and make it current.

    Files unchanged since the current generation are skipped; `prune` removes the
    statements of files that no longer exist; `rebuild` starts from an empty index.
    Waits up to `wait` seconds for another run holding the index (then raises
    search.store.IndexBusy); commits every `checkpoint` seconds (None: once, at the end).
    `worker`: read the files in a second process (True), in this one (False), or decide
    by how much there is to read (None; see indexer/reading.py). `columns`: statement
    field -> column name for CSV and TSV files, over the usual names (indexer/parse_table.py).
    """
    with index_lock(index_dir, wait):
        return _build(Path(index_dir), paths, progress, prune, rebuild, checkpoint, worker, columns)


def _build(
    index_dir: Path,
    paths: Iterable[Path],
    progress: bool,
    prune: bool,
    rebuild: bool,
    checkpoint: float | None,
    worker: bool | None,
    columns: Mapping[str, str] | None,
) -> BuildReport:
    started = time.monotonic()
    files = list(find_files(paths))
    report = BuildReport(files=len(files), pruned=prune)
    unfinished = remove_unfinished(index_dir)
    if unfinished:
        report.notes.append(
            f"Removed {len(unfinished)} unfinished generation(s) left by an interrupted run."
        )

    existing = _previous_generation(index_dir)
    previous = None if rebuild else existing
    manifest = _Manifest.load(previous) if previous else None
    if manifest is None:
        # Another indexer, or another schema (_previous_generation then gives None).
        if not rebuild and (existing is not None or (index_dir / CURRENT).exists()):
            report.notes.append(
                "The index was built by another version of the indexer: every file was read again."
            )
        previous, manifest = None, _Manifest()
    sketches = (
        near_duplicates.load_sketches(previous / near_duplicates.SKETCHES_FILE) if previous else {}
    )
    if previous is None and existing is not None:
        # Rebuilding over an index: readers keep the whole old one until the new is whole.
        checkpoint = None

    # Decide, before writing anything, which files to parse and which statements go.
    to_parse: list[tuple[SourceFile, str, str]] = []
    delete_ids: list[str] = []
    # The ids each file to read again gave before: its new statements take them over.
    issued = issued_ids(existing / MANIFEST) if previous is None and existing is not None else {}
    seen_paths: set[str] = set()
    for source_file in tqdm(files, desc="Checking", unit="file", disable=not progress, leave=False):
        key = str(source_file.path.resolve())
        if key in seen_paths:
            continue
        seen_paths.add(key)
        try:
            digest = _sha256(source_file.path)
            sidecar = source_file.path.with_name(source_file.path.name + SIDECAR_SUFFIX)
            if sidecar.exists():
                # A sidecar says what the file does not (a date, a URL): it is part of it.
                digest += " sidecar=" + _sha256(sidecar)
            if columns and source_file.format in ("csv", "tsv"):
                # Another column mapping reads another statement from the same file.
                digest += " columns=" + json.dumps(columns, sort_keys=True)
        except OSError as exc:
            refusal = Refusal(
                str(source_file.path), "cannot read the file", exc.strerror or str(exc)
            )
            log.warning("refused %s", refusal)
            report.refused.append(refusal)
            continue
        old = manifest.files.get(key)
        if old is not None and old.sha256 == digest:
            report.unchanged_files += 1
            report.refused += [Refusal(**r) for r in old.refused]
            continue
        dropped = manifest.drop(key)
        if dropped:
            issued[key] = dropped
        delete_ids += dropped
        to_parse.append((source_file, key, digest))
    gone = [p for p in manifest.files if p not in seen_paths and not os.path.exists(p)]
    report.gone_files = len(gone)
    if prune:
        for path in gone:
            delete_ids += manifest.drop(path)
    report.removed = len(delete_ids)

    if previous is not None and not to_parse and not delete_ids:
        report.generation = previous
        report.total = sum(len(e.statements) for e in manifest.files.values())
        report.seconds = time.monotonic() - started
        _write_report(index_dir, report)
        return report

    earlier = _earlier_statements(existing, {k: issued[k] for _, k, _ in to_parse if k in issued})
    generation, ix = _start_generation(index_dir, previous)
    writer = Writer(ix, generation, progress=progress)
    last_commit = time.monotonic()
    try:
        for statement_id in delete_ids:
            writer.delete_by_term("id", statement_id)
        reading = [source_file for source_file, _, _ in to_parse]
        bar = _reading_bar(reading, progress)
        files_read = read_files(reading, worker, columns, lambda done: bar.update(done - bar.n))
        for n, ((source_file, key, digest), items) in enumerate(zip(to_parse, files_read), 1):
            report.parsed_files += 1
            manifest.files[key] = _Entry(digest)
            items = with_earlier_ids(items, earlier.get(key, []))
            for item in items:
                if isinstance(item, Refusal):
                    log.warning("refused %s", item)
                    report.refused.append(item)
                    manifest.files[key].refused.append(dataclasses.asdict(item))
                    continue
                if _add(writer, manifest, key, item, report):
                    sketches[item.statement.id] = item.sketch
                    report.indexed += 1
                    if report.indexed % 200 == 0:
                        bar.set_postfix(statements=report.indexed, refresh=False)
            due = checkpoint is not None and time.monotonic() - last_commit >= checkpoint
            if due and n < len(to_parse):
                # Whole files only: the manifest then says exactly what the index holds.
                _commit(index_dir, generation, ix, writer, manifest, sketches, merge=False)
                writer = None
                generation, ix = _start_generation(index_dir, generation)
                writer = Writer(ix, generation, progress=progress)
                last_commit = time.monotonic()
        bar.close()
        report.total = _commit(index_dir, generation, ix, writer, manifest, sketches)
        writer = None
    except BaseException:
        if writer is not None:
            writer.cancel()
        ix.close()
        if generation != _previous_generation(index_dir):
            shutil.rmtree(generation, ignore_errors=True)
        raise
    report.generation = generation
    report.changed_index = True
    report.seconds = time.monotonic() - started
    _write_report(index_dir, report)
    return report


def _reading_bar(files: list[SourceFile], progress: bool) -> tqdm:
    """Return the progress bar of the reading: bytes, so that a single JSON Lines file of a
    million statements shows its progress and the time left too."""
    return tqdm(
        total=bytes_to_read(files),
        desc="Indexing",
        unit="B",
        unit_scale=True,
        unit_divisor=1024,
        disable=not progress,
    )


def _commit(
    index_dir: Path,
    generation: Path,
    ix,
    writer,
    manifest: _Manifest,
    sketches: dict[str, near_duplicates.Sketch],
    merge: bool = True,
) -> int:
    """Commit the writer, save the manifest, flush both to disk, then make them current.

    A checkpoint does not merge segments (a merge may take longer than the work since
    the last checkpoint) nor group near-duplicates (a checkpoint is searchable with every
    version shown); the run's last commit does both. Returns the number of statements
    the generation holds.
    """
    writer.commit(merge=merge)
    total = ix.doc_count()
    ix.close()
    rows = [row for entry in manifest.files.values() for row in entry.statements]
    _sketch_and_group(generation, rows, sketches, group=merge)
    manifest.save(generation)
    _fsync_tree(generation)
    switch_current(index_dir, generation)
    _remove_old_generations(index_dir, generation)
    return total


def _earlier_statements(
    generation: Path | None, ids_by_file: dict[str, list[str]]
) -> dict[str, list[Earlier]]:
    """Return, for each file, the statements it gave in `generation` (read before the run
    writes anything: a long run may remove that generation)."""
    if generation is None or not ids_by_file:
        return {}
    found: dict[str, list[Earlier]] = {}
    ix = index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            for path, ids in ids_by_file.items():
                for statement_id in ids:
                    stored = searcher.document(id=statement_id)
                    if stored:
                        statement = from_stored(stored)
                        earlier = Earlier(statement.id, statement.title, statement.aliases)
                        found.setdefault(path, []).append(earlier)
    finally:
        ix.close()
    return found


def _add(writer, manifest: _Manifest, key: str, prepared: Prepared, report: BuildReport) -> bool:
    """Add a statement unless the index already has it (same id, URL or text)."""
    statement = prepared.statement
    row: dict[str, str | None] = {
        "id": statement.id,
        "fingerprint": prepared.fingerprint,
        "url": statement.source_url,
        "date": statement.date.isoformat() if statement.date else None,
        "lang": statement.lang,
        **version_fields(statement.version_key, statement.source, statement.alternates),
    }
    owner = manifest.owner_of(row)
    if owner is not None and os.path.exists(owner):
        report.duplicates += 1
        log.info("duplicate %s: already indexed from %s", statement.origin, owner)
        return False
    if owner is not None:
        # The file that gave it is gone (moved or renamed): this file takes it over.
        for old_id in manifest.drop(owner):
            writer.delete_by_term("id", old_id)
            report.removed += 1
        report.gone_files -= 1
    writer.add_document(**prepared.fields)
    manifest.add(key, row)
    return True


def write_statements(index_dir: Path, statements: Iterable[Statement]) -> Path:
    """Write the given statements alone into a new generation, make it current, return it.

    For tests and tools that hold statements rather than files; the generation has no
    manifest, so the next file-based run starts afresh.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    generation, ix = _start_generation(index_dir, None)
    writer = Writer(ix, generation)
    rows = []
    try:
        for statement in statements:
            writer.add_document(**to_fields(statement))
            rows.append(
                {
                    "id": statement.id,
                    "url": statement.source_url,
                    "lang": statement.lang,
                    **version_fields(statement.version_key, statement.source, statement.alternates),
                }
            )
        writer.commit()
    except BaseException:
        writer.cancel()
        ix.close()
        shutil.rmtree(generation, ignore_errors=True)
        raise
    ix.close()
    _sketch_and_group(generation, rows, {}, group=True)
    _fsync_tree(generation)
    switch_current(index_dir, generation)
    _remove_old_generations(index_dir, generation)
    return generation


def _sketch_and_group(
    generation: Path, rows: list[dict], sketches: dict[str, near_duplicates.Sketch], group: bool
) -> None:
    """Keep the sketch of each statement of the generation and, if `group`, group them:
    near-duplicates, joined with language versions (indexer/language_versions.py).

    `sketches` holds those of the previous generation and of the statements this run
    added (made while they were read); a statement without one is sketched from its
    stored text. Grouping then reads again only the texts of candidate pairs, so a run
    that adds a few statements does not re-read the collection.
    """
    ids = [str(row["id"]) for row in rows]
    ix = index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:

            def text_of(statement_id: str) -> near_duplicates.Text:
                statement = from_stored(searcher.document(id=statement_id))
                return near_duplicates.Text(statement.id, statement.date, statement.text)

            for statement_id in ids:
                if statement_id not in sketches:
                    sketches[statement_id] = near_duplicates.sketch(text_of(statement_id))
            kept = [sketches[statement_id] for statement_id in ids]
            near_duplicates.save_sketches(generation / near_duplicates.SKETCHES_FILE, kept)
            if not group:
                return
            groups = near_duplicates.group_sketches(kept, lambda i: text_of(i).text)
    finally:
        ix.close()
    log.info(
        "%d statements in %d groups of near-duplicates", len(groups), len(set(groups.values()))
    )
    groups = join_versions(ids, groups, version_links(rows))
    lang_of = {str(row["id"]): str(row.get("lang") or "en") for row in rows}
    ix = index.open_dir(str(generation))
    try:
        with ix.searcher() as searcher:
            docnums = {i: searcher.document_number(id=i) for i in groups}
        stamp = index_stamp(ix)
    finally:
        ix.close()
    write_groups(generation, groups, group_languages(groups, lang_of), docnums, stamp)
