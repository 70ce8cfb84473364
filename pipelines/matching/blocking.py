"""Candidate pairs: only records that share a blocking key are compared, never all pairs."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipelines.standardise.records import PHONE_SLOTS

# The most records one key may join. A key shared by more is a placeholder (a switchboard,
# 13800138000), or, for the looser kinds, too common to say anything (王伟, qq.com).
MAX_BLOCK_SIZE = {
    "name_city": 500,
    # A full name alone joins a record that names no city; names common enough to need the city are left out.
    "name": 100,
    "email": 500,
    # A company's own domain, not a mail provider's.
    "email_domain": 100,
    "phone": 500,
    "company": 500,
    # The trade name in pinyin with the city: 信宝 in Chinese and Xinbao in English.
    "trade_name": 500,
    "id_number": 500,
    "address": 50,
}
BLOCKING_KINDS = tuple(MAX_BLOCK_SIZE)
BLOCKING_KIND_BITS = {kind: 1 << position for position, kind in enumerate(BLOCKING_KINDS)}
# Kinds whose large blocks are common values, not broken data: not reported as oversized.
COMMON_BY_NATURE = ("name", "email_domain")

_CANDIDATES_SQL = """
CREATE TEMP TABLE blocks AS
SELECT kind, value, count(DISTINCT row_id) AS size FROM blocking_keys GROUP BY kind, value;
CREATE TEMP TABLE limits AS SELECT * FROM max_block_sizes;
SELECT a.row_id AS left_id, b.row_id AS right_id, bit_or(a.kind_bit) AS blocked_on
FROM blocking_keys a
JOIN blocking_keys b ON a.kind = b.kind AND a.value = b.value AND a.row_id < b.row_id
JOIN blocks k ON k.kind = a.kind AND k.value = a.value
JOIN limits l ON l.kind = a.kind
WHERE k.size <= l.max_size AND (a.kind <> 'name' OR a.without_city OR b.without_city)
GROUP BY ALL
ORDER BY left_id, right_id
"""


def candidate_pairs(prepared: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs of row positions sharing a key, with the bits of the kinds they share; blocks too
    large to use that point at placeholder values). `prepared`: matching.comparisons.prepare_records."""
    limits = pd.DataFrame({"kind": list(MAX_BLOCK_SIZE), "max_size": list(MAX_BLOCK_SIZE.values())})
    with duckdb.connect() as connection:
        connection.register("blocking_keys", blocking_keys(prepared))
        connection.register("max_block_sizes", limits)
        pairs = connection.execute(_CANDIDATES_SQL).df()
        oversized = connection.execute(
            "SELECT b.kind, b.value, b.size FROM blocks b JOIN limits l USING (kind) "
            "WHERE b.size > l.max_size AND b.kind NOT IN ? ORDER BY b.size DESC",
            [list(COMMON_BY_NATURE)],
        ).df()
    return pairs, oversized


def blocking_keys(prepared: pd.DataFrame) -> pd.DataFrame:
    """One row per (record position, key kind, key value)."""
    company = prepared["company_key"] + "|" + prepared["company_branch_city"].fillna("")
    keys = {
        "name_city": prepared["full_name_key"] + "|" + prepared["city"],
        "name": prepared["full_name_key"],
        "email": prepared["email"],
        "email_domain": prepared["email_domain"],
        "phone": [prepared[f"{slot}_e164"] for slot in PHONE_SLOTS],
        "company": company,
        "trade_name": prepared["company_brand"] + "|" + prepared["company_region"].fillna(prepared["city"]),
        "id_number": prepared["id_number"],
        "address": prepared["address"],
    }
    row_ids = np.arange(len(prepared))
    without_city = prepared["city"].isna().to_numpy()
    frames = [
        pd.DataFrame({"row_id": row_ids, "kind": kind, "kind_bit": BLOCKING_KIND_BITS[kind], "value": values.astype(object).to_numpy(),
                      "without_city": without_city})
        for kind, columns in keys.items()
        for values in (columns if isinstance(columns, list) else [columns])
    ]
    return pd.concat(frames, ignore_index=True).dropna(subset=["value"])
