"""Workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) and delimited text (.csv, .tsv, .txt)."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from pipelines.readers.cells import frame_as_text
from pipelines.readers.encodings import decode_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.headers import map_headers
from pipelines.readers.result import REJECTED_COLUMNS, SourceRead
from pipelines.registry import Registry, SourceSpec

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
DELIMITED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}
# Title and note rows above the header are common; the header is looked for this far down.
HEADER_SEARCH_ROWS = 20


def read_spreadsheet(spec: SourceSpec, registry: Registry) -> SourceRead:
    path = existing_file(spec)
    suffix = path.suffix.lower()
    try:
        if suffix in WORKBOOK_SUFFIXES:
            return _read_workbook(spec, path)
        if suffix in DELIMITED_SUFFIXES:
            return _read_delimited(spec, path, spec.options.get("delimiter", DELIMITED_SUFFIXES[suffix]))
    except OSError as vanished:  # deleted or unreadable while being read
        raise SourceError(spec.name, str(path), f"file could not be read: {vanished.strerror or vanished}") from vanished
    raise SourceError(spec.name, str(path), f"unsupported spreadsheet type {suffix!r}")


def _read_workbook(spec: SourceSpec, path: Path) -> SourceRead:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as broken:  # calamine raises several private error types for corrupt files
        raise SourceError(spec.name, str(path), f"not a readable workbook: {broken}") from broken
    wanted = [str(name) for name in spec.options.get("sheets") or workbook.sheet_names]
    unknown = [name for name in wanted if name not in workbook.sheet_names]
    if unknown:
        raise SourceError(spec.name, str(path), f"sheets {unknown} not in workbook; it has {workbook.sheet_names}")
    tables, warnings = [], []
    for sheet_name in wanted:
        try:
            # Formulas come back as the values Excel saved with them.
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except Exception as broken:
            raise SourceError(spec.name, str(path), f"sheet {sheet_name!r} is not readable: {broken}") from broken
        table = _table_below_header(spec, rows, locator=lambda n, sheet=sheet_name: f"{sheet}!{n}")
        if table is None:
            if any(any(cell not in (None, "") for cell in row) for row in rows):
                warnings.append(f"sheet {sheet_name!r} skipped: no header row with recognisable columns")
            continue
        tables.append(table)
        warnings.extend(f"sheet {sheet_name!r}: {warning}" for warning in table.warnings)
    if not tables:
        raise SourceError(spec.name, str(path), "no sheet has a header row with recognisable columns (name, phone, email, ...)")
    return _combine(tables, warnings)


def _read_delimited(spec: SourceSpec, path: Path, delimiter: str) -> SourceRead:
    raw = path.read_bytes()
    if b"\x00" in raw[:65536] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(spec.name, str(path), "binary content, not delimited text")
    try:
        text, _ = decode_text(raw, spec.options.get("encoding"))
    except UnicodeDecodeError as wrong:
        line = raw[: wrong.start].count(b"\n") + 1
        raise SourceError(spec.name, str(path), f"text encoding not recognised ({wrong.reason})", row=f"line {line}") from wrong
    # Row numbers are physical line numbers as long as no quoted field spans lines.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    table = _table_below_header(spec, rows, locator=lambda n: f"line {n}", strict_width=True)
    if table is None:
        raise SourceError(spec.name, str(path), "no header row with recognisable columns (name, phone, email, ...) in the first 20 lines")
    return _combine([table], list(table.warnings))


@dataclass(frozen=True)
class _Table:
    records: pd.DataFrame
    rejected: pd.DataFrame
    warnings: list[str]


def _combine(tables: list[_Table], warnings: list[str]) -> SourceRead:
    # Sheets may differ in their columns: a column a sheet lacks is None there, not NaN.
    records = pd.concat([t.records for t in tables], ignore_index=True).astype(object)
    records = records.where(records.notna(), None)
    rejected = pd.concat([t.rejected for t in tables], ignore_index=True)
    if records.empty and rejected.empty:
        warnings.append("header found but no records below it")
    return SourceRead(records=records, warnings=tuple(warnings), rejected=rejected)


def _table_below_header(spec: SourceSpec, rows: list[list[Any]], locator, strict_width: bool = False) -> _Table | None:
    """The rows under the header as text, keyed by locator.

    The header is the row among the first few with the most recognisable column names; an empty
    header cell under a merged group title takes the name from the row above. Rows without any
    value are layout, not records. With `strict_width`, a row with more cells than the header
    (an unquoted delimiter) is rejected rather than guessed at.
    """
    header_index = _header_row(spec, rows)
    if header_index is None:
        return None
    header = _header_names(rows, header_index)
    width = len(header)
    body = rows[header_index + 1 :]
    row_numbers = range(header_index + 2, header_index + 2 + len(body))
    too_wide = [strict_width and any(cell not in (None, "") for cell in row[width:]) for row in body]
    kept = [(n, list(row[:width]) + [None] * (width - len(row))) for n, row, wide in zip(row_numbers, body, too_wide) if not wide]
    frame = frame_as_text(pd.DataFrame([cells for _, cells in kept], columns=range(width), dtype=object))
    named = [i for i, name in enumerate(header) if name]
    frame = frame[named].set_axis([header[i] for i in named], axis=1)
    frame.insert(0, "source_locator", [locator(n) for n, _ in kept])
    frame = frame[frame.drop(columns="source_locator").notna().any(axis=1)].reset_index(drop=True)
    rejected = pd.DataFrame(
        [
            (locator(n), "MALFORMED_ROW", f"{len(row)} fields where the header has {width}", _raw_row(row))
            for n, row, wide in zip(row_numbers, body, too_wide)
            if wide
        ],
        columns=REJECTED_COLUMNS,
        dtype=object,
    )
    missing = [name for name in spec.columns if name not in header]
    return _Table(frame, rejected, [f"lacks columns {', '.join(missing)}"] if missing else [])


def _header_row(spec: SourceSpec, rows: list[list[Any]]) -> int | None:
    best_index, best_hits = None, 0
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        hits = len(map_headers(_header_names(rows, index), spec.columns))
        if hits > best_hits:
            best_index, best_hits = index, hits
    return best_index


def _header_names(rows: list[list[Any]], header_index: int) -> list[str]:
    """The names of the header row's columns; an empty cell takes the name above it, because a
    header cell merged over two rows keeps its text in the upper one. Repeated names get (2), (3)."""
    names = _cell_names(rows[header_index])
    if header_index > 0:
        above = _cell_names(rows[header_index - 1])
        names = [name or (above[i] if i < len(above) else "") for i, name in enumerate(names)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(f"{name} ({seen[name]})" if name and seen[name] > 1 else name)
    return unique


def _cell_names(row: list[Any]) -> list[str]:
    return ["" if cell is None else str(cell).strip() for cell in row]


def _raw_row(row: list[Any]) -> str:
    return ",".join("" if cell is None else str(cell) for cell in row)
