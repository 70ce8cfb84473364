"""One reader per source kind. Each takes the source's registry entry and the registry, and returns
a `SourceRead` or raises `SourceError`."""

from __future__ import annotations

from collections.abc import Callable

from pipelines.readers.contacts import read_contacts
from pipelines.readers.database import read_database
from pipelines.readers.errors import SourceError
from pipelines.readers.fixed_width import read_fixed_width
from pipelines.readers.mail import read_mail
from pipelines.readers.result import SourceRead
from pipelines.readers.spreadsheet import read_spreadsheet
from pipelines.registry import Registry, SourceSpec

__all__ = ["READERS", "SourceError", "SourceRead", "read_source"]

READERS: dict[str, Callable[[SourceSpec, Registry], SourceRead]] = {
    "spreadsheet": read_spreadsheet,
    "email": read_mail,
    "contacts": read_contacts,
    "database": read_database,
    "fixed_width": read_fixed_width,
}


def read_source(spec: SourceSpec, registry: Registry) -> SourceRead:
    reader = READERS.get(spec.kind)
    if reader is None:
        raise SourceError(spec.name, spec.describe(), f"no reader for kind {spec.kind!r}")
    return reader(spec, registry)
