"""Releasing a run to readers: the readers' warehouse switched atomically to a copy of the work
database (warehouse/release.py)."""

from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from assets.publishing import WAREHOUSE_GROUP, WAREHOUSE_POOL
from warehouse.release import release, release_check_results

LIVE_WAREHOUSE = "live_warehouse"


class WarehouseRelease(dg.ConfigurableResource):
    """The warehouse file departments open. The pipeline writes its work database; releasing a
    run points this path at a copy of it."""

    live_database: str

    def release(self, work: duckdb.DuckDBPyConnection, version: str) -> Path:
        return release(work, Path(self.live_database), version)

    def release_check_results(self, work: duckdb.DuckDBPyConnection, version: str, run_id: str) -> Path:
        return release_check_results(work, Path(self.live_database), version, run_id)


@dg.asset(
    name=LIVE_WAREHOUSE,
    group_name=WAREHOUSE_GROUP,
    pool=WAREHOUSE_POOL,
    deps=["audit_report"],
    description="The warehouse departments read: switched atomically to this run's publish once it is checked and reported.",
    kinds={"duckdb"},
)
def live_warehouse(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, warehouse_release: WarehouseRelease
) -> dg.MaterializeResult:
    with duckdb.get_connection() as connection:
        version = warehouse_release.release(connection, context.run.run_id)
    context.log.info(f"released run {context.run.run_id}: {warehouse_release.live_database} -> {version}")
    return dg.MaterializeResult(
        metadata={
            "warehouse": dg.MetadataValue.path(warehouse_release.live_database),
            "version": dg.MetadataValue.path(str(version)),
        }
    )
