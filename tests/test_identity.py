"""Stable customer IDs across runs: kept, merged, split, new and retired IDs, numbered without reuse."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.identity import EVENT_COLUMNS, IdAssignment, assign_customer_ids

NOTHING_PUBLISHED = pd.DataFrame(
    {"record_key": pd.Series([], dtype=str), "customer_id": pd.Series([], dtype=str)}
)


def numbered_by_first_key(keys: pd.Series, labels: np.ndarray) -> pd.Series:
    """The first-run numbering: CUST-0000001 ... in the order of each cluster's smallest record key."""
    first_key = pd.Series(keys.to_numpy()).groupby(labels).min().sort_values()
    number = pd.Series(np.arange(1, len(first_key) + 1), index=first_key.index)
    return pd.Series(number.reindex(labels).to_numpy()).map("CUST-{:07d}".format)


def cust(number: int) -> str:
    return f"CUST-{number:07d}"


def published(customers: dict[int, list[str]]) -> pd.DataFrame:
    """The last publish's customer_sources, from customer number -> its record keys."""
    rows = [(key, cust(number)) for number, keys in customers.items() for key in keys]
    return pd.DataFrame(rows, columns=["record_key", "customer_id"])


def assign(
    clusters: list[list[str]], previous_links: pd.DataFrame = NOTHING_PUBLISHED, highest_issued: int = 0
) -> IdAssignment:
    """Assign IDs to this run's clusters, given as lists of record keys. Cluster labels count down, so
    that nothing can lean on labels following record-key order."""
    keys = pd.Series([key for members in clusters for key in members])
    labels = np.array([1000 - position for position, members in enumerate(clusters) for _ in members])
    return assign_customer_ids(keys, labels, previous_links, highest_issued)


def ids_by_key(clusters: list[list[str]], assignment: IdAssignment) -> dict[str, str]:
    return dict(zip([key for members in clusters for key in members], assignment.customer_ids))


def links_of(clusters: list[list[str]], assignment: IdAssignment) -> pd.DataFrame:
    return pd.DataFrame(list(ids_by_key(clusters, assignment).items()), columns=["record_key", "customer_id"])


def event_set(assignment: IdAssignment) -> set[tuple]:
    """(event, old ID, new ID, record count), with None for a missing ID."""
    events = assignment.events.astype(object).where(assignment.events.notna(), None)
    return set(
        events[["event", "old_customer_id", "new_customer_id", "record_count"]].itertuples(
            index=False, name=None
        )
    )


def random_clusters(
    rng: np.random.Generator, record_count: int, key_prefix: str = "src"
) -> tuple[pd.Series, np.ndarray]:
    keys = pd.Series([f"{key_prefix}{number % 5}:{number}" for number in rng.permutation(record_count)])
    # Sparse, unordered labels, and clusters of very different sizes.
    return keys, rng.choice(rng.integers(0, 10**9, record_count // 3), record_count)


@pytest.mark.parametrize(
    "clusters",
    [
        pytest.param([["b:2", "a:9"], ["a:1"], ["c:1", "b:1", "a:5"]], id="hand-made"),
        pytest.param([["only:1"]], id="one-record"),
        pytest.param([], id="no-records"),
    ],
)
def test_first_run_numbers_clusters_by_their_first_record_key(clusters):
    assignment = assign(clusters)
    keys = pd.Series([key for members in clusters for key in members], dtype=str)
    labels = np.array(
        [1000 - position for position, members in enumerate(clusters) for _ in members], dtype=int
    )

    assert assignment.customer_ids.tolist() == numbered_by_first_key(keys, labels).tolist()
    assert assignment.highest_issued == len(clusters)
    assert sorted(assignment.events["record_count"]) == sorted(len(members) for members in clusters)
    assert set(assignment.events["event"]) <= {"new"}


@pytest.mark.parametrize("seed", [1, 2])
def test_first_run_numbers_random_clusters_by_their_first_record_key(seed):
    keys, labels = random_clusters(np.random.default_rng(seed), 3000)

    assignment = assign_customer_ids(keys, labels, NOTHING_PUBLISHED, 0)

    assert assignment.customer_ids.tolist() == numbered_by_first_key(keys, labels).tolist()
    assert assignment.events["new_customer_id"].tolist() == sorted(set(assignment.customer_ids))
    assert assignment.highest_issued == len(set(labels))


@pytest.mark.parametrize("shuffle", [False, True], ids=["same-order", "rows-shuffled"])
def test_rerun_with_identical_input_keeps_every_id_without_events(shuffle):
    rng = np.random.default_rng(7)
    keys, labels = random_clusters(rng, 2000)
    first = assign_customer_ids(keys, labels, NOTHING_PUBLISHED, 0)
    links = pd.DataFrame({"record_key": keys, "customer_id": first.customer_ids})
    order = rng.permutation(len(keys)) if shuffle else np.arange(len(keys))

    rerun = assign_customer_ids(keys[order], labels[order], links, first.highest_issued)

    assert rerun.customer_ids.index.equals(keys[order].index)
    assert rerun.customer_ids.equals(first.customer_ids[order])
    assert rerun.events.empty and list(rerun.events.columns) == EVENT_COLUMNS
    assert rerun.highest_issued == first.highest_issued


def test_new_records_joining_a_customer_keep_its_id():
    clusters = [["a:1", "a:2", "new:1", "new:2"], ["b:1"]]

    assignment = assign(clusters, published({4: ["a:1", "a:2"], 7: ["b:1"]}), highest_issued=7)

    assert ids_by_key(clusters, assignment) == {
        "a:1": cust(4),
        "a:2": cust(4),
        "new:1": cust(4),
        "new:2": cust(4),
        "b:1": cust(7),
    }
    assert assignment.events.empty
    assert assignment.highest_issued == 7


@pytest.mark.parametrize("highest_issued", [2, 10])
def test_a_brand_new_customer_gets_the_next_number(highest_issued):
    clusters = [["a:1"], ["b:1"], ["z:1", "c:1"], ["d:1"]]

    assignment = assign(clusters, published({1: ["a:1"], 2: ["b:1"]}), highest_issued)

    ids = ids_by_key(clusters, assignment)
    assert (ids["c:1"], ids["d:1"]) == (cust(highest_issued + 1), cust(highest_issued + 2))
    assert event_set(assignment) == {
        ("new", None, cust(highest_issued + 1), 2),
        ("new", None, cust(highest_issued + 2), 1),
    }
    assert assignment.highest_issued == highest_issued + 2


def test_new_numbers_start_above_every_published_id_even_when_highest_issued_lags():
    assignment = assign([["a:1"], ["b:1"]], published({9: ["a:1"]}), highest_issued=3)

    assert assignment.customer_ids.tolist() == [cust(9), cust(10)]
    assert assignment.highest_issued == 10


@pytest.mark.parametrize(
    ("previous", "kept", "absorbed", "absorbed_records"),
    [
        pytest.param({4: ["a:1", "a:2", "a:3"], 9: ["b:1", "b:2"]}, 4, 9, 2, id="smaller-number-larger"),
        pytest.param({4: ["a:1", "a:2"], 9: ["b:1", "b:2", "b:3"]}, 9, 4, 2, id="larger-number-larger"),
        pytest.param({4: ["a:1", "a:2"], 9: ["b:1", "b:2"]}, 4, 9, 2, id="tie-smaller-number"),
    ],
)
def test_a_merge_keeps_the_larger_customers_id(previous, kept, absorbed, absorbed_records):
    clusters = [[key for keys in previous.values() for key in keys] + ["new:1"]]

    assignment = assign(clusters, published(previous), highest_issued=9)

    assert set(assignment.customer_ids) == {cust(kept)}
    assert event_set(assignment) == {("merged", cust(absorbed), cust(kept), absorbed_records)}
    assert assignment.highest_issued == 9


@pytest.mark.parametrize(
    ("clusters", "keeper", "split_off", "split_records"),
    [
        pytest.param([["a:1", "a:2"], ["a:3", "a:4", "a:5"]], "a:3", "a:1", 2, id="larger-part-keeps"),
        pytest.param([["a:3", "a:4"], ["a:1", "a:2"]], "a:1", "a:3", 2, id="tie-smallest-record-key-keeps"),
        pytest.param([["a:5"], ["a:1"], ["new:1", "a:2", "a:3", "a:4"]], "a:2", "a:1", 1, id="three-parts"),
    ],
)
def test_a_split_keeps_the_id_for_the_larger_part(clusters, keeper, split_off, split_records):
    assignment = assign(clusters, published({3: ["a:1", "a:2", "a:3", "a:4", "a:5"]}), highest_issued=5)

    ids = ids_by_key(clusters, assignment)
    assert ids[keeper] == cust(3)
    assert ids[split_off] == cust(6)
    assert ("split", cust(3), cust(6), split_records) in event_set(assignment)
    assert {event for event, *_ in event_set(assignment)} == {"split"}
    assert assignment.highest_issued == 5 + len(clusters) - 1


@pytest.mark.parametrize(
    ("clusters", "retired"),
    [
        pytest.param([["a:1"]], {("retired", cust(2), None, 2)}, id="all-records-gone"),
        pytest.param([["a:1"], ["b:2"]], set(), id="some-records-gone"),
    ],
)
def test_a_customer_whose_records_all_vanished_is_retired(clusters, retired):
    assignment = assign(clusters, published({1: ["a:1"], 2: ["b:1", "b:2"]}), highest_issued=2)

    assert event_set(assignment) == retired
    assert set(ids_by_key(clusters, assignment).values()) == {cust(1), cust(2)} - {
        old for _, old, _, _ in retired
    }


@pytest.mark.parametrize(
    ("previous", "clusters", "expected_ids", "expected_events"),
    [
        pytest.param(
            {1: ["a:1", "a:2", "a:3", "a:4", "a:5"], 2: ["b:1", "b:2"]},
            [["a:1", "a:2", "a:3"], ["a:4", "a:5", "b:1", "b:2"]],
            {"a:1": 1, "a:4": 2},
            {("split", cust(1), cust(2), 2)},
            id="part-of-one-joins-another",
        ),
        pytest.param(
            {1: ["a:1", "a:2"], 2: ["b:1", "b:2", "b:3", "b:4", "b:5", "b:6", "b:7"]},
            [["a:1", "a:2", "b:1", "b:2", "b:3"], ["b:4", "b:5", "b:6", "b:7"]],
            {"a:1": 1, "b:4": 2},
            {("split", cust(2), cust(1), 3)},
            id="id-that-lives-on-elsewhere-does-not-take-the-merge",
        ),
        pytest.param(
            {1: ["a:1", "a:2"], 2: ["b:1", "b:2", "b:3"], 3: ["c:1", "c:2", "c:3"]},
            [["b:1", "b:2", "b:3", "a:1"], ["c:1", "c:2", "c:3", "a:2"]],
            {"b:1": 2, "c:1": 3},
            {("merged", cust(1), cust(2), 1), ("merged", cust(1), cust(3), 1)},
            id="dissolved-into-two",
        ),
        pytest.param(
            {1: ["a:1", "a:2", "a:3", "a:4"], 2: ["b:1", "b:2"]},
            [["a:1", "a:2", "a:3", "b:1"], ["a:4"], ["b:2", "new:1"]],
            {"a:1": 1, "a:4": 3, "b:2": 2},
            {("split", cust(1), cust(3), 1), ("split", cust(2), cust(1), 1)},
            id="both-split-one-part-merged",
        ),
    ],
)
def test_merges_and_splits_at_once(previous, clusters, expected_ids, expected_events):
    assignment = assign(clusters, published(previous), highest_issued=len(previous))

    ids = ids_by_key(clusters, assignment)
    assert {key: ids[key] for key in expected_ids} == {
        key: cust(number) for key, number in expected_ids.items()
    }
    assert event_set(assignment) == expected_events


def test_a_retired_id_is_never_reused():
    first_clusters = [["a:1"], ["b:1"], ["c:1"]]
    first = assign(first_clusters)
    second_clusters = [["a:1"], ["b:1"], ["d:1"]]
    second = assign(second_clusters, links_of(second_clusters[:2] + [["c:1"]], first), first.highest_issued)
    third_clusters = [["a:1"], ["b:1"], ["c:1"], ["d:1"]]

    third = assign(third_clusters, links_of(second_clusters, second), second.highest_issued)

    assert event_set(second) == {("retired", cust(3), None, 1), ("new", None, cust(4), 1)}
    # c:1 comes back after its customer was retired: it is a new customer, not CUST-0000003 again.
    assert ids_by_key(third_clusters, third) == {
        "a:1": cust(1),
        "b:1": cust(2),
        "c:1": cust(5),
        "d:1": cust(4),
    }
    assert third.highest_issued == 5


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_random_reclustering_keeps_the_promises(seed):
    """Against a random previous publish and a random next night: one ID per cluster, no ID lost
    silently, new numbers above everything issued, records accounted for, same answer in any row order."""
    rng = np.random.default_rng(seed)
    keys, labels = random_clusters(rng, 1500)
    previous = assign_customer_ids(keys, labels, NOTHING_PUBLISHED, 0)
    links = pd.DataFrame({"record_key": keys, "customer_id": previous.customer_ids})
    stayed = rng.random(len(keys)) > 0.1
    arrivals, arrival_labels = random_clusters(rng, 200, key_prefix="new")
    next_keys = pd.concat([keys[stayed], arrivals], ignore_index=True)
    next_labels = np.concatenate([labels[stayed], arrival_labels])
    moved = rng.random(len(next_labels)) < 0.05
    next_labels[moved] = rng.choice(next_labels, moved.sum())

    assignment = assign_customer_ids(next_keys, next_labels, links, previous.highest_issued)

    ids = pd.DataFrame(
        {"record_key": next_keys, "cluster": next_labels, "customer_id": assignment.customer_ids}
    )
    assert (ids.groupby("cluster")["customer_id"].nunique() == 1).all()
    assert (ids.groupby("customer_id")["cluster"].nunique() == 1).all()
    events = assignment.events
    lost = set(links["customer_id"]) - set(ids["customer_id"])
    assert lost == set(events.loc[events["event"].isin(["merged", "retired"]), "old_customer_id"])
    fresh = set(ids["customer_id"]) - set(links["customer_id"])
    assert all(int(customer_id[5:]) > previous.highest_issued for customer_id in fresh)
    assert assignment.highest_issued == previous.highest_issued + len(fresh)
    assert set(events.loc[events["event"] == "new", "new_customer_id"]) <= fresh
    present = ids.merge(links, on="record_key", suffixes=("", "_before"))
    moved_records = present[present["customer_id"] != present["customer_id_before"]]
    assert events.loc[events["event"].isin(["merged", "split"]), "record_count"].sum() == len(moved_records)
    order = rng.permutation(len(next_keys))
    shuffled = assign_customer_ids(
        next_keys[order], next_labels[order], links.iloc[rng.permutation(len(links))], previous.highest_issued
    )
    assert shuffled.customer_ids.sort_index().equals(assignment.customer_ids)
    assert shuffled.events.equals(events)
