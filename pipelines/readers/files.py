from __future__ import annotations

from pathlib import Path

from pipelines.readers.errors import SourceError
from pipelines.registry import SourceSpec


def existing_file(spec: SourceSpec) -> Path:
    """The source's file, or a SourceError saying why it cannot be read."""
    path = spec.location
    if path is None or not path.is_file():
        raise SourceError(spec.name, str(path), "file not found")
    if path.stat().st_size == 0:
        raise SourceError(spec.name, str(path), "file is empty")
    return path
