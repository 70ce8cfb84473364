"""Candidate pairs: only records that share a blocking key are compared, never all pairs."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from pipelines.standardise.records import PHONE_SLOTS


@dataclass(frozen=True)
class BlockingKey:
    """Records block together when they agree on `columns` (prepared, categorical): on every one
    of them, or with `any_column`, on any one (a phone in any slot). `optional` columns may be
    missing on both sides (a company without a branch)."""

    columns: tuple[str, ...]
    # The most records one key may join. A key shared by more is a placeholder (a switchboard,
    # 13800138000), or, for the looser kinds, too common to say anything (王伟, qq.com).
    max_block_size: int
    # The comparisons this key decides: the pairs it finds say nothing about their m (model.py).
    decides: tuple[str, ...]
    optional: tuple[str, ...] = ()
    any_column: bool = False
    # Large blocks are common values, not broken data: not reported as oversized.
    common_by_nature: bool = False


BLOCKING_KEYS = {
    "name_city": BlockingKey(("full_name_key", "city"), 500, decides=("name", "city")),
    # A full name alone joins a record that names no city; names common enough to need the city are left out.
    "name": BlockingKey(("full_name_key",), 100, decides=("name",), common_by_nature=True),
    "email": BlockingKey(("email",), 500, decides=("email",)),
    # A company's own domain, not a mail provider's (a provider's blocks are far over the size).
    "email_domain": BlockingKey(("email_domain",), 100, decides=("email",), common_by_nature=True),
    "phone": BlockingKey(
        tuple(f"{slot}_e164" for slot in PHONE_SLOTS), 500, decides=("phone",), any_column=True
    ),
    "company": BlockingKey(
        ("company_key", "company_branch_city"), 500, decides=("company",), optional=("company_branch_city",)
    ),
    # The trade name in pinyin with the company's city, else the record's: 信宝 and Xinbao.
    "trade_name": BlockingKey(("company_brand", "company_place"), 500, decides=("company",)),
    "id_number": BlockingKey(("id_number",), 500, decides=("id_number",)),
    "address": BlockingKey(("address",), 50, decides=("address", "city")),
    # Keys that find records whose names, identifiers or street are mistyped: a date of birth, a
    # postcode with the name's first or last word, a name's word with the city.
    "birthday": BlockingKey(("birthday",), 50, decides=("birthday",), common_by_nature=True),
    "postcode_name_word": BlockingKey(
        ("postcode", "name_first_word"), 50, decides=("address",), common_by_nature=True
    ),
    "name_word_city": BlockingKey(("name_first_word", "city"), 50, decides=("city",), common_by_nature=True),
}
BLOCKING_KIND_BITS = {kind: 1 << position for position, kind in enumerate(BLOCKING_KEYS)}

# Blocks over their size are left out before the self-join: one common value must not make
# a join of its records squared.
_CANDIDATES_SQL = """
CREATE TEMP TABLE blocks AS
SELECT kind, value, count(DISTINCT row_id) AS size FROM blocking_keys GROUP BY kind, value;
CREATE TEMP TABLE usable_keys AS
SELECT k.* FROM blocking_keys k
JOIN blocks b USING (kind, value) JOIN max_block_sizes l USING (kind)
WHERE b.size <= l.max_size;
SELECT a.row_id AS left_id, b.row_id AS right_id, bit_or(a.kind_bit) AS blocked_on
FROM usable_keys a
JOIN usable_keys b ON a.kind = b.kind AND a.value = b.value AND a.row_id < b.row_id
WHERE a.kind <> 'name' OR a.without_city OR b.without_city
GROUP BY ALL
ORDER BY left_id, right_id
"""
_OVERSIZED_SQL = """
SELECT b.kind, b.value, b.size FROM blocks b JOIN max_block_sizes l USING (kind)
WHERE b.size > l.max_size AND b.kind NOT IN (SELECT unnest($common)) ORDER BY b.size DESC
"""


def candidate_pairs(prepared: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs of row positions sharing a key, with the bits of the kinds they share; blocks too
    large to use: kind, value, size). `prepared`: matching.comparisons.prepare_records."""
    limits = pd.DataFrame(
        {"kind": list(BLOCKING_KEYS), "max_size": [key.max_block_size for key in BLOCKING_KEYS.values()]}
    )
    with duckdb.connect() as connection:
        connection.execute("SET enable_progress_bar = false")
        connection.register("blocking_keys", blocking_keys(prepared))
        connection.register("max_block_sizes", limits)
        pairs = connection.execute(_CANDIDATES_SQL).df()
        common = [kind for kind, key in BLOCKING_KEYS.items() if key.common_by_nature]
        oversized = connection.execute(_OVERSIZED_SQL, {"common": common}).df()
    values = [_key_text(prepared, kind, value) for kind, value in zip(oversized["kind"], oversized["value"])]
    return pairs, pd.DataFrame({"kind": oversized["kind"], "value": values, "size": oversized["size"]})


def blocking_keys(prepared: pd.DataFrame) -> pd.DataFrame:
    """One row per (record position, key kind, key value); a value is the key's category codes
    packed into one integer, so DuckDB joins integers, not text."""
    row_ids = np.arange(len(prepared))
    without_city = prepared["city"].isna().to_numpy()
    frames = []
    for kind, key in BLOCKING_KEYS.items():
        for values in _key_values(prepared, key):
            found = values >= 0
            frames.append(
                pd.DataFrame(
                    {
                        "row_id": row_ids[found],
                        "kind": kind,
                        "kind_bit": BLOCKING_KIND_BITS[kind],
                        "value": values[found],
                        "without_city": without_city[found],
                    }
                )
            )
    return pd.concat(frames, ignore_index=True)


def _key_values(prepared: pd.DataFrame, key: BlockingKey) -> list[np.ndarray]:
    """The key's integer value per record, -1 where a required column is missing."""
    codes = {column: prepared[column].cat.codes.to_numpy(dtype=np.int64) for column in key.columns}
    if key.any_column:
        return list(codes.values())
    packed = np.zeros(len(prepared), dtype=np.int64)
    missing = np.zeros(len(prepared), dtype=bool)
    for column, code in codes.items():
        # Shifted by one so that an optional column's missing value (-1) packs as 0.
        packed = packed * (len(prepared[column].cat.categories) + 1) + code + 1
        if column not in key.optional:
            missing |= code < 0
    return [np.where(missing, -1, packed)]


def _key_text(prepared: pd.DataFrame, kind: str, value: int) -> str:
    """A key's value as text, its columns' values unpacked and joined by |."""
    key = BLOCKING_KEYS[kind]
    if key.any_column:
        # The columns share one set of categories (prepare_records).
        return str(prepared[key.columns[0]].cat.categories[value])
    texts = []
    for column in reversed(key.columns):
        categories = prepared[column].cat.categories
        value, code = divmod(int(value), len(categories) + 1)
        texts.append("" if code == 0 else str(categories[code - 1]))
    return "|".join(reversed(texts))
