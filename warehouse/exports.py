"""Export any table or view of the warehouse to CSV, XLSX or Parquet, with the database opened
read-only.

Spreadsheet applications run a cell that starts with =, +, - or @ (or a tab or carriage return)
as a formula. In CSV and XLSX such text gets a leading apostrophe (OWASP, CSV injection), so
it shows as text: phone numbers in E.164 (`'+8613800138000`) included, since a spreadsheet cannot
tell them from a formula. Numbers, dates and booleans cannot hold a formula: they are written as
they are (typed cells in XLSX).
Parquet is read by programs, not spreadsheet applications: its values stay as they are, typed.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import xlsxwriter

from warehouse.views import quote_identifier, quote_literal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
# Rows fetched from DuckDB at a time: an export holds one batch in memory, whatever the size.
BATCH_ROWS = 10_000
# One sheet of an .xlsx workbook, its header row included.
XLSX_MAX_ROWS = 1_048_576
# Written as typed cells; everything else (text, lists, identifiers) becomes text.
TYPED_CELL_VALUES = (bool, int, float, Decimal, dt.date)


class ExportError(ValueError):
    """The warehouse cannot be opened, or the table or view cannot be exported as asked."""


def neutralise_formula(text: str) -> str:
    """Text that a spreadsheet would run as a formula, made plain text by a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def spreadsheet_cell(value: object) -> object:
    """A warehouse value as a CSV or XLSX cell: lists joined into text, all text neutralised."""
    if value is None or isinstance(value, TYPED_CELL_VALUES):
        return value
    if isinstance(value, list):
        value = LIST_SEPARATOR.join("" if item is None else str(item) for item in value)
    return neutralise_formula(str(value))


def connect_read_only(database: Path) -> duckdb.DuckDBPyConnection:
    if not database.is_file():
        raise ExportError(f"no warehouse at {database}: run `customer-hub run` first, or give --warehouse")
    try:
        return duckdb.connect(str(database), read_only=True)
    except duckdb.Error as refused:  # e.g. not a DuckDB file, or one of a newer DuckDB
        raise ExportError(f"cannot open {database} read-only: {refused}") from refused


def relations(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(name, "table" or "view") of every table and view of the warehouse, by name."""
    return connection.execute(
        """SELECT table_name, 'table' FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal
           UNION ALL
           SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
           ORDER BY 1"""
    ).fetchall()


def _write_csv(connection: duckdb.DuckDBPyConnection, relation: str, path: Path) -> int:
    columns, batches = _stream(connection, relation)
    rows = 0
    # UTF-8 with a BOM: Excel reads Chinese text in it correctly, in any locale.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(columns)
        for batch in batches:
            writer.writerows([spreadsheet_cell(value) for value in row] for row in batch)
            rows += len(batch)
    return rows


def _write_xlsx(connection: duckdb.DuckDBPyConnection, relation: str, path: Path) -> int:
    (count,) = connection.execute(f"SELECT count(*) FROM {quote_identifier(relation)}").fetchone()
    if count >= XLSX_MAX_ROWS:
        raise ExportError(
            f"{relation} has {count:,} rows, more than an .xlsx sheet holds ({XLSX_MAX_ROWS - 1:,} below the header): "
            "export it as csv or parquet"
        )
    columns, batches = _stream(connection, relation)
    # Text is never turned into a formula, link or number: strings_to_* off, cells written typed.
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    timestamp_format = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet = workbook.add_worksheet(relation[:31])  # Excel's longest sheet name
    sheet.write_row(0, 0, columns)
    row_number = 0
    for batch in batches:
        for row in batch:
            row_number += 1
            for column_number, value in enumerate(row):
                cell = spreadsheet_cell(value)
                if isinstance(cell, dt.datetime):
                    sheet.write_datetime(row_number, column_number, cell, timestamp_format)
                elif isinstance(cell, dt.date):
                    sheet.write_datetime(row_number, column_number, cell, date_format)
                elif cell is not None:
                    sheet.write(row_number, column_number, cell)
    workbook.close()
    return row_number


def _write_parquet(connection: duckdb.DuckDBPyConnection, relation: str, path: Path) -> int:
    (rows,) = connection.execute(
        f"COPY (SELECT * FROM {quote_identifier(relation)}) TO {quote_literal(str(path))} (FORMAT parquet)"
    ).fetchone()
    return rows


def _stream(connection: duckdb.DuckDBPyConnection, relation: str) -> tuple[list[str], Iterator[list[tuple]]]:
    cursor = connection.execute(f"SELECT * FROM {quote_identifier(relation)}")
    columns = [column[0] for column in cursor.description]
    return columns, iter(lambda: cursor.fetchmany(BATCH_ROWS), [])


WRITERS: dict[str, Callable[[duckdb.DuckDBPyConnection, str, Path], int]] = {
    "csv": _write_csv,
    "xlsx": _write_xlsx,
    "parquet": _write_parquet,
}
EXPORT_FORMATS = tuple(WRITERS)


def export_relation(database: Path, relation: str, export_format: str, output: Path) -> int:
    """Write the table or view `relation` of the warehouse to `output`; returns the rows written.
    The file appears only when complete: a failed export leaves no partial file behind."""
    if export_format not in WRITERS:
        raise ExportError(f"format {export_format!r} is not one of {', '.join(EXPORT_FORMATS)}")
    with connect_read_only(database) as connection:
        available = [name for name, _ in relations(connection)]
        if relation not in available:
            raise ExportError(
                f"no table or view {relation!r} in {database}; available: {', '.join(available)}"
            )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        try:
            rows = WRITERS[export_format](connection, relation, partial)
            partial.replace(output)
        finally:
            partial.unlink(missing_ok=True)
    return rows
