"""Workbooks (.xlsx, .xlsm, .xls, .xlsb, .ods) and delimited text (.csv, .tsv, .txt)."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from pipelines.readers.cells import concat_records, frame_as_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import decoded_file_text, existing_file
from pipelines.readers.headers import map_headers
from pipelines.readers.result import REJECTED_COLUMNS, SourceRead
from pipelines.registry import Registry, SourceSpec

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
DELIMITED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}
# Title and note rows above the header are common; the header is looked for this far down.
HEADER_SEARCH_ROWS = 20
# Columns read beyond the header's width, to see rows that have more fields than it.
SPARE_COLUMNS = 20


def read_spreadsheet(spec: SourceSpec, registry: Registry) -> SourceRead:
    path = existing_file(spec)
    suffix = path.suffix.lower()
    try:
        if suffix in WORKBOOK_SUFFIXES:
            return _read_workbook(spec, path)
        if suffix in DELIMITED_SUFFIXES:
            return _read_delimited(spec, path, spec.options.get("delimiter", DELIMITED_SUFFIXES[suffix]))
    except OSError as vanished:  # deleted or unreadable while being read
        raise SourceError(
            spec.name, str(path), f"file could not be read: {vanished.strerror or vanished}"
        ) from vanished
    raise SourceError(spec.name, str(path), f"unsupported spreadsheet type {suffix!r}")


def _read_workbook(spec: SourceSpec, path: Path) -> SourceRead:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as broken:  # calamine raises several private error types for corrupt files
        raise SourceError(spec.name, str(path), f"not a readable workbook: {broken}") from broken
    wanted = [str(name) for name in spec.options.get("sheets") or workbook.sheet_names]
    unknown = [name for name in wanted if name not in workbook.sheet_names]
    if unknown:
        raise SourceError(
            spec.name, str(path), f"sheets {unknown} not in workbook; it has {workbook.sheet_names}"
        )
    tables, warnings = [], []
    for sheet_name in wanted:
        try:
            # Formulas come back as the values Excel saved with them.
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except Exception as broken:
            raise SourceError(
                spec.name, str(path), f"sheet {sheet_name!r} is not readable: {broken}"
            ) from broken
        header_index = _header_row(spec, rows)
        if header_index is None:
            if any(any(cell not in (None, "") for cell in row) for row in rows):
                warnings.append(f"sheet {sheet_name!r} skipped: no header row with recognisable columns")
            continue
        body = pd.DataFrame(rows[header_index + 1 :], dtype=object)
        table = _table(spec, _header_names(rows, header_index), body, header_index + 2, f"{sheet_name}!")
        tables.append(table)
        warnings.extend(f"sheet {sheet_name!r}: {warning}" for warning in table.warnings)
    if not tables:
        raise SourceError(
            spec.name,
            str(path),
            "no sheet has a header row with recognisable columns (name, phone, email, ...)",
        )
    return _combine(tables, warnings)


def _read_delimited(spec: SourceSpec, path: Path, delimiter: str) -> SourceRead:
    raw = path.read_bytes()
    if b"\x00" in raw[:65536] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SourceError(spec.name, str(path), "binary content, not delimited text")
    text, encoding = decoded_file_text(spec, path, raw)
    head = list(islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), HEADER_SEARCH_ROWS))
    header_index = _header_row(spec, head)
    if header_index is None:
        raise SourceError(
            spec.name,
            str(path),
            "no header row with recognisable columns (name, phone, email, ...) in the first 20 lines",
        )
    header = _header_names(head, header_index)
    body = _delimited_body(raw, encoding, text, delimiter, header_index + 1, len(header))
    # Row numbers are physical line numbers as long as no quoted field spans lines.
    table = _table(spec, header, body, header_index + 2, "line ", wide_row_delimiter=delimiter)
    return _combine([table], list(table.warnings))


def _delimited_body(
    raw: bytes, encoding: str, text: str, delimiter: str, skip_lines: int, width: int
) -> pd.DataFrame:
    """The cells below the header, one row per line, blank lines kept so that positions stay line
    numbers. pandas' C parser does the bulk, from the bytes (it reads a text stream several times
    slower); spare columns catch rows with extra fields, and a row beyond even those sends the
    file through the slower csv module."""
    try:
        return pd.read_csv(
            io.BytesIO(raw),
            encoding=encoding,
            sep=delimiter,
            header=None,
            names=range(width + SPARE_COLUMNS),
            skiprows=skip_lines,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError:
        return pd.DataFrame(
            list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[skip_lines:], dtype=object
        )


@dataclass(frozen=True)
class _Table:
    records: pd.DataFrame
    rejected: pd.DataFrame
    warnings: list[str]


def _combine(tables: list[_Table], warnings: list[str]) -> SourceRead:
    records = concat_records([t.records for t in tables])
    rejected = pd.concat([t.rejected for t in tables], ignore_index=True)
    if records.empty and rejected.empty:
        warnings.append("header found but no records below it")
    return SourceRead(records=records, warnings=tuple(warnings), rejected=rejected)


def _table(
    spec: SourceSpec,
    header: list[str],
    body: pd.DataFrame,
    first_row_number: int,
    locator_prefix: str,
    wide_row_delimiter: str | None = None,
) -> _Table:
    """The named columns of the rows under the header, as text, keyed by locator. Rows without
    any value are layout, not records. In delimited text (`wide_row_delimiter`), a row with more
    cells than the header (an unquoted delimiter) is rejected rather than guessed at, and kept as
    its fields joined with the delimiter."""
    width = len(header)
    body = body.reindex(columns=range(max(width, body.shape[1]))).reset_index(drop=True)
    locators = locator_prefix + pd.Series(range(first_row_number, first_row_number + len(body))).astype(str)
    extra = body.iloc[:, width:]
    wide = (
        (extra.notna() & (extra != "")).any(axis=1)
        if wide_row_delimiter
        else pd.Series(False, index=body.index)
    )
    named = [i for i, name in enumerate(header) if name]
    records = frame_as_text(body.loc[~wide, named]).set_axis([header[i] for i in named], axis=1)
    records.insert(0, "source_locator", locators[~wide])
    records = records[records.drop(columns="source_locator").notna().any(axis=1)].reset_index(drop=True)
    rejected = pd.DataFrame(
        {
            "source_locator": locators[wide],
            "reason_code": "MALFORMED_ROW",
            "detail": [
                f"{_field_count(row)} fields where the header has {width}"
                for row in body[wide].itertuples(index=False)
            ],
            "raw": [_raw_row(row, wide_row_delimiter) for row in body[wide].itertuples(index=False)],
        },
        columns=REJECTED_COLUMNS,
        dtype=object,
    )
    missing = [name for name in spec.columns if name not in header]
    return _Table(records, rejected, [f"lacks columns {', '.join(missing)}"] if missing else [])


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


def _field_count(row: tuple[Any, ...]) -> int:
    return max((i + 1 for i, cell in enumerate(row) if isinstance(cell, str) and cell), default=0)


def _raw_row(row: tuple[Any, ...], delimiter: str) -> str:
    return delimiter.join(cell for cell in row[: _field_count(row)] if isinstance(cell, str))
