"""Dates as sources write them (2024-03-05, 2024/3/5, 2024.03.05, 2024年3月5日, 20240305, or an
Excel serial such as 45356) to ISO."""

from __future__ import annotations

import datetime as dt
import re

from pipelines.standardise.text import fold_text

DATE_COLUMNS = ["date_std"]
_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A date cell without date format reaches us as Excel's day count since 1899-12-30:
# 1 is 1900-01-01 in Excel's own counting; 2958465 is 9999-12-31.
_EXCEL_SERIAL = re.compile(r"^\d{1,7}(?:\.\d+)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials outside these years are not dates a customer record would hold.
_SERIAL_RANGE = (dt.date(1900, 3, 1), dt.date(2100, 1, 1))


def standardise_date(raw: str) -> tuple[str | None]:
    text = fold_text(raw)
    match = _YMD.match(text) or _COMPACT.match(text)
    if not match:
        return (_excel_serial(text),)
    try:
        return (dt.date(*map(int, match.groups())).isoformat(),)
    except ValueError:
        return (None,)


def _excel_serial(text: str) -> str | None:
    if not _EXCEL_SERIAL.match(text):
        return None
    date = _EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    return date.isoformat() if _SERIAL_RANGE[0] <= date < _SERIAL_RANGE[1] else None
