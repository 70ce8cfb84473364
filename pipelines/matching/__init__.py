"""Which standardised records are the same customer: blocking, comparisons, a Fellegi-Sunter
model, decisions and clustering."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.engine import DEFAULT_ENGINE, EngineSettings
from pipelines.matching.blocking import BLOCKING_KIND_BITS, candidate_pairs
from pipelines.matching.clustering import cluster_records
from pipelines.matching.comparisons import COMPARISONS, grade_pairs, prepare_records
from pipelines.matching.decisions import (
    CUT_BY_CLUSTERING,
    STEWARD_MUST_LINK,
    STRONG_LINK_PROBABILITY,
    UNTRAINED_MATCH_PROBABILITY,
    decide,
    link_threshold,
    review_reason,
    veto_reasons,
)
from pipelines.matching.model import MatchModel, match_probability, match_weight_of, train_model
from pipelines.matching.overrides import DECISIONS

COMPARISON_NAMES = [comparison.name for comparison in COMPARISONS]
# What an evidence or review row says of a pair, besides its records and customers.
PAIR_EXPLANATION = [
    "matched_by",
    "match_probability",
    "match_weight",
    "blocked_on",
    *(column for name in COMPARISON_NAMES for column in (name, f"{name}_weight")),
]
# Pairs are graded in slices of this many, to bound memory at a million records.
GRADING_SLICE = 2_000_000
# Customers of more records than this are not checked pair by pair for conflicts their links hid.
CLUSTER_CHECK_LIMIT = 200
# A steward's link outweighs any evidence when a cannot-link forces a choice between links.
STEWARD_STRENGTH = 1e9


@dataclass(frozen=True)
class MatchResult:
    cluster: np.ndarray  # cluster number per record position
    pairs: pd.DataFrame  # every candidate pair: level numbers, weights, probability, decision, review reason
    model: MatchModel
    skipped_blocks: pd.DataFrame
    link_threshold: float  # the match probability from which pairs were linked (decisions.link_threshold)


def match_records(
    records: pd.DataFrame, overrides: pd.DataFrame | None = None, engine: EngineSettings = DEFAULT_ENGINE
) -> MatchResult:
    """Compare the records that share a blocking key, weigh the comparisons with a model trained
    on these records, decide, apply the steward's decisions, and cluster. `records` must have a
    unique `record_key`."""
    prepared = prepare_records(records)
    pairs, skipped = candidate_pairs(prepared, engine)
    must, apart = _steward_pairs(records["record_key"], overrides)
    pairs = _with_pairs(pairs, must)
    left, right = pairs["left_id"].to_numpy(), pairs["right_id"].to_numpy()
    levels = pd.concat(
        [
            grade_pairs(prepared, left[start : start + GRADING_SLICE], right[start : start + GRADING_SLICE])
            for start in range(0, max(len(pairs), 1), GRADING_SLICE)
        ],
        ignore_index=True,
    )
    model, weights = train_model(prepared, pairs, levels)
    pairs = pd.concat([pairs, levels, weights.add_suffix("_weight")], axis=1)
    pairs["match_weight"] = model.match_weight(weights)
    pairs["match_probability"] = match_probability(pairs["match_weight"])
    vetoes = veto_reasons(levels)
    threshold = (
        link_threshold(pairs["match_probability"])
        if model.trained_on_records
        else UNTRAINED_MATCH_PROBABILITY
    )
    pairs["matched_by"] = decide(pairs["match_probability"], vetoes, threshold)
    pairs["review_reason"] = review_reason(pairs["match_probability"], vetoes, pairs["matched_by"])
    pairs = _apply_steward(pairs, must, apart)
    linked = pairs[pairs["matched_by"].notna()]
    strength = np.where(linked["matched_by"] == STEWARD_MUST_LINK, STEWARD_STRENGTH, linked["match_weight"])
    links = pd.DataFrame({"left_id": linked["left_id"], "right_id": linked["right_id"], "strength": strength})
    vetoed = vetoes.notna() & (pairs["matched_by"] != STEWARD_MUST_LINK)
    conflicts = pd.concat([apart, pairs.loc[vetoed, ["left_id", "right_id"]]], ignore_index=True)
    strong = match_weight_of(STRONG_LINK_PROBABILITY)
    clusters = cluster_records(len(records), links, conflicts, strong=strong)
    hidden = _conflicts_within_clusters(prepared, clusters, pairs[["left_id", "right_id"]])
    if len(hidden):
        clusters = cluster_records(len(records), links, pd.concat([conflicts, hidden]), strong=strong)
    cut = pairs["matched_by"].notna().to_numpy() & (
        clusters[pairs["left_id"].to_numpy()] != clusters[pairs["right_id"].to_numpy()]
    )
    pairs["review_reason"] = pairs["review_reason"].mask(cut, CUT_BY_CLUSTERING)
    return MatchResult(
        cluster=clusters, pairs=pairs, model=model, skipped_blocks=skipped, link_threshold=threshold
    )


def _conflicts_within_clusters(
    prepared: pd.DataFrame, clusters: np.ndarray, compared: pd.DataFrame
) -> pd.DataFrame:
    """Pairs of records that chains of links put in one customer without a blocking key ever
    comparing them, and that must stay apart (two ID numbers, two birth dates, two people at one
    home): the whole customer is checked, not only its links. Customers larger than
    CLUSTER_CHECK_LIMIT records are left as they are (their pairs would outgrow memory)."""
    left, right = _pairs_within_clusters(clusters, CLUSTER_CHECK_LIMIT)
    unseen = (
        pd.DataFrame({"left_id": left, "right_id": right})
        .merge(compared, how="left", indicator=True)
        .query("_merge == 'left_only'")[["left_id", "right_id"]]
        .reset_index(drop=True)
    )
    levels = grade_pairs(prepared, unseen["left_id"].to_numpy(), unseen["right_id"].to_numpy())
    return unseen[veto_reasons(levels).notna().to_numpy()]


def _pairs_within_clusters(clusters: np.ndarray, largest: int) -> tuple[np.ndarray, np.ndarray]:
    """Every pair of records (smaller position first) of each cluster of 3 to `largest` records
    (a cluster of two is one compared pair)."""
    order = np.argsort(clusters, kind="stable")
    starts = np.flatnonzero(np.r_[True, clusters[order][1:] != clusters[order][:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    lefts, rights = [np.empty(0, dtype=np.int64)], [np.empty(0, dtype=np.int64)]
    for size in np.unique(sizes[(sizes >= 3) & (sizes <= largest)]):
        first, second = np.triu_indices(size, 1)
        base = starts[sizes == size][:, None]
        a, b = order[(base + first).ravel()], order[(base + second).ravel()]
        lefts.append(np.minimum(a, b))
        rights.append(np.maximum(a, b))
    return np.concatenate(lefts), np.concatenate(rights)


def explain_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pairs with level names instead of numbers and the blocking kinds by name, as the
    evidence and review tables show them."""
    explained = pairs.copy()
    for comparison in COMPARISONS:
        explained[comparison.name] = np.asarray(comparison.level_names, dtype=object)[
            pairs[comparison.name].to_numpy()
        ]
    # Named once per distinct set of kinds: there are few.
    kinds = {
        bits: ",".join(kind for kind, bit in BLOCKING_KIND_BITS.items() if bits & bit) or None
        for bits in pairs["blocked_on"].unique()
    }
    explained["blocked_on"] = pairs["blocked_on"].map(kinds)
    return explained


def _steward_pairs(
    record_keys: pd.Series, overrides: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(must-link, cannot-link) pairs as record positions, smaller first; decisions about records
    not in this run are kept in the file and simply wait."""
    empty = pd.DataFrame({"left_id": pd.Series(dtype="int64"), "right_id": pd.Series(dtype="int64")})
    if overrides is None or overrides.empty:
        return empty, empty
    position = pd.Series(np.arange(len(record_keys)), index=record_keys.to_numpy())
    a = overrides["record_key_a"].map(position)
    b = overrides["record_key_b"].map(position)
    known = a.notna() & b.notna() & (a != b)
    ids = pd.DataFrame(
        {"left_id": np.minimum(a, b), "right_id": np.maximum(a, b), "decision": overrides["decision"]}
    )[known]
    ids[["left_id", "right_id"]] = ids[["left_id", "right_id"]].astype("int64")
    split = {
        decision: ids[ids["decision"] == decision][["left_id", "right_id"]].drop_duplicates()
        for decision in DECISIONS
    }
    return split["must_link"], split["cannot_link"]


def _with_pairs(pairs: pd.DataFrame, must: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs plus the steward's must-link pairs no blocking key found."""
    missing = must.merge(pairs[["left_id", "right_id"]], how="left", indicator=True).query(
        "_merge == 'left_only'"
    )
    extra = missing[["left_id", "right_id"]].assign(blocked_on=0)
    return pd.concat([pairs, extra], ignore_index=True).astype(
        {"left_id": "int64", "right_id": "int64", "blocked_on": "int64"}
    )


def _apply_steward(pairs: pd.DataFrame, must: pd.DataFrame, apart: pd.DataFrame) -> pd.DataFrame:
    """The steward's decisions over the model's: decided pairs need no review."""
    keyed = pairs.set_index(["left_id", "right_id"])
    must_index, apart_index = (
        pd.MultiIndex.from_frame(must),
        pd.MultiIndex.from_frame(apart).intersection(keyed.index),
    )
    keyed.loc[must_index, "matched_by"] = STEWARD_MUST_LINK
    keyed.loc[apart_index, "matched_by"] = None
    keyed.loc[must_index.union(apart_index), "review_reason"] = None
    return keyed.reset_index()
