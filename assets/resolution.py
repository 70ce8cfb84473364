"""Resolved customers: which records are the same customer, and each customer's golden record."""

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.publishing import WAREHOUSE_POOL
from pipelines.matching.blocking import skipped_blocks_summary
from pipelines.matching.overrides import load_overrides
from pipelines.registry import Registry
from pipelines.resolve import Resolution, resolve_customers
from warehouse.publish import published_identity

RESOLUTION_GROUP = "resolution"


def build_resolution_asset(registry: Registry) -> dg.AssetsDefinition:
    @dg.asset(group_name=RESOLUTION_GROUP, kinds={"pandas", "duckdb"}, pool=WAREHOUSE_POOL)
    def resolved_customers(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource, standardised_records: pd.DataFrame
    ) -> dg.MaterializeResult[Resolution]:
        """Which records are the same customer (keeping the IDs of the last publish), each
        customer's golden record, the evidence for every merge and the pairs a data steward
        should review."""
        overrides = load_overrides(registry.overrides)
        with duckdb.get_connection() as connection:
            previous = published_identity(connection)
        matchable = standardised_records[standardised_records["quarantine_reason"].isna()]
        resolution = resolve_customers(matchable, overrides, previous, registry.engine)
        return _resolution_result(context, matchable, resolution, overrides)

    return resolved_customers


def _resolution_result(
    context: dg.AssetExecutionContext,
    matchable: pd.DataFrame,
    resolution: Resolution,
    overrides: pd.DataFrame,
) -> dg.MaterializeResult[Resolution]:
    for line in skipped_blocks_summary(resolution.skipped_blocks):
        context.log.warning(line)
    rules = resolution.customer_sources["matched_by"].value_counts().to_dict()
    context.log.info(f"{len(matchable)} records -> {len(resolution.customers)} customers")
    return dg.MaterializeResult(
        value=resolution,
        metadata={
            "records": len(matchable),
            "customers": len(resolution.customers),
            "duplicates_merged": resolution.duplicates_merged,
            "duplicate_rate": round(resolution.duplicate_rate, 4),
            "candidate_pairs": resolution.candidate_pairs,
            "skipped_blocks": len(resolution.skipped_blocks),
            "links_used": len(resolution.match_evidence),
            "records_by_rule": dg.MetadataValue.json(rules),
            "steward_overrides": len(overrides),
            "review_queue": len(resolution.review_queue),
            "id_events": dg.MetadataValue.json(resolution.id_events["event"].value_counts().to_dict()),
        },
    )
