"""The auditors' HTML report of the published run, written next to the warehouse file."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.publishing import WAREHOUSE_GROUP, WAREHOUSE_POOL
from pipelines.report import LATEST_PAGE, write_run_reports


@dg.asset(
    group_name=WAREHOUSE_GROUP,
    pool=WAREHOUSE_POOL,
    deps=["customers", "customer_sources", "quarantine"],
    description="HTML audit report of the latest publish: reconciliation, source issues, data-quality checks, trends.",
    kinds={"html"},
)
def audit_report(context: dg.AssetExecutionContext, duckdb: DuckDBResource) -> dg.MaterializeResult:
    folder = Path(duckdb.database).parent / "reports"
    # The resource's read-write connection: a read-only one cannot be opened while it is in use.
    with duckdb.get_connection() as connection:
        run = write_run_reports(connection, folder).run
    latest = folder / LATEST_PAGE
    context.log.info(f"audit report of run {run.run_id} written to {latest}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.path(str(latest)),
            "run_id": run.run_id,
            "checks_failed": run.checks_failed,
        }
    )
