"""From standardised records to customers: match, cluster, number, and build golden records."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from pipelines.engine import DEFAULT_ENGINE, EngineSettings
from pipelines.identity import assign_customer_ids
from pipelines.matching import PAIR_EXPLANATION, explain_pairs, match_records
from pipelines.schema import RECORD_LINEAGE
from pipelines.survivorship import (
    contact_persons,
    field_provenance,
    golden_records,
    rank_records,
    surviving_values,
)

CUSTOMER_SOURCES_COLUMNS = ["record_key", "customer_id", *RECORD_LINEAGE[1:], "matched_by"]
EXPLAINED_PAIR_COLUMNS = [
    "record_key_a",
    "customer_id_a",
    "record_key_b",
    "customer_id_b",
    "review_reason",
    *PAIR_EXPLANATION,
]


@dataclass(frozen=True)
class PublishedIdentity:
    links: pd.DataFrame  # the last publish's customer_sources: record_key, customer_id
    highest_issued: int  # the highest customer number ever issued


FIRST_PUBLISH = PublishedIdentity(
    pd.DataFrame({"record_key": pd.Series(dtype=str), "customer_id": pd.Series(dtype=str)}), 0
)


@dataclass(frozen=True)
class Resolution:
    customers: pd.DataFrame
    contacts: pd.DataFrame  # the people at each company customer (survivorship.CONTACT_COLUMNS)
    provenance: pd.DataFrame  # which record gave each golden field its value
    customer_sources: pd.DataFrame
    candidate_pairs: int  # pairs of records compared
    match_model: pd.DataFrame  # m, u and weight of every comparison level, and the prior
    # The links each customer was built from, and borderline pairs left apart for a data steward,
    # with their comparison levels and weights.
    explained_pairs: pd.DataFrame
    id_events: pd.DataFrame  # customer IDs new, merged, split or retired in this run (identity.EVENT_COLUMNS)
    skipped_blocks: pd.DataFrame  # blocks not expanded into pairs (matching.blocking.SKIPPED_BLOCK_COLUMNS)

    @property
    def match_evidence(self) -> pd.DataFrame:
        return self.explained_pairs[_joined(self.explained_pairs)]

    @property
    def review_queue(self) -> pd.DataFrame:
        return self.explained_pairs[_for_review(self.explained_pairs)]

    @property
    def duplicates_merged(self) -> int:
        return len(self.customer_sources) - len(self.customers)

    @property
    def duplicate_rate(self) -> float:
        return self.duplicates_merged / len(self.customer_sources) if len(self.customer_sources) else 0.0


def resolve_customers(
    records: pd.DataFrame,
    overrides: pd.DataFrame | None = None,
    previous: PublishedIdentity = FIRST_PUBLISH,
    engine: EngineSettings = DEFAULT_ENGINE,
) -> Resolution:
    """`overrides`: the data steward's must-link and cannot-link decisions (matching.overrides);
    `previous`: the last publish's links and the highest ID ever issued, so that customers keep
    their IDs and merges and splits are recorded as events (identity)."""
    records = records.reset_index(drop=True)
    match = match_records(records, overrides, engine)
    identity = assign_customer_ids(
        records["record_key"], match.cluster, previous.links, previous.highest_issued
    )
    customer_ids = identity.customer_ids.reset_index(drop=True)
    pairs = _with_customers(match.pairs, records["record_key"], customer_ids)
    used, queued = _joined(pairs), _for_review(pairs)
    sources = records[list(RECORD_LINEAGE)].copy()
    sources.insert(1, "customer_id", customer_ids)
    sources["matched_by"] = _joining_rule(pairs[used], len(records))
    ranked = rank_records(records, customer_ids)
    survivors = surviving_values(ranked)
    return Resolution(
        customers=golden_records(ranked, survivors),
        contacts=contact_persons(ranked),
        provenance=field_provenance(ranked, survivors),
        customer_sources=sources[CUSTOMER_SOURCES_COLUMNS],
        candidate_pairs=len(match.pairs),
        match_model=match.model.parameters(),
        explained_pairs=explain_pairs(pairs[used | queued])[EXPLAINED_PAIR_COLUMNS].reset_index(drop=True),
        id_events=identity.events,
        skipped_blocks=match.skipped_blocks,
    )


def reused_resolution(kept: Resolution, previous: PublishedIdentity) -> Resolution | None:
    """A resolution kept from a run on the same records, when the last publish is the one it
    made: computed again it would give the same customers under the same IDs, and no ID new,
    merged, split or retired. None when the last publish is another."""
    made = kept.customer_sources[["record_key", "customer_id"]]
    published = previous.links[["record_key", "customer_id"]]
    # Record keys are unique in both: equal lengths and every link in both is the same links.
    if len(made) != len(published) or len(made.merge(published)) != len(made):
        return None
    return replace(kept, id_events=kept.id_events.iloc[0:0])


def _joined(pairs: pd.DataFrame) -> pd.Series:
    """The links a customer was built from (match evidence)."""
    return pairs["matched_by"].notna() & (pairs["customer_id_a"] == pairs["customer_id_b"])


def _for_review(pairs: pd.DataFrame) -> pd.Series:
    """Pairs left in two customers that a data steward should look at (review queue)."""
    return pairs["review_reason"].notna() & (pairs["customer_id_a"] != pairs["customer_id_b"])


def _with_customers(pairs: pd.DataFrame, record_keys: pd.Series, customer_ids: pd.Series) -> pd.DataFrame:
    keys, ids = record_keys.to_numpy(), customer_ids.to_numpy()
    left, right = pairs["left_id"].to_numpy(dtype=int), pairs["right_id"].to_numpy(dtype=int)
    return pairs.assign(
        record_key_a=keys[left], record_key_b=keys[right], customer_id_a=ids[left], customer_id_b=ids[right]
    )


def _joining_rule(matched: pd.DataFrame, record_count: int) -> pd.Series:
    """Per record, what made its first link; 'single_record' for a customer of one record."""
    ends = pd.concat(
        [
            matched[["left_id", "matched_by"]].set_axis(["row_id", "rule"], axis=1),
            matched[["right_id", "matched_by"]].set_axis(["row_id", "rule"], axis=1),
        ]
    )
    rule = ends.groupby("row_id")["rule"].first()
    return pd.Series(rule.reindex(range(record_count)).to_numpy()).fillna("single_record")


def linked_records(records: pd.DataFrame, customer_sources: pd.DataFrame) -> pd.DataFrame:
    """Each linked source record's standardised columns with its `customer_id`."""
    return customer_sources[["record_key", "customer_id"]].merge(records, on="record_key")
