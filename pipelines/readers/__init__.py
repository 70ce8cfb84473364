"""One reader per source kind. Each returns a `SourceRead` or raises `SourceError`."""

from __future__ import annotations

from pipelines.readers.database import read_database
from pipelines.readers.errors import SourceError
from pipelines.readers.mbox import read_mbox
from pipelines.readers.result import SourceRead
from pipelines.readers.spreadsheet import read_spreadsheet
from pipelines.registry import Registry, SourceSpec

__all__ = ["SourceError", "SourceRead", "read_source"]


def read_source(spec: SourceSpec, registry: Registry) -> SourceRead:
    if spec.kind == "spreadsheet":
        return read_spreadsheet(spec)
    if spec.kind == "mbox":
        return read_mbox(spec, registry.own_email_domains)
    if spec.kind == "database":
        return read_database(spec)
    raise SourceError(spec.name, spec.describe(), f"no reader for kind {spec.kind!r}")
