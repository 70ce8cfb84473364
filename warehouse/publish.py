"""Publish a run into the DuckDB warehouse in one transaction: readers see the previous publish or
the new one, never a mix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.resolve import FIRST_PUBLISH, PublishedIdentity
from warehouse.views import create_views

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
# Replaced whole on every publish.
CURRENT_TABLES = (
    "customers",
    "customer_contacts",
    "customer_sources",
    "contact_events",
    "quarantine",
    "match_pairs",
    "match_model",
    "field_provenance",
    "customer_lookup_keys",
)
# Appended to on every publish.
HISTORY_TABLES = (
    "source_issues",
    "source_reconciliation",
    "customer_id_history",
    "skipped_blocks",
    "sync_runs",
)
# Written in this order: DuckDB keeps each row group's min and max, so that `customer-hub lookup`
# (pipelines/lookup.py) reads the few row groups that can hold a customer or key, not the table.
STORAGE_ORDER = {
    "customers": "customer_id",
    "customer_contacts": "customer_id, name_key",
    "customer_sources": "customer_id, record_key",
    "contact_events": "customer_id, contacted_on",
    "field_provenance": "customer_id, field",
    "customer_lookup_keys": "kind, value, customer_id",
}


@dataclass(frozen=True)
class Publication:
    run_id: str
    tables: dict[str, pd.DataFrame]
    # The registry's departments, each given its views (warehouse/views.py).
    departments: tuple[str, ...] = ()


# Tables of an earlier schema that are views now (over match_pairs): a view cannot replace a table.
TABLES_NOW_VIEWS = ("match_evidence", "review_queue")


def ensure_schema(connection: duckdb.DuckDBPyConnection) -> None:
    earlier = connection.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = current_schema()"
        " AND list_contains(?, table_name)",
        [list(TABLES_NOW_VIEWS)],
    ).fetchall()
    for (table,) in earlier:
        connection.execute(f"DROP TABLE {table}")
    connection.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def publish(connection: duckdb.DuckDBPyConnection, publication: Publication) -> dict[str, int]:
    """Write every table and view of the publication atomically; returns the row count of each table."""
    connection.execute("BEGIN TRANSACTION")
    try:
        # Current tables are created afresh from the DDL, so that columns added to it reach a
        # warehouse published before they existed.
        for table in CURRENT_TABLES:
            connection.execute(f"DROP TABLE IF EXISTS {table}")
        ensure_schema(connection)
        for table in CURRENT_TABLES + HISTORY_TABLES:
            frame = publication.tables[table].assign(run_id=publication.run_id)
            connection.register("incoming", frame)
            order = f" ORDER BY {STORAGE_ORDER[table]}" if table in STORAGE_ORDER else ""
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming{order}")
            connection.unregister("incoming")
        create_views(connection, publication.departments)
        connection.execute("COMMIT")
    except Exception:
        connection.execute("ROLLBACK")
        raise
    return {
        table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in CURRENT_TABLES + HISTORY_TABLES
    }


def append_dq_results(connection: duckdb.DuckDBPyConnection, results: pd.DataFrame) -> None:
    """Keep check results, passed or failed, whether or not the run goes on to publish."""
    ensure_schema(connection)
    connection.register("incoming_results", results)
    connection.execute("INSERT INTO dq_results BY NAME SELECT * FROM incoming_results")
    connection.unregister("incoming_results")


def published_identity(connection: duckdb.DuckDBPyConnection) -> PublishedIdentity:
    """The last publish's record -> customer links and the highest customer number ever issued,
    for the next run to keep IDs stable; FIRST_PUBLISH for a new warehouse."""
    ensure_schema(connection)
    links = connection.execute("SELECT record_key, customer_id FROM customer_sources").df()
    highest = connection.execute(
        """SELECT coalesce(max(CAST(substr(id, 6) AS BIGINT)), 0) FROM (
               SELECT customer_id AS id FROM customer_sources
               UNION ALL SELECT old_customer_id FROM customer_id_history
               UNION ALL SELECT new_customer_id FROM customer_id_history) WHERE id IS NOT NULL"""
    ).fetchone()[0]
    return PublishedIdentity(links, int(highest)) if len(links) or highest else FIRST_PUBLISH
