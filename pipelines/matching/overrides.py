"""A data steward's decisions on record pairs, kept in a CSV file and applied on every run:
`must_link` joins two records whatever the matcher says; `cannot_link` keeps them apart, even
through other records."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.company_files import CompanyFileError, first_bad_line, read_company_csv

OVERRIDE_COLUMNS = ["record_key_a", "record_key_b", "decision", "reason", "decided_by", "decided_at"]
DECISIONS = ("must_link", "cannot_link")


class OverrideError(CompanyFileError):
    """The overrides file has a row that says nothing usable."""


def load_overrides(path: Path | None) -> pd.DataFrame:
    """The steward's decisions; an empty frame when no file is configured or it does not exist yet."""
    if path is None or not path.exists():
        return pd.DataFrame(columns=OVERRIDE_COLUMNS, dtype=object)
    overrides = read_company_csv(path, ("record_key_a", "record_key_b", "decision"), "overrides file")
    overrides["decision"] = overrides["decision"].str.lower()
    bad = (
        ~overrides["decision"].isin(DECISIONS)
        | (overrides["record_key_a"] == "")
        | (overrides["record_key_b"] == "")
    )
    if bad.any():
        raise OverrideError(
            f"overrides file {path}, line {first_bad_line(bad)}: needs two record keys and a decision of {' or '.join(DECISIONS)}"
        )
    return overrides.reindex(columns=OVERRIDE_COLUMNS).fillna("")
