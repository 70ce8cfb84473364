from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from pipelines.frames import missing_as_none


def map_distinct(
    values: pd.Series, standardise: Callable[[str], tuple[Any, ...]], columns: list[str]
) -> pd.DataFrame:
    """Apply `standardise` once per distinct non-empty value and spread the results over the rows.

    Sources repeat the same phone, city or company many times; normalising each distinct value
    once keeps the cost proportional to the vocabulary, not the row count.
    """
    distinct = pd.Series(pd.unique(values.dropna()), dtype=object)
    results = pd.DataFrame([standardise(value) for value in distinct], columns=columns, dtype=object)
    results.index = pd.Index(distinct, dtype=object)
    spread = results.reindex(values.astype(object)).set_axis(values.index)
    return missing_as_none(spread)
