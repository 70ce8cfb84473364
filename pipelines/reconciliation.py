"""Per source: records read = records linked to a customer + records quarantined."""

from __future__ import annotations

import pandas as pd

RECONCILIATION_COLUMNS = [
    "source",
    "department",
    "records_read",
    "records_linked",
    "records_quarantined",
    "customers",
]


def source_reconciliation(
    records: pd.DataFrame, customer_sources: pd.DataFrame, quarantine: pd.DataFrame
) -> pd.DataFrame:
    read = records.groupby(["source", "department"]).size().rename("records_read")
    linked = customer_sources.groupby("source").agg(
        records_linked=("record_key", "size"), customers=("customer_id", "nunique")
    )
    quarantined = quarantine.groupby("source").size().rename("records_quarantined")
    table = read.reset_index().join(linked, on="source").join(quarantined, on="source")
    counts = ["records_read", "records_linked", "records_quarantined", "customers"]
    table[counts] = table[counts].fillna(0).astype("int64")
    return table[RECONCILIATION_COLUMNS]
