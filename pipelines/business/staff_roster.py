"""The staff roster: who works for the company and who has left, so that the customers of a
salesperson who left are handed over instead of leaving with them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.company_files import CompanyFileError, first_bad_line, read_company_csv
from pipelines.standardise.distinct import map_distinct
from pipelines.standardise.emails import standardise_email
from pipelines.standardise.names import standardise_person_name

ROSTER_COLUMNS = ("name", "status")  # required; `email` and `left_on` are optional
# status as HR writes it -> has left
STAFF_STATUSES = {"active": False, "在职": False, "left": True, "离职": True}


def load_staff_roster(path: Path) -> pd.DataFrame:
    """The roster's rows with `has_left` from their status."""
    roster = read_company_csv(path, ROSTER_COLUMNS, "staff roster")
    has_left = roster["status"].str.lower().map(STAFF_STATUSES)
    unknown = has_left.isna() | (roster["name"] == "")
    if unknown.any():
        raise CompanyFileError(
            f"staff roster {path}, line {first_bad_line(unknown)}: needs a name and a status of active or left"
        )
    return roster.assign(has_left=has_left.astype(bool))


def owner_has_left(owners: pd.Series, roster: pd.DataFrame | None) -> pd.Series:
    """Per owner: True when the roster says the owner left, False when active, empty when there is
    no roster or the owner is not on it. Owners are recognised by name (张伟 = 張偉) or email; a
    name that an active and a former employee share counts as active, as somebody is there."""
    if roster is None:
        return pd.Series(pd.NA, index=owners.index, dtype="boolean")
    known_by = roster.melt(
        id_vars="has_left", value_vars=[c for c in ("name", "email") if c in roster], value_name="who"
    )
    known_by = known_by[known_by["who"] != ""]
    left = (
        known_by.assign(key=known_by["who"].map(_staff_key))
        .dropna(subset=["key"])
        .groupby("key")["has_left"]
        .all()
    )
    return map_distinct(owners, lambda owner: (left.get(_staff_key(owner)),), ["owner_has_left"])[
        "owner_has_left"
    ].astype("boolean")


def _staff_key(name_or_email: str) -> str | None:
    if "@" in name_or_email:
        return standardise_email(name_or_email)[0]
    name = standardise_person_name(name_or_email)[0]
    return name.casefold() if name else None
