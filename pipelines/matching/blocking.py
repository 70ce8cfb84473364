"""Candidate pairs: only records that share a blocking key are compared, never all pairs."""

from __future__ import annotations

import duckdb
import pandas as pd

# A key shared by more records than this is a placeholder (a switchboard, 13800138000), not evidence.
MAX_BLOCK_SIZE = 500

_BLOCKING_KEYS_SQL = """
CREATE TEMP TABLE blocking_keys AS
SELECT row_id, 'email' AS kind, email_std AS value FROM records WHERE email_std IS NOT NULL
UNION ALL SELECT row_id, 'phone', phone_e164 FROM records WHERE phone_e164 IS NOT NULL
UNION ALL SELECT row_id, 'phone', alt_phone_e164 FROM records WHERE alt_phone_e164 IS NOT NULL
UNION ALL SELECT row_id, 'company', company_key || '|' || coalesce(company_branch, '')
    FROM records WHERE company_key IS NOT NULL;
CREATE TEMP TABLE blocks AS
SELECT kind, value, count(DISTINCT row_id) AS size FROM blocking_keys GROUP BY kind, value;
"""

_CANDIDATES_SQL = """
SELECT DISTINCT a.row_id AS left_id, b.row_id AS right_id
FROM blocking_keys a
JOIN blocking_keys b ON a.kind = b.kind AND a.value = b.value AND a.row_id < b.row_id
JOIN blocks k ON k.kind = a.kind AND k.value = a.value
WHERE k.size <= $max_block_size
ORDER BY left_id, right_id
"""

_BLOCKING_COLUMNS = ("email_std", "phone_e164", "alt_phone_e164", "company_key", "company_branch")


def candidate_pairs(records: pd.DataFrame, max_block_size: int = MAX_BLOCK_SIZE) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs of row positions sharing an email, a phone or a company branch; blocks too large to use)."""
    keyed = pd.DataFrame({"row_id": range(len(records))} | {c: records[c].astype(object) for c in _BLOCKING_COLUMNS})
    with duckdb.connect() as connection:
        connection.register("records", keyed)
        connection.execute(_BLOCKING_KEYS_SQL)
        pairs = connection.execute(_CANDIDATES_SQL, {"max_block_size": max_block_size}).df()
        oversized = connection.execute(
            "SELECT kind, value, size FROM blocks WHERE size > $max_block_size ORDER BY size DESC",
            {"max_block_size": max_block_size},
        ).df()
    return pairs, oversized
