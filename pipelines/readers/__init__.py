"""One reader per source kind. Each takes the source's registry entry and the registry, and returns
a `SourceRead` or raises `SourceError`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pipelines.readers.contacts import CONTACT_FIELDS, read_contacts
from pipelines.readers.database import read_database
from pipelines.readers.errors import SourceError
from pipelines.readers.fixed_width import layout_path, read_fixed_width
from pipelines.readers.mail import MAIL_FIELDS, read_mail
from pipelines.readers.result import SourceRead
from pipelines.readers.spreadsheet import read_spreadsheet
from pipelines.registry import Registry, SourceSpec

__all__ = ["READERS", "READER_FIELDS", "SourceError", "SourceRead", "companion_files", "read_source"]

READERS: dict[str, Callable[[SourceSpec, Registry], SourceRead]] = {
    "spreadsheet": read_spreadsheet,
    "email": read_mail,
    "contacts": read_contacts,
    "database": read_database,
    "fixed_width": read_fixed_width,
}
# Readers that name their own output columns also say which canonical field each one is; the
# registry's `columns` still override.
READER_FIELDS: dict[str, dict[str, str]] = {"email": MAIL_FIELDS, "contacts": CONTACT_FIELDS}


def read_source(spec: SourceSpec, registry: Registry) -> SourceRead:
    reader = READERS.get(spec.kind)
    if reader is None:
        raise SourceError(spec.name, spec.describe(), f"no reader for kind {spec.kind!r}")
    return reader(spec, registry)


def companion_files(spec: SourceSpec, registry: Registry) -> list[Path]:
    """Files besides the data that a source's reading depends on (a fixed-width layout)."""
    layout = layout_path(spec, registry) if spec.kind == "fixed_width" else None
    return [layout] if layout is not None and layout.is_file() else []
