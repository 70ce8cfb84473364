"""Matched pairs into customers: connected components, except where a steward's cannot-link pair
would end up in one customer; there the component is rebuilt from its strongest links first,
skipping any link that would join two records that must stay apart."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def cluster_records(record_count: int, links: pd.DataFrame, apart: pd.DataFrame) -> np.ndarray:
    """Cluster label per record. `links`: left_id, right_id, strength; `apart`: left_id, right_id."""
    labels = _components(record_count, links)
    left_labels = labels[apart["left_id"].to_numpy(dtype=int)]
    right_labels = labels[apart["right_id"].to_numpy(dtype=int)]
    conflicted = np.unique(left_labels[left_labels == right_labels])
    if len(conflicted) == 0:
        return labels
    next_label = labels.max() + 1
    for component in conflicted:
        members = np.flatnonzero(labels == component)
        inside = links[np.isin(links["left_id"], members) & np.isin(links["right_id"], members)]
        for group in _constrained_groups(members, inside, apart):
            labels[group] = next_label
            next_label += 1
    return labels


def _components(record_count: int, links: pd.DataFrame) -> np.ndarray:
    graph = coo_matrix((np.ones(len(links)), (links["left_id"], links["right_id"])), shape=(record_count, record_count))
    return connected_components(graph, directed=False)[1]


def _constrained_groups(members: np.ndarray, links: pd.DataFrame, apart: pd.DataFrame) -> list[list[int]]:
    """Greedy union-find over one component's links, strongest first; a union that would put a
    cannot-link pair together is skipped. Only conflicted components come here, so the loop over
    their links stays small."""
    parent = {int(m): int(m) for m in members}
    must_not_meet: dict[int, set[int]] = {int(m): set() for m in members}
    for a, b in apart[["left_id", "right_id"]].itertuples(index=False):
        if a in parent and b in parent:
            must_not_meet[a].add(b)
            must_not_meet[b].add(a)
    groups = {m: {m} for m in parent}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ordered = links.sort_values(["strength", "left_id", "right_id"], ascending=[False, True, True])
    for a, b in ordered[["left_id", "right_id"]].itertuples(index=False):
        ra, rb = root(int(a)), root(int(b))
        if ra == rb or any(must_not_meet[x] & groups[rb] for x in groups[ra]):
            continue
        parent[rb] = ra
        groups[ra] |= groups.pop(rb)
    return [sorted(group) for group in groups.values()]
