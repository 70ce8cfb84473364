"""The Dagster code location: assets built from the source registry, resources, job and schedule."""

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from assets.publishing import build_publishing_assets
from assets.quality import build_quality_checks
from assets.release import WarehouseRelease, live_warehouse
from assets.reporting import audit_report
from assets.resolution import build_resolution_asset
from assets.schedules import customer_sync_job, nightly_sync_schedule
from assets.sensors import build_source_files_sensor
from assets.sources import build_raw_source_asset
from assets.staging import build_staging_assets
from pipelines.read_cache import ReadCache
from pipelines.registry import load_registry
from pipelines.settings import read_cache_path, registry_path
from pipelines.stage_cache import StageCache
from warehouse.location import database_path
from warehouse.release import prepare_work_database

ASSET_STORAGE = "asset_storage"


def build_definitions(registry_file: Path | None = None, database_file: Path | None = None) -> dg.Definitions:
    registry = load_registry(registry_file or registry_path())
    database = Path(database_file or database_path())
    database.parent.mkdir(parents=True, exist_ok=True)
    work_database = prepare_work_database(database)
    cache = ReadCache(read_cache_path() or database.parent / "read_cache")
    stage_cache = StageCache(cache.directory / "stages")
    raw_assets = [build_raw_source_asset(spec, registry, cache) for spec in registry.sources]
    return dg.Definitions(
        assets=[
            *raw_assets,
            *build_staging_assets(registry, raw_assets, stage_cache),
            build_resolution_asset(registry, stage_cache),
            *build_publishing_assets(registry),
            audit_report,
            live_warehouse,
        ],
        asset_checks=build_quality_checks(registry, stage_cache),
        jobs=[customer_sync_job],
        schedules=[nightly_sync_schedule()],
        sensors=[build_source_files_sensor(registry)],
        resources={
            "duckdb": DuckDBResource(database=str(work_database), connection_config=registry.engine.config()),
            "warehouse_release": WarehouseRelease(live_database=str(database)),
            # Each asset's value on disk beside the warehouse, read by the steps that use it:
            # a run holds in memory only what its current step works on, not every stage's frames
            # at once (Dagster's in-process default), and `customer-hub run` and `dagster dev`
            # store alike.
            "io_manager": dg.FilesystemIOManager(base_dir=str(database.parent / ASSET_STORAGE)),
        },
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions()
