from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# A row the reader found but could not read as a record (a malformed line, a bad cell): it is
# quarantined with this reason, never dropped.
REJECTED_COLUMNS = ["source_locator", "reason_code", "detail", "raw"]


def no_rejected_rows() -> pd.DataFrame:
    return pd.DataFrame(columns=REJECTED_COLUMNS, dtype=object)


@dataclass(frozen=True)
class SourceRead:
    """What a reader got out of one source: one row per record, keyed by `source_locator`, in the
    source's own column names; rows it could not read, with a reason; and warnings that did not
    stop the read."""

    records: pd.DataFrame
    warnings: tuple[str, ...] = ()
    rejected: pd.DataFrame = field(default_factory=no_rejected_rows)
