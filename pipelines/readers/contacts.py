"""Contact exports: a vCard file (2.1, 3.0, 4.0) or a CSV exported by Outlook, Gmail or Foxmail,
one record per contact in the same columns whichever it is."""

from __future__ import annotations

import csv
import io
import quopri
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.readers.encodings import decode_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import decoded_file_text, existing_file
from pipelines.readers.result import REJECTED_COLUMNS, SourceRead
from pipelines.registry import Registry, SourceSpec
from pipelines.standardise.text import has_han, join_name_parts

CONTACT_COLUMNS = ("name", "email", "phone", "mobile", "company", "title", "address", "note")
# What each column is in the canonical schema: the reader names its own columns, nothing to guess.
CONTACT_FIELDS = {
    "name": "person_name",
    "email": "email",
    "mobile": "phone",
    "phone": "alt_phone",
    "company": "company_name",
    "address": "address",
}
UNREADABLE_CONTACT = "UNREADABLE_CONTACT"
# Phone types that mean a mobile number: vCard TYPE=CELL, Gmail's "Mobile", Chinese labels.
_MOBILE_TYPE = re.compile(r"cell|mobile|手机|移动", re.IGNORECASE)
# Gmail puts several values in one cell: "a@x.com ::: b@y.com".
_GMAIL_VALUE_SEPARATOR = " ::: "


@dataclass(frozen=True)
class _CsvFlavour:
    """One program's CSV export: which of its headers feed which output column (the first filled
    one wins), the name and address parts it splits, and phone columns whose type column says
    whether the number is a mobile."""

    name: str
    columns: dict[str, tuple[str, ...]]
    typed_phones: tuple[tuple[str, str], ...] = ()  # (type header, number header)

    @property
    def headers(self) -> set[str]:
        named = {header for headers in self.columns.values() for header in headers}
        return named | {header for pair in self.typed_phones for header in pair}


# Besides the output columns: given_name / family_name (joined into `name` when there is no full
# name) and street / city / region / postcode / country (joined into `address`).
_OUTLOOK = _CsvFlavour(
    "Outlook",
    {
        "given_name": ("First Name",),
        "family_name": ("Last Name",),
        "email": ("E-mail Address", "E-mail 2 Address", "E-mail 3 Address"),
        "mobile": ("Mobile Phone",),
        "phone": (
            "Business Phone",
            "Business Phone 2",
            "Company Main Phone",
            "Home Phone",
            "Primary Phone",
            "Other Phone",
        ),
        "company": ("Company",),
        "title": ("Job Title",),  # Outlook's "Title" is Mr. / Ms.
        "street": ("Business Street",),
        "city": ("Business City",),
        "region": ("Business State",),
        "postcode": ("Business Postal Code",),
        "country": ("Business Country/Region",),
        "note": ("Notes",),
    },
)
_OUTLOOK_CHINESE = _CsvFlavour(
    "Outlook (Chinese)",
    {
        "given_name": ("名",),
        "family_name": ("姓",),
        "email": ("电子邮件地址", "电子邮件 2 地址", "电子邮件 3 地址"),
        "mobile": ("移动电话",),
        "phone": ("商务电话", "商务电话 2", "单位主要电话", "住宅电话", "主要电话", "其他电话"),
        "company": ("单位",),
        "title": ("职务",),
        "street": ("商务地址 街道",),
        "city": ("商务地址 市/县",),
        "region": ("商务地址 省/市/自治区",),
        "postcode": ("商务地址 邮政编码",),
        "country": ("商务地址 国家/地区",),
        "note": ("附注", "备注"),
    },
)
_GMAIL = _CsvFlavour(
    "Gmail",
    {
        "name": ("Name",),
        "given_name": ("Given Name",),
        "family_name": ("Family Name",),
        "email": ("E-mail 1 - Value", "E-mail 2 - Value"),
        "company": ("Organization 1 - Name",),
        "title": ("Organization 1 - Title",),
        "address": ("Address 1 - Formatted",),
        "note": ("Notes",),
    },
    typed_phones=tuple((f"Phone {n} - Type", f"Phone {n} - Value") for n in range(1, 6)),
)
# Google Contacts' current export: Gmail's columns renamed.
_GOOGLE_CONTACTS = _CsvFlavour(
    "Google Contacts",
    {
        "given_name": ("First Name",),
        "family_name": ("Last Name",),
        "email": ("E-mail 1 - Value", "E-mail 2 - Value"),
        "company": ("Organization Name",),
        "title": ("Organization Title",),
        "address": ("Address 1 - Formatted",),
        "note": ("Notes",),
    },
    typed_phones=tuple((f"Phone {n} - Label", f"Phone {n} - Value") for n in range(1, 6)),
)
_FOXMAIL = _CsvFlavour(
    "Foxmail",
    {
        "name": ("姓名",),
        "given_name": ("名",),
        "family_name": ("姓",),
        "email": ("电子邮件地址", "电子邮箱", "邮件地址"),
        "mobile": ("移动电话", "手机"),
        "phone": ("办公电话", "工作电话", "电话", "家庭电话", "住宅电话"),
        "company": ("公司", "单位"),
        "title": ("职位", "职务"),
        "address": ("地址", "办公地址", "联系地址", "家庭地址"),
        "note": ("备注", "附注"),
    },
)
_FOXMAIL_ENGLISH = _CsvFlavour(
    "Foxmail (English)",
    {
        "name": ("Name",),
        "email": ("E-mail Address", "Email Address", "E-mail"),
        "mobile": ("Mobile Phone", "Mobile"),
        "phone": ("Business Phone", "Office Phone", "Home Phone", "Phone"),
        "company": ("Company",),
        "title": ("Job Title", "Position"),
        "address": ("Business Address", "Address", "Home Address"),
        "note": ("Notes", "Comments"),
    },
)
CSV_FLAVOURS = (_OUTLOOK, _OUTLOOK_CHINESE, _GMAIL, _GOOGLE_CONTACTS, _FOXMAIL, _FOXMAIL_ENGLISH)
# A header row is taken for a flavour's when at least this many of its names are that flavour's.
_MIN_FLAVOUR_HEADERS = 2


def read_contacts(spec: SourceSpec, registry: Registry) -> SourceRead:
    path = existing_file(spec)
    try:
        raw = path.read_bytes()
    except OSError as unreadable:
        raise SourceError(
            spec.name, str(path), f"could not be read: {unreadable.strerror or unreadable}"
        ) from unreadable
    text, _ = decoded_file_text(spec, path, raw)
    suffix = path.suffix.lower()
    if suffix == ".vcf":
        return _read_vcards(spec, path, text)
    if suffix == ".csv":
        return _read_csv(spec, path, text)
    raise SourceError(
        spec.name, str(path), f"unsupported contacts file type {suffix!r} (expected .vcf or .csv)"
    )


def _records(contacts: list[dict[str, str | None]], locators: list[str]) -> pd.DataFrame:
    records = pd.DataFrame(contacts, columns=list(CONTACT_COLUMNS), dtype=object)
    records.insert(0, "source_locator", locators)
    return records


def _address_text(
    street: str | None, city: str | None, region: str | None, postcode: str | None, country: str | None
) -> str | None:
    """Chinese addresses run from the largest unit to the smallest without separators; Latin ones
    from the street up, comma-separated."""
    if has_han("".join(part or "" for part in (street, city, region, country))):
        # People often type the whole address into the street field as well.
        larger = [part for part in (country, region, city) if part and part not in (street or "")]
        text = "".join(larger + [street or ""])
        return f"{text} {postcode}".strip() if postcode else text or None
    region_and_code = " ".join(part for part in (region, postcode) if part)
    return ", ".join(part for part in (street, city, region_and_code, country) if part) or None


def _with_phone(contact: dict[str, str | None], number: str | None, phone_type: str) -> None:
    """Fill the contact's mobile or other phone with `number`, unless an earlier number did."""
    if number:
        column = "mobile" if _MOBILE_TYPE.search(phone_type) else "phone"
        contact[column] = contact[column] or number


# -- CSV -----------------------------------------------------------------------------


def _read_csv(spec: SourceSpec, path: Path, text: str) -> SourceRead:
    # Excel's "Unicode text" and some Outlook exports are tab-separated.
    first_line = text.partition("\n")[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    rows = _csv_rows(text, delimiter)
    first = next(rows, None)
    if first is None:
        raise SourceError(spec.name, str(path), "no header row")
    _, header = first
    header = [name.strip() for name in header]
    flavour = _flavour(header)
    if flavour is None:
        raise SourceError(
            spec.name,
            str(path),
            f"not an Outlook, Gmail or Foxmail contacts export; headers found: {', '.join(h for h in header if h) or 'none'}",
        )
    contacts, locators = [], []
    for line_number, cells in rows:
        # A quoted note spanning lines keeps the file's CRLF line ends.
        row = dict(zip(header, (cell.strip().replace("\r\n", "\n") for cell in cells)))
        if any(row.values()):
            contacts.append(_csv_contact(flavour, row))
            locators.append(f"line {line_number}")
    return SourceRead(records=_records(contacts, locators))


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(physical line the row starts on, cells): a quoted field may span lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for cells in reader:
        yield start, cells
        start = reader.line_num + 1


def _flavour(header: list[str]) -> _CsvFlavour | None:
    """The flavour with the most of these headers; ties go to the one listed first."""
    present = set(header)
    best = max(CSV_FLAVOURS, key=lambda flavour: len(flavour.headers & present))
    return best if len(best.headers & present) >= _MIN_FLAVOUR_HEADERS else None


def _csv_contact(flavour: _CsvFlavour, row: dict[str, str]) -> dict[str, str | None]:
    def first(part: str) -> str | None:
        return _first_value(
            next((row[header] for header in flavour.columns.get(part, ()) if row.get(header)), None)
        )

    contact = {column: first(column) for column in CONTACT_COLUMNS}
    contact["name"] = contact["name"] or join_name_parts(first("given_name"), first("family_name"))
    contact["address"] = contact["address"] or _address_text(
        first("street"), first("city"), first("region"), first("postcode"), first("country")
    )
    for type_header, number_header in flavour.typed_phones:
        _with_phone(contact, _first_value(row.get(number_header)), row.get(type_header) or "")
    return contact


def _first_value(cell: str | None) -> str | None:
    return cell.split(_GMAIL_VALUE_SEPARATOR)[0] if cell else None


# -- vCard ---------------------------------------------------------------------------

# group.NAME;PARAM=value;PARAM="a,b":value (RFC 6350 section 3.3; 2.1 also allows bare params).
_PROPERTY = re.compile(
    r'^(?:[\w-]+\.)?(?P<name>[\w-]+)(?P<params>(?:;[^;:="]+(?:=(?:"[^"]*"|[^;:]*))?)*):(?P<value>.*)$',
    re.DOTALL,
)
_PARAMETER = re.compile(r';(?P<key>[^;:="]+)(?:=(?P<value>"[^"]*"|[^;:]*))?')
_UNESCAPED_SEMICOLON = re.compile(r"(?<!\\);")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPED = {"n": "\n", "N": "\n"}
# The properties the output uses, and their columns; the others (photos, above all) are not decoded.
_PROPERTY_COLUMNS = {
    "FN": "name",
    "N": "name",
    "EMAIL": "email",
    "TEL": "phone",
    "ORG": "company",
    "TITLE": "title",
    "ADR": "address",
    "NOTE": "note",
}


class _UnreadableCard(ValueError):
    pass


@dataclass(frozen=True)
class _Property:
    name: str
    parameters: dict[str, str]  # upper-case keys; bare 2.1 parameters ("CELL") collected under TYPE
    value: str  # decoded (quoted-printable, charset) but still escaped


def _read_vcards(spec: SourceSpec, path: Path, text: str) -> SourceRead:
    contacts, locators, rejected = [], [], []
    for number, lines in _cards(text):
        locator = f"card {number}"
        try:
            contacts.append(_card_contact(lines))
            locators.append(locator)
        except _UnreadableCard as problem:
            rejected.append((locator, UNREADABLE_CONTACT, str(problem), "\n".join(lines)))
    if not (contacts or rejected):
        raise SourceError(spec.name, str(path), "no BEGIN:VCARD in file")
    return SourceRead(
        records=_records(contacts, locators),
        rejected=pd.DataFrame(rejected, columns=REJECTED_COLUMNS, dtype=object),
    )


def _cards(text: str) -> Iterator[tuple[int, list[str]]]:
    """(1-based card number, its physical lines from BEGIN:VCARD to END:VCARD). A card cut short by
    the next BEGIN or the end of the file comes without its END line, to be rejected."""
    number, lines = 0, None
    for line in text.splitlines():
        marker = line.strip().upper()
        if marker == "BEGIN:VCARD":
            if lines is not None:
                yield number, lines
            number, lines = number + 1, [line]
        elif lines is not None:
            lines.append(line)
            if marker == "END:VCARD":
                yield number, lines
                lines = None
    if lines is not None:
        yield number, lines


def _card_contact(lines: list[str]) -> dict[str, str | None]:
    if lines[-1].strip().upper() != "END:VCARD":
        raise _UnreadableCard("no END:VCARD: the card is cut short")
    contact: dict[str, str | None] = dict.fromkeys(CONTACT_COLUMNS)
    for prop in map(_property, _unfolded(lines[1:-1])):
        if prop is not None:
            _apply(contact, prop)
    return contact


def _unfolded(lines: list[str]) -> list[str]:
    """Logical lines: a line starting with a space or tab continues the one before (3.0, 4.0), and
    so does the line after a quoted-printable value ending in "=" (2.1 soft line break)."""
    logical: list[str] = []
    for line in lines:
        if logical and line[:1] in (" ", "\t"):
            logical[-1] += line[1:]
        elif (
            logical
            and logical[-1].endswith("=")
            and "QUOTED-PRINTABLE" in logical[-1].partition(":")[0].upper()
        ):
            logical[-1] += "\n" + line
        elif line.strip():
            logical.append(line)
    return logical


def _property(line: str) -> _Property | None:
    """The property on a logical line, value decoded; None for a property the output does not use."""
    match = _PROPERTY.match(line)
    if match is None:
        raise _UnreadableCard(f"not a vCard property: {line[:80]!r}")
    name = match["name"].upper()
    if name not in _PROPERTY_COLUMNS:
        return None
    parameters: dict[str, str] = {}
    for parameter in _PARAMETER.finditer(match["params"]):
        key, value = parameter["key"].strip().upper(), (parameter["value"] or "").strip('"')
        if parameter["value"] is None:  # 2.1: ";CELL", ";QUOTED-PRINTABLE"
            key, value = ("ENCODING", key) if key in ("QUOTED-PRINTABLE", "BASE64", "8BIT") else ("TYPE", key)
        parameters[key] = f"{parameters[key]},{value}" if key in parameters else value
    return _Property(name, parameters, _decoded_value(match["value"], parameters))


def _decoded_value(value: str, parameters: dict[str, str]) -> str:
    if parameters.get("ENCODING", "").upper() != "QUOTED-PRINTABLE":
        return value
    # The soft line breaks joined by _unfolded are "=\n", which quoted-printable decoding removes.
    data = quopri.decodestring(value.encode("utf-8"))
    try:
        return decode_text(data, parameters.get("CHARSET"))[0]
    except UnicodeDecodeError as wrong:
        raise _UnreadableCard(f"quoted-printable value not decodable: {wrong.reason}") from wrong


def _apply(contact: dict[str, str | None], prop: _Property) -> None:
    """Fill the contact from one property: the first of each kind wins, except that FN, the name
    as the person wants it shown, wins over N wherever the two stand in the card."""
    if prop.name == "TEL":
        types = prop.parameters.get("TYPE", "")
        if "FAX" not in types.upper():
            _with_phone(contact, _unescaped(prop.value).removeprefix("tel:").strip() or None, types)
        return
    column = _PROPERTY_COLUMNS[prop.name]
    value = _property_text(prop)
    if value and (prop.name == "FN" or not contact[column]):
        contact[column] = value


def _property_text(prop: _Property) -> str | None:
    if prop.name == "N":
        family, given, middle = (_components(prop.value) + [""] * 3)[:3]
        return join_name_parts(given or None, family or None, middle or None)
    if prop.name == "ADR":
        _, extended, street, city, region, postcode, country = (_components(prop.value) + [""] * 7)[:7]
        street = " ".join(part for part in (street, extended) if part)
        return _address_text(street or None, city or None, region or None, postcode or None, country or None)
    if prop.name == "ORG":  # company;department;...
        return _components(prop.value)[0] or None
    return _unescaped(prop.value).strip() or None


def _components(value: str) -> list[str]:
    """The parts of a structured value (N, ADR, ORG), unescaped."""
    return [_unescaped(part).strip() for part in _UNESCAPED_SEMICOLON.split(value)]


def _unescaped(value: str) -> str:
    return _ESCAPE.sub(lambda escape: _ESCAPED.get(escape[1], escape[1]), value)
