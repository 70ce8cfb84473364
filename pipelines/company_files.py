"""The company's own CSV files that the registry names beside its sources (staff roster, complaint
log, the data steward's overrides): read in whatever encoding the office saved them in, every value
as text."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from pipelines.readers.encodings import decode_text


class CompanyFileError(ValueError):
    """A company file is unreadable, lacks a column, or has a row that says nothing usable."""


def read_company_csv(path: Path, required: tuple[str, ...], what: str) -> pd.DataFrame:
    """The file's rows with stripped text ('' where empty); its line N is row N - 2."""
    try:
        text, _ = decode_text(path.read_bytes())
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as unreadable:
        raise CompanyFileError(f"{what} {path}: {unreadable}") from unreadable
    table.columns = [str(column).strip() for column in table.columns]
    missing = [column for column in required if column not in table]
    if missing:
        raise CompanyFileError(f"{what} {path} lacks the columns {', '.join(missing)}")
    return table.apply(lambda column: column.str.strip())


def file_line(row_position: int) -> int:
    """The line of the file a row of `read_company_csv` was read from (line 1 is the header)."""
    return row_position + 2


def first_bad_line(bad: pd.Series) -> int:
    """The line of the first row of `read_company_csv` that `bad` marks."""
    return file_line(int(bad.to_numpy().nonzero()[0][0]))
