"""Stable customer IDs across nightly runs.

Matching clusters records afresh every night; this module decides which customer ID each new cluster
carries, given the IDs its records had in the last publish, and records every change as an event
(old ID -> new ID), so that no ID ever disappears silently.

Rules. An *overlap* is the set of records of one cluster that were published under one previous ID.
  1. A cluster whose previously published records all had one ID keeps that ID, whatever new records
     joined it.
  2. A cluster holding records of several previous IDs (a merge) keeps the ID that had the most of its
     records (ties: the smaller number). Each other previous ID gets a 'merged' event old -> kept ID,
     unless that ID still lives on in another cluster: then it is a split of that ID (rule 3).
  3. A previous ID whose records are now in several clusters (a split) is kept by the cluster holding
     the most of its records (ties: the cluster with the smallest record_key). The other clusters
     holding its records carry a new ID, or another previous ID by rule 2, and each gets a 'split'
     event old -> its ID.
     Rules 2 and 3 together are one greedy choice: overlaps are taken from the largest down (ties: the
     smaller previous number, then the cluster with the smaller record_key), and an overlap settles
     its cluster's ID when neither the cluster nor the previous ID is settled yet. So a previous ID
     that loses its largest cluster to a bigger ID lives on in its next largest cluster, if it has one.
     Records that end up under another ID are recorded as 'merged' when their previous ID is gone,
     as 'split' when it lives on elsewhere.
  4. Clusters keeping no previous ID get new IDs in the order of their smallest record_key, numbered
     from highest_issued + 1. Those with no previously published record get a 'new' event (the others
     already have their 'split' event). On a first run this numbers exactly as
     pipelines.resolve._number_clusters does: smallest record_key order, from 1.
  5. A previous ID none of whose records is present any more (they left the sources or went to
     quarantine) gets a 'retired' event.
  6. Deterministic: the same inputs, in any row order, give the same IDs and events. Every ID is
     CUST-{n:07d}; no ID goes to two clusters; new numbers start above both highest_issued and every
     previously published number, so no ID is ever reused for another customer.

Events have the columns event, old_customer_id (missing for 'new'), new_customer_id (missing for
'retired'), record_count (the records concerned) and detail (short text).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CUSTOMER_ID_PREFIX = "CUST-"
CUSTOMER_ID_DIGITS = 7
EVENT_TYPES = {
    "event": "str",
    "old_customer_id": "str",
    "new_customer_id": "str",
    "record_count": "int64",
    "detail": "str",
}
EVENT_COLUMNS = list(EVENT_TYPES)
# Customer numbers start at 1, so 0 can mark a record that was never published.
NOT_PUBLISHED = 0


@dataclass(frozen=True)
class IdAssignment:
    customer_ids: pd.Series
    events: pd.DataFrame
    highest_issued: int


def assign_customer_ids(
    record_keys: pd.Series, cluster: np.ndarray, previous_links: pd.DataFrame, highest_issued: int
) -> IdAssignment:
    """Customer IDs for this run's clusters (see the module docstring for the rules).

    record_keys and cluster are aligned, one per matchable record; previous_links holds the last
    publish's record_key and customer_id; highest_issued is the highest customer number ever issued."""
    cluster = np.asarray(cluster)
    previous_link_numbers = id_numbers(previous_links["customer_id"])
    published_counts = pd.Series(previous_link_numbers).value_counts()
    clusters = _clusters(record_keys, cluster)
    overlaps = _overlaps(
        cluster, _previous_numbers(record_keys, previous_links["record_key"], previous_link_numbers), clusters
    )
    kept = _kept_previous_numbers(overlaps)
    first_new_number = max(highest_issued, int(previous_link_numbers.max(initial=0))) + 1
    clusters["number"] = _cluster_numbers(clusters, kept, first_new_number)
    clusters["customer_id"] = format_ids(clusters["number"])
    events = pd.concat(
        [
            _moved_events(overlaps, clusters, kept, published_counts),
            _new_events(clusters, overlaps),
            _retired_events(published_counts, overlaps),
        ],
        ignore_index=True,
    )
    return IdAssignment(
        customer_ids=pd.Series(
            clusters["customer_id"].reindex(cluster).to_numpy(), index=record_keys.index, name="customer_id"
        ),
        events=events,
        highest_issued=int(clusters["number"].to_numpy().max(initial=first_new_number - 1)),
    )


def format_ids(numbers: pd.Series) -> pd.Series:
    """CUST-0000123 for 123; like CUST-{n:07d}, a number past seven digits keeps all of them."""
    return CUSTOMER_ID_PREFIX + numbers.astype("int64").astype(str).str.zfill(CUSTOMER_ID_DIGITS)


def id_numbers(customer_ids: pd.Series) -> np.ndarray:
    # Parsed once per distinct ID: a publish holds far fewer customers than records.
    codes, distinct = pd.factorize(customer_ids)
    numbers = pd.Series(distinct, dtype=str).str.removeprefix(CUSTOMER_ID_PREFIX).astype("int64").to_numpy()
    return numbers[codes]


def _clusters(record_keys: pd.Series, cluster: np.ndarray) -> pd.DataFrame:
    """Per cluster label: smallest record_key and size, in smallest record_key order."""
    keys = pd.Series(record_keys.to_numpy()).groupby(cluster)
    return pd.DataFrame({"first_key": keys.min(), "record_count": keys.size()}).sort_values("first_key")


def _previous_numbers(
    record_keys: pd.Series, previous_keys: pd.Series, previous_link_numbers: np.ndarray
) -> np.ndarray:
    position = pd.Index(previous_keys).get_indexer(record_keys)
    # get_indexer answers -1 for a record never published, which picks the NOT_PUBLISHED appended last.
    return np.append(previous_link_numbers, NOT_PUBLISHED)[position]


def _overlaps(cluster: np.ndarray, previous_number: np.ndarray, clusters: pd.DataFrame) -> pd.DataFrame:
    """One row per (cluster, previous number) sharing records: how many, and the cluster's smallest record_key."""
    published = previous_number != NOT_PUBLISHED
    pairs = pd.DataFrame({"cluster": cluster[published], "previous_number": previous_number[published]})
    overlaps = pairs.groupby(["cluster", "previous_number"]).size().rename("records").reset_index()
    overlaps["first_key"] = clusters["first_key"].reindex(overlaps["cluster"]).to_numpy()
    return overlaps


def _kept_previous_numbers(overlaps: pd.DataFrame) -> pd.Series:
    """The previous number each cluster keeps, indexed by cluster label (rules 1 to 3)."""
    # An overlap alone on both its cluster and its previous ID wins whatever the greedy order: only
    # the others, from merges and splits, need ranking.
    contested = overlaps["cluster"].duplicated(keep=False) | overlaps["previous_number"].duplicated(
        keep=False
    )
    uncontested = overlaps.loc[~contested].set_index("cluster")["previous_number"]
    return pd.concat([uncontested, _settle_contested(overlaps.loc[contested])])


def _settle_contested(overlaps: pd.DataFrame) -> pd.Series:
    ranked = overlaps.sort_values(["records", "previous_number", "first_key"], ascending=[False, True, True])
    kept: dict[int, int] = {}
    taken_numbers: set[int] = set()
    for cluster, number in zip(ranked["cluster"], ranked["previous_number"]):
        if cluster not in kept and number not in taken_numbers:
            kept[cluster] = number
            taken_numbers.add(number)
    return pd.Series(list(kept.values()), index=list(kept), dtype="int64")


def _cluster_numbers(clusters: pd.DataFrame, kept: pd.Series, first_new_number: int) -> pd.Series:
    numbers = kept.reindex(clusters.index)
    fresh = numbers.isna()
    # clusters come in smallest record_key order, which is the order new numbers are issued in.
    numbers[fresh] = np.arange(first_new_number, first_new_number + fresh.sum())
    return numbers.astype("int64")


def _moved_events(
    overlaps: pd.DataFrame, clusters: pd.DataFrame, kept: pd.Series, published_counts: pd.Series
) -> pd.DataFrame:
    """'merged' and 'split': records published under one ID that now belong to a cluster with another."""
    moved = overlaps.assign(number=clusters["number"].reindex(overlaps["cluster"]).to_numpy())
    moved = moved[moved["number"] != moved["previous_number"]].sort_values(["previous_number", "number"])
    lives_on = moved["previous_number"].isin(kept.to_numpy())
    new_ids = format_ids(moved["number"])
    published = published_counts.reindex(moved["previous_number"]).set_axis(moved.index)
    counted = moved["records"].astype(str) + " of " + published.astype(str) + " published records "
    return _events(
        event=np.where(lives_on, "split", "merged"),
        old_customer_id=format_ids(moved["previous_number"]),
        new_customer_id=new_ids,
        record_count=moved["records"],
        detail=counted + np.where(lives_on, "split off to ", "joined ") + new_ids,
    )


def _new_events(clusters: pd.DataFrame, overlaps: pd.DataFrame) -> pd.DataFrame:
    new = clusters[~clusters.index.isin(overlaps["cluster"])]
    return _events(
        event="new",
        old_customer_id=None,
        new_customer_id=new["customer_id"],
        record_count=new["record_count"],
        detail="first seen in this run",
    )


def _retired_events(published_counts: pd.Series, overlaps: pd.DataFrame) -> pd.DataFrame:
    gone = published_counts[~published_counts.index.isin(overlaps["previous_number"])].sort_index()
    return _events(
        event="retired",
        old_customer_id=format_ids(gone.index.to_series()),
        new_customer_id=None,
        record_count=gone,
        detail="all its published records left the sources or went to quarantine",
    )


def _events(**columns: object) -> pd.DataFrame:
    # Typed so that an empty or all-missing column concatenates and loads like a full one.
    return pd.DataFrame(columns)[EVENT_COLUMNS].astype(EVENT_TYPES)
