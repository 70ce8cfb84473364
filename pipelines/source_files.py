"""The files behind a registered source, and their fingerprints.

A location may be one file, a folder (of .eml files, say) or a pattern such as
`drop/sales/*.xlsx`: a drop folder where a department leaves its exports.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.registry import SourceSpec

_PATTERN_CHARACTERS = set("*?[")
_HASH_CHUNK_BYTES = 1 << 20


def is_pattern(location: Path) -> bool:
    return bool(_PATTERN_CHARACTERS & set(str(location)))


def pattern_root(location: Path) -> Path:
    """The deepest folder of a pattern without wildcards: `drop/sales` for `drop/sales/*.xlsx`."""
    root = location
    while is_pattern(root):
        root = root.parent
    return root


def source_files(spec: SourceSpec) -> list[Path]:
    """Every file the source reads now, sorted; empty for a database URL or a missing file."""
    location = spec.location
    if location is None:
        return []
    if is_pattern(location):
        root = pattern_root(location)
        return sorted(path for path in root.glob(str(location.relative_to(root))) if path.is_file())
    if location.is_dir():
        return sorted(path for path in location.rglob("*") if path.is_file())
    return [location] if location.is_file() else []


@dataclass(frozen=True)
class FileFingerprint:
    path: str
    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: Path, previous: FileFingerprint | None = None) -> FileFingerprint:
    """Size, modification time and content hash. The hash is reused from `previous` when size and
    time are unchanged, so an untouched drop folder costs a stat per file, not a read."""
    stat = path.stat()
    if previous and (previous.path, previous.size, previous.mtime_ns) == (
        str(path),
        stat.st_size,
        stat.st_mtime_ns,
    ):
        return previous
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK_BYTES):
            digest.update(chunk)
    return FileFingerprint(str(path), stat.st_size, stat.st_mtime_ns, digest.hexdigest())
