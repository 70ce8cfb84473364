"""From standardised records to customers: match, cluster, number, and build golden records."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.matching import match_records
from pipelines.schema import RECORD_LINEAGE
from pipelines.survivorship import golden_records

CUSTOMER_ID_FORMAT = "CUST-{:07d}"
CUSTOMER_SOURCES_COLUMNS = ["record_key", "customer_id", *RECORD_LINEAGE[1:], "matched_by"]


@dataclass(frozen=True)
class Resolution:
    customers: pd.DataFrame
    customer_sources: pd.DataFrame
    match_pairs: pd.DataFrame
    oversized_blocks: pd.DataFrame

    @property
    def duplicates_merged(self) -> int:
        return len(self.customer_sources) - len(self.customers)

    @property
    def duplicate_rate(self) -> float:
        return self.duplicates_merged / len(self.customer_sources) if len(self.customer_sources) else 0.0


def resolve_customers(records: pd.DataFrame) -> Resolution:
    records = records.reset_index(drop=True)
    match = match_records(records)
    customer_ids = _number_clusters(records["record_key"], match.cluster)
    sources = records[list(RECORD_LINEAGE)].copy()
    sources.insert(1, "customer_id", customer_ids)
    sources["matched_by"] = _joining_rule(match.pairs, len(records))
    return Resolution(
        customers=golden_records(records, customer_ids),
        customer_sources=sources[CUSTOMER_SOURCES_COLUMNS],
        match_pairs=match.pairs,
        oversized_blocks=match.oversized_blocks,
    )


def _number_clusters(record_keys: pd.Series, cluster: np.ndarray) -> pd.Series:
    """CUST-0000001 ... in the order of each cluster's smallest record key, so a rerun on the same
    input gives the same IDs. (IDs stable across changing inputs come with the resolution issue.)"""
    first_key = pd.Series(record_keys.to_numpy()).groupby(cluster).min().sort_values()
    number = pd.Series(np.arange(1, len(first_key) + 1), index=first_key.index)
    return pd.Series(number.reindex(cluster).to_numpy()).map(CUSTOMER_ID_FORMAT.format)


def _joining_rule(pairs: pd.DataFrame, record_count: int) -> pd.Series:
    """Per record, the rule of its first matched pair; 'single_record' for a customer of one record."""
    matched = pairs[pairs["match_rule"].notna()]
    ends = pd.concat(
        [matched[["left_id", "match_rule"]].set_axis(["row_id", "rule"], axis=1), matched[["right_id", "match_rule"]].set_axis(["row_id", "rule"], axis=1)]
    )
    rule = ends.groupby("row_id")["rule"].first()
    return pd.Series(rule.reindex(range(record_count)).to_numpy()).fillna("single_record")
