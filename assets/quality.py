"""Great Expectations suites run as blocking asset checks: a critical failure holds back
publishing, so readers keep the previous warehouse. Every result goes to dq_results, and the
results of a run held back are released to readers at once."""

from pathlib import Path

import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from assets.publishing import WAREHOUSE_POOL
from assets.release import WarehouseRelease
from expectations import published_customers, raw_source
from expectations import standardised_records as standardised_suite
from expectations.runner import DATA_DOCS_FOLDER, FrameCheck, SuiteOutcome, validate
from pipelines.registry import Registry
from pipelines.resolve import Resolution
from pipelines.stage_cache import StageCache
from warehouse.publish import append_dq_results

RAW_SOURCES_CHECK = "raw_sources_meet_expectations"
STANDARDISED_CHECK = "standardised_records_meet_expectations"
PUBLISHABLE_CHECK = "customers_meet_expectations"


def build_quality_checks(registry: Registry, stage_cache: StageCache) -> list[dg.AssetChecksDefinition]:
    @dg.asset_check(asset="staged_records", name=RAW_SOURCES_CHECK, blocking=True, pool=WAREHOUSE_POOL)
    def raw_sources_meet_expectations(
        context: dg.AssetCheckExecutionContext,
        duckdb: DuckDBResource,
        warehouse_release: WarehouseRelease,
        staged_records: pd.DataFrame,
    ) -> dg.AssetCheckResult:
        """Each source after column mapping: traceable records, phone and email columns that hold
        phones and emails."""
        checks = [
            FrameCheck(part, raw_source.SUITE, raw_source.expectations(), "raw_source", f"raw_{source}")
            for source, part in staged_records.groupby("source", sort=True)
        ]
        outcome = validate(
            checks, run_id=context.run.run_id, project_dir=_project_dir(duckdb), kept=stage_cache
        )
        return _check_result(context, duckdb, warehouse_release, outcome)

    @dg.asset_check(asset="standardised_records", name=STANDARDISED_CHECK, blocking=True, pool=WAREHOUSE_POOL)
    def standardised_records_meet_expectations(
        context: dg.AssetCheckExecutionContext,
        duckdb: DuckDBResource,
        warehouse_release: WarehouseRelease,
        standardised_records: pd.DataFrame,
    ) -> dg.AssetCheckResult:
        """Standard formats, allowed values, and a quarantine share small enough to publish."""
        check = FrameCheck(
            standardised_records,
            standardised_suite.SUITE,
            standardised_suite.expectations(registry.max_quarantine_share),
            stage="standardised_records",
            asset="standardised_records",
        )
        outcome = validate(
            [check], run_id=context.run.run_id, project_dir=_project_dir(duckdb), kept=stage_cache
        )
        return _check_result(context, duckdb, warehouse_release, outcome)

    @dg.asset_check(
        asset="resolved_customers",
        name=PUBLISHABLE_CHECK,
        blocking=True,
        additional_ins={"standardised_records": dg.AssetIn("standardised_records")},
        pool=WAREHOUSE_POOL,
    )
    def customers_meet_expectations(
        context: dg.AssetCheckExecutionContext,
        duckdb: DuckDBResource,
        warehouse_release: WarehouseRelease,
        resolved_customers: Resolution,
        standardised_records: pd.DataFrame,
    ) -> dg.AssetCheckResult:
        """Before publishing: unique customer IDs, every link to a customer, every record read
        either linked or quarantined, and no collapse against the previous publish."""
        customers, links = resolved_customers.customers, resolved_customers.customer_sources
        linked_expected = int(standardised_records["quarantine_reason"].isna().sum())
        links = links.assign(links_to_customer=links["customer_id"].isin(customers["customer_id"]))
        checks = [
            FrameCheck(
                customers,
                published_customers.CUSTOMERS_SUITE,
                published_customers.customer_expectations(
                    _published_customer_count(duckdb), registry.min_customers_vs_previous
                ),
                stage="published_customers",
                asset="customers",
            ),
            FrameCheck(
                links,
                published_customers.LINKS_SUITE,
                published_customers.link_expectations(linked_expected),
                stage="published_customers",
                asset="customer_sources",
            ),
        ]
        outcome = validate(
            checks, run_id=context.run.run_id, project_dir=_project_dir(duckdb), kept=stage_cache
        )
        return _check_result(context, duckdb, warehouse_release, outcome)

    return [
        raw_sources_meet_expectations,
        standardised_records_meet_expectations,
        customers_meet_expectations,
    ]


def _check_result(
    context: dg.AssetCheckExecutionContext,
    duckdb: DuckDBResource,
    warehouse_release: WarehouseRelease,
    outcome: SuiteOutcome,
) -> dg.AssetCheckResult:
    results, critical_failures = outcome.results, outcome.critical_failures
    with duckdb.get_connection() as connection:
        append_dq_results(connection, results)
        if critical_failures:
            # Nothing will be published: readers get the previous publish with these results.
            warehouse_release.release_check_results(
                connection, f"{context.run.run_id}-held", context.run.run_id
            )
    failed = results[~results["success"]]
    for row in failed.itertuples():
        log = context.log.error if row.severity == "critical" else context.log.warning
        log(
            f"{row.severity} check failed: {row.asset} {row.expectation} {row.column_name or ''} ({row.observed})"
        )
    return dg.AssetCheckResult(
        passed=critical_failures == 0,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "expectations": len(results),
            "critical_failures": critical_failures,
            "warnings_failed": outcome.warnings_failed,
            "failed": dg.MetadataValue.md(_failed_markdown(failed)),
            "data_docs": dg.MetadataValue.path(str(_project_dir(duckdb) / DATA_DOCS_FOLDER / "index.html")),
        },
    )


def _failed_markdown(failed: pd.DataFrame) -> str:
    if failed.empty:
        return "none"
    return "\n".join(
        f"- **{r.severity}** {r.asset}: `{r.expectation}` {r.column_name or ''} ({r.observed})"
        for r in failed.itertuples()
    )


def _project_dir(duckdb: DuckDBResource) -> Path:
    """Great Expectations' project and Data Docs live beside the warehouse file."""
    return Path(duckdb.database).resolve().parent


def _published_customer_count(duckdb: DuckDBResource) -> int | None:
    with duckdb.get_connection() as connection:
        exists = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'customers'"
        ).fetchone()[0]
        return connection.execute("SELECT count(*) FROM customers").fetchone()[0] if exists else None
