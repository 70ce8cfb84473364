"""PRC resident identity card numbers (GB 11643): checked, and published only masked.

Written here rather than with python-stdnum's cn.ric: stdnum rejects a number whose county code
was created after the holder was born, but a number carries the county code in force when it was
first issued, often years after birth, so real numbers would come out invalid. What remains is
the ISO 7064 MOD 11-2 check digit, a date and a province code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from pipelines.standardise.text import fold_text

ID_NUMBER_COLUMNS = ["id_number_masked", "id_number_valid", "id_birth_date", "id_sex", "id_number_key"]
# GB/T 2260 province codes, the first two digits of every number (71 Taiwan, 81 Hong Kong and
# 82 Macao residence permits use the same format).
PROVINCE_CODES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)
# Region and sequence with check digit stay readable: enough to tell two numbers apart for a
# person comparing records, not enough to use the number.
VISIBLE_HEAD, VISIBLE_TAIL = 6, 4
EARLIEST_BIRTH_YEAR = 1900
_NOT_ID_CHARACTER = re.compile(r"[^0-9X]")
_EIGHTEEN_DIGITS = re.compile(r"[0-9]{17}[0-9X]")
_FIFTEEN_DIGITS = re.compile(r"[0-9]{15}")
# \d: raw text is not folded, so full-width digits are digits here too.
_ID_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(?:\d{17}[\dXxＸｘ]|\d{15})(?![\dXxＸｘ])")
_CHECK_WEIGHTS = tuple(pow(2, 17 - position, 11) for position in range(17))
_CHECK_CHARACTERS = "10X98765432"


def standardise_id_number(raw: str) -> tuple[str | None, bool, str | None, str | None, str | None]:
    """(masked number, valid, birth date, sex, matching key). A valid 15-digit number of the first
    generation comes back as its 18-digit form, masked, so both forms of one person's number agree.
    The matching key is a one-way hash of a valid number: records can be compared by ID number
    without the number itself travelling beside its masked form."""
    number = _NOT_ID_CHARACTER.sub("", fold_text(raw).upper())
    if _FIFTEEN_DIGITS.fullmatch(number):
        number = eighteen_digit_form(number)
    birth_date = _birth_date(number)
    if birth_date is None or number[:2] not in PROVINCE_CODES or number[17] != check_digit(number[:17]):
        return mask(number), False, None, None, None
    sex = "male" if int(number[16]) % 2 else "female"
    return mask(number), True, birth_date.isoformat(), sex, hashlib.sha256(number.encode()).hexdigest()[:32]


def check_digit(first_seventeen: str) -> str:
    return _CHECK_CHARACTERS[
        sum(int(digit) * weight for digit, weight in zip(first_seventeen, _CHECK_WEIGHTS)) % 11
    ]


def eighteen_digit_form(fifteen: str) -> str:
    """First-generation numbers (1984-2004) wrote the birth year in two digits, all in the 1900s,
    and had no check digit."""
    first_seventeen = fifteen[:6] + "19" + fifteen[6:]
    return first_seventeen + check_digit(first_seventeen)


def mask(number: str) -> str | None:
    """First 6 and last 4 characters kept; None for anything too short to hide a part of."""
    hidden = len(number) - VISIBLE_HEAD - VISIBLE_TAIL
    if hidden <= 0:
        return None
    return number[:VISIBLE_HEAD] + "*" * hidden + number[-VISIBLE_TAIL:]


def mask_id_numbers_in_text(text: str) -> str:
    """Free text (a source line that could not be read) with every number shaped like an ID
    number masked."""
    return _ID_NUMBER_IN_TEXT.sub(lambda match: mask(match.group().upper()), text)


def _birth_date(number: str) -> dt.date | None:
    if not _EIGHTEEN_DIGITS.fullmatch(number):
        return None
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if EARLIEST_BIRTH_YEAR <= born.year and born <= dt.date.today() else None
