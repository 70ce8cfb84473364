"""Phone numbers to E.164 with libphonenumber's metadata (landlines with area codes, extensions)."""

from __future__ import annotations

import re

import phonenumbers
from phonenumbers import PhoneNumberType

from pipelines.standardise.text import fold_text

PHONE_COLUMNS = ["e164", "line_type"]
# Chinese exports write extensions as 转 or 分机; libphonenumber understands "ext".
_EXTENSION = re.compile(r"\s*(?:转|分机|x|ext\.?)\s*(\d+)\s*$", re.IGNORECASE)
_LINE_TYPES = {
    PhoneNumberType.MOBILE: "mobile",
    PhoneNumberType.FIXED_LINE: "landline",
    PhoneNumberType.FIXED_LINE_OR_MOBILE: "landline",
    PhoneNumberType.TOLL_FREE: "toll_free",
    PhoneNumberType.VOIP: "voip",
}


def standardise_phone(raw: str, region: str = "CN") -> tuple[str | None, str]:
    """(E.164 number or None, line type). The line type is 'invalid' when the number is not one."""
    text = _EXTENSION.sub(r" ext \1", fold_text(raw))
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None, "invalid"
    if not phonenumbers.is_valid_number(number):
        return None, "invalid"
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164, _LINE_TYPES.get(phonenumbers.number_type(number), "other")
