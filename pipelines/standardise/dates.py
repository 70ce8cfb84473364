"""Dates as sources write them (2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305) to ISO."""

from __future__ import annotations

import datetime as dt
import re

from pipelines.standardise.text import fold_text

DATE_COLUMNS = ["date_std"]
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def standardise_date(raw: str) -> tuple[str | None]:
    text = fold_text(raw)
    match = _YMD.match(text) or _COMPACT.match(text)
    if not match:
        return (None,)
    try:
        return (dt.date(*map(int, match.groups())).isoformat(),)
    except ValueError:
        return (None,)
