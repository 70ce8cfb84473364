"""Which standardised records are the same customer: blocking, comparisons, rules, clustering."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from pipelines.matching.blocking import candidate_pairs
from pipelines.matching.clustering import cluster_records
from pipelines.matching.comparisons import (
    company_agreement,
    city_agrees,
    hanzi_name_agrees,
    company_region_agrees,
    id_number_agreement,
    contacts_conflict,
    name_is_rare,
    email_agrees,
    landline_agrees,
    mobile_agrees,
    name_overlap,
    name_similarity,
)
from pipelines.matching.overrides import DECISIONS
from pipelines.matching.rules import RULE_STRENGTH, STEWARD_MUST_LINK, decide, review_reason

COMPARISONS = (
    name_similarity, name_overlap, email_agrees, mobile_agrees, landline_agrees, company_agreement, company_region_agrees,
    id_number_agreement, hanzi_name_agrees, city_agrees, name_is_rare, contacts_conflict,
)
COMPARISON_NAMES = [comparison.__name__ for comparison in COMPARISONS]


@dataclass(frozen=True)
class MatchResult:
    cluster: np.ndarray  # cluster number per record position
    pairs: pd.DataFrame  # every candidate pair: comparison levels, the rule that matched, review reason
    oversized_blocks: pd.DataFrame


def match_records(records: pd.DataFrame, overrides: pd.DataFrame | None = None) -> MatchResult:
    """Compare the records that share a blocking key, decide by the rules, apply the steward's
    decisions, and cluster. `records` must have a unique `record_key`."""
    pairs, oversized = candidate_pairs(records)
    records = records.assign(name_key_records=records.groupby("name_key")["name_key"].transform("size").fillna(0))
    left = records.iloc[pairs["left_id"]].reset_index(drop=True)
    right = records.iloc[pairs["right_id"]].reset_index(drop=True)
    for comparison in COMPARISONS:
        pairs[comparison.__name__] = comparison(left, right)
    pairs["match_rule"] = decide(pairs)
    must, apart = _steward_pairs(records["record_key"], overrides)
    pairs = _apply_steward(pairs, must, apart)
    pairs["review_reason"] = review_reason(pairs)
    matched = pairs[pairs["match_rule"].notna()]
    links = matched[["left_id", "right_id"]].assign(strength=matched["match_rule"].map(RULE_STRENGTH))
    return MatchResult(cluster=cluster_records(len(records), links, apart), pairs=pairs, oversized_blocks=oversized)


def _steward_pairs(record_keys: pd.Series, overrides: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(must-link, cannot-link) pairs as record positions, smaller first; decisions about records
    not in this run are kept in the file and simply wait."""
    empty = pd.DataFrame({"left_id": pd.Series(dtype="int64"), "right_id": pd.Series(dtype="int64")})
    if overrides is None or overrides.empty:
        return empty, empty
    position = pd.Series(np.arange(len(record_keys)), index=record_keys.to_numpy())
    a = overrides["record_key_a"].map(position)
    b = overrides["record_key_b"].map(position)
    known = a.notna() & b.notna() & (a != b)
    ids = pd.DataFrame({"left_id": np.minimum(a, b), "right_id": np.maximum(a, b), "decision": overrides["decision"]})[known]
    ids[["left_id", "right_id"]] = ids[["left_id", "right_id"]].astype("int64")
    split = {decision: ids[ids["decision"] == decision][["left_id", "right_id"]].drop_duplicates() for decision in DECISIONS}
    return split["must_link"], split["cannot_link"]


def _apply_steward(pairs: pd.DataFrame, must: pd.DataFrame, apart: pd.DataFrame) -> pd.DataFrame:
    keyed = pairs.set_index(["left_id", "right_id"])
    must_index = pd.MultiIndex.from_frame(must)
    keyed = keyed.reindex(keyed.index.union(must_index))  # a must-link pair need not share a key
    agreements = [name for name in COMPARISON_NAMES if name.endswith("agrees")]
    keyed[agreements] = keyed[agreements].fillna(False).astype(bool)
    keyed[["company_agreement", "id_number_agreement"]] = keyed[["company_agreement", "id_number_agreement"]].fillna("unknown")
    keyed.loc[must_index, "match_rule"] = STEWARD_MUST_LINK
    apart_index = pd.MultiIndex.from_frame(apart).intersection(keyed.index)
    keyed.loc[apart_index, "match_rule"] = None
    return keyed.reset_index()
