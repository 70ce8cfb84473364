"""Map each source's rows onto the canonical record, with the lineage that traces it back."""

from __future__ import annotations

import pandas as pd

from pipelines.ingest import SourceLoad
from pipelines.schema import CANONICAL_FIELDS, STAGED_COLUMNS


def stage_source(load: SourceLoad) -> pd.DataFrame:
    """One staged row per source record, in the canonical columns, code tables applied."""
    spec, records, mapping = load.spec, load.records, load.column_mapping
    staged = pd.DataFrame(index=records.index)
    for field in CANONICAL_FIELDS:
        columns = [column for column, target in mapping.items() if target == field]
        # Several source columns may feed one field (two phone columns, say): the first filled wins.
        staged[field] = records[columns].bfill(axis=1).iloc[:, 0] if columns else None
        staged[field] = staged[field].astype(object)
    for field, codes in spec.values.items():
        staged[field] = staged[field].map(
            lambda raw, codes=codes: codes.get(raw, raw) if raw is not None else None
        )
    staged = staged.assign(**_lineage(load, records["source_locator"]))
    return pd.concat([staged, _rejected_rows(load)], ignore_index=True)[list(STAGED_COLUMNS)]


def _rejected_rows(load: SourceLoad) -> pd.DataFrame:
    """Rows the reader could not read, staged with their problem so that they reach quarantine."""
    rejected = load.rejected
    return pd.DataFrame(
        {
            **_lineage(load, rejected["source_locator"]),
            "read_problem_code": rejected["reason_code"],
            "read_problem": rejected["detail"],
            "raw_text": rejected["raw"],
        },
        columns=list(STAGED_COLUMNS),
        dtype=object,
    )


def _lineage(load: SourceLoad, locators: pd.Series) -> dict[str, object]:
    """The columns that trace a staged row back to its source, file and row."""
    spec = load.spec
    return {
        "record_key": spec.name + ":" + locators.astype(str),
        "source": spec.name,
        "department": spec.department,
        "source_file": spec.describe(),
        "source_locator": locators,
        "loaded_at": load.loaded_at,
        "trust": spec.trust,
    }


def combine_staged(frames: list[pd.DataFrame]) -> pd.DataFrame:
    non_empty = [frame for frame in frames if len(frame)]
    if not non_empty:
        return pd.DataFrame(columns=list(STAGED_COLUMNS))
    return pd.concat(non_empty, ignore_index=True)
