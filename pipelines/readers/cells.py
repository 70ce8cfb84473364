"""Turn whatever a reader hands back for a cell into the text the canonical record keeps."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from pipelines.frames import missing_as_none


def cell_text(value: Any) -> str | None:
    """Text of one cell; None for an empty one.

    Integral floats and decimals lose their ".0" so that a phone number a spreadsheet stored as a
    number, or a database as NUMERIC(13,1), comes back as its digits; dates become ISO strings.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return str(int(value)) if value == value.to_integral_value() else str(value)
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
        if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
            # Delimited text: only strings and gaps, stripped in one vectorised pass.
            text = values.str.strip()
            converted[column] = text.where(text.notna() & (text != ""), None)
            continue
        # factorize keeps Python objects exact (a dict-to-Series lookup would turn a 19-digit
        # integer next to a None into a float); each distinct value is converted once.
        codes, distinct = pd.factorize(values, use_na_sentinel=True)
        texts = np.array([cell_text(value) for value in distinct] + [None], dtype=object)
        converted[column] = pd.Series(texts[codes], index=frame.index, dtype=object)
    return pd.DataFrame(converted, index=frame.index)


def concat_records(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of sheets or files that may differ in their columns, one below the other; a column
    one lacks is None there, not NaN."""
    if len(frames) == 1:
        return frames[0]
    return missing_as_none(pd.concat(frames, ignore_index=True))
