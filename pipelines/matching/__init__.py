"""Which standardised records are the same customer: blocking, comparisons, rules, clustering."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.matching.blocking import candidate_pairs
from pipelines.matching.comparisons import (
    company_agreement,
    company_region_agrees,
    email_agrees,
    landline_agrees,
    mobile_agrees,
    name_overlap,
    name_similarity,
)
from pipelines.matching.rules import decide

COMPARISONS = (name_similarity, name_overlap, email_agrees, mobile_agrees, landline_agrees, company_agreement, company_region_agrees)


@dataclass(frozen=True)
class MatchResult:
    cluster: np.ndarray  # cluster number per record position
    pairs: pd.DataFrame  # every candidate pair with its comparison levels and the rule that matched
    oversized_blocks: pd.DataFrame


def match_records(records: pd.DataFrame) -> MatchResult:
    pairs, oversized = candidate_pairs(records)
    left = records.iloc[pairs["left_id"]].reset_index(drop=True)
    right = records.iloc[pairs["right_id"]].reset_index(drop=True)
    for comparison in COMPARISONS:
        pairs[comparison.__name__] = comparison(left, right)
    pairs["match_rule"] = decide(pairs)
    matched = pairs[pairs["match_rule"].notna()]
    graph = coo_matrix(
        (np.ones(len(matched)), (matched["left_id"], matched["right_id"])), shape=(len(records), len(records))
    )
    _, cluster = connected_components(graph, directed=False)
    return MatchResult(cluster=cluster, pairs=pairs, oversized_blocks=oversized)
