from __future__ import annotations

from typing import TypeVar

import pandas as pd

Values = TypeVar("Values", pd.Series, pd.DataFrame)


def missing_as_none(values: Values) -> Values:
    """Object dtype with None, not NaN, where a value is missing: how the canonical record keeps
    text, so that equality and `is None` mean the same in every stage."""
    values = values.astype(object)
    return values.where(values.notna(), None)
