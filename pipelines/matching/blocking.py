"""Candidate pairs: only records that share a blocking key are compared, never all pairs."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.engine import DEFAULT_ENGINE, EngineSettings
from pipelines.standardise.id_numbers import mask_short
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
    # Its values are personal data (a phone, an email): shown masked when its block is skipped.
    personal: bool = False


BLOCKING_KEYS = {
    "name_city": BlockingKey(("full_name_key", "city"), 500, decides=("name", "city")),
    # A full name alone joins a record that names no city; names common enough to need the city are left out.
    "name": BlockingKey(("full_name_key",), 100, decides=("name",)),
    "email": BlockingKey(("email",), 500, decides=("email",), personal=True),
    # A company's own domain, not a mail provider's (a provider's blocks are far over the size).
    "email_domain": BlockingKey(("email_domain",), 100, decides=("email",)),
    "phone": BlockingKey(
        tuple(f"{slot}_e164" for slot in PHONE_SLOTS), 500, decides=("phone",), any_column=True, personal=True
    ),
    "company": BlockingKey(
        ("company_key", "company_branch_city"), 500, decides=("company",), optional=("company_branch_city",)
    ),
    # The trade name in pinyin with the company's city, else the record's: 信宝 and Xinbao.
    "trade_name": BlockingKey(("company_brand", "company_place"), 500, decides=("company",)),
    "id_number": BlockingKey(("id_number",), 500, decides=("id_number",), personal=True),
    "address": BlockingKey(("address",), 50, decides=("address", "city"), personal=True),
    # Keys that find records whose names, identifiers or street are mistyped: a date of birth, a
    # postcode with the name's first or last word, a name's word with the city.
    "birthday": BlockingKey(("birthday",), 50, decides=("birthday",), personal=True),
    "postcode_name_word": BlockingKey(
        ("postcode", "name_first_word"), 50, decides=("address",), personal=True
    ),
    "name_word_city": BlockingKey(("name_first_word", "city"), 50, decides=("city",)),
}
BLOCKING_KIND_BITS = {kind: 1 << position for position, kind in enumerate(BLOCKING_KEYS)}

# The pairs one kind of key may make, per record compared (with a floor, so that small data is
# never held back): a bound on the candidate pairs, and so on memory, that no distribution of
# values can break. Within it a kind's blocks are expanded smallest first; the largest go.
PAIRS_PER_RECORD = 20
MIN_PAIRS_PER_KIND = 1_000_000
# Why a block was not expanded into pairs.
OVER_SIZE, OVER_BUDGET = "over_size", "over_budget"
SKIPPED_BLOCK_COLUMNS = ["kind", "value", "size", "reason"]

# Blocks are chosen before the self-join: one common value must not make a join of its records
# squared, and the join's result is bounded by the budget.
_CANDIDATES_SQL = (
    """CREATE TEMP TABLE blocks AS
    SELECT kind, value, count(DISTINCT row_id) AS size FROM blocking_keys GROUP BY kind, value HAVING size > 1""",
    """CREATE TEMP TABLE judged_blocks AS
    SELECT kind, value, size,
           CASE WHEN size > max_size THEN 'over_size'
                WHEN sum(size * (size - 1) // 2) OVER (
                         PARTITION BY kind, size <= max_size ORDER BY size, value ROWS UNBOUNDED PRECEDING
                     ) > $budget THEN 'over_budget'
           END AS reason
    FROM blocks JOIN max_block_sizes USING (kind)""",
    """CREATE TEMP TABLE usable_keys AS
    SELECT k.* FROM blocking_keys k JOIN judged_blocks b USING (kind, value) WHERE b.reason IS NULL""",
    """SELECT a.row_id AS left_id, b.row_id AS right_id, bit_or(a.kind_bit) AS blocked_on
    FROM usable_keys a
    JOIN usable_keys b ON a.kind = b.kind AND a.value = b.value AND a.row_id < b.row_id
    WHERE a.kind <> 'name' OR a.without_city OR b.without_city
    GROUP BY ALL
    ORDER BY left_id, right_id""",
)
_SKIPPED_SQL = """
SELECT kind, value, size, reason FROM judged_blocks WHERE reason IS NOT NULL ORDER BY size DESC, kind, value
"""


def candidate_pairs(
    prepared: pd.DataFrame, engine: EngineSettings = DEFAULT_ENGINE
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(pairs of row positions sharing a key, with the bits of the kinds they share; blocks not
    expanded: kind, value (masked where personal), size, reason: over its kind's size, or past
    the kind's pair budget). `prepared`: matching.comparisons.prepare_records."""
    limits = pd.DataFrame(
        {"kind": list(BLOCKING_KEYS), "max_size": [key.max_block_size for key in BLOCKING_KEYS.values()]}
    )
    budget = max(PAIRS_PER_RECORD * len(prepared), MIN_PAIRS_PER_KIND)
    with engine.connect() as connection:
        connection.register("blocking_keys", blocking_keys(prepared))
        connection.register("max_block_sizes", limits)
        for statement in _CANDIDATES_SQL:
            result = connection.execute(statement, {"budget": budget} if "$budget" in statement else None)
        pairs = result.df()
        skipped = connection.execute(_SKIPPED_SQL).df()
    values = [_shown_value(prepared, kind, value) for kind, value in zip(skipped["kind"], skipped["value"])]
    return pairs, skipped.assign(value=values)[SKIPPED_BLOCK_COLUMNS]


def skipped_blocks_summary(skipped: pd.DataFrame, examples: int = 3) -> list[str]:
    """One line per kind of key and reason, for the run's log: how many blocks and records were
    not expanded into pairs, and the largest of them."""
    lines = []
    for (kind, reason), blocks in skipped.groupby(["kind", "reason"], sort=True):
        largest = ", ".join(f"{row.value!r} ({row.size})" for row in blocks.head(examples).itertuples())
        why = (
            f"more records than the {BLOCKING_KEYS[kind].max_block_size} one {kind} key may join"
            if reason == OVER_SIZE
            else f"past the pairs a {kind} key may make ({PAIRS_PER_RECORD} per record)"
        )
        lines.append(
            f"{len(blocks)} {kind} blocks of {int(blocks['size'].sum())} records not compared pair by pair, "
            f"{why}: largest {largest}; their records are compared through their other keys"
        )
    return lines


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


def _shown_value(prepared: pd.DataFrame, kind: str, value: int) -> str:
    """A skipped block's key as logs and the audit report may show it."""
    text = _key_text(prepared, kind, value)
    return mask_short(text) if BLOCKING_KEYS[kind].personal else text


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
