"""Mailbox messages between one Hengtai staff member and one customer contact.

Messages are assembled as raw RFC 5322 bytes instead of through
``email.message.EmailMessage``: at 150,000 messages the policy machinery would
dominate the run time, while ``formataddr`` and ``Header`` still do the
RFC 2047 encoding of every non-ASCII header."""

from __future__ import annotations

import base64
import binascii
import html
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr

from .corruption import PhoneStyle
from .mentions import Mention, SourceStyle, build_mention
from .people import Customer, Staff
from .sampling import Weighted, random_date
from .vocabulary import (
    ACTIVE_STAFF_COUNT,
    COMPANY_NAME,
    COMPANY_SWITCHBOARD,
    MAIL_SUBJECTS_EN,
    MAIL_SUBJECTS_ZH,
    MAIL_TEXTS_EN_INCOMING,
    MAIL_TEXTS_EN_OUTGOING,
    MAIL_TEXTS_ZH_INCOMING,
    MAIL_TEXTS_ZH_OUTGOING,
    REFERENCE_DATE,
)

# Address headers must stay deliverable, so no malformed or padded emails;
# phones only appear in signatures, where people like to space them out.
MAILBOX_STYLE = SourceStyle(
    pinyin_name=0.3,
    english_company=0.4,
    traditional=0.02,
    honorific=0.0,
    typo=0.02,
    fullwidth=0.0,
    name_only=0.0,
    mobile=0.55,
    landline=0.3,
    email=1.0,
    address=0.0,
    city=0.0,
    email_noise=0.0,
    uppercase_email=0.02,
    phones=PhoneStyle.of(
        mobile={"plain": 40, "spaced": 25, "intl_spaced": 15, "intl_plain": 10, "dashed": 10},
        landline={"dashed": 50, "intl_spaced": 30, "paren": 10, "spaced": 10},
    ),
)
_CHINA_TIME = timezone(timedelta(hours=8))
_FIRST_DAY, _LAST_DAY = date(2025, 1, 1), REFERENCE_DATE - timedelta(days=1)
_TRANSFER_ENCODINGS = Weighted.of([("base64", 70), ("quoted-printable", 20), ("8bit", 10)])
_MOBILE_LABELS = {"zh": ("手机：", "手机:", "Mobile：", "M: "), "en": ("Mobile: ", "M: ", "Mob: ", "Cell: ")}
_LANDLINE_LABELS = {"zh": ("电话：", "座机：", "Tel: "), "en": ("Tel: ", "T: ", "Office: ")}


@dataclass(frozen=True, slots=True)
class MailMessage:
    message_id: str  # without angle brackets
    envelope_sender: str
    sent_at: datetime
    content: bytes  # headers and body, "\n" line ends, not yet mbox-escaped


class MailboxMessages:
    def __init__(self, rng: random.Random, staff: tuple[Staff, ...]) -> None:
        self._rng = rng
        self._staff = staff[:ACTIVE_STAFF_COUNT]
        self._count = 0

    def record(self, customer: Customer) -> MailMessage:
        rng = self._rng
        mention = build_mention(customer, MAILBOX_STYLE, rng)
        if not mention.email:
            raise ValueError(f"mailbox customer {customer.customer_id} has no email address")
        staff = rng.choice(self._staff)
        language = "en" if mention.latin_name else "zh"
        staff_name = staff.name if language == "zh" else staff.pinyin_name
        customer_party = (mention.email, formataddr((mention.name, mention.email), charset="utf-8"))
        staff_party = (staff.email, formataddr((staff_name, staff.email), charset="utf-8"))
        incoming = rng.random() < 0.6
        if incoming:
            (sender, sender_header), (_, recipient_header) = customer_party, staff_party
            body = self._incoming_body(mention, staff_name, language)
        else:
            (sender, sender_header), (_, recipient_header) = staff_party, customer_party
            body = self._outgoing_body(mention, staff, staff_name, language)
        sent_at = self._sent_at()
        message_id = self._message_id(sent_at, sender)
        headers = (
            f"Message-ID: <{message_id}>\n"
            f"Date: {format_datetime(sent_at)}\n"
            f"From: {sender_header}\n"
            f"To: {recipient_header}\n"
            f"Subject: {_encode_header(self._subject(language, incoming))}\n"
            "MIME-Version: 1.0\n"
        )
        return MailMessage(message_id, sender, sent_at, headers.encode("ascii") + self._mime_body(body))

    def junk(self) -> MailMessage:
        raise ValueError(
            "every mailbox message is between staff and a real customer; the mailbox gets no junk"
        )

    def _sent_at(self) -> datetime:
        rng = self._rng
        day = random_date(rng, _FIRST_DAY, _LAST_DAY)
        return datetime(
            day.year,
            day.month,
            day.day,
            rng.randint(8, 20),
            rng.randrange(60),
            rng.randrange(60),
            tzinfo=_CHINA_TIME,
        )

    def _message_id(self, sent_at: datetime, sender: str) -> str:
        # the running count keeps ids unique, the random part makes them look real
        self._count += 1
        domain = sender.split("@")[1].lower()
        return f"{sent_at:%Y%m%d%H%M%S}.{self._count:07d}.{self._rng.getrandbits(32):08x}@{domain}"

    def _subject(self, language: str, incoming: bool) -> str:
        rng = self._rng
        subject = rng.choice(MAIL_SUBJECTS_ZH if language == "zh" else MAIL_SUBJECTS_EN)
        if not incoming and rng.random() < 0.5:
            return ("回复：" if language == "zh" else "RE: ") + subject
        return subject

    def _incoming_body(self, mention: Mention, staff_name: str, language: str) -> list[str]:
        rng = self._rng
        if language == "zh":
            lines = [
                f"{staff_name}您好：",
                "",
                rng.choice(MAIL_TEXTS_ZH_INCOMING),
                "",
                rng.choice(("谢谢！", "盼复。")),
            ]
        else:
            lines = [f"Dear {staff_name},", "", rng.choice(MAIL_TEXTS_EN_INCOMING), "", "Best regards,"]
        if rng.random() < 0.75:
            lines += ["", "--", *self._customer_signature(mention, language)]
        return lines

    def _customer_signature(self, mention: Mention, language: str) -> list[str]:
        rng = self._rng
        lines = [mention.name] if mention.name else []
        if mention.title:
            lines.append(mention.title[0] if language == "zh" else mention.title[1])
        if mention.company:
            lines.append(mention.company)
        if mention.mobile:
            lines.append(rng.choice(_MOBILE_LABELS[language]) + mention.mobile)
        if mention.landline:
            lines.append(rng.choice(_LANDLINE_LABELS[language]) + mention.landline)
        return lines

    def _outgoing_body(self, mention: Mention, staff: Staff, staff_name: str, language: str) -> list[str]:
        rng = self._rng
        if language == "zh":
            greeting = f"{mention.name}您好：" if mention.name else "尊敬的客户，您好："
            return [
                greeting,
                "",
                rng.choice(MAIL_TEXTS_ZH_OUTGOING),
                "",
                "此致",
                "",
                staff_name,
                f"{COMPANY_NAME} 销售部",
                f"手机：{staff.mobile}",
                f"电话：{COMPANY_SWITCHBOARD} 转 {staff.extension}",
            ]
        greeting = f"Dear {mention.name}," if mention.name else "Dear Sir or Madam,"
        return [
            greeting,
            "",
            rng.choice(MAIL_TEXTS_EN_OUTGOING),
            "",
            "Best regards,",
            staff_name,
            "Hengtai Machinery Co., Ltd.",
            f"M: +86 {staff.mobile}",
            f"T: +86 {COMPANY_SWITCHBOARD[1:]} ext. {staff.extension}",
        ]

    def _mime_body(self, lines: list[str]) -> bytes:
        rng = self._rng
        text = "\n".join(lines) + "\n"
        if rng.random() >= 0.25:
            return _mime_part(text, "plain", _TRANSFER_ENCODINGS.pick(rng))
        boundary = f"=_hengtai_{self._count:07d}"
        page = "".join(f"<p>{html.escape(line)}</p>" if line else "<br>" for line in lines)
        return b"".join(
            (
                f'Content-Type: multipart/alternative; boundary="{boundary}"\n\n--{boundary}\n'.encode(),
                _mime_part(text, "plain", _TRANSFER_ENCODINGS.pick(rng)),
                f"--{boundary}\n".encode(),
                _mime_part(f"<html><body>{page}</body></html>\n", "html", "base64"),
                f"--{boundary}--\n".encode(),
            )
        )


def _encode_header(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode()


def _mime_part(text: str, subtype: str, transfer_encoding: str) -> bytes:
    data = text.encode("utf-8")
    if transfer_encoding == "base64":
        payload = base64.encodebytes(data)
    elif transfer_encoding == "quoted-printable":
        payload = binascii.b2a_qp(data)
    else:
        payload = data
    headers = (
        f'Content-Type: text/{subtype}; charset="utf-8"\nContent-Transfer-Encoding: {transfer_encoding}\n\n'
    )
    return headers.encode("ascii") + payload.rstrip(b"\n") + b"\n"
