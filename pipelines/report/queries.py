"""What the audit report shows, read from the warehouse: run history, reconciliation, source issues,
data-quality results, customers per record count and quarantine reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

# Stages in pipeline order; a stage the pipeline adds later is listed after these.
STAGE_TITLES = {
    "raw_source": "Raw sources",
    "standardised_records": "Standardised records",
    "published_customers": "Published customers",
    "reconciliation": "Reconciliation",
}
# Customers with this many source records or more share one bar: a few very large clusters would
# otherwise stretch the distribution over dozens of empty bars.
RECORD_COUNT_CAP = 10


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    published_at: dt.datetime
    registry: str | None
    sources_read: int
    sources_failed: int
    records_read: int
    records_linked: int
    records_quarantined: int
    customers: int
    duplicates_merged: int
    checks_run: int
    checks_failed: int
    critical_checks_failed: int
    # From source_reconciliation: how many sources, their totals, and how many do not balance.
    source_rows: int
    source_records_read: int
    source_records_linked: int
    source_records_quarantined: int
    sources_unbalanced: int

    @property
    def reconciles(self) -> bool:
        return self.records_read == self.records_linked + self.records_quarantined

    @property
    def sources_add_up(self) -> bool:
        """The sources' totals equal the run's (trivially so when no source rows were recorded)."""
        totals = (self.source_records_read, self.source_records_linked, self.source_records_quarantined)
        return not self.source_rows or totals == (
            self.records_read,
            self.records_linked,
            self.records_quarantined,
        )

    @property
    def reconciliation_passed(self) -> bool:
        """records read = linked + quarantined for the run, for every source, and the sources add
        up to the run."""
        return self.reconciles and not self.sources_unbalanced and self.sources_add_up

    @property
    def quarantine_rate(self) -> float:
        return self.records_quarantined / self.records_read if self.records_read else 0.0


@dataclass(frozen=True)
class HeldBackRun:
    """A run that recorded checks but published nothing: a critical check failed, or the run
    stopped before publishing."""

    run_id: str
    checked_at: dt.datetime
    checks_run: int
    checks_failed: int
    critical_checks_failed: int


@dataclass(frozen=True)
class SourceReconciliation:
    source: str
    department: str | None
    records_read: int
    records_linked: int
    records_quarantined: int
    customers: int

    @property
    def reconciles(self) -> bool:
        return self.records_read == self.records_linked + self.records_quarantined


@dataclass(frozen=True)
class SourceIssue:
    source: str
    location: str | None
    severity: str
    problem: str


@dataclass(frozen=True)
class CheckResult:
    stage: str
    asset: str
    suite: str
    expectation: str
    column_name: str | None
    severity: str
    success: bool
    element_count: int | None
    unexpected_count: int | None
    observed: str | None
    details: str | None


@dataclass(frozen=True)
class CheckStage:
    stage: str
    checks: list[CheckResult]

    @property
    def title(self) -> str:
        return STAGE_TITLES.get(self.stage, self.stage)

    @property
    def failed(self) -> int:
        return sum(not check.success for check in self.checks)


@dataclass(frozen=True)
class RecordCountBucket:
    label: str
    customers: int


@dataclass(frozen=True)
class SkippedBlocks:
    kind: str
    reason: str
    blocks: int
    records: int
    largest: int
    largest_value: str


@dataclass(frozen=True)
class QuarantineReason:
    reason_code: str
    records: int
    example: str | None
    sources: list[str]


RUN_HISTORY_SQL = """
WITH checks AS (
    SELECT run_id, count(*) AS checks_run, count(*) FILTER (WHERE NOT success) AS checks_failed,
           count(*) FILTER (WHERE NOT success AND severity = 'critical') AS critical_checks_failed
    FROM dq_results GROUP BY run_id
), sources AS (
    SELECT run_id, count(*) AS source_rows, sum(records_read) AS source_records_read,
           sum(records_linked) AS source_records_linked, sum(records_quarantined) AS source_records_quarantined,
           count(*) FILTER (WHERE records_read <> records_linked + records_quarantined) AS sources_unbalanced
    FROM source_reconciliation GROUP BY run_id
)
SELECT r.run_id, r.published_at, r.registry, r.sources_read, r.sources_failed, r.records_read,
       r.records_linked, r.records_quarantined, r.customers, r.duplicates_merged,
       coalesce(c.checks_run, 0) AS checks_run, coalesce(c.checks_failed, 0) AS checks_failed,
       coalesce(c.critical_checks_failed, 0) AS critical_checks_failed,
       coalesce(s.source_rows, 0) AS source_rows, coalesce(s.source_records_read, 0) AS source_records_read,
       coalesce(s.source_records_linked, 0) AS source_records_linked,
       coalesce(s.source_records_quarantined, 0) AS source_records_quarantined,
       coalesce(s.sources_unbalanced, 0) AS sources_unbalanced
FROM sync_runs r LEFT JOIN checks c USING (run_id) LEFT JOIN sources s USING (run_id)
ORDER BY r.published_at DESC, r.run_id DESC
"""

HELD_BACK_RUNS_SQL = """
SELECT run_id, max(checked_at) AS checked_at, count(*) AS checks_run, count(*) FILTER (WHERE NOT success) AS checks_failed,
       count(*) FILTER (WHERE NOT success AND severity = 'critical') AS critical_checks_failed
FROM dq_results WHERE run_id NOT IN (SELECT run_id FROM sync_runs)
GROUP BY run_id ORDER BY checked_at DESC, run_id DESC
"""

SOURCE_RECONCILIATION_SQL = """
SELECT source, department, records_read, records_linked, records_quarantined, customers
FROM source_reconciliation WHERE run_id = ? ORDER BY source, department
"""

SOURCE_ISSUES_SQL = """
SELECT source, location, severity, problem FROM source_issues WHERE run_id = ?
ORDER BY severity <> 'error', source, location, problem
"""

CHECK_RESULTS_SQL = """
SELECT stage, asset, suite, expectation, column_name, severity, success, element_count,
       unexpected_count, observed, details
FROM dq_results WHERE run_id = ?
ORDER BY success, severity <> 'critical', asset, expectation, column_name
"""

RECORD_COUNTS_SQL = """
SELECT least(record_count, ?) AS records, count(*) AS customers
FROM customers WHERE run_id = ? GROUP BY ALL ORDER BY records
"""

SKIPPED_BLOCKS_SQL = """
SELECT kind, reason, count(*) AS blocks, sum(size)::BIGINT AS records, max(size) AS largest,
       arg_max(value, size) AS largest_value
FROM skipped_blocks WHERE run_id = ? GROUP BY ALL ORDER BY records DESC, kind, reason
"""

QUARANTINE_REASONS_SQL = """
SELECT reason_code, count(*) AS records, mode(reason) AS example, list_sort(list(DISTINCT source)) AS sources
FROM quarantine WHERE run_id = ? GROUP BY reason_code ORDER BY records DESC, reason_code
"""


def run_history(connection: duckdb.DuckDBPyConnection) -> list[RunSummary]:
    """Every published run, newest first."""
    return [RunSummary(**row) for row in fetch_rows(connection, RUN_HISTORY_SQL)]


def held_back_runs(connection: duckdb.DuckDBPyConnection) -> list[HeldBackRun]:
    """Runs that checked data but did not publish, newest first."""
    return [HeldBackRun(**row) for row in fetch_rows(connection, HELD_BACK_RUNS_SQL)]


def source_reconciliation(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[SourceReconciliation]:
    return [
        SourceReconciliation(**row) for row in fetch_rows(connection, SOURCE_RECONCILIATION_SQL, [run_id])
    ]


def source_issues(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[SourceIssue]:
    """Errors first: a source that was not read matters more than one read with a warning."""
    return [SourceIssue(**row) for row in fetch_rows(connection, SOURCE_ISSUES_SQL, [run_id])]


def check_stages(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[CheckStage]:
    """The run's data-quality results by stage in pipeline order, failed (critical first) before
    passed within each stage."""
    by_stage: dict[str, list[CheckResult]] = {}
    for row in fetch_rows(connection, CHECK_RESULTS_SQL, [run_id]):
        by_stage.setdefault(row["stage"], []).append(CheckResult(**row))
    known_order = list(STAGE_TITLES)
    ordered = sorted(
        by_stage,
        key=lambda stage: (known_order.index(stage) if stage in known_order else len(known_order), stage),
    )
    return [CheckStage(stage, by_stage[stage]) for stage in ordered]


def record_count_buckets(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[RecordCountBucket]:
    """Customers by number of source records, from the published customers table (latest run only)."""
    rows = fetch_rows(connection, RECORD_COUNTS_SQL, [RECORD_COUNT_CAP, run_id])
    return [
        RecordCountBucket(label=_record_count_label(row["records"]), customers=row["customers"])
        for row in rows
    ]


def _record_count_label(records: int) -> str:
    return f"{records}+" if records == RECORD_COUNT_CAP else str(records)


def skipped_blocks(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[SkippedBlocks]:
    """The run's blocks not expanded into pairs, by kind of key and reason, most records first."""
    return [SkippedBlocks(**row) for row in fetch_rows(connection, SKIPPED_BLOCKS_SQL, [run_id])]


def quarantine_reasons(connection: duckdb.DuckDBPyConnection, run_id: str) -> list[QuarantineReason]:
    """Quarantined records by reason, from the quarantine table (latest run only)."""
    return [QuarantineReason(**row) for row in fetch_rows(connection, QUARANTINE_REASONS_SQL, [run_id])]


def fetch_rows(
    connection: duckdb.DuckDBPyConnection, sql: str, parameters: list[Any] | None = None
) -> list[dict[str, Any]]:
    """The query's rows as dicts, column name -> value."""
    result = connection.execute(sql, parameters or [])
    names = [column[0] for column in result.description]
    return [dict(zip(names, values)) for values in result.fetchall()]
