"""Email exports (an mbox file or a folder of .eml files): one record per customer on the other
side of each message. Each record is also a contact event: date, direction, channel (`email`),
counterpart, subject."""

from __future__ import annotations

import binascii
import mailbox
import re
from collections import Counter
from collections.abc import Iterator
from email.message import Message
from email.parser import BytesParser
from email.policy import Compat32
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pandas as pd

from pipelines.readers.encodings import codec_name, decode_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import REJECTED_COLUMNS, SourceRead
from pipelines.registry import Registry, SourceSpec

MAIL_COLUMNS = (
    "message_id",
    "date",
    "direction",
    "channel",
    "counterpart_name",
    "counterpart_email",
    "subject",
    "signature_phone",
    "signature_company",
    "signature_title",
)
# What each column is in the canonical schema: the reader names its own columns, nothing to guess.
MAIL_FIELDS = {
    "date": "last_contact_date",
    "direction": "contact_direction",
    "channel": "contact_channel",
    "counterpart_name": "person_name",
    "counterpart_email": "email",
    "subject": "contact_subject",
    "signature_phone": "phone",
    "signature_company": "company_name",
}
_COUNTERPART_EMAIL = MAIL_COLUMNS.index("counterpart_email")
EMAIL_CHANNEL = "email"
UNREADABLE_MESSAGE = "UNREADABLE_MESSAGE"
# Enough of an unreadable message for a person to recognise it in quarantine.
RAW_TEXT_LIMIT = 2000

# A labelled phone in a signature: 手机：138 0013 8000 / Tel: +86 755 1234 5678 / M: 13800138000.
_SIGNATURE_PHONE = re.compile(
    r"(?<![A-Za-z])(?:手机|手機|电话|電話|座机|Mobile|Mob|Tel|Phone|Cell|M|T)\s*[:：]\s*(\+?[\d(][\d\s()\-]{6,}\d)",
    re.IGNORECASE,
)
_COMPANY = re.compile(r"公司|集团|集團|\b(?:Ltd|Limited|Inc|Corp|Corporation|GmbH|LLC)\b", re.IGNORECASE)
_JOB_TITLE = re.compile(
    r"经理|經理|总监|總監|主管|工程师|工程師|采购|採購|厂长|廠長|董事长|董事長|总裁|總裁|主任|专员|專員|助理"
    r"|\b(?:Manager|Director|Engineer|Supervisor|Specialist|Chairman|President|Purchasing|Buyer|CEO|CTO|CFO|COO)\b",
    re.IGNORECASE,
)
# "公司：..." labels a company line, "地址：...集团大厦" is an address, not a company.
_LINE_LABEL = re.compile(r"^([^:：]{1,12}?)\s*[:：]\s*")
_COMPANY_LABELS = {"公司", "单位", "公司名称", "company", "organization", "organisation"}
_TITLE_LABELS = {"职位", "职务", "头衔", "title", "job title", "position"}
# A line ending like a sentence is the message, not the signature; "Co., Ltd." is no sentence.
_SENTENCE_END = re.compile(r"(?:[。！？，；：!?,;:]|(?<!Ltd)(?<!Inc)(?<!Co)(?<!Corp)\.)$", re.IGNORECASE)
_SIGNATURE_LINE_MAX = 60
# Without a "--" delimiter, the signature is looked for in this many last lines of the message.
_SIGNATURE_TAIL = 12
# Where the quoted message starts in a reply: its signature is someone else's, often our staff's.
_QUOTED_MESSAGE = re.compile(
    r"^(?:-{2,}\s*(?:Original Message|原始邮件|原始郵件|Forwarded message|转发邮件)|_{5,}\s*$|(?:From|发件人|寄件者)\s*[:：]"
    r"|On\b.+\bwrote:\s*$|在.+写道\s*[:：]\s*$)",
    re.IGNORECASE,
)
_ENCODED_WORD = re.compile(
    r"=\?(?P<charset>[^?*\s]+)(?:\*[^?\s]*)?\?(?P<encoding>[BbQq])\?(?P<text>[^?\s]*)\?="
)
_FOLDING = re.compile(r"\r?\n(?=[ \t])")


class _RawHeaders(Compat32):
    """The legacy (compat32) message model, which parses several times faster than
    email.policy.default, handing headers back as they are: 8-bit bytes stay escaped in the text,
    so they can be decoded with the right codec instead of being replaced."""

    def header_fetch_parse(self, name: str, value: str) -> str:
        return value


_PARSER = BytesParser(policy=_RawHeaders())


class _Unreadable(ValueError):
    """A message whose headers cannot be read as a mail message."""


def read_mail(spec: SourceSpec, registry: Registry) -> SourceRead:
    location, messages = _messages_at(spec)
    rows, locators, rejected, warnings = [], [], [], []
    locator_uses: Counter[str] = Counter()
    try:
        for fallback_locator, content in messages:
            try:
                message_id, records = _customer_records(
                    _PARSER.parsebytes(content), registry.own_email_domains, warnings
                )
            except ValueError as unreadable:  # undecodable headers, bad base64, not a message
                rejected.append((fallback_locator, UNREADABLE_MESSAGE, str(unreadable), _raw_text(content)))
                continue
            if not records:
                warnings.append(f"{message_id or fallback_locator}: no customer on either side")
                continue
            locator = _unique_locator(message_id or fallback_locator, locator_uses, warnings)
            # The first customer keeps the message's locator; the others are told apart by address.
            locators.extend([locator] + [f"{locator}#{record[_COUNTERPART_EMAIL]}" for record in records[1:]])
            rows.extend(records)
    except OSError as vanished:
        raise SourceError(
            spec.name, str(location), f"could not be read: {vanished.strerror or vanished}"
        ) from vanished
    if not (rows or rejected or warnings):
        raise SourceError(
            spec.name, str(location), "no messages (expected an mbox file or a folder of .eml files)"
        )
    records = pd.DataFrame(rows, columns=list(MAIL_COLUMNS), dtype=object)
    records.insert(0, "source_locator", locators)
    return SourceRead(
        records=records,
        warnings=tuple(warnings),
        rejected=pd.DataFrame(rejected, columns=REJECTED_COLUMNS, dtype=object),
    )


def _unique_locator(locator: str, uses: Counter[str], warnings: list[str]) -> str:
    """The locator, suffixed #2, #3, ... for later messages with the same Message-ID (a message
    filed in two folders, or a mailer reusing IDs)."""
    uses[locator] += 1
    if uses[locator] == 1:
        return locator
    warnings.append(
        f"Message-ID {locator} appears more than once; copy {uses[locator]} is {locator}#{uses[locator]}"
    )
    return f"{locator}#{uses[locator]}"


def _messages_at(spec: SourceSpec) -> tuple[Path, Iterator[tuple[str, bytes]]]:
    """The source's location and its messages as (locator if the message has no Message-ID, bytes)."""
    if spec.location is not None and spec.location.is_dir():
        return spec.location, _eml_files(spec.location)
    path = existing_file(spec)
    return path, _mbox_messages(path)


def _eml_files(folder: Path) -> Iterator[tuple[str, bytes]]:
    # Sorted so that locators and duplicate suffixes come out the same on every run.
    paths = sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.suffix.lower() == ".eml" and p.is_file()
    )
    for relative_path in paths:
        yield relative_path, (folder / relative_path).read_bytes()


def _mbox_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    box = mailbox.mbox(str(path), create=False)
    try:
        for position, key in enumerate(box.iterkeys(), start=1):
            yield f"message #{position}", box.get_bytes(key)
    finally:
        box.close()


def _customer_records(
    message: Message, own_email_domains: tuple[str, ...], warnings: list[str]
) -> tuple[str | None, list[tuple[str | None, ...]]]:
    """The message's ID and one record per customer on the other side; the sender's signature goes
    with the sender's record only."""
    senders = _addresses(message, "From")
    recipients = _addresses(message, "To") + _addresses(message, "Cc")
    if not (senders or recipients):
        raise _Unreadable("not a mail message: no From, To or Cc address")
    message_id = _header_text(message, "Message-ID").strip("<> ") or None
    outgoing = bool(senders) and _domain(senders[0][1]) in own_email_domains
    customers = _customers(recipients if outgoing else senders + recipients, own_email_domains)
    if not customers:
        return message_id, []
    date = _date(message, message_id, warnings)
    subject = _header_text(message, "Subject") or None
    incoming_from_customer = not outgoing and bool(senders) and customers[0] == senders[0]
    signature = _signature(_body_text(message)) if incoming_from_customer else (None, None, None)
    direction = "out" if outgoing else "in"
    return message_id, [
        (
            message_id,
            date,
            direction,
            EMAIL_CHANNEL,
            name or None,
            address,
            subject,
            *(signature if position == 0 else (None, None, None)),
        )
        for position, (name, address) in enumerate(customers)
    ]


def _customers(addresses: list[tuple[str, str]], own_email_domains: tuple[str, ...]) -> list[tuple[str, str]]:
    """Customer addresses in order of appearance, each once."""
    seen: set[str] = set()
    customers = []
    for name, address in addresses:
        key = address.lower()
        if "@" in address and _domain(address) not in own_email_domains and key not in seen:
            seen.add(key)
            customers.append((name, address))
    return customers


def _addresses(message: Message, header: str) -> list[tuple[str, str]]:
    """(decoded display name, address) pairs; RFC 2047 words are decoded after splitting, so an
    encoded comma in a name cannot split it."""
    values = [_unfolded_8bit(value) for value in message.get_all(header, [])]
    return [(_decoded_words(name).strip(), address) for name, address in getaddresses(values) if address]


def _header_text(message: Message, header: str) -> str:
    value = message.get(header)
    return _decoded_words(_unfolded_8bit(value)).strip() if value else ""


def _unfolded_8bit(value: str) -> str:
    """The header unfolded, with raw 8-bit bytes (which some mailers send instead of RFC 2047
    words) decoded as the text they most likely are."""
    value = _FOLDING.sub("", value)
    if value.isascii():
        return value
    return decode_text(value.encode("utf-8", "surrogateescape"))[0]


def _decoded_words(text: str) -> str:
    """Text with its RFC 2047 encoded words decoded. Adjacent words in one charset are decoded
    together because mailers split one character's bytes across two words."""
    if "=?" not in text:
        return text
    chunks: list[
        tuple[str | None, str | bytes]
    ] = []  # (charset, bytes) for encoded words, (None, text) between
    position = 0
    for word in _ENCODED_WORD.finditer(text):
        between = text[position : word.start()]
        # Whitespace between two encoded words is folding, not content (RFC 2047, section 6.2).
        if between and not (between.isspace() and chunks and chunks[-1][0] is not None):
            chunks.append((None, between))
        charset, data = word["charset"].lower(), _word_bytes(word)
        if chunks and chunks[-1][0] == charset:
            chunks[-1] = (charset, chunks[-1][1] + data)
        else:
            chunks.append((charset, data))
        position = word.end()
    chunks.append((None, text[position:]))
    return "".join(chunk if charset is None else decode_text(chunk, charset)[0] for charset, chunk in chunks)


def _word_bytes(word: re.Match[str]) -> bytes:
    text = word["text"]
    if word["encoding"] in "Bb":
        # Some mailers leave out the base64 padding.
        return binascii.a2b_base64(text + "=" * (-len(text) % 4))
    return binascii.a2b_qp(text, header=True)


def _date(message: Message, message_id: str | None, warnings: list[str]) -> str | None:
    value = _header_text(message, "Date")
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except ValueError:
        warnings.append(
            f"{message_id or 'message without Message-ID'}: Date header {value!r} is not a date; left empty"
        )
        return None


def _domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def _body_text(message: Message) -> str:
    """The message's text: the first text/plain part that is not an attachment, else the first
    text/html part as plain text."""
    html_part = None
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain":
            return _part_text(part)
        if content_type == "text/html" and html_part is None:
            html_part = part
    return _html_as_text(_part_text(html_part)) if html_part is not None else ""


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset()
    try:
        return decode_text(payload, charset)[0]
    except UnicodeDecodeError:
        # The body only feeds the signature: a stray bad byte must not cost the message's contact.
        return payload.decode(codec_name(charset) or "utf-8", errors="replace")


class _HtmlText(HTMLParser):
    _LINE_BREAKS: ClassVar[set[str]] = {
        "br",
        "p",
        "div",
        "tr",
        "li",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
    }
    _CELLS: ClassVar[set[str]] = {"td", "th"}
    _HIDDEN: ClassVar[set[str]] = {"script", "style", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth += 1
        self._separate(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        self._separate(tag)

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            # Line breaks in HTML source are layout; only block tags break lines.
            self.parts.append(re.sub(r"\s+", " ", data))

    def _separate(self, tag: str) -> None:
        if tag in self._LINE_BREAKS:
            self.parts.append("\n")
        elif tag in self._CELLS:
            self.parts.append(" ")


def _html_as_text(html: str) -> str:
    parser = _HtmlText()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def _signature(body: str) -> tuple[str | None, str | None, str | None]:
    """(phone, company, title) from the signature at the end of the sender's own text."""
    lines = _signature_lines(body)
    phones = [found for line in lines for found in _SIGNATURE_PHONE.findall(line)]
    company = _last_matching_line(lines, _COMPANY, _COMPANY_LABELS)
    # A line naming a company is the company line, even when it names a department ("采购部").
    title = _last_matching_line(
        [line for line in lines if not _COMPANY.search(line)], _JOB_TITLE, _TITLE_LABELS
    )
    return (phones[-1].strip() if phones else None), company, title


def _signature_lines(body: str) -> list[str]:
    """The non-empty lines after the last "--" delimiter, or the last few lines, of the text the
    sender wrote: quoted replies are left out."""
    own_lines = []
    for line in body.splitlines():
        stripped = line.strip()
        if _QUOTED_MESSAGE.match(stripped):
            break
        if stripped and not stripped.startswith(">"):
            own_lines.append(stripped)
    delimiters = [index for index, line in enumerate(own_lines) if line == "--"]
    return own_lines[delimiters[-1] + 1 :] if delimiters else own_lines[-_SIGNATURE_TAIL:]


def _last_matching_line(lines: list[str], pattern: re.Pattern[str], labels: set[str]) -> str | None:
    for line in reversed(lines):
        text = _signature_item(line, labels)
        if text and pattern.search(text):
            return text
    return None


def _signature_item(line: str, labels: set[str]) -> str | None:
    """The line's text if it is unlabelled or carries one of `labels` ("公司：..."); None for a
    sentence of the message or a line labelled as something else ("地址：...集团大厦")."""
    if len(line) > _SIGNATURE_LINE_MAX or _SENTENCE_END.search(line) or "@" in line or "://" in line:
        return None
    label = _LINE_LABEL.match(line)
    if label is None:
        return line
    if label[1].strip().lower() not in labels:
        return None
    return line[label.end() :].strip() or None


def _raw_text(content: bytes) -> str:
    return content[:RAW_TEXT_LIMIT].decode("utf-8", errors="replace")
