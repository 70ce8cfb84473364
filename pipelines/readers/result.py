from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class SourceRead:
    """What a reader got out of one source: one row per record, keyed by `source_locator`, in the
    source's own column names, plus warnings that did not stop the read."""

    records: pd.DataFrame
    warnings: tuple[str, ...] = ()
