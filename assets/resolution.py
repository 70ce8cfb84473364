"""Resolved customers: which records are the same customer, and each customer's golden record."""

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.publishing import WAREHOUSE_POOL
from pipelines.matching.blocking import skipped_blocks_summary
from pipelines.matching.overrides import load_overrides
from pipelines.registry import Registry
from pipelines.resolve import Resolution, resolve_customers, reused_resolution
from pipelines.stage_cache import StageCache, frame_digest, pipeline_code_digest, stage_key
from warehouse.publish import published_identity

RESOLUTION_GROUP = "resolution"
RESOLUTION_STAGE = "resolved_customers"


def build_resolution_asset(registry: Registry, stage_cache: StageCache) -> dg.AssetsDefinition:
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
        key = stage_key(frame_digest(standardised_records), frame_digest(overrides), pipeline_code_digest())
        kept = stage_cache.get(RESOLUTION_STAGE, key)
        resolution = reused_resolution(kept, previous) if kept is not None else None
        if resolution is not None:
            context.log.info(
                "same records, steward decisions and code as the last publish: its customers kept"
            )
        else:
            resolution = resolve_customers(matchable, overrides, previous, registry.engine)
            stage_cache.put(RESOLUTION_STAGE, key, resolution)
        return _resolution_result(context, matchable, resolution, overrides, reused=kept is not None)

    return resolved_customers


def _resolution_result(
    context: dg.AssetExecutionContext,
    matchable: pd.DataFrame,
    resolution: Resolution,
    overrides: pd.DataFrame,
    reused: bool,
) -> dg.MaterializeResult[Resolution]:
    for line in skipped_blocks_summary(resolution.skipped_blocks):
        context.log.warning(line)
    rules = resolution.customer_sources["matched_by"].value_counts().to_dict()
    context.log.info(f"{len(matchable)} records -> {len(resolution.customers)} customers")
    return dg.MaterializeResult(
        value=resolution,
        metadata={
            "records": len(matchable),
            "recomputed": not reused,
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
