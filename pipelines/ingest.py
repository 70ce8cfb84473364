"""Load one source: read it, or record why it could not be read, so the other sources go on."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines.readers import SourceError, read_source
from pipelines.readers.headers import map_headers
from pipelines.readers.result import no_rejected_rows
from pipelines.registry import Registry, SourceSpec

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
IDENTITY_FIELDS = {"customer_name", "person_name", "company_name", "phone", "alt_phone", "email"}


def load_source(spec: SourceSpec, registry: Registry, loaded_at: str) -> SourceLoad:
    try:
        read = read_source(spec, registry)
        mapping = map_headers([c for c in read.records.columns if c != "source_locator"], spec.columns)
        if not IDENTITY_FIELDS & set(mapping.values()):
            raise SourceError(
                spec.name, spec.describe(),
                f"no column maps to a name, company, phone or email (columns: {', '.join(map(str, read.records.columns[1:]))}); "
                "map them under `columns` in the registry",
            )
    except SourceError as failure:
        issue = [(spec.name, failure.file if not failure.row else f"{failure.file}, {failure.row}", "error", failure.problem)]
        no_records = pd.DataFrame(columns=["source_locator"])
        return SourceLoad(spec, no_records, loaded_at, pd.DataFrame(issue, columns=ISSUE_COLUMNS), no_rejected_rows(), {})
    warnings = [(spec.name, spec.describe(), "warning", warning) for warning in read.warnings]
    return SourceLoad(spec, read.records, loaded_at, pd.DataFrame(warnings, columns=ISSUE_COLUMNS), read.rejected, mapping)
