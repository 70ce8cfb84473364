"""Email addresses: syntax checked with email-validator (no DNS look-ups), compared lower-cased."""

from __future__ import annotations

import pandas as pd
from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.text import fold_text

EMAIL_COLUMNS = ["email_std", "email_valid"]


def standardise_email(raw: str) -> tuple[str | None, bool]:
    """(normalised address or None, valid). The whole address is lower-cased: the local part is
    case-sensitive by the RFC, but no mail provider our customers use treats it so, and the
    sources write the same address in every case."""
    text = fold_text(raw).strip(" <>;,")
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return None, False
    return checked.normalized.lower(), True


# An address plainly written: a dot-atom mailbox of common characters, a domain of letter-digit
# labels under a top-level domain of letters, lengths within the RFC's (64 for the mailbox, 63
# per label, 254 in all).
_PLAIN_EMAIL = (
    r"^(?=.{6,254}$)(?=[^@]{1,64}@)[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$"
)
_SPECIAL_USE = "|".join(SPECIAL_USE_DOMAIN_NAMES)


def standardise_emails(values: pd.Series) -> pd.DataFrame:
    """standardise_email of each value (EMAIL_COLUMNS), None where a value is missing.

    Most addresses are written plainly (zhang.wei@163.com): those are recognised for all rows at
    once, as email-validator would accept them, and lower-cased; email-validator checks the rest
    one distinct value at a time, which at a million records would take minutes."""
    written = values.astype("string")
    plain = written.str.fullmatch(_PLAIN_EMAIL) & ~written.str.contains(
        rf"[@.](?:{_SPECIAL_USE})$", case=False, regex=True
    )
    plain = plain.fillna(False).astype(bool)
    checked = map_distinct(values.where(~plain), standardise_email, EMAIL_COLUMNS)
    checked["email_std"] = checked["email_std"].where(~plain, written.str.lower().astype(object))
    checked["email_valid"] = checked["email_valid"].where(~plain, True)
    return checked
