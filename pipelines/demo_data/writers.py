"""File writers.  Each consumes rows lazily, writes one source file and
returns the locator of every row it wrote, in order."""

from __future__ import annotations

import csv
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from .messages import MailMessage
from .sources import Cell, SheetRow
from .vocabulary import COMPANY_NAME, REFERENCE_DATE

# xlsx files embed a creation time; a fixed one keeps the bytes reproducible.
_WORKBOOK_CREATED = datetime(REFERENCE_DATE.year, REFERENCE_DATE.month, REFERENCE_DATE.day, 8, 0, 0)
_MBOX_FROM_LINE = re.compile(rb"^From ", re.MULTILINE)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_workbook(
    path: Path,
    rows: Iterable[SheetRow],
    *,
    sheet_names: Sequence[str],
    header: Sequence[str],
    preamble: Sequence[str] = (),
) -> list[str]:
    """Locators are ``{sheet}!{1-based Excel row}``; data starts right below the header."""
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    workbook.set_properties({"created": _WORKBOOK_CREATED, "author": COMPANY_NAME})
    header_format = workbook.add_format({"bold": True})
    formats = {
        int: workbook.add_format({"num_format": "0"}),
        date: workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    sheets = {name: workbook.add_worksheet(name) for name in sheet_names}
    next_row: dict[str, int] = {}
    for name, sheet in sheets.items():
        sheet.set_column(0, len(header) - 1, 18)
        for row_index, line in enumerate(preamble):
            sheet.write_string(row_index, 0, line)
        sheet.write_row(len(preamble), 0, header, header_format)
        next_row[name] = len(preamble) + 1
    locators: list[str] = []
    for sheet_name, cells in rows:
        sheet, row_index = sheets[sheet_name], next_row[sheet_name]
        next_row[sheet_name] = row_index + 1
        for column, value in enumerate(cells):
            _write_cell(sheet, row_index, column, value, formats)
        locators.append(f"{sheet_name}!{row_index + 1}")
    workbook.close()
    return locators


def _write_cell(sheet: Worksheet, row: int, column: int, value: Cell, formats: dict[type, Format]) -> None:
    # typed writes skip xlsxwriter's per-cell type sniffing and never turn
    # text such as "=test" or "0755-..." into formulas or numbers
    if isinstance(value, str):
        if value:
            sheet.write_string(row, column, value)
    elif isinstance(value, int):
        sheet.write_number(row, column, value, formats[int])
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, formats[date])


def write_gbk_csv(path: Path, rows: Iterable[Sequence[str]], *, header: Sequence[str]) -> list[str]:
    """Locators are ``line {n}``: fields never contain newlines, so the
    physical line is the header line plus the row's position."""
    locators: list[str] = []
    with path.open("w", encoding="gbk", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        for line_number, row in enumerate(rows, start=2):
            writer.writerow(row)
            locators.append(f"line {line_number}")
    return locators


def write_mbox(path: Path, messages: Iterable[MailMessage]) -> list[str]:
    """Locators are the Message-IDs without angle brackets."""
    locators: list[str] = []
    with path.open("wb") as handle:
        for message in messages:
            handle.write(f"From {message.envelope_sender} {_asctime(message.sent_at)}\n".encode("ascii"))
            handle.write(_MBOX_FROM_LINE.sub(b">From ", message.content))
            handle.write(b"\n")
            locators.append(message.message_id)
    return locators


def _asctime(moment: datetime) -> str:
    # spelled out because %a / %b follow the process locale
    return (
        f"{_WEEKDAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:2d} "
        f"{moment:%H:%M:%S} {moment.year}"
    )


def write_sqlite(
    path: Path, rows: Iterable[Sequence[object]], *, table: str, columns: Sequence[tuple[str, str]]
) -> list[str]:
    """Locators are ``{first column}={value}``, the first column being the key."""
    path.unlink(missing_ok=True)
    key = columns[0][0]
    locators: list[str] = []

    def recorded(source: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
        for row in source:
            locators.append(f"{key}={row[0]}")
            yield row

    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute(f"CREATE TABLE {table} ({', '.join(f'{name} {kind}' for name, kind in columns)})")
        connection.executemany(
            f"INSERT INTO {table} VALUES ({', '.join('?' * len(columns))})", recorded(rows)
        )
        connection.commit()
    finally:
        connection.close()
    return locators
