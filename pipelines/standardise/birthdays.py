"""Birthdays to ISO, lunar ones (农历1985年八月十五, 农历 1985-08-15) converted to the Gregorian
date with borax's lunar calendar (its 1900-2100 table ships in the wheel; MIT licensed, no
dependencies). lunar-python computes the same dates 250 times slower and raises bare Exception;
lunardate is GPL; lunarcalendar was last released in 2018 (and needs ephem), zhdate in 2023."""

from __future__ import annotations

import re

from borax.calendars.lunardate import InvalidLunarDateError, LunarDate

from pipelines.standardise.dates import standardise_date
from pipelines.standardise.text import fold_text

BIRTHDAY_COLUMNS = ["birthday_std", "birthday_lunar", "birthday_lunar_date"]
_LUNAR_MARKER = re.compile(r"[(\[]?\s*(?:农历|阴历|旧历)\s*[)\]]?")
_LUNAR_DATE = re.compile(
    r"([0-9]{4})\s*[-/.年]\s*(闰)?\s*([0-9]{1,2}|[正冬腊一二三四五六七八九十]{1,3})\s*[-/.月]\s*([0-9]{1,2}|[初廿卅一二三四五六七八九十]{1,3})\s*日?"
)
_UNITS = "一二三四五六七八九"
# Lunar months and days are written in words: 正月, 冬月, 腊月; 初五, 十五, 廿三, 三十.
_NUMBER_WORDS = {
    **{word: value for value, word in enumerate(_UNITS + "十", 1)},
    **{"初" + word: value for value, word in enumerate(_UNITS + "十", 1)},
    **{"十" + word: 10 + value for value, word in enumerate(_UNITS, 1)},
    **{prefix + word: 20 + value for prefix in ("二十", "廿") for value, word in enumerate(_UNITS, 1)},
    "二十": 20,
    "廿": 20,
    "三十": 30,
    "卅": 30,
    "正": 1,
    "冬": 11,
    "腊": 12,
}
MONTHS_IN_YEAR, MAX_LUNAR_DAY = 12, 30


def standardise_birthday(raw: str) -> tuple[str | None, bool, str | None]:
    """(Gregorian date in ISO, whether the source gave a lunar date, the lunar date as written in
    ISO form, with 闰 before a leap month: 2020-闰04-08). A lunar birthday recurs on its lunar date,
    so that is kept beside the Gregorian day of birth; a lunar date the calendar does not have
    (the 30th of a 29-day month) keeps the Gregorian date None."""
    text = fold_text(raw)
    undated, markers = _LUNAR_MARKER.subn("", text)
    if not markers:
        return standardise_date(text)[0], False, None
    match = _LUNAR_DATE.fullmatch(undated.strip())
    if not match:
        return None, True, None
    year, leap, month, day = (
        int(match.group(1)),
        bool(match.group(2)),
        _number(match.group(3)),
        _number(match.group(4)),
    )
    if not (month and day and month <= MONTHS_IN_YEAR and day <= MAX_LUNAR_DAY):
        return None, True, None
    as_written = f"{year:04d}-{'闰' if leap else ''}{month:02d}-{day:02d}"
    return _gregorian(year, month, day, leap), True, as_written


def _number(written: str) -> int | None:
    return int(written) if written.isdigit() else _NUMBER_WORDS.get(written)


def _gregorian(year: int, month: int, day: int, leap: bool) -> str | None:
    try:
        return LunarDate(year, month, day, int(leap)).to_solar_date().isoformat()
    except InvalidLunarDateError:
        return None
