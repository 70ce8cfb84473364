"""Candidate pairs: only records that share a blocking key are compared, never all pairs."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipelines.standardise.records import PHONE_SLOTS

# A key shared by more records than this is a placeholder (a switchboard, 13800138000), not evidence.
MAX_BLOCK_SIZE = 500

_CANDIDATES_SQL = """
CREATE TEMP TABLE blocks AS
SELECT kind, value, count(DISTINCT row_id) AS size FROM blocking_keys GROUP BY kind, value;
SELECT DISTINCT a.row_id AS left_id, b.row_id AS right_id
FROM blocking_keys a
JOIN blocking_keys b ON a.kind = b.kind AND a.value = b.value AND a.row_id < b.row_id
JOIN blocks k ON k.kind = a.kind AND k.value = a.value
WHERE k.size <= $max_block_size
ORDER BY left_id, right_id
"""


def candidate_pairs(records: pd.DataFrame, max_block_size: int = MAX_BLOCK_SIZE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs of row positions sharing an email, a phone, a company branch or an ID number; blocks too
    large to use)."""
    with duckdb.connect() as connection:
        connection.register("blocking_keys", blocking_keys(records))
        pairs = connection.execute(_CANDIDATES_SQL, {"max_block_size": max_block_size}).df()
        oversized = connection.execute(
            "SELECT kind, value, size FROM blocks WHERE size > $max_block_size ORDER BY size DESC",
            {"max_block_size": max_block_size},
        ).df()
    return pairs, oversized


def blocking_keys(records: pd.DataFrame) -> pd.DataFrame:
    """One row per (record position, key kind, key value): the full name with the city, every
    email, every phone slot, the company key with its branch, and the resident ID number's key."""
    company = records["company_key"] + "|" + records["company_branch"].fillna("")
    # A bare surname says nothing: only full names (two syllables or more) block with their city.
    full_name = records["name_key"].where(records["name_key"].fillna("").str.contains(" "))
    keys = [
        ("name_city", full_name + "|" + records["city_key"]),
        ("email", records["email_std"]),
        *(("phone", records[f"{slot}_e164"]) for slot in PHONE_SLOTS),
        ("company", company),
        ("id_number", records["id_number_key"]),
    ]
    row_ids = np.arange(len(records))
    long = pd.concat(
        [pd.DataFrame({"row_id": row_ids, "kind": kind, "value": values.astype(object).to_numpy()}) for kind, values in keys],
        ignore_index=True,
    )
    return long.dropna(subset=["value"])
