"""Load one source: read it, or record why it could not be read, so the other sources go on."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipelines.readers import READER_FIELDS, SourceError, SourceRead, read_source
from pipelines.readers.cells import concat_records
from pipelines.readers.headers import map_headers
from pipelines.readers.result import no_rejected_rows
from pipelines.registry import Registry, SourceSpec
from pipelines.source_files import is_pattern, pattern_root, source_files

ISSUE_COLUMNS = ["source", "location", "severity", "problem"]


@dataclass(frozen=True)
class SourceLoad:
    spec: SourceSpec
    records: pd.DataFrame  # as read: `source_locator` plus the source's own columns
    loaded_at: str
    issues: pd.DataFrame  # ISSUE_COLUMNS
    rejected: pd.DataFrame  # readers.result.REJECTED_COLUMNS
    column_mapping: dict[str, str]  # source column -> canonical field, as used for this load

    @property
    def failed(self) -> bool:
        return bool((self.issues["severity"] == "error").any())


# A source must give at least one of these, or none of its records could ever be matched.
IDENTITY_FIELDS = {
    "customer_name",
    "person_name",
    "given_name",
    "family_name",
    "company_name",
    "phone",
    "alt_phone",
    "email",
}


def load_source(spec: SourceSpec, registry: Registry, loaded_at: str) -> SourceLoad:
    """Read the source, every file of it when its location is a pattern. A file that cannot be
    read is an error issue; the source's other files still load."""
    if spec.location is not None and is_pattern(spec.location):
        files = source_files(spec)
        root = pattern_root(spec.location)
        parts = [
            _read(replace(spec, location=path), registry, f"{path.relative_to(root)}:") for path in files
        ]
        if not files:
            parts = [(None, [(spec.name, str(spec.location), "warning", "no file matches the pattern")])]
    else:
        parts = [_read(spec, registry, "")]
    reads = [read for read, _ in parts if read is not None]
    issues = [issue for _, part_issues in parts for issue in part_issues]
    records = concat_records([r.records for r in reads] or [pd.DataFrame(columns=["source_locator"])])
    rejected = pd.concat([r.rejected for r in reads] or [no_rejected_rows()], ignore_index=True)
    mapping = map_headers([c for c in records.columns if c != "source_locator"], _column_fields(spec))
    if reads and not IDENTITY_FIELDS & set(mapping.values()):
        columns = ", ".join(c for c in records.columns if c != "source_locator")
        problem = f"no column maps to a name, company, phone or email (columns: {columns}); map them under `columns` in the registry"
        issues.append((spec.name, spec.describe(), "error", problem))
        return SourceLoad(
            spec, records.iloc[0:0][["source_locator"]], loaded_at, _issues(issues), no_rejected_rows(), {}
        )
    return SourceLoad(spec, records, loaded_at, _issues(issues), rejected, mapping)


def _read(
    spec: SourceSpec, registry: Registry, locator_prefix: str
) -> tuple[SourceRead | None, list[tuple[str, str, str, str]]]:
    try:
        read = read_source(spec, registry)
    except SourceError as failure:
        location = f"{failure.file}, {failure.row}" if failure.row else failure.file
        return None, [(spec.name, location, "error", failure.problem)]
    if locator_prefix:
        read = SourceRead(
            records=read.records.assign(
                source_locator=locator_prefix + read.records["source_locator"].astype(str)
            ),
            warnings=read.warnings,
            rejected=read.rejected.assign(
                source_locator=locator_prefix + read.rejected["source_locator"].astype(str)
            ),
        )
    return read, [(spec.name, spec.describe(), "warning", warning) for warning in read.warnings]


def _issues(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)


def _column_fields(spec: SourceSpec) -> dict[str, str]:
    """The registry's `columns` over the fields a reader gives its own columns: a field the registry
    maps is no longer filled from the reader's default column for it."""
    claimed = set(spec.columns.values())
    defaults = {
        column: field for column, field in READER_FIELDS.get(spec.kind, {}).items() if field not in claimed
    }
    return {**defaults, **spec.columns}
