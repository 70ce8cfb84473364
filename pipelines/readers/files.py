from __future__ import annotations

from pathlib import Path

from pipelines.readers.encodings import decode_text
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


def decoded_file_text(spec: SourceSpec, path: Path, raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a text file: by its byte order mark if it has one, else in the registry's
    `encoding` if that fits, else what fits; a SourceError naming the first line no encoding reads."""
    try:
        return decode_text(raw, spec.options.get("encoding"))
    except UnicodeDecodeError as wrong:
        line = raw[: wrong.start].count(b"\n") + 1
        raise SourceError(
            spec.name, str(path), f"text encoding not recognised ({wrong.reason})", row=f"line {line}"
        ) from wrong
