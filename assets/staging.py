"""Staged and standardised records: every source in one canonical schema with lineage."""

import dagster as dg
import pandas as pd

from pipelines.ingest import ISSUE_COLUMNS, SourceLoad
from pipelines.quarantine import quarantine_reasons
from pipelines.registry import Registry
from pipelines.stage_cache import StageCache, frame_digest, keep_content_key, pipeline_code_digest, stage_key
from pipelines.staging import combine_staged, stage_source
from pipelines.standardise.records import PHONE_SLOTS, standardise_records

STAGING_GROUP = "staging"
STANDARDISED_STAGE = "standardised_records"


def build_staging_assets(
    registry: Registry, raw_assets: list[dg.AssetsDefinition], stage_cache: StageCache
) -> list[dg.AssetsDefinition]:
    raw_ins = {asset.key.to_python_identifier(): dg.AssetIn(key=asset.key) for asset in raw_assets}

    @dg.asset(group_name=STAGING_GROUP, ins=raw_ins, kinds={"pandas"})
    def staged_records(
        context: dg.AssetExecutionContext, **loads: SourceLoad
    ) -> dg.MaterializeResult[pd.DataFrame]:
        """Every source record in the canonical schema, with source, department, file, locator and load time."""
        staged = combine_staged([stage_source(load) for load in loads.values()])
        per_source = staged["source"].value_counts().to_dict()
        context.log.info(f"staged {len(staged)} records from {len(per_source)} sources")
        return dg.MaterializeResult(
            value=staged,
            metadata={"row_count": len(staged), "records_per_source": dg.MetadataValue.json(per_source)},
        )

    @dg.asset(group_name=STAGING_GROUP, ins=raw_ins, kinds={"pandas"})
    def source_issues(
        context: dg.AssetExecutionContext, **loads: SourceLoad
    ) -> dg.MaterializeResult[pd.DataFrame]:
        """Sources that could not be read (errors) or were read with problems (warnings)."""
        issues = pd.concat(
            [load.issues for load in loads.values()] + [pd.DataFrame(columns=ISSUE_COLUMNS)],
            ignore_index=True,
        )
        failed = sorted(load.spec.name for load in loads.values() if load.failed)
        return dg.MaterializeResult(
            value=issues,
            metadata={
                "sources_failed": len(failed),
                "failed_sources": ", ".join(failed) or "none",
                "issue_count": len(issues),
            },
        )

    @dg.asset(group_name=STAGING_GROUP, kinds={"pandas"})
    def standardised_records(
        context: dg.AssetExecutionContext, staged_records: pd.DataFrame
    ) -> dg.MaterializeResult[pd.DataFrame]:
        """Standard phones (E.164), emails, names with pinyin keys and company keys beside the
        originals, and the quarantine reason of records that cannot be matched."""
        key = stage_key(frame_digest(staged_records), registry.phone_region, pipeline_code_digest())
        records = stage_cache.get(STANDARDISED_STAGE, key)
        if records is None:
            records = standardise_records(staged_records, registry.phone_region)
            records["quarantine_reason"] = quarantine_reasons(records)
            keep_content_key(records, key)
            stage_cache.put(STANDARDISED_STAGE, key, records)
        else:
            context.log.info("same staged records and code as a run before: standard forms kept")
        invalid_phones = int(
            (records[[f"{slot}_line_type" for slot in PHONE_SLOTS]] == "invalid").sum().sum()
        )
        quarantined = int(records["quarantine_reason"].notna().sum())
        context.log.info(f"standardised {len(records)} records, {quarantined} to quarantine")
        return dg.MaterializeResult(
            value=records,
            metadata={
                "row_count": len(records),
                "invalid_phones": invalid_phones,
                "invalid_emails": int((records["email_valid"] == False).sum()),
                "quarantine_count": quarantined,
                "quarantine_reasons": dg.MetadataValue.json(
                    records["quarantine_reason"].value_counts().to_dict()
                ),
            },
        )

    return [staged_records, source_issues, standardised_records]
