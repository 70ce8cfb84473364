"""Phone numbers to E.164 with libphonenumber's metadata (landlines with area codes, extensions)."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import phonenumbers
from phonenumbers import PhoneNumberType

from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.text import fold_text

# A phone field may hold two numbers ("13246188725/027-53720618"); both are kept.
PHONE_COLUMNS = ["e164", "line_type", "second_e164", "second_line_type"]
# Chinese exports write extensions as 转 or 分机; libphonenumber understands "ext".
_EXTENSION = re.compile(r"\s*(?:转|分机|x|ext\.?)\s*(\d+)\s*$", re.IGNORECASE)
_SCIENTIFIC = re.compile(r"^\s*(\d+(?:\.\d+)?)[eE]\+?(\d{1,2})\s*$")
# A number recovered from scientific notation may end in at most this many zeros the notation did
# not show: 1.38001380E10 is 13800138000, 1.38001E+10 is lost.
MAX_HIDDEN_ZEROS = 2
_SEPARATORS = re.compile(r"\s*[/;,、|]\s*|\s{3,}|\s+(?:or|或)\s+")
# Shorter possible numbers are service codes (95555), never a customer's own line.
MIN_UNVERIFIED_DIGITS = 7
_LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
}


def digits_of_scientific(text: str) -> str | None:
    """A number a spreadsheet turned into scientific notation (1.38001380E10) back as its digits;
    None when the notation lost digits: Excel's "1.38001E+10" no longer holds the phone number,
    and guessing the missing digits would invent one."""
    mantissa, exponent = _SCIENTIFIC.match(text).groups()
    whole, _, fraction = mantissa.partition(".")
    hidden_digits = int(exponent) - len(fraction)
    if not 0 <= hidden_digits <= MAX_HIDDEN_ZEROS:
        return None
    return whole + fraction + "0" * hidden_digits


def standardise_phone(raw: str, region: str = "CN") -> tuple[str | None, str]:
    """(E.164 number or None, line type).

    A number the metadata does not know as valid but whose length is possible keeps its E.164
    form with line type 'unverified': numbering plans change faster than the library's data,
    and such a number still links records that carry it. Anything else is 'invalid'.
    """
    if _SCIENTIFIC.match(raw):
        raw = digits_of_scientific(raw)
        if raw is None:
            return None, "invalid"
    text = _EXTENSION.sub(r" ext \1", raw)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, "invalid"
    if phonenumbers.is_valid_number(number):
        line_type = _LINE_TYPES.get(phonenumbers.number_type(number), "other")
    elif (
        phonenumbers.is_possible_number(number) and len(str(number.national_number)) >= MIN_UNVERIFIED_DIGITS
    ):
        line_type = "unverified"
    else:
        return None, "invalid"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), line_type


def standardise_phone_field(raw: str, region: str = "CN") -> tuple[str | None, str, str | None, str | None]:
    """The first two numbers of a phone field: (e164, line type, second e164, second line type)."""
    parts = [part for part in _SEPARATORS.split(fold_text(raw)) if part.strip()] or [""]
    first = standardise_phone(parts[0], region)
    second = standardise_phone(parts[1], region) if len(parts) > 1 else (None, None)
    return (*first, *second)


# Number types whose patterns a plain mobile must not also match: libphonenumber would then call
# it something else (FIXED_LINE_OR_MOBILE, toll free ...).
_OTHER_TYPES = (
    "fixed_line",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
)


def standardise_phone_fields(values: pd.Series, region: str = "CN") -> pd.DataFrame:
    """standardise_phone_field of each value (PHONE_COLUMNS), None where a value is missing.

    Most cells of a customer list hold one mobile number written plainly (13800138000,
    +86 138-0013-8000). Those are recognised for all rows at once with the region's own
    libphonenumber patterns, giving what libphonenumber's parse would; libphonenumber parses only
    the rest, once per distinct value. Parsing every number costs a tenth of a millisecond,
    which at a million records is minutes."""
    mobiles = _plain_mobiles(values, region)
    rest = map_distinct(
        values.where(mobiles.isna()), lambda raw: standardise_phone_field(raw, region), PHONE_COLUMNS
    )
    rest["e164"] = rest["e164"].fillna(mobiles)
    rest["line_type"] = rest["line_type"].mask(mobiles.notna(), "mobile")
    return rest


def _plain_mobiles(values: pd.Series, region: str) -> pd.Series:
    """The E.164 form of each value that is one plain mobile number of `region` (digits, spaces and
    hyphens, the country code at most in front), None for every other value."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None or metadata.mobile is None or not metadata.mobile.national_number_pattern:
        return pd.Series(None, index=values.index, dtype=object)
    country = str(metadata.country_code)
    written = values.astype("string").str.strip()
    national = written.str.extract(_plain_pattern(country), expand=False).str.replace(
        r"[\s-]", "", regex=True
    )
    plain = national.notna() & national.str.fullmatch(f"(?:{metadata.mobile.national_number_pattern})")
    plain &= national.str.len().isin(metadata.mobile.possible_length or metadata.general_desc.possible_length)
    plain &= national.str.fullmatch(f"(?:{metadata.general_desc.national_number_pattern})")
    for number_type in _OTHER_TYPES:
        described = getattr(metadata, number_type)
        if described is not None and described.national_number_pattern:
            plain &= ~national.str.fullmatch(f"(?:{described.national_number_pattern})")
    # Numbers libphonenumber might read otherwise: with a prefix it strips when parsing (a
    # carrier code, the trunk 0) or starting with the country code itself.
    if metadata.national_prefix_for_parsing:
        plain &= ~national.str.match(f"(?:{metadata.national_prefix_for_parsing})")
    plain &= ~national.str.startswith(country)
    plain = plain.fillna(False).astype(bool)
    return ("+" + country + national).where(plain).astype(object).where(plain, None)


@cache
def _plain_pattern(country: str) -> str:
    return rf"^(?:(?:\+|00){country}[\s-]*)?(\d[\d\s-]*\d)$"
