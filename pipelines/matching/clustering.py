"""Matched pairs into customers: connected components, guarded against chains.

A link that is not strong, whose two records have other links but no linked record in common, is
a weak bridge between two groups and is cut: a chain A-B ... C-D through one middling pair must
not make one customer of two. And where two records that must stay apart (a steward's cannot-link,
or a veto such as two different ID numbers) would end up in one customer, the component is rebuilt
from its strongest links first, skipping any link that would join them."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components


def cluster_records(record_count: int, links: pd.DataFrame, apart: pd.DataFrame, strong: float) -> np.ndarray:
    """Cluster label per record. `links`: left_id, right_id, strength; `apart`: left_id, right_id;
    `strong`: the strength from which a link may bridge two groups."""
    links = links[~_weak_bridges(record_count, links, strong)]
    labels = _components(record_count, links)
    left_labels = labels[apart["left_id"].to_numpy(dtype=int)]
    right_labels = labels[apart["right_id"].to_numpy(dtype=int)]
    conflicted_apart = apart[left_labels == right_labels].assign(
        component=left_labels[left_labels == right_labels]
    )
    if conflicted_apart.empty:
        return labels
    inside = links.assign(component=labels[links["left_id"].to_numpy(dtype=int)])
    inside = inside[inside["component"].isin(conflicted_apart["component"])]
    members_of = pd.Series(np.arange(len(labels))).groupby(labels).indices
    links_of = inside.groupby("component").indices
    next_label = labels.max() + 1
    for component, pairs in conflicted_apart.groupby("component"):
        component_links = inside.iloc[links_of[component]]
        for group in _constrained_groups(members_of[component], component_links, pairs):
            labels[group] = next_label
            next_label += 1
    return labels


def _weak_bridges(record_count: int, links: pd.DataFrame, strong: float) -> np.ndarray:
    """Per link: below `strong`, both records linked elsewhere, and no record linked to both."""
    left, right = links["left_id"].to_numpy(dtype=int), links["right_id"].to_numpy(dtype=int)
    graph = coo_matrix((np.ones(len(links)), (left, right)), shape=(record_count, record_count)).tocsr()
    graph = ((graph + graph.T) > 0).astype(np.int32)
    degree = np.asarray(graph.sum(axis=1)).ravel()
    shared_neighbours = np.asarray(graph[left].multiply(graph[right]).sum(axis=1)).ravel()
    return (
        (links["strength"].to_numpy() < strong)
        & (degree[left] > 1)
        & (degree[right] > 1)
        & (shared_neighbours == 0)
    )


def _components(record_count: int, links: pd.DataFrame) -> np.ndarray:
    graph = coo_matrix(
        (np.ones(len(links)), (links["left_id"], links["right_id"])), shape=(record_count, record_count)
    )
    return connected_components(graph, directed=False)[1]


def _constrained_groups(members: np.ndarray, links: pd.DataFrame, apart: pd.DataFrame) -> list[list[int]]:
    """Greedy union-find over one component's links, strongest first; a union that would put a
    pair that must stay apart together is skipped. `apart`: that component's pairs only. Only
    conflicted components come here, so the loop over their links stays small."""
    parent = {int(m): int(m) for m in members}
    must_not_meet: dict[int, set[int]] = {int(m): set() for m in members}
    for a, b in zip(apart["left_id"].tolist(), apart["right_id"].tolist()):
        must_not_meet[a].add(b)
        must_not_meet[b].add(a)
    groups = {m: {m} for m in parent}

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    ordered = links.sort_values(["strength", "left_id", "right_id"], ascending=[False, True, True])
    for a, b in zip(ordered["left_id"].tolist(), ordered["right_id"].tolist()):
        ra, rb = root(a), root(b)
        if ra == rb or any(must_not_meet[x] & groups[rb] for x in groups[ra]):
            continue
        parent[rb] = ra
        groups[ra] |= groups.pop(rb)
    return [sorted(group) for group in groups.values()]
