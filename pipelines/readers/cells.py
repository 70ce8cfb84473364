"""Turn whatever a reader hands back for a cell into the text the canonical record keeps."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd


def cell_text(value: Any) -> str | None:
    """Text of one cell; None for an empty one.

    Integral floats lose their ".0" so that a phone number a spreadsheet stored as a number comes
    back as its digits, and dates become ISO strings.
    """
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def frame_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as object dtype text with None for empty cells; each distinct value converted once."""
    converted = {}
    for column in frame.columns:
        values = frame[column].astype(object)
        text = values.map({value: cell_text(value) for value in pd.unique(values)}).astype(object)
        converted[column] = text.where(text.notna(), None)
    return pd.DataFrame(converted, index=frame.index)


def none_for_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Object dtype with None, not NaN, where a value is missing: frames of sheets or files that
    differ in their columns are concatenated, and a column one lacks is empty there."""
    frame = frame.astype(object)
    return frame.where(frame.notna(), None)
