"""Email addresses: syntax checked with email-validator (no DNS look-ups), compared lower-cased."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

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
