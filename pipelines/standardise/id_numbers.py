"""Identity and registration numbers by type: recognised, checked, and published only masked.

A source's ID column holds whatever the customer showed: a PRC resident identity card (GB 11643),
a company's unified social credit code (USCC, GB 32100), a Hong Kong business registration (BR)
or identity card (HKID), a Taiwan unified business number (統一編號, UBN), or a passport or
foreign number. Each is recognised by its form and its check character where it has one; what is
recognised by none is kept as an opaque identifier of type `other`, compacted but not checked.

Only the USCC is shown in full: it is public by law (printed on the business licence, which must
be displayed, and listed in the national enterprise credit register), and its form is its own. A
BR or UBN is public too, but eight digits cannot be told from a person's number, so they are
masked like the personal numbers.

The PRC check is written here rather than with python-stdnum's cn.ric: stdnum rejects a number
whose county code was created after the holder was born, but a number carries the county code in
force when it was first issued, often years after birth, so real numbers would come out invalid.
What remains is the ISO 7064 MOD 11-2 check digit, a date and a province code. python-stdnum has
no HKID; its check is written here too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from typing import NamedTuple

from stdnum.cn import uscc
from stdnum.tw import ubn

from pipelines.standardise.text import fold_text

PRC_RESIDENT_ID, USCC, HK_BR, HK_ID, TW_UBN, OTHER = (
    "prc_resident_id",
    "uscc",
    "hk_br",
    "hk_id",
    "tw_ubn",
    "other",
)


class IdNumber(NamedTuple):
    """`valid`: the check character passes (None for a type without one). `key`: a one-way hash
    of the number in its canonical form, for a number that is not known to be mistyped; the same
    number gives the same key however it was written."""

    type: str | None = None
    key: str | None = None
    masked: str | None = None
    valid: bool | None = None
    birth_date: str | None = None
    sex: str | None = None
    # For a number with no check character to catch a typo: the keys of the number with each one
    # character left out, space-separated (typo_keys).
    typo_keys: str | None = None


ID_NUMBER_COLUMNS = [f"id_number_{field}" for field in ("type", "key", "masked", "valid")] + [
    "id_birth_date",
    "id_sex",
    "id_number_typo_keys",
]
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
# Hex digits kept of each typo key: a number has a few, and 64 bits tell them apart.
TYPO_KEY_LENGTH = 16
# Fewer characters than this identify no one among a company's customers.
MIN_OTHER_LENGTH = 5
# Labels written before the number: anything up to a colon, words in hanzi, and leading words of
# two or more letters (ID, NO., Passport). A number's own letters come alone or inside a group
# with digits (E12345678, A123456(3)), so a word of letters only is no part of it.
_LABEL_UP_TO_COLON = re.compile(r"^.*:")
_HAN = re.compile(r"[\u3400-\u9fff]+")
_LEADING_WORDS = re.compile(r"^(?:\s*[A-Z]{2,}\.?(?=[\s#.]|$)[\s#.]*)+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9A-Z]")
_EIGHTEEN_DIGITS = re.compile(r"[0-9]{17}[0-9X]")
_FIFTEEN_DIGITS = re.compile(r"[0-9]{15}")
# 16 or 17 characters starting with a province code: a resident ID number with digits missing.
_TRUNCATED_RESIDENT_ID = re.compile(r"[0-9]{15,16}[0-9X]")
_USCC_FORM = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
# The BR number, then the branch, the certificate's expiry month and year and its check character.
_HK_BR_CERTIFICATE = re.compile(r"([0-9]{8})[\s-]+[0-9]{3}(?:[\s-]+[0-9]{2}[\s-]+[0-9]{2}[\s-]+[0-9A-Z])?")
_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
_HK_ID_FORM = re.compile(r"[A-Z]{1,2}[0-9]{6}[0-9A]")
_HK_ID_BRACKETED_CHECK = re.compile(r"\(\s*[0-9A]\s*\)$")
# \d: raw text is not folded, so full-width digits and letters are matched too.
_ID_NUMBER_IN_TEXT = re.compile(r"(?<!\d)(?:\d{17}[\dXxＸｘ]|\d{15})(?![\dXxＸｘ])")
_HK_ID_IN_TEXT = re.compile(
    r"(?<![A-Za-zＡ-Ｚａ-ｚ\d])[A-ZＡ-Ｚ]{1,2}\d{6}[(（]?[\dAＡ][)）]?(?![A-Za-zＡ-Ｚａ-ｚ\d])"
)
_CHECK_WEIGHTS = tuple(pow(2, 17 - position, 11) for position in range(17))
_CHECK_CHARACTERS = "10X98765432"


def standardise_id_number(raw: str) -> IdNumber:
    """The number's type, key, masked form and check, and for a PRC resident ID the holder's
    birth date and sex. A valid 15-digit number of the first generation comes back as its
    18-digit form, masked, so both forms of one person's number agree. A value that is no number
    (无, N/A, one character repeated) comes back empty."""
    written = _without_labels(fold_text(raw).upper())
    number = _NOT_ALPHANUMERIC.sub("", written)
    if not any(character.isdigit() for character in number) or len(set(number)) == 1:
        return IdNumber()
    # Before the resident ID: the certificate's 16 digits can start like a province's.
    if certificate := _HK_BR_CERTIFICATE.fullmatch(written.strip()):
        return _unchecked(HK_BR, certificate[1])
    resident_id = _resident_id(number)
    if resident_id is not None and resident_id.valid:
        return resident_id
    # A USCC may be all digits: one that passes its check is no person's number that fails its own.
    if _USCC_FORM.fullmatch(number) and _uscc_check_passes(number):
        return IdNumber(USCC, key(number), number, True)
    if resident_id is not None:
        return resident_id
    if _USCC_FORM.fullmatch(number):
        return IdNumber(USCC, None, number, False)
    if _EIGHT_DIGITS.fullmatch(number):
        return _eight_digits(number)
    if _HK_ID_FORM.fullmatch(number):
        if hk_id_check_passes(number):
            return IdNumber(HK_ID, key(number), mask_short(number), True)
        # Written with its check digit in brackets it is an HKID, mistyped; without, the form is
        # also a passport's (EA1234567), which has no check to fail.
        if _HK_ID_BRACKETED_CHECK.search(written):
            return IdNumber(HK_ID, None, mask_short(number), False)
    if len(number) >= MIN_OTHER_LENGTH:
        return _unchecked(OTHER, number)
    return IdNumber()


def _unchecked(number_type: str, number: str) -> IdNumber:
    return IdNumber(number_type, key(number), mask_short(number), None, typo_keys=typo_keys(number))


def typo_keys(number: str) -> str:
    """The keys of `number` itself and of it with each one character left out. Two numbers share
    one when one character was changed, two neighbours swapped, or one character added or left
    out, and seldom otherwise (two changes that leave the same rest): a typo found without either
    number leaving the pipeline (a deletion neighbourhood, as spelling correctors index words)."""
    variants = {number, *(number[:position] + number[position + 1 :] for position in range(len(number)))}
    return " ".join(sorted(key(variant)[:TYPO_KEY_LENGTH] for variant in variants))


def key(canonical: str) -> str:
    """The matching key: a one-way hash of the canonical number, so that records can be compared
    by number without the number travelling beside its masked form. Unsalted, as the key must be
    the same from run to run: short numbers can be found again by trying them all, so keys stay
    inside the pipeline and are never published."""
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def _without_labels(text: str) -> str:
    text = _HAN.sub(" ", _LABEL_UP_TO_COLON.sub("", text))
    return _LEADING_WORDS.sub("", text)


def _resident_id(number: str) -> IdNumber | None:
    """A PRC resident ID number, checked; None for a number not shaped like one. A mistyped
    number keeps its masked form but gets no key: it must not conflict with the right one."""
    if _FIFTEEN_DIGITS.fullmatch(number):
        number = eighteen_digit_form(number)
    elif not (
        _EIGHTEEN_DIGITS.fullmatch(number)
        or (_TRUNCATED_RESIDENT_ID.fullmatch(number) and number[:2] in PROVINCE_CODES)
    ):
        return None
    birth_date = _birth_date(number)
    if birth_date is None or number[:2] not in PROVINCE_CODES or number[17] != check_digit(number[:17]):
        return IdNumber(PRC_RESIDENT_ID, None, mask(number), False)
    sex = "male" if int(number[16]) % 2 else "female"
    return IdNumber(PRC_RESIDENT_ID, key(number), mask(number), True, birth_date.isoformat(), sex)


def _uscc_check_passes(number: str) -> bool:
    """stdnum's check character, not its validate(): that wants digits in the first two places,
    but GB 32100's registering authorities and entity types include letters (N, Y)."""
    return number[-1] == uscc.calc_check_digit(number)


def _eight_digits(number: str) -> IdNumber:
    """A UBN when its check passes, else a BR (which has no check). The forms are the same, and a
    BR passes the UBN check by chance one time in five: both types key the digits alone, so one
    business's number agrees with itself whichever type it was taken for."""
    if ubn_check_passes(number):
        return IdNumber(TW_UBN, key(number), mask_short(number), True)
    return _unchecked(HK_BR, number)


def ubn_check_passes(number: str) -> bool:
    """stdnum's weighted digit sum with the rule in force since April 2023: divisible by 5, not
    10 (stdnum 2.2 still has the old rule and rejects the numbers issued since). A 7 in the
    seventh place counts as 10 or as 1."""
    checksum = ubn.calc_checksum(number)
    return checksum % 5 == 0 or (number[6] == "7" and (checksum + 1) % 5 == 0)


def hk_id_check_passes(number: str) -> bool:
    """The HKID check digit: letters count 10 (A) to 35 (Z), a one-letter prefix is padded with a
    space that counts 36, weights 9 down to 2, and the check makes the sum divisible by 11
    (10 written as A)."""
    body = number[:-1].rjust(8)
    total = sum(
        (36 if character == " " else int(character, 36)) * weight
        for character, weight in zip(body, range(9, 1, -1))
    )
    return number[-1] == "0123456789A"[-total % 11]


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
    """A resident ID number's mask: first 6 and last 4 characters kept; None for anything too
    short to hide a part of."""
    hidden = len(number) - VISIBLE_HEAD - VISIBLE_TAIL
    if hidden <= 0:
        return None
    return number[:VISIBLE_HEAD] + "*" * hidden + number[-VISIBLE_TAIL:]


def mask_short(number: str) -> str:
    """Any other number's mask: a quarter of its characters kept at each end, at least half of it
    hidden (A123456(3) -> A1****63, 1234567 -> 1*****7)."""
    visible = len(number) // 4
    return number[:visible] + "*" * (len(number) - 2 * visible) + number[len(number) - visible :]


def mask_id_numbers_in_text(text: str) -> str:
    """Free text (a source line that could not be read) with every number shaped like a resident
    ID number masked, and every HKID whose check digit passes. A USCC that is all digits has the
    resident ID's shape and is masked with it; one with letters is public and stays."""
    masked = _ID_NUMBER_IN_TEXT.sub(lambda match: mask(match.group().upper()), text)
    return _HK_ID_IN_TEXT.sub(_masked_hk_id, masked)


def _masked_hk_id(match: re.Match[str]) -> str:
    number = _NOT_ALPHANUMERIC.sub("", unicodedata.normalize("NFKC", match.group()))
    return mask_short(number) if hk_id_check_passes(number) else match.group()


def _birth_date(number: str) -> dt.date | None:
    if not _EIGHTEEN_DIGITS.fullmatch(number):
        return None
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if EARLIEST_BIRTH_YEAR <= born.year and born <= dt.date.today() else None
