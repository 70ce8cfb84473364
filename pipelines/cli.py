"""`customer-hub`: generate demo sources, run the nightly sync once, print what it did."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from pipelines.demo_data import generate_demo_sources
from pipelines.registry import RegistryError, load_registry
from pipelines.settings import DEMO_REGISTRY, SOURCES_ENV
from warehouse.location import WAREHOUSE_ENV, database_path

DEMO_DATA = DEMO_REGISTRY.parent / "data"
DEMO_RECORDS = 5000
DEMO_SEED = 7

SUMMARY_SQL = """
SELECT sources_read, sources_failed, records_read, records_quarantined, customers, duplicates_merged, run_id
FROM sync_runs ORDER BY published_at DESC LIMIT 1
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="customer-hub", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the customer sync once on the registered sources")
    run.add_argument("--sources", type=Path, help=f"source registry YAML (default ${SOURCES_ENV} or the demo registry)")
    run.add_argument("--warehouse", type=Path, help=f"DuckDB file to publish to (default ${WAREHOUSE_ENV} or warehouse/customer_hub.duckdb)")

    demo = commands.add_parser("demo", help="generate the demo sources if absent, then run the sync on them")
    demo.add_argument("--records", type=int, default=DEMO_RECORDS)
    demo.add_argument("--warehouse", type=Path)

    generate = commands.add_parser("generate-demo", help="write the demo company's messy sources and their ground truth")
    generate.add_argument("--records", type=int, default=DEMO_RECORDS)
    generate.add_argument("--seed", type=int, default=DEMO_SEED)
    generate.add_argument("--out", type=Path, default=DEMO_DATA)

    args = parser.parse_args(argv)
    if args.command == "generate-demo":
        _generate(args.out, args.records, args.seed)
        return 0
    if args.command == "demo":
        if not _demo_sources_present():
            _generate(DEMO_DATA, args.records, DEMO_SEED)
        return run_sync(DEMO_REGISTRY, args.warehouse)
    return run_sync(args.sources, args.warehouse)


def run_sync(sources: Path | None, warehouse: Path | None) -> int:
    """Materialise the whole asset graph once, as the nightly schedule does, and print a summary."""
    # Both settings are read where the definitions are built; the environment carries them there.
    if sources:
        os.environ[SOURCES_ENV] = str(sources.resolve())
    if warehouse:
        os.environ[WAREHOUSE_ENV] = str(warehouse.resolve())
    import dagster as dg  # Dagster takes seconds to import: only the commands that run it pay

    from assets.definitions import build_definitions
    from assets.schedules import CUSTOMER_SYNC_JOB

    started = time.perf_counter()
    try:
        job = build_definitions().resolve_job_def(CUSTOMER_SYNC_JOB)
    except RegistryError as broken:
        print(f"customer-hub: {broken}", file=sys.stderr)
        return 2
    instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    # Progress at INFO: each source read, records staged and quarantined, customers published.
    quiet_logs = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}
    result = job.execute_in_process(run_config=quiet_logs, instance=instance, raise_on_error=False)
    seconds = time.perf_counter() - started
    if not result.success:
        print(
            f"customer sync failed after {seconds:.1f} s (run {result.run_id}); the previous publish stays in place. "
            "Failed checks and errors are in the log above and in the warehouse tables dq_results and source_issues.",
            file=sys.stderr,
        )
        return 1
    _print_summary(database_path(), seconds)
    return 0


def _print_summary(database: Path, seconds: float) -> None:
    with duckdb.connect(str(database), read_only=True) as connection:
        read_ok, failed, records, quarantined, customers, merged, run_id = connection.execute(SUMMARY_SQL).fetchone()
    print(
        "\n".join(
            [
                f"Customer sync {run_id}",
                f"  sources read        {read_ok}" + (f"  ({failed} failed: see table source_issues)" if failed else ""),
                f"  records in          {records}",
                f"  records quarantined {quarantined}",
                f"  customers out       {customers}",
                f"  duplicates merged   {merged}",
                f"  seconds taken       {seconds:.1f}",
                f"  warehouse           {database}",
            ]
        )
    )


def _demo_sources_present() -> bool:
    return all(spec.location is None or spec.location.exists() for spec in load_registry(DEMO_REGISTRY).sources)


def _generate(out: Path, records: int, seed: int) -> None:
    summary = generate_demo_sources(out, records=records, seed=seed)
    print(f"demo sources: {summary.total_records} records of {summary.true_customers} customers written to {out}")


if __name__ == "__main__":
    sys.exit(main())
