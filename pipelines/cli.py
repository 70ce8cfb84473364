"""`customer-hub`: generate demo sources, run the nightly sync once, print what it did; list and
export the warehouse's tables and views; look up a customer."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import duckdb

from pipelines.demo_data import generate_demo_sources
from pipelines.lookup import DEFAULT_LIMIT, CustomerView, Lookup, UnreadableQuery, find_customers
from pipelines.lookup_keys import KEY_KINDS
from pipelines.registry import RegistryError, load_registry
from pipelines.settings import DEMO_REGISTRY, SOURCES_ENV, registry_path
from warehouse.exports import EXPORT_FORMATS, ExportError, connect_read_only, export_relation, relations
from warehouse.location import WAREHOUSE_ENV, database_path
from warehouse.views import quote_identifier

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
    run.add_argument(
        "--sources", type=Path, help=f"source registry YAML (default ${SOURCES_ENV} or the demo registry)"
    )
    run.add_argument(
        "--warehouse",
        type=Path,
        help=f"DuckDB file to publish to (default ${WAREHOUSE_ENV} or warehouse/customer_hub.duckdb)",
    )

    demo = commands.add_parser("demo", help="generate the demo sources if absent, then run the sync on them")
    demo.add_argument("--records", type=int, default=DEMO_RECORDS)
    demo.add_argument("--warehouse", type=Path)

    generate = commands.add_parser(
        "generate-demo", help="write the demo company's messy sources and their ground truth"
    )
    generate.add_argument("--records", type=int, default=DEMO_RECORDS)
    generate.add_argument("--seed", type=int, default=DEMO_SEED)
    generate.add_argument("--out", type=Path, default=DEMO_DATA)

    warehouse_help = (
        f"DuckDB file to read, opened read-only (default ${WAREHOUSE_ENV} or warehouse/customer_hub.duckdb)"
    )
    views = commands.add_parser("views", help="list the warehouse's tables and views with their row counts")
    views.add_argument("--warehouse", type=Path, help=warehouse_help)

    export = commands.add_parser(
        "export", help="export a table or view of the warehouse to csv, xlsx or parquet"
    )
    export.add_argument(
        "relation",
        metavar="VIEW_OR_TABLE",
        help="e.g. customers_masked or dept_sales (see `customer-hub views`)",
    )
    export.add_argument("--format", choices=EXPORT_FORMATS, required=True)
    export.add_argument("--output", type=Path, required=True)
    export.add_argument("--warehouse", type=Path, help=warehouse_help)

    lookup = commands.add_parser(
        "lookup", help="find customers by phone, email, name or company; show all the warehouse holds on each"
    )
    lookup.add_argument("--phone", help="written any way: 138 0013 8000, +86-138-0013-8000")
    lookup.add_argument("--email", help="in any case")
    lookup.add_argument(
        "--name",
        help='a person\'s name in hanzi, traditional hanzi or pinyin, in any order: 张伟, 張偉, "wei zhang"',
    )
    lookup.add_argument(
        "--company",
        help="with or without its legal form: 华为技术有限公司, 华为技术, Huawei Technologies Co., Ltd.",
    )
    lookup.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="customers shown at most (default %(default)s)"
    )
    lookup.add_argument(
        "--sources",
        type=Path,
        help=f"registry whose phone_region reads numbers without +country code (default ${SOURCES_ENV} or the demo registry)",
    )
    lookup.add_argument("--warehouse", type=Path, help=warehouse_help)

    args = parser.parse_args(argv)
    if args.command in ("views", "export"):
        return _read_warehouse(args)
    if args.command == "lookup":
        return _lookup(args)
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
        read_ok, failed, records, quarantined, customers, merged, run_id = connection.execute(
            SUMMARY_SQL
        ).fetchone()
    print(
        "\n".join(
            [
                f"Customer sync {run_id}",
                f"  sources read        {read_ok}"
                + (f"  ({failed} failed: see table source_issues)" if failed else ""),
                f"  records in          {records}",
                f"  records quarantined {quarantined}",
                f"  customers out       {customers}",
                f"  duplicates merged   {merged}",
                f"  seconds taken       {seconds:.1f}",
                f"  warehouse           {database}",
            ]
        )
    )


def _read_warehouse(args: argparse.Namespace) -> int:
    """`views` and `export`, on the warehouse opened read-only; a problem is one line on stderr."""
    database = args.warehouse or database_path()
    try:
        if args.command == "views":
            _print_relations(database)
        else:
            rows = export_relation(database, args.relation, args.format, args.output)
            print(f"exported {rows} rows of {args.relation} to {args.output}")
    except ExportError as refused:
        print(f"customer-hub: {refused}", file=sys.stderr)
        return 2
    return 0


def _print_relations(database: Path) -> None:
    with connect_read_only(database) as connection:
        for name, kind in relations(connection):
            (rows,) = connection.execute(f"SELECT count(*) FROM {quote_identifier(name)}").fetchone()
            print(f"{name:<32} {kind:<5} {rows:>10}")


def _lookup(args: argparse.Namespace) -> int:
    """Exit 0 when a customer was found, 1 when none was, 2 when the query or the warehouse cannot be used."""
    criteria = {kind: getattr(args, kind) for kind in KEY_KINDS if getattr(args, kind)}
    database = args.warehouse or database_path()
    try:
        phone_region = load_registry(args.sources or registry_path()).phone_region
        with connect_read_only(database) as connection:
            found = find_customers(connection, criteria, phone_region, args.limit)
    except (RegistryError, ExportError, UnreadableQuery) as refused:
        print(f"customer-hub: {refused}", file=sys.stderr)
        return 2
    _print_lookup(found, database)
    return 0 if found.matched else 1


def _print_lookup(found: Lookup, database: Path) -> None:
    wanted = " and ".join(f"{kind} {key}" for kind, key in found.keys.items())
    if not found.matched:
        print(f"No customer with {wanted} in {database}.")
        if len(found.keys) > 1:
            print("A customer must match every option given: try fewer.")
        return
    hidden = found.matched - len(found.customers)
    more = (
        f"; the first {len(found.customers)} shown, {hidden} more (add an option to narrow, or raise --limit)"
        if hidden
        else ""
    )
    print(f"{found.matched} customer{'s' if found.matched > 1 else ''} with {wanted}{more}.")
    for view in found.customers:
        print()
        _print_customer(view)


def _print_customer(view: CustomerView) -> None:
    golden = {
        field: value
        for field, value in view.customer.items()
        if value not in (None, []) and field != "customer_id"
    }
    width = max(map(len, golden))
    print(f"{view.customer['customer_id']}  {golden.get('display_name', '')}")
    print("  golden record:")
    for field, value in golden.items():
        print(f"    {field:<{width}}  {_cell(value)}")
    print(f"  source records ({len(view.sources)}):")
    for record in view.sources:
        print(
            f"    {record['source']} ({record['department']}), {record['source_file']} at {record['source_locator']}, "
            f"loaded {record['loaded_at']}, matched by {record['matched_by']}"
        )
        if record["gave"]:
            print("      gave " + ", ".join(f"{field} {value}" for field, value in record["gave"].items()))
    if view.contacts is not None:
        print(f"  recent contacts ({len(view.contacts)}):")
        for event in view.contacts:
            print(
                "    "
                + "; ".join(
                    f"{column} {_cell(value)}"
                    for column, value in event.items()
                    if column != "customer_id" and value is not None
                )
            )


def _cell(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _demo_sources_present() -> bool:
    registry = load_registry(DEMO_REGISTRY)
    files = [spec.location for spec in registry.sources] + [registry.staff_roster, registry.complaint_log]
    return all(path is None or path.exists() for path in files)


def _generate(out: Path, records: int, seed: int) -> None:
    summary = generate_demo_sources(out, records=records, seed=seed)
    print(
        f"demo sources: {summary.total_records} records of {summary.true_customers} customers written to {out}"
    )


if __name__ == "__main__":
    sys.exit(main())
