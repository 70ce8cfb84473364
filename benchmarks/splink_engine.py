"""Splink, run the way its documentation's examples run it, for the benchmarks that set our
matcher beside it: one model description and one training, prediction and clustering sequence."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import duckdb
import pandas as pd

SPLINK_SAMPLING_SEED = 7  # the same u estimates on every run


@dataclass(frozen=True)
class SplinkModel:
    """A Splink model as a benchmark sets it up: the settings, the rules (with their assumed
    recall) that estimate the prior, the pairs u is sampled from, the EM blocking rules, the match
    probability from which pairs are scored, and the one at which they join a cluster."""

    settings: object
    deterministic_rules: list[object]
    deterministic_recall: float
    u_sample_pairs: float
    em_rules: list[object]
    predict_threshold: float
    cluster_threshold: float


def splink_clusters(
    connection: duckdb.DuckDBPyConnection, tables: list[pd.DataFrame], model: SplinkModel
) -> pd.DataFrame:
    """unique_id -> cluster_id of `model` trained unsupervised on `tables` (one to deduplicate,
    two to link), on Splink's DuckDB backend over `connection`."""
    # Imported here so that the benchmarks' other parts run without the benchmark extra.
    from splink import DuckDBAPI, Linker

    api = DuckDBAPI(connection)
    registered = [api.register(table, table_name=f"records_{number}") for number, table in enumerate(tables)]
    linker = Linker(
        registered if len(registered) > 1 else registered[0], model.settings, log_level=logging.ERROR
    )
    linker.training.estimate_probability_two_random_records_match(
        model.deterministic_rules, recall=model.deterministic_recall
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=model.u_sample_pairs, seed=SPLINK_SAMPLING_SEED
    )
    for rule in model.em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True
        )
    pairs = linker.inference.predict(threshold_match_probability=model.predict_threshold)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, model.cluster_threshold)
    return clusters.as_duckdbpyrelation().select("unique_id, cluster_id").df()
