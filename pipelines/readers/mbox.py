"""Email exports in mbox format: one record per message, for the customer on the other side."""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

import pandas as pd

from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import SourceRead
from pipelines.registry import SourceSpec

MBOX_COLUMNS = (
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


def read_mbox(spec: SourceSpec, own_email_domains: tuple[str, ...]) -> SourceRead:
    path = existing_file(spec)
    box = mailbox.mbox(str(path), factory=lambda fp: email.message_from_binary_file(fp, policy=email.policy.default), create=False)
    rows, locators, warnings = [], [], []
    for position, message in enumerate(box, start=1):
        try:
            row = _customer_side(message, own_email_domains)
        except (ValueError, TypeError, IndexError, AttributeError) as unparsable:
            warnings.append(f"message #{position}: {unparsable}")
            continue
        if row is None:
            warnings.append(f"message #{position} ({message.get('Message-ID', 'no Message-ID')}): no customer on either side")
            continue
        locators.append(row["message_id"] or f"message #{position}")
        rows.append(row)
    if not rows and not warnings:
        raise SourceError(spec.name, str(path), "no messages in mailbox")
    records = pd.DataFrame(rows, columns=list(MBOX_COLUMNS), dtype=object)
    records.insert(0, "source_locator", locators)
    return SourceRead(records=records, warnings=tuple(warnings))


def _customer_side(message: EmailMessage, own_email_domains: tuple[str, ...]) -> dict[str, str | None] | None:
    senders = message["From"].addresses if message["From"] else ()
    recipients = message["To"].addresses if message["To"] else ()
    sender = senders[0] if senders else None
    outgoing = sender is not None and sender.domain.lower() in own_email_domains
    customers = [a for a in (recipients if outgoing else senders) if a.domain.lower() not in own_email_domains]
    if not customers:
        return None
    customer = customers[0]
    date = parsedate_to_datetime(message["Date"]).date().isoformat() if message["Date"] else None
    return {
        "message_id": (message["Message-ID"] or "").strip().strip("<>") or None,
        "date": date,
        "direction": "out" if outgoing else "in",
        "counterpart_name": customer.display_name or None,
        "counterpart_email": customer.addr_spec,
        "subject": str(message["Subject"] or "") or None,
        "signature_phone": None if outgoing else _signature_phone(message),
    }


def _signature_phone(message: EmailMessage) -> str | None:
    body = message.get_body(preferencelist=("plain",))
    if body is None:
        return None
    found = _SIGNATURE_PHONE.findall(body.get_content())
    return found[-1].strip() if found else None
