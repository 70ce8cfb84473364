"""Complaints: contacts whose subject says they are one (投诉, complaint) and the complaint log in
which departments note complaints against their own record of a customer. The same customer
complaining to several departments is a repeat complaint, to be handled with priority."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipelines.company_files import CompanyFileError, file_line, first_bad_line, read_company_csv
from pipelines.frames import missing_as_none
from pipelines.standardise.dates import DATE_COLUMNS, standardise_date
from pipelines.standardise.distinct import map_distinct
from pipelines.survivorship import distinct_values

COMPLAINT_WORDS = re.compile(r"投诉|投訴|客诉|客訴|complain", re.IGNORECASE)
LOG_COLUMNS = ("record_key", "complained_on", "channel", "reason")  # the first two required
COMPLAINT_LOG_COLUMNS = [*LOG_COLUMNS, "source_locator"]  # as loaded
# The `source` of the contact events the complaint log gives.
COMPLAINT_LOG = "complaint_log"
COMPLAINT_COLUMNS = ["customer_id", "complaint_departments", "repeat_complaint"]


def mentions_complaint(subjects: pd.Series) -> pd.Series:
    return subjects.fillna("").astype(str).str.contains(COMPLAINT_WORDS)


def load_complaint_log(path: Path) -> pd.DataFrame:
    """The log's complaints: `record_key` (the record of the department complained to, as
    customer_sources names it), `complained_on` in ISO, `channel`, `reason`, and `source_locator`
    (`line N`)."""
    log = read_company_csv(path, LOG_COLUMNS[:2], "complaint log").reindex(
        columns=list(LOG_COLUMNS), fill_value=""
    )
    complained_on = map_distinct(log["complained_on"], standardise_date, DATE_COLUMNS)[DATE_COLUMNS[0]]
    unusable = (log["record_key"] == "") | complained_on.isna()
    if unusable.any():
        raise CompanyFileError(
            f"complaint log {path}, line {first_bad_line(unusable)}: needs a record_key and a date complained_on"
        )
    lines = [f"line {file_line(position)}" for position in range(len(log))]
    return missing_as_none(log.mask(log == "")).assign(complained_on=complained_on, source_locator=lines)


def no_complaints() -> pd.DataFrame:
    return pd.DataFrame(columns=COMPLAINT_LOG_COLUMNS, dtype=object)


def complaints_by_customer(events: pd.DataFrame) -> pd.DataFrame:
    """Per customer who complained: the departments complained to, and whether there were several."""
    complaints = events[events["complaint"]]
    departments = distinct_values(complaints, ["department"]).rename("complaint_departments")
    return departments.reset_index().assign(repeat_complaint=departments.map(len).to_numpy() >= 2)[
        COMPLAINT_COLUMNS
    ]
