"""Publish a run into the DuckDB warehouse in one transaction: readers see the previous publish or
the new one, never a mix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

SCHEMA_SQL = Path(__file__).with_name("schema.sql")
# Replaced whole on every publish.
CURRENT_TABLES = ("customers", "customer_sources", "quarantine", "match_evidence", "review_queue", "field_provenance")
# Appended to on every publish.
HISTORY_TABLES = ("source_issues", "source_reconciliation", "sync_runs")


@dataclass(frozen=True)
class Publication:
    run_id: str
    tables: dict[str, pd.DataFrame]


def ensure_schema(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(SCHEMA_SQL.read_text(encoding="utf-8"))


def publish(connection: duckdb.DuckDBPyConnection, publication: Publication) -> dict[str, int]:
    """Write every table of the publication atomically; returns the row count of each table."""
    ensure_schema(connection)
    connection.execute("BEGIN TRANSACTION")
    try:
        for table in CURRENT_TABLES + HISTORY_TABLES:
            frame = publication.tables[table].assign(run_id=publication.run_id)
            if table in CURRENT_TABLES:
                connection.execute(f"DELETE FROM {table}")
            connection.register("incoming", frame)
            connection.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
            connection.unregister("incoming")
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
