"""Email exports (an mbox file): one record per message, for the customer on the other side."""

from __future__ import annotations

import mailbox
import re
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

import pandas as pd

from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import SourceRead
from pipelines.registry import Registry, SourceSpec

MAIL_COLUMNS = (
    "message_id",
    "date",
    "direction",
    "counterpart_name",
    "counterpart_email",
    "subject",
    "signature_phone",
)
# A labelled phone in a signature: 手机：138 0013 8000 / Tel: +86 755 1234 5678 / M: 13800138000.
_SIGNATURE_PHONE = re.compile(
    r"(?:手机|电话|座机|Mobile|Mob|Tel|Phone|Cell|M|T)\s*[:：]\s*(\+?[\d(][\d\s()\-]{6,}\d)", re.IGNORECASE
)


def read_mail(spec: SourceSpec, registry: Registry) -> SourceRead:
    own_email_domains = registry.own_email_domains
    path = existing_file(spec)
    # The legacy (compat32) message model parses several times faster than email.policy.default;
    # only the three headers and the one body part used are decoded.
    box = mailbox.mbox(str(path), create=False)
    rows, locators, warnings = [], [], []
    for position, message in enumerate(box, start=1):
        try:
            row = _customer_side(message, own_email_domains)
        except (ValueError, TypeError, LookupError, AttributeError) as unparsable:
            warnings.append(f"message #{position}: {unparsable}")
            continue
        if row is None:
            warnings.append(f"message #{position} ({message.get('Message-ID', 'no Message-ID')}): no customer on either side")
            continue
        locators.append(row["message_id"] or f"message #{position}")
        rows.append(row)
    if not rows and not warnings:
        raise SourceError(spec.name, str(path), "no messages in mailbox")
    records = pd.DataFrame(rows, columns=list(MAIL_COLUMNS), dtype=object)
    records.insert(0, "source_locator", locators)
    return SourceRead(records=records, warnings=tuple(warnings))


def _customer_side(message: Message, own_email_domains: tuple[str, ...]) -> dict[str, str | None] | None:
    senders, recipients = _addresses(message, "From"), _addresses(message, "To") + _addresses(message, "Cc")
    outgoing = bool(senders) and _domain(senders[0][1]) in own_email_domains
    customers = [a for a in (recipients if outgoing else senders) if a[1] and _domain(a[1]) not in own_email_domains]
    if not customers:
        return None
    name, address = customers[0]
    date = parsedate_to_datetime(message["Date"]).date().isoformat() if message["Date"] else None
    return {
        "message_id": (message["Message-ID"] or "").strip().strip("<>") or None,
        "date": date,
        "direction": "out" if outgoing else "in",
        "counterpart_name": name or None,
        "counterpart_email": address,
        "subject": _decoded(message["Subject"]) or None,
        "signature_phone": None if outgoing else _signature_phone(message),
    }


def _addresses(message: Message, header: str) -> list[tuple[str, str]]:
    """(decoded display name, address) pairs; RFC 2047 words are decoded after splitting, so an
    encoded comma in a name cannot split it."""
    return [(_decoded(name), address) for name, address in getaddresses(message.get_all(header, []))]


def _decoded(value: str | None) -> str:
    return str(make_header(decode_header(value))).strip() if value else ""


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _signature_phone(message: Message) -> str | None:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True) or b""
            text = payload.decode(part.get_content_charset() or "utf-8", errors="replace")
            found = _SIGNATURE_PHONE.findall(text)
            return found[-1].strip() if found else None
    return None
