"""Small record builders and the sync run shared by the tests."""

import dagster as dg
import duckdb
import numpy as np
import pandas as pd

from assets.definitions import build_definitions
from assets.schedules import CUSTOMER_SYNC_JOB
from pipelines.matching.comparisons import COMPARISONS, grade_pairs, prepare_records
from pipelines.quarantine import quarantine_reasons
from pipelines.resolve import resolve_customers
from pipelines.schema import STAGED_COLUMNS
from pipelines.standardise.records import standardise_records
from warehouse.publish import CURRENT_TABLES, HISTORY_TABLES, ensure_schema


def staged(*records: dict) -> pd.DataFrame:
    rows = []
    for number, record in enumerate(records, 1):
        row = dict.fromkeys(STAGED_COLUMNS)
        row |= {
            "record_key": f"test:{number}",
            "source": "test",
            "department": "sales",
            "source_file": "test.xlsx",
            "source_locator": str(number),
            "loaded_at": "2026-11-01 02:00:00",
            "trust": 1,
        }
        rows.append(row | record)
    return pd.DataFrame(rows, columns=list(STAGED_COLUMNS), dtype=object)


def customers_of(*records: dict) -> list[str]:
    """The customer each record resolves to, standardised and quarantined as the sync does."""
    standardised = standardise_records(staged(*records))
    standardised["quarantine_reason"] = quarantine_reasons(standardised)
    resolution = resolve_customers(standardised[standardised["quarantine_reason"].isna()])
    return resolution.customer_sources["customer_id"].tolist()


def levels_of(**chosen):
    """One pair's comparison levels: the ones given, null for the rest."""
    return pd.DataFrame([{**{comparison.name: 0 for comparison in COMPARISONS}, **chosen}])


def levels_between(left: dict, right: dict) -> dict[str, str]:
    """The level name of each comparison between two records, standardised as the sync does."""
    levels = grade_pairs(
        prepare_records(standardise_records(staged(left, right))), np.array([0]), np.array([1])
    )
    return {
        comparison.name: comparison.level_names[levels[comparison.name].iloc[0]] for comparison in COMPARISONS
    }


def complete_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """A publication's tables, with an empty frame (the warehouse's own columns) for each table a
    test does not care about."""
    with duckdb.connect() as connection:
        ensure_schema(connection)
        empty = {
            t: connection.execute(f"SELECT * EXCLUDE (run_id) FROM {t} LIMIT 0").df()
            for t in CURRENT_TABLES + HISTORY_TABLES
        }
    return empty | tables


def run_sync(registry, database, run_date: str | None = None, raise_on_error: bool = True):
    """The whole sync job, run once in process as the nightly schedule runs it; `run_date`
    (YYYY-MM-DD) stands for today where follow-ups are judged overdue."""
    job = build_definitions(registry.path, database).resolve_job_def(CUSTOMER_SYNC_JOB)
    run_config = {"ops": {"published_warehouse": {"config": {"run_date": run_date}}}} if run_date else None
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(), run_config=run_config, raise_on_error=raise_on_error
    )
