"""Resolved customers: which records are the same customer, and each customer's golden record."""


import dagster as dg
import pandas as pd

from pipelines.resolve import Resolution, resolve_customers

RESOLUTION_GROUP = "resolution"


@dg.asset(group_name=RESOLUTION_GROUP, kinds={"pandas", "duckdb"})
def resolved_customers(context: dg.AssetExecutionContext, standardised_records: pd.DataFrame) -> dg.MaterializeResult[Resolution]:
    matchable = standardised_records[standardised_records["quarantine_reason"].isna()]
    resolution = resolve_customers(matchable)
    for block in resolution.oversized_blocks.itertuples():
        context.log.warning(f"{block.kind} {block.value!r} is shared by {block.size} records: not used as match evidence")
    rules = resolution.customer_sources["matched_by"].value_counts().to_dict()
    context.log.info(f"{len(matchable)} records -> {len(resolution.customers)} customers")
    return dg.MaterializeResult(
        value=resolution,
        metadata={
            "records": len(matchable),
            "customers": len(resolution.customers),
            "duplicates_merged": resolution.duplicates_merged,
            "duplicate_rate": round(resolution.duplicate_rate, 4),
            "candidate_pairs": len(resolution.match_pairs),
            "matched_pairs": int(resolution.match_pairs["match_rule"].notna().sum()),
            "records_by_rule": dg.MetadataValue.json(rules),
        },
    )
