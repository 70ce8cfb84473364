"""Workbooks (.xlsx, .xls, .xlsb, .ods) and delimited text (.csv, .tsv, .txt)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pandas as pd
from python_calamine import CalamineWorkbook

from pipelines.readers.cells import frame_as_text
from pipelines.readers.errors import SourceError
from pipelines.readers.files import existing_file
from pipelines.readers.result import SourceRead
from pipelines.registry import Registry, SourceSpec

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
DELIMITED_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}
# Encodings tried in order when the registry names none. GB18030 is a superset of GBK and GB2312,
# which is what Chinese Excel writes as "CSV".
FALLBACK_ENCODINGS = ("utf-8-sig", "gb18030")
# Title and note rows above the header are common; the header is looked for this far down.
HEADER_SEARCH_ROWS = 20


def read_spreadsheet(spec: SourceSpec, registry: Registry) -> SourceRead:
    path = existing_file(spec)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return _read_workbook(spec, path)
    if suffix in DELIMITED_SUFFIXES:
        return _read_delimited(spec, path, DELIMITED_SUFFIXES[suffix])
    raise SourceError(spec.name, str(path), f"unsupported spreadsheet type {suffix!r}")



def _read_workbook(spec: SourceSpec, path: Path) -> SourceRead:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as broken:  # calamine raises several private error types for corrupt files
        raise SourceError(spec.name, str(path), f"not a readable workbook: {broken}") from broken
    wanted = spec.options.get("sheets") or workbook.sheet_names
    frames, warnings = [], []
    for sheet_name in wanted:
        if sheet_name not in workbook.sheet_names:
            raise SourceError(spec.name, str(path), f"sheet {sheet_name!r} not in workbook {workbook.sheet_names}")
        sheet = workbook.get_sheet_by_name(sheet_name)
        rows = sheet.to_python(skip_empty_area=False)
        table = _table_below_header(spec, rows, first_row_number=1)
        if table is None:
            warnings.append(f"sheet {sheet_name!r} skipped: no header row with the registry's columns")
            continue
        frame, row_numbers, missing = table
        if missing:
            warnings.append(f"sheet {sheet_name!r} lacks columns {', '.join(missing)}")
        frame.insert(0, "source_locator", [f"{sheet_name}!{n}" for n in row_numbers])
        frames.append(frame)
    if not frames:
        raise SourceError(spec.name, str(path), f"no sheet has a header row with any of the columns {list(spec.columns)}")
    return SourceRead(records=pd.concat(frames, ignore_index=True), warnings=tuple(warnings))


def _read_delimited(spec: SourceSpec, path: Path, delimiter: str) -> SourceRead:
    encodings = [spec.options["encoding"]] if "encoding" in spec.options else FALLBACK_ENCODINGS
    raw = path.read_bytes()
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError as wrong:
            failure = wrong
    else:
        line = raw[: failure.start].count(b"\n") + 1
        raise SourceError(spec.name, str(path), f"not decodable as {' or '.join(encodings)}", row=f"line {line}")
    # Row numbers are physical line numbers as long as no quoted field spans lines.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    table = _table_below_header(spec, rows, first_row_number=1)
    if table is None:
        raise SourceError(spec.name, str(path), f"no header row with any of the columns {list(spec.columns)}")
    frame, row_numbers, missing = table
    frame.insert(0, "source_locator", [f"line {n}" for n in row_numbers])
    warnings = (f"lacks columns {', '.join(missing)}",) if missing else ()
    return SourceRead(records=frame, warnings=warnings)


def _table_below_header(
    spec: SourceSpec, rows: list[list[Any]], first_row_number: int
) -> tuple[pd.DataFrame, list[int], list[str]] | None:
    """The mapped columns of the rows under the header, their row numbers and the columns missing.

    The header is the row among the first few that names the most of the registry's columns.
    Rows with no value at all are left out (they are layout, not records).
    """
    wanted = set(spec.columns)
    best_index, best_hits = None, 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = len(wanted & {str(cell).strip() for cell in row if cell is not None})
        if hits > best_hits:
            best_index, best_hits = index, hits
    if best_index is None:
        return None
    header = [str(cell).strip() if cell is not None else "" for cell in rows[best_index]]
    positions = {name: header.index(name) for name in spec.columns if name in header}
    body = rows[best_index + 1 :]
    width = len(header)
    padded = [list(row) + [None] * (width - len(row)) for row in body]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object) if padded else pd.DataFrame(columns=range(width))
    frame = frame_as_text(frame[list(positions.values())].set_axis(list(positions), axis=1))
    row_numbers = pd.Series(range(best_index + 1 + first_row_number, best_index + 1 + first_row_number + len(body)))
    has_value = frame.notna().any(axis=1).to_numpy() if len(frame) else []
    frame = frame[has_value].reset_index(drop=True)
    missing = [name for name in spec.columns if name not in positions]
    return frame, row_numbers[has_value].tolist(), missing
