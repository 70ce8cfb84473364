"""When a customer is next to be contacted: the intent grade's follow-up interval after the last
contact, and whether that day has passed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

# Days from the last contact to the next, per intent grade (likelihood of an order, A highest);
# the registry's `company: follow_up_days` replaces them.
DEFAULT_FOLLOW_UP_DAYS = {"A": 7, "B": 14, "C": 30}


def next_follow_up_due(
    last_contact: pd.Series, intent_grade: pd.Series, follow_up_days: Mapping[str, int]
) -> pd.Series:
    """The last contact date plus the grade's interval; empty without a contact date, or for a
    customer whose grade has no interval."""
    days = intent_grade.astype("string").str.strip().str.upper().map(dict(follow_up_days)).astype(float)
    return pd.to_datetime(last_contact) + pd.to_timedelta(days, unit="D")


def follow_up_overdue(due: pd.Series, run_date: dt.date) -> pd.Series:
    """Whether the follow-up was due before the run's date; empty where none is due."""
    return (due < pd.Timestamp(run_date)).astype("boolean").mask(due.isna())
