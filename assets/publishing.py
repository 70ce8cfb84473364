"""The published warehouse tables, written in one transaction, and the check that nothing was lost."""

import datetime as dt
from zoneinfo import ZoneInfo

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from pipelines.business.rules import apply_business_rules, load_business_rules
from pipelines.lookup_keys import lookup_keys
from pipelines.quarantine import quarantine_rows
from pipelines.reconciliation import source_reconciliation
from pipelines.registry import Registry
from pipelines.resolve import Resolution, linked_records
from pipelines.settings import schedule_timezone
from warehouse.publish import Publication, append_dq_results, publish

WAREHOUSE_GROUP = "warehouse"
# Every step that opens the work database: DuckDB lets one process write it. Give the pool a limit
# of 1 (README) and Dagster queues such steps of overlapping runs instead of letting them wait on
# the file lock.
WAREHOUSE_POOL = "customer_hub_warehouse"
RECORDS_RECONCILE_CHECK = "records_reconcile"

RECONCILIATION_SQL = """
SELECT r.records_read,
       (SELECT count(*) FROM customer_sources) AS linked,
       (SELECT count(*) FROM quarantine) AS quarantined,
       (SELECT count(*) FROM customer_sources s
          WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.customer_id = s.customer_id)) AS dangling
FROM sync_runs r ORDER BY r.published_at DESC LIMIT 1
"""


class PublishConfig(dg.Config):
    """run_date (YYYY-MM-DD): the day follow-ups are judged overdue against, to publish a past night
    as it was; empty: today in the schedule's time zone."""

    run_date: str | None = None


def build_publishing_assets(registry: Registry) -> list[dg.AssetsDefinition | dg.AssetChecksDefinition]:
    @dg.multi_asset(
        group_name=WAREHOUSE_GROUP,
        pool=WAREHOUSE_POOL,
        specs=[
            dg.AssetSpec(
                "customers",
                deps=["resolved_customers"],
                description="One golden record per customer.",
                kinds={"duckdb"},
            ),
            dg.AssetSpec(
                "customer_sources",
                deps=["resolved_customers"],
                description="Every linked source record -> customer_id.",
                kinds={"duckdb"},
            ),
            dg.AssetSpec(
                "quarantine",
                deps=["standardised_records", "source_issues"],
                description="Source records held back, with a reason code; unreadable sources in source_issues.",
                kinds={"duckdb"},
            ),
        ],
    )
    def published_warehouse(
        context: dg.AssetExecutionContext,
        config: PublishConfig,
        duckdb: DuckDBResource,
        resolved_customers: Resolution,
        standardised_records: pd.DataFrame,
        source_issues: pd.DataFrame,
    ):
        quarantined = quarantine_rows(standardised_records)
        rules = load_business_rules(registry)
        for path in rules.missing_files:
            context.log.warning(
                f"{path} is named in the registry but does not exist: customers are published without it"
            )
        linked = linked_records(standardised_records, resolved_customers.customer_sources)
        business = apply_business_rules(resolved_customers.customers, linked, rules, _run_date(config))
        customers = business.customers
        sources_failed = source_issues.loc[source_issues["severity"] == "error", "source"].nunique()
        run = pd.DataFrame(
            [
                {
                    "run_id": context.run_id,
                    "published_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    "registry": str(registry.path),
                    "sources_read": len(registry.sources) - sources_failed,
                    "sources_failed": sources_failed,
                    "records_read": len(standardised_records),
                    "records_quarantined": len(quarantined),
                    "records_linked": len(resolved_customers.customer_sources),
                    "customers": len(resolved_customers.customers),
                    "duplicates_merged": resolved_customers.duplicates_merged,
                }
            ]
        )
        publication = Publication(
            run_id=context.run_id,
            tables={
                "customers": customers,
                "customer_contacts": resolved_customers.contacts,
                "customer_sources": resolved_customers.customer_sources,
                "contact_events": business.contact_events,
                "quarantine": quarantined,
                "match_pairs": resolved_customers.explained_pairs,
                "match_model": resolved_customers.match_model,
                "field_provenance": pd.concat(
                    [resolved_customers.provenance, business.provenance], ignore_index=True
                ),
                "customer_lookup_keys": lookup_keys(linked),
                "source_issues": source_issues.assign(run_id=context.run_id),
                "source_reconciliation": source_reconciliation(
                    standardised_records, resolved_customers.customer_sources, quarantined
                ),
                "customer_id_history": resolved_customers.id_events.assign(
                    recorded_at=run["published_at"].iloc[0]
                ),
                "skipped_blocks": resolved_customers.skipped_blocks,
                "sync_runs": run,
            },
            departments=tuple(spec.department for spec in registry.sources),
        )
        with duckdb.get_connection() as connection:
            counts = publish(connection, publication)
        context.log.info(f"published {counts['customers']} customers to {duckdb.database}")
        yield dg.MaterializeResult(
            asset_key="customers",
            metadata={
                "row_count": counts["customers"],
                "duplicates_merged": resolved_customers.duplicates_merged,
                "duplicate_rate": round(resolved_customers.duplicate_rate, 4),
                "contact_events": counts["contact_events"],
                "follow_ups_overdue": int(customers["follow_up_overdue"].sum()),
                "owners_left": int(customers["owner_has_left"].sum()),
                "repeat_complaints": int(customers["repeat_complaint"].sum()),
                "database": duckdb.database,
            },
        )
        yield dg.MaterializeResult(
            asset_key="customer_sources", metadata={"row_count": counts["customer_sources"]}
        )
        yield dg.MaterializeResult(
            asset_key="quarantine",
            metadata={
                "row_count": counts["quarantine"],
                "reasons": dg.MetadataValue.json(quarantined["reason_code"].value_counts().to_dict()),
            },
        )

    @dg.asset_check(
        asset="customer_sources", name=RECORDS_RECONCILE_CHECK, blocking=True, pool=WAREHOUSE_POOL
    )
    def records_reconcile(
        context: dg.AssetCheckExecutionContext, duckdb: DuckDBResource
    ) -> dg.AssetCheckResult:
        """In the published warehouse: records read = records linked to a customer + records
        quarantined, and every link points at a published customer."""
        with duckdb.get_connection() as connection:
            read, linked, quarantined, dangling = connection.execute(RECONCILIATION_SQL).fetchone()
            passed = bool(read == linked + quarantined and dangling == 0)
            append_dq_results(
                connection,
                reconciliation_result(context.run.run_id, read, linked, quarantined, dangling, passed),
            )
        return dg.AssetCheckResult(
            passed=passed,
            metadata={
                "records_read": read,
                "records_linked": linked,
                "records_quarantined": quarantined,
                "links_to_missing_customers": dangling,
            },
        )

    return [published_warehouse, records_reconcile]


def _run_date(config: PublishConfig) -> dt.date:
    if config.run_date:
        return dt.date.fromisoformat(config.run_date)
    return dt.datetime.now(ZoneInfo(schedule_timezone())).date()


def reconciliation_result(
    run_id: str, read: int, linked: int, quarantined: int, dangling: int, passed: bool
) -> pd.DataFrame:
    """The published reconciliation as a dq_results row, beside the expectation results."""
    return pd.DataFrame(
        [
            {
                "run_id": run_id,
                "checked_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "stage": "reconciliation",
                "asset": "customer_sources",
                "suite": "reconciliation",
                "expectation": RECORDS_RECONCILE_CHECK,
                "column_name": None,
                "severity": "critical",
                "success": passed,
                "element_count": read,
                "unexpected_count": read - linked - quarantined + dangling,
                "observed": f"read {read} = linked {linked} + quarantined {quarantined}; links to missing customers {dangling}",
                "details": None,
            }
        ]
    )
